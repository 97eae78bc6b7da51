/**
 * The real cause everywhere: `diff --for` names each store's cause (CERT_EXPIRED, UNKNOWN_ROOT...), never a client
 * verdict restating it; `diff --format pem` leaves out expired roots unless asked, and says so. Shipped certificates.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { memoryIO } from '../../src/cli/io.js';
import { run } from '../../src/cli/run.js';

const ref = (f: string) => `certs/reference/${f}`;
let dir: string;
let chain: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'chaindbg-forcause-'));
  chain = join(dir, 'google.pem');
  writeFileSync(chain, [ref('leaf-www.google.com-wr2-2024.pem'), ref('gts-wr2.pem')].map((f) => readFileSync(f, 'utf8')).join(''));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function diffFor(at: string) {
  const io = memoryIO();
  const code = await run(['diff', '--store', ref('gts-root-r1.pem'), '--store', ref('isrg-root-x1.pem'), '--for', chain, '--at', at, '--format', 'json'], io);
  return { code, json: JSON.parse(io.output) as { stores: Array<{ name: string; trusted: boolean; lead: string | null; lacks: { subject: string } | null }> } };
}

describe('diff --for names the cause per store', () => {
  it('an expired leaf: CERT_EXPIRED for both stores, not GO_VERDICT', async () => {
    const { json } = await diffFor('2025-01-01');
    expect(json.stores.map((s) => s.lead)).toEqual(['CERT_EXPIRED', 'CERT_EXPIRED']);
  });
  it('a store without the root: UNKNOWN_ROOT, and it lacks the root by name', async () => {
    const { json } = await diffFor('2024-07-01');
    expect(json.stores.map((s) => [s.trusted, s.lead])).toEqual([[true, null], [false, 'UNKNOWN_ROOT']]);
    expect(json.stores[1]!.lacks?.subject).toBe('CN=GTS Root R1, O=Google Trust Services LLC, C=US');
  });
});

describe('diff --format pem', () => {
  const args = ['diff', '--store', ref('dst-root-ca-x3.pem'), '--store', ref('isrg-root-x1.pem'), '--format', 'pem', '--at', '2025-01-01'];
  it('leaves out an expired root and says so; --include-expired writes it', async () => {
    const io = memoryIO();
    expect(await run(args, io)).toBe(0);
    expect(io.output).not.toMatch(/BEGIN CERTIFICATE/);
    expect(io.errors).toBe('chaindbg: left out of the PEM: 1 expired (--include-expired writes them)\n');
    const all = memoryIO();
    await run([...args, '--include-expired'], all);
    expect(all.output.match(/BEGIN CERTIFICATE/g)).toHaveLength(1);
    expect(all.output).toMatch(/# Subject: CN=DST Root CA X3/);
    expect(all.errors).toBe('');
  });
});
