/**
 * Whose fault: a complete chain that stops at a public root the client's store lacks is the store's (stale or
 * empty), not the server's; a look-alike intermediate sent by the server is the cause and leads. Shipped Google
 * certificates (certs/reference) and a PKI made at test time:
 *
 *   root -> int -> leaf (SAN a.test)        impostor: CN "Blame Int" like int, another key, self-issued by nobody
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { memoryIO } from '../../src/cli/io.js';
import { run } from '../../src/cli/run.js';
import { NEWEST_GO } from '../../src/path/go-release.js';
import type { Report } from '../../src/report/index.js';
import { makePki } from '../support/pki.js';
import { reportOf } from '../support/reports.js';

const ref = (f: string) => `certs/reference/${f}`;
const GOOGLE = [ref('leaf-www.google.com-wr2-2024.pem'), ref('gts-wr2.pem')];
let dir: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'chaindbg-blame-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function verify(files: string[], stores: string[], at = '2024-07-01', extra: string[] = []): Promise<{ code: number; report: Report }> {
  const io = memoryIO({ now: () => new Date(at) });
  const code = await run(['verify', ...files, '--at', at, ...stores.flatMap((s) => ['--store', s]), '--format', 'json', ...extra], io);
  return { code, report: reportOf(io.output) };
}
const codes = (r: Report) => r.findings.filter((f) => f.severity === 'error').map((f) => f.code);

describe('stale or empty client store vs the server', () => {
  it('leaf + WR2 against a store without GTS Root R1: the chain is complete, the store is stale (UNKNOWN_ROOT, not MISSING_INTERMEDIATE)', async () => {
    const { code, report } = await verify(GOOGLE, [ref('isrg-root-x1.pem')]);
    expect(code).toBe(1);
    expect(codes(report)).not.toContain('MISSING_INTERMEDIATE');
    const f = report.findings.find((x) => x.code === 'UNKNOWN_ROOT')!;
    expect(f.evidence).toMatchObject({ cause: 'stale-store', root: 'CN=GTS Root R1, O=Google Trust Services LLC, C=US', heldBy: ['mozilla'], publicRoot: true });
    expect(f.message).toMatch(/the chain is complete .* that this store lacks: the client's store is stale/);
    // the line go get prints, worded by the Go judged: here the newest modelled (no go on this PATH), which prefixes
    // verification errors with "tls: failed to verify certificate: " (Go 1.20+); Go 1.19 prints the x509 error alone
    expect(report.findings.find((x) => x.code === 'GO_VERDICT')!.evidence).toMatchObject({ reason: 'UNKNOWN_ROOT', goVersion: NEWEST_GO, goError: 'tls: failed to verify certificate: x509: certificate signed by unknown authority' });
    const go119 = (await verify(GOOGLE, [ref('isrg-root-x1.pem')], '2024-07-01', ['--go-version', '1.19.8'])).report;
    expect(go119.findings.find((x) => x.code === 'GO_VERDICT')!.evidence).toMatchObject({ reason: 'UNKNOWN_ROOT', goVersion: '1.19.8', goError: 'x509: certificate signed by unknown authority' });
    // no "run with --aia" (AIA would fetch a root, no help)
    expect(JSON.stringify(report.findings)).not.toMatch(/--aia/);
  });

  it('an empty store says so (a bare container)', async () => {
    const empty = join(dir, 'no-roots');
    (await import('node:fs')).mkdirSync(empty);
    const { report } = await verify(GOOGLE, [empty]);
    const f = report.findings.find((x) => x.code === 'UNKNOWN_ROOT')!;
    expect(f.evidence).toMatchObject({ cause: 'empty-store', storeRoots: 0, heldBy: ['mozilla'] });
    expect(f.message).toMatch(/this store holds no roots at all/);
  });

  it('only the leaf sent: the missing WR2 is an intermediate, so it stays the server\'s MISSING_INTERMEDIATE', async () => {
    const { report } = await verify([GOOGLE[0]!], [ref('gts-root-r1.pem')]);
    expect(codes(report)[0]).toBe('MISSING_INTERMEDIATE');
    expect(report.findings.some((x) => x.code === 'UNKNOWN_ROOT')).toBe(false);
  });

  it('the same chain with the root in the store is trusted (control)', async () => {
    const { code } = await verify(GOOGLE, [ref('gts-root-r1.pem')]);
    expect(code).toBe(0);
  });
});

describe('a look-alike intermediate is the cause', () => {
  it('ISSUER_MISMATCH leads as an error, ahead of the MISSING_INTERMEDIATE it produces, and is Go\'s reason', async () => {
    const pki = await makePki({
      root: { cn: 'Blame Root' },
      int: { cn: 'Blame Int', issuer: 'root', ca: true },
      leaf: { cn: 'a.test', issuer: 'int', sans: ['a.test'] },
      other: { cn: 'Other Root' },
      impostor: { subject: [['O', 'Someone Else'], ['CN', 'Blame Int']], issuer: 'other', ca: true },
    });
    const file = (n: string, pem: string) => {
      const p = join(dir, n);
      writeFileSync(p, pem);
      return p;
    };
    const { code, report } = await verify([file('leaf.pem', pki.leaf.pem), file('impostor.pem', pki.impostor.pem)], [file('root.pem', pki.root.pem)], '2026-01-01');
    expect(code).toBe(1);
    const first = report.findings[0]!;
    expect([first.code, first.severity, first.cert]).toEqual(['ISSUER_MISMATCH', 'error', 1]);
    expect(first.evidence.differing).toEqual(['O']);
    const missing = report.findings.find((x) => x.code === 'MISSING_INTERMEDIATE')!;
    expect(missing.evidence.lookalikeSent).toBe(1);
    expect(missing.message).toMatch(/the server sent a look-alike instead \(\[1\], see ISSUER_MISMATCH\)/);
    expect(report.findings.find((x) => x.code === 'GO_VERDICT')!.evidence.reason).toBe('ISSUER_MISMATCH');
  });
});
