/**
 * Safe fixes only: a trust bundle adds to the store, never replaces it by one certificate; a root the store lacks is
 * taken from Mozilla's shipped store (and says so); a missing intermediate in a trust bundle is a labelled last resort.
 * Shipped Google certificates, and a PKI made at test time:  root -> int -> leaf (SAN a.test).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { memoryIO } from '../../src/cli/io.js';
import { run } from '../../src/cli/run.js';
import { planExport } from '../../src/export/index.js';
import { analyzeToReport } from '../../src/session/index.js';
import { readCertificates } from '../../src/x509/index.js';
import { makePki } from '../support/pki.js';

let dir: string;
let google: string;
const ISRG = 'certs/reference/isrg-root-x1.pem';
const GTS_R1 = 'd947432abde7b7fa90fc2e6b59101b1280e0e1c7e4e40fa3c6887fff57a7f4cf';

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'chaindbg-safe-'));
  google = join(dir, 'google.pem');
  writeFileSync(google, ['leaf-www.google.com-wr2-2024.pem', 'gts-wr2.pem'].map((f) => readFileSync(`certs/reference/${f}`, 'utf8')).join(''));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const shas = (pem: string) => readCertificates(new TextEncoder().encode(pem), 'out.pem').map((c) => c.cert.sha256);

async function exportTrust(extra: string[]) {
  const io = memoryIO({ now: () => new Date('2024-07-01') });
  const code = await run(['export', google, '--kind', 'trust', '--store', ISRG, '--at', '2024-07-01', ...extra], io);
  return { code, out: io.output, err: io.errors };
}

describe('export --kind trust on a stale store', () => {
  it('takes the missing public root from the shipped Mozilla store, says so, and suggests adding, not replacing', async () => {
    const { code, out, err } = await exportTrust([]);
    expect(code).toBe(0);
    expect(shas(out)).toEqual([GTS_R1]);
    expect(err).toMatch(/the root CN=GTS Root R1 \(sha256 d947432a[0-9a-f]+\) is taken from store mozilla .*so it is stale/);
    expect(err).toMatch(/validates the chain/);
    expect(err).toMatch(/save it \(> trust\.pem\), then: add it to the system store/);
    expect(err).not.toMatch(/then: SSL_CERT_FILE=trust\.pem/);
  });

  it('--merge writes the store\'s own roots first, then the added one: safe as SSL_CERT_FILE', async () => {
    const { code, out, err } = await exportTrust(['--merge']);
    expect(code).toBe(0);
    const isrg = shas(readFileSync(ISRG, 'utf8'));
    expect(shas(out)).toEqual([...isrg, GTS_R1]);
    expect(err).toMatch(/merged: 1 websites roots of .* kept, then the 1 added/);
    expect(err).toMatch(/then: SSL_CERT_FILE=trust\.pem go get/);
  });

  it('--merge with another kind is a usage error', async () => {
    const io = memoryIO();
    expect(await run(['export', google, '--kind', 'fullchain', '--merge'], io)).toBe(2);
    expect(io.errors).toMatch(/--merge goes with --kind trust/);
  });
});

describe('a missing intermediate in a trust bundle', () => {
  it('is labelled LAST RESORT: the fix is the server\'s', async () => {
    const pki = await makePki({ root: { cn: 'Safe Root' }, int: { cn: 'Safe Int', issuer: 'root', ca: true }, leaf: { cn: 'a.test', issuer: 'int', sans: ['a.test'] } });
    const store = { name: 'roots', kind: 'file' as const, description: 'test', anchors: [{ cert: pki.root.cert, store: 'roots', source: 't', fingerprint: pki.root.cert.sha256, serverAuth: true }], sources: [], problems: [], meta: {} };
    const now = new Date('2026-01-01');
    const report = analyzeToReport({ sent: [pki.leaf.cert], stores: [store], now, host: 'a.test' });
    const plan = planExport('trust', { sent: [pki.leaf.cert], verdict: report.stores[0]!, store, extra: [pki.int.cert], findings: report.findings });
    expect(plan.certificates.map((c) => c.subject.text)).toEqual(['CN=Safe Int']);
    expect(plan.warnings[0]).toMatch(/^LAST RESORT: CN=Safe Int is an intermediate the server should send; the fix is the server's/);
  });
});
