import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { run } from '../../src/cli/run.js';
import { memoryIO } from '../../src/cli/io.js';
import { storeSummary } from '../../src/report/text.js';

/**
 * A store's verdict line in the text report ("Store SPEC: TRUSTED  ...") names a file, folder or certdata store by its
 * path once: the store's description starts with the same path (resolved), which the line leaves out. Stores are
 * loaded for real, so a change to the descriptions src/trust writes shows up here.
 */

const root = fileURLToPath(new URL('../../', import.meta.url));
const ROOT_PEM = 'certs/reference/isrg-root-x1.pem';
const CERTDATA = 'certs/mozilla/certdata-NSS_3_123_1.txt';
// A folder whose own name looks like the end of a description: "...: 1 (odd)".
const tmp = mkdtempSync(join(tmpdir(), 'chaindbg-store-line-'));
const oddDir = join(tmp, 'roots: 1 (odd)');
mkdirSync(oddDir);
copyFileSync(join(root, ROOT_PEM), join(oddDir, 'root.pem'));
const oddFile = join(oddDir, 'root.pem');
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const count = (text: string, part: string) => text.split(part).length - 1;

async function storeLines(specs: string[]): Promise<string[]> {
  const io = memoryIO({ cwd: root });
  // R3 is issued by ISRG Root X1, which every store below holds; 2021-01-01 is inside both validities.
  const argv = ['verify', 'certs/reference/letsencrypt-r3.pem', '--at', '2021-01-01'];
  const code = await run([...argv, ...specs.flatMap((s) => ['--store', s])], io);
  expect(io.errors).toBe('');
  expect(code).toBeLessThan(2);
  return io.output.split('\n').filter((l) => l.startsWith('Store '));
}

describe('a store verdict line', () => {
  it('prints the path of a file, folder or certdata store once', async () => {
    const lines = await storeLines([ROOT_PEM, 'certs/reference', `certdata:${CERTDATA}`, oddFile, oddDir]);
    expect(lines).toHaveLength(5);
    expect(lines[0]).toBe(`Store ${ROOT_PEM}: TRUSTED  1 root`);
    expect(lines[1]).toMatch(/^Store certs\/reference: TRUSTED {2}\d+ files, \d+ roots$/);
    expect(lines[2]).toMatch(/^Store certdata:certs\/mozilla\/certdata-NSS_3_123_1\.txt: TRUSTED {2}NSS 3\.123\.1: \d+ roots, \d+ trusted for websites$/);
    expect(lines[3]).toBe(`Store ${oddFile}: TRUSTED  1 root`);
    expect(lines[4]!.startsWith(`Store ${oddDir}: TRUSTED  `)).toBe(true);
    expect(lines[4]!.slice(`Store ${oddDir}: TRUSTED  `.length)).toMatch(/^1 files?, 1 roots?$/);
    expect(count(lines[0]!, 'isrg-root-x1.pem')).toBe(1);
    expect(count(lines[1]!, 'certs/reference')).toBe(1);
    expect(count(lines[2]!, 'certdata-NSS_3_123_1.txt')).toBe(1);
    expect(count(lines[3]!, 'roots: 1 (odd)')).toBe(1);
    expect(count(lines[4]!, 'roots: 1 (odd)')).toBe(1);
  });

  it('keeps the description of a built-in store, and any description of another shape, whole', async () => {
    const [mozilla] = await storeLines(['mozilla']);
    expect(mozilla).toMatch(/^Store mozilla: TRUSTED {2}mozilla \(NSS 3\.123\.1\): \d+ roots/);
    const other = "Go's system roots on linux: /etc/ssl/certs/ca-certificates.crt (140 roots)";
    expect(storeSummary(other)).toBe(other);
    expect(storeSummary('file /x.pem: unreadable')).toBe('file /x.pem: unreadable');
  });
});
