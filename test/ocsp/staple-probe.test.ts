/**
 * Stapled OCSP end to end: real loopback servers (node's tls and `openssl s_server -status_file`) staple responses,
 * `chaindbg probe` captures them over TLS 1.2 (CertificateStatus) and 1.3 (the leaf's entry extension) and judges them.
 *
 *   root -> ca -> leaf (localhost), leaf-ms (localhost, must-staple)
 */
import { writeFileSync } from 'node:fs';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { memoryIO } from '../../src/cli/io.js';
import { run } from '../../src/cli/run.js';
import { buildPki, makeOcspResponse, type Pki } from '../../src/pki/index.js';
import type { Report } from '../../src/report/index.js';
import { nodeTlsServer, opensslServer, type Running } from '../capture/helpers/servers.js';
import { reportOf } from '../support/reports.js';

const NOW = new Date(Math.floor(Date.now() / 1000) * 1000);
let pki: Pki;
let dir: string;
let store: string;
const servers: Running[] = [];

/** One SCT (RFC 6962 3.2) in a SignedCertificateTimestampList, log id 0x77 x 32. */
function sctList(ms: bigint): Uint8Array {
  const ts = Buffer.alloc(8);
  ts.writeBigUInt64BE(ms);
  const sct = Buffer.concat([Buffer.of(0), Buffer.alloc(32, 0x77), ts, Buffer.of(0, 0), Buffer.of(4, 3, 0, 2, 0xab, 0xcd)]);
  const entry = Buffer.concat([Buffer.of(sct.length >> 8, sct.length & 0xff), sct]);
  return Buffer.concat([Buffer.of(entry.length >> 8, entry.length & 0xff), entry]);
}

beforeAll(async () => {
  pki = await buildPki({
    now: NOW,
    nodes: {
      root: { subject: { CN: 'Staple Root' }, ca: true },
      ca: { subject: { CN: 'Staple CA' }, issuer: 'root', ca: true },
      leaf: { subject: { CN: 'localhost' }, issuer: 'ca', sans: ['localhost'], eku: ['serverAuth'] },
      'leaf-ms': { subject: { CN: 'localhost' }, issuer: 'ca', sans: ['localhost'], eku: ['serverAuth'], mustStaple: true },
    },
  });
  dir = mkdtempSync(join(tmpdir(), 'chaindbg-staple-'));
  store = join(dir, 'root.pem');
  writeFileSync(store, pki.pem('root'));
});
afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
  rmSync(dir, { recursive: true, force: true });
});

async function probeJson(port: number, tls: '1.2' | '1.3') {
  const mem = memoryIO({ env: {}, now: () => NOW });
  const code = await run(['probe', 'localhost', '--connect', `127.0.0.1:${port}`, '--store', store, '--tls', tls, '--format', 'json'], mem);
  return { code, report: reportOf(mem.output) };
}
const stapleFindings = (r: Report) => r.findings.filter((f) => f.code === 'OCSP_STAPLE_PROBLEM');

describe('a revoked staple (node tls server), with SCTs in the response', () => {
  let port: number;
  beforeAll(async () => {
    const staple = await makeOcspResponse(pki, 'leaf', { status: 'revoked', revokedDays: -1, reason: 4, sctList: sctList(1_750_000_000_000n) });
    const s = await nodeTlsServer(pki.keyPem('leaf'), [pki.pem('leaf'), pki.pem('ca')], {}, staple);
    servers.push(s);
    port = s.port;
  });

  for (const tls of ['1.2', '1.3'] as const) {
    it(`TLS ${tls}: an error naming the revocation; Go still connects; Firefox is said to refuse`, async () => {
      const { code, report } = await probeJson(port, tls);
      expect(code).toBe(1);
      expect(report.tls?.ocsp).toMatchObject({ status: 'revoked', responseStatus: 'successful', revocationReason: 'superseded', error: null });
      expect(report.tls?.scts.filter((s) => s.source === 'ocsp')).toEqual([
        { source: 'ocsp', version: 0, logId: '77'.repeat(32), timestamp: new Date(1_750_000_000_000).toISOString() },
      ]);
      const [f, ...more] = stapleFindings(report);
      expect(more).toEqual([]);
      expect(f).toMatchObject({ severity: 'error', cert: 0, evidence: { reason: 'revoked', revocationReason: 'superseded' } });
      expect(report.stores[0]!.trusted).toBe(true);
      expect(report.findings.find((x) => x.code === 'GO_VERDICT')?.evidence.accepts).toBe(true);
      expect(report.findings.find((x) => x.code === 'BROWSER_VERDICT')?.evidence.note).toMatch(/Firefox refuses the connection: revoked OCSP staple/);
    });
  }
});

describe('a good staple made by openssl ocsp, served by openssl s_server -status_file', () => {
  it('TLS 1.2 and 1.3: read, judged good, no finding, exit 0', async () => {
    const { execFileSync } = await import('node:child_process');
    const f = (name: string, text: string) => (writeFileSync(join(dir, name), text), join(dir, name));
    const serial = execFileSync('openssl', ['x509', '-in', f('leaf.pem', pki.pem('leaf')), '-noout', '-serial']).toString().trim().split('=')[1]!;
    f('index.txt', `V\t491231000000Z\t\t${serial}\tunknown\t/CN=localhost\n`);
    const sh = (args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'ignore' });
    f('ca.pem', pki.pem('ca'));
    f('ca.key', pki.keyPem('ca'));
    sh(['ocsp', '-issuer', 'ca.pem', '-cert', 'leaf.pem', '-no_nonce', '-reqout', 'req.der']);
    sh(['ocsp', '-index', 'index.txt', '-rsigner', 'ca.pem', '-rkey', 'ca.key', '-CA', 'ca.pem', '-reqin', 'req.der', '-respout', 'resp.der', '-ndays', '7']);
    const s = await opensslServer(pki.keyPem('leaf'), pki.pem('leaf'), [pki.pem('ca')], ['-status_file', join(dir, 'resp.der')]);
    servers.push(s);
    for (const tls of ['1.2', '1.3'] as const) {
      const { code, report } = await probeJson(s.port, tls);
      expect(report.tls?.version).toBe(`TLSv${tls}`);
      expect(report.tls?.ocsp?.status).toBe('good');
      expect(stapleFindings(report)).toEqual([]);
      expect(code).toBe(0);
    }
  });
});

describe('a must-staple leaf served without a staple', () => {
  it('is an error for the leaf, Go connects', async () => {
    const s = await nodeTlsServer(pki.keyPem('leaf-ms'), [pki.pem('leaf-ms'), pki.pem('ca')]);
    servers.push(s);
    const { code, report } = await probeJson(s.port, '1.3');
    expect(code).toBe(1);
    expect(report.tls?.ocsp).toBeNull();
    expect(stapleFindings(report).map((f) => [f.severity, f.evidence.reason])).toEqual([['error', 'must-staple-missing']]);
    expect(report.findings.find((x) => x.code === 'GO_VERDICT')?.evidence.accepts).toBe(true);
  });
});
