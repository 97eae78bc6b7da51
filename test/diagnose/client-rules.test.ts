/**
 * Where Go and OpenSSL differ from the Web PKI profile, each client's verdict follows its own rules, and OpenSSL
 * itself (`openssl verify` at security level 2, with -verify_hostname) agrees. Certificates made with the openssl CLI:
 *
 *   root (RSA 2048) -> leaf-cn   (RSA 2048, CN=example.test, no SAN)
 *                   -> leaf-1024 (RSA 1024, SAN example.test)
 *                   -> leaf-ok   (RSA 2048, SAN example.test)
 *                   -> int (CA)  -> leaf-int (RSA 2048, SAN example.test); a store holding only `int`
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyzeToReport } from '../../src/session/index.js';
import { loadStore } from '../../src/trust/index.js';
import type { TrustStore } from '../../src/model/store.js';
import { readCertificates } from '../../src/x509/index.js';

let dir: string;
let store: TrustStore;
let intStore: TrustStore;
const sh = (args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });

function issue(name: string, bits: number, subject: string, san: string | null): void {
  sh(['req', '-newkey', `rsa:${bits}`, '-nodes', '-keyout', `${name}.key`, '-subj', subject, '-out', `${name}.csr`]);
  writeFileSync(join(dir, `${name}.ext`), `basicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n${san ? `subjectAltName=${san}\n` : ''}`);
  sh(['x509', '-req', '-in', `${name}.csr`, '-CA', 'root.pem', '-CAkey', 'root.key', '-set_serial', String(bits), '-days', '30', '-sha256', '-extfile', `${name}.ext`, '-out', `${name}.pem`]);
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'chaindbg-rules-'));
  sh(['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'root.key', '-subj', '/CN=Rules Root', '-days', '30', '-out', 'root.pem']);
  issue('leaf-cn', 2048, '/CN=example.test', null);
  issue('leaf-1024', 1024, '/CN=example.test', 'DNS:example.test');
  issue('leaf-ok', 2048, '/CN=example.test', 'DNS:example.test');
  // An intermediate CA, and a store that holds it without its root (a partial chain).
  sh(['req', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'int.key', '-subj', '/CN=Rules Int', '-out', 'int.csr']);
  writeFileSync(join(dir, 'int.ext'), 'basicConstraints=critical,CA:TRUE\nkeyUsage=critical,keyCertSign,cRLSign\n');
  sh(['x509', '-req', '-in', 'int.csr', '-CA', 'root.pem', '-CAkey', 'root.key', '-set_serial', '99', '-days', '30', '-sha256', '-extfile', 'int.ext', '-out', 'int.pem']);
  sh(['req', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'leaf-int.key', '-subj', '/CN=example.test', '-out', 'leaf-int.csr']);
  writeFileSync(join(dir, 'leaf-int.ext'), 'basicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\nsubjectAltName=DNS:example.test\n');
  sh(['x509', '-req', '-in', 'leaf-int.csr', '-CA', 'int.pem', '-CAkey', 'int.key', '-set_serial', '100', '-days', '30', '-sha256', '-extfile', 'leaf-int.ext', '-out', 'leaf-int.pem']);
  intStore = await loadStore(join(dir, 'int.pem'), { env: {}, platform: 'linux', packageRoot: process.cwd() });
  store = await loadStore(join(dir, 'root.pem'), { env: {}, platform: 'linux', packageRoot: process.cwd() });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function verdicts(file: string, stores: TrustStore[] = [store]) {
  const sent = readCertificates(readFileSync(join(dir, file)), file).map((s) => s.cert);
  const report = analyzeToReport({ sent, stores, now: new Date(), host: 'example.test' });
  const v = (code: string) => report.findings.find((f) => f.code === code)!.evidence;
  return { trusted: report.stores[0]!.trusted, codes: report.findings.map((f) => f.code), go: v('GO_VERDICT'), openssl: v('OPENSSL_VERDICT') };
}
const opensslVerify = (file: string, extra: string[] = []) =>
  spawnSync('openssl', ['verify', '-CAfile', 'root.pem', '-verify_hostname', 'example.test', ...extra, file], { cwd: dir, encoding: 'utf8' });

describe('client rules', () => {
  it('a CN-only leaf: the Web PKI and Go refuse the name, OpenSSL matches the CN (and openssl verify says OK)', () => {
    const r = verdicts('leaf-cn.pem');
    expect(r.codes).toContain('HOSTNAME_MISMATCH');
    expect(r.go).toMatchObject({ accepts: false, reason: 'HOSTNAME_MISMATCH' });
    expect(r.openssl).toMatchObject({ accepts: true, reason: null });
    expect(String(r.openssl.note)).toMatch(/subject CN when there is no DNS SAN/);
    expect(opensslVerify('leaf-cn.pem').stdout).toMatch(/: OK/);
  });

  it('an RSA-1024 leaf: Go accepts (it refuses only under 1024 bits), OpenSSL at security level 2 refuses, as openssl verify does', () => {
    const r = verdicts('leaf-1024.pem');
    expect(r.trusted).toBe(false);
    expect(r.go).toMatchObject({ accepts: true, reason: null });
    expect(String(r.go.note)).toMatch(/accepts it although the Web PKI profile refuses it \(WEAK_KEY\): Go [\d.]+ refuses only RSA keys under 1024 bits/);
    expect(r.openssl).toMatchObject({ accepts: false, reason: 'WEAK_KEY' });
    const v = opensslVerify('leaf-1024.pem', ['-auth_level', '2']);
    expect(v.status).not.toBe(0);
    expect(v.stdout + v.stderr).toMatch(/key too (weak|small)/i);
  });

  it('a store holding an intermediate without its root: Go stops there, OpenSSL needs the root (as openssl verify without -partial_chain)', () => {
    const r = verdicts('leaf-int.pem', [intStore]);
    expect(r.trusted).toBe(true);
    expect(r.go).toMatchObject({ accepts: true, note: null });
    expect(r.openssl).toMatchObject({ accepts: false });
    expect(String(r.openssl.note)).toMatch(/not self-signed; OpenSSL also needs that certificate's root/);
    const strict = spawnSync('openssl', ['verify', '-CAfile', 'int.pem', '-verify_hostname', 'example.test', 'leaf-int.pem'], { cwd: dir, encoding: 'utf8' });
    expect(strict.status).not.toBe(0);
    const partial = spawnSync('openssl', ['verify', '-CAfile', 'int.pem', '-partial_chain', 'leaf-int.pem'], { cwd: dir, encoding: 'utf8' });
    expect(partial.stdout).toMatch(/: OK/);
    // with the root in the store too, OpenSSL agrees again
    const both: TrustStore = { ...intStore, anchors: [...intStore.anchors, ...store.anchors] };
    expect(verdicts('leaf-int.pem', [both]).openssl).toMatchObject({ accepts: true, note: null });
  });

  it('a chain every client accepts: the same verdict for all, no note', () => {
    const r = verdicts('leaf-ok.pem');
    expect([r.trusted, r.go.accepts, r.openssl.accepts, r.go.note, r.openssl.note]).toEqual([true, true, true, null, null]);
    expect(opensslVerify('leaf-ok.pem', ['-auth_level', '2']).stdout).toMatch(/: OK/);
  });
});
