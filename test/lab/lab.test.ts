/**
 * The running lab, checked from the outside: `openssl s_client -showcerts` for the certificates each server puts on
 * the wire (bytes and order), node `tls.connect` for versions and client certificates, HTTP for the AIA server and
 * the plain-HTTP port. The verdicts themselves are the lead's end-to-end test (probe + analyzeChain).
 */
import { execFile } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { get as httpGet } from 'node:http';
import { connect, type ConnectionOptions } from 'node:tls';
import * as pkijs from 'pkijs';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { FINDING_CODES } from '../../src/model/finding.js';
import { LabError, labToJson, renderLabTable, SCENARIOS, startLab, type Lab } from '../../src/lab/index.js';

const now = new Date('2025-06-01T12:00:00Z');
let lab: Lab;
let memory: { rssMb: number; heapMb: number };

beforeAll(async () => {
  const before = process.memoryUsage();
  lab = await startLab({ now });
  const after = process.memoryUsage();
  memory = { rssMb: (after.rss - before.rss) / 2 ** 20, heapMb: (after.heapUsed - before.heapUsed) / 2 ** 20 };
  // Measured figures for the report (not asserted beyond a generous bound: CI has 2 cores).
  console.info(`startLab: ${JSON.stringify(lab.timings)} memory delta ${JSON.stringify(memory)}`);
});

afterAll(async () => {
  await lab?.close();
});

const scenario = (name: string) => lab.scenarios.find((s) => s.name === name)!;

/** The certificates exactly as sent, in order: s_client -showcerts prints each one the server put on the wire. */
function sentByServer(port: number, servername: string, version: '1.2' | '1.3'): Promise<Uint8Array[]> {
  return new Promise((resolve, reject) => {
    const args = ['s_client', '-connect', `127.0.0.1:${port}`, '-servername', servername, '-showcerts'];
    args.push(version === '1.2' ? '-tls1_2' : '-tls1_3');
    const child = execFile('openssl', args, { timeout: 10_000 }, (err, stdout) => {
      const blocks = [...stdout.matchAll(/-----BEGIN CERTIFICATE-----[^-]+-----END CERTIFICATE-----/g)];
      if (blocks.length === 0 && err) reject(err);
      else resolve(blocks.map((m) => new Uint8Array(new X509Certificate(m[0]).raw)));
    });
    child.stdin?.end();
  });
}

interface Handshake {
  ok: boolean;
  version: string | null;
  leafSubject: string | null;
  error: string | null;
}

/** A plain node handshake (no verification). With TLS 1.3 a client-certificate refusal arrives after secureConnect. */
function handshake(port: number, extra: ConnectionOptions = {}): Promise<Handshake> {
  return new Promise((resolve) => {
    const sock = connect({ host: '127.0.0.1', port, servername: 'proxy.golang.org', rejectUnauthorized: false, ...extra });
    let version: string | null = null;
    let leafSubject: string | null = null;
    const done = (r: Handshake): void => {
      sock.destroy();
      resolve(r);
    };
    sock.once('secureConnect', () => {
      version = sock.getProtocol();
      leafSubject = sock.getPeerX509Certificate()?.subject ?? null;
      // Give the server time to refuse a missing client certificate (TLS 1.3 sends that alert after Finished).
      setTimeout(() => done({ ok: true, version, leafSubject, error: null }), 150);
    });
    sock.once('error', (e: NodeJS.ErrnoException) =>
      done({ ok: false, version, leafSubject, error: e.code ?? e.message }),
    );
  });
}

function httpFetch(url: string): Promise<{ status: number; type: string; body: Buffer }> {
  return new Promise((resolve, reject) => {
    httpGet(url, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, type: String(res.headers['content-type']), body: Buffer.concat(chunks) }),
      );
    }).on('error', reject);
  });
}

describe('startLab', () => {
  test('starts every scenario on its own loopback port, fast', () => {
    expect(lab.scenarios.map((s) => s.name)).toEqual(SCENARIOS.map((s) => s.name));
    expect(new Set(lab.scenarios.map((s) => s.port)).size).toBe(lab.scenarios.length);
    for (const s of lab.scenarios) expect(s.connect).toBe(`127.0.0.1:${s.port}`);
    expect(lab.timings.totalMs).toBeLessThan(5_000);
  });

  test('expected verdicts use real finding codes and the servers send what `sent` says', () => {
    const codes = new Set<string>(FINDING_CODES);
    for (const s of lab.scenarios) {
      for (const c of [...s.expected.codes, ...s.alsoExpected.flatMap((a) => a.codes)]) expect(codes, s.name).toContain(c);
      for (const chain of s.sent) {
        expect(chain.certs.map((c) => c.sha256)).toEqual(chain.certs.map((c) => lab.pki.node(c.id).sha256));
      }
    }
  });

  test('each TLS server sends exactly its planned chain, in order, for every version it accepts', async () => {
    const checks = lab.scenarios.flatMap((s) =>
      s.sent.flatMap((chain) =>
        (chain.tls === 'both' ? (['1.2', '1.3'] as const) : [chain.tls]).map(async (v) => {
          const got = await sentByServer(s.port, s.servername, v);
          const want = chain.certs.map((c) => lab.pki.der(c.id));
          return { name: `${s.name} TLS ${v}`, got: got.map(hex), want: want.map(hex) };
        }),
      ),
    );
    const results = await Promise.all(checks);
    expect(results.length).toBeGreaterThanOrEqual(26);
    for (const r of results) expect(r.got, r.name).toEqual(r.want);
  });

  test('per-version-chain: full chain for TLS 1.2, leaf only for TLS 1.3', async () => {
    const s = scenario('per-version-chain');
    const v12 = await sentByServer(s.port, s.servername, '1.2');
    const v13 = await sentByServer(s.port, s.servername, '1.3');
    expect(v12.map(hex)).toEqual([hex(lab.pki.der('leaf-proxy')), hex(lab.pki.der('wr2'))]);
    expect(v13.map(hex)).toEqual([hex(lab.pki.der('leaf-proxy'))]);
    // A default client (offers 1.3) gets 1.3; a client capped at 1.2 still gets served.
    expect((await handshake(s.port)).version).toBe('TLSv1.3');
    expect((await handshake(s.port, { maxVersion: 'TLSv1.2' })).version).toBe('TLSv1.2');
  });

  test('tls12-only refuses TLS 1.3, tls13-only refuses TLS 1.2, the rest accept both', async () => {
    const only12 = scenario('tls12-only').port;
    const only13 = scenario('tls13-only').port;
    const healthy = scenario('healthy').port;
    const [a, b, c, d, e, f] = await Promise.all([
      handshake(only12),
      handshake(only12, { minVersion: 'TLSv1.3' }),
      handshake(only13),
      handshake(only13, { maxVersion: 'TLSv1.2' }),
      handshake(healthy, { maxVersion: 'TLSv1.2' }),
      handshake(healthy, { minVersion: 'TLSv1.3' }),
    ]);
    expect([a.ok, a.version]).toEqual([true, 'TLSv1.2']);
    expect(b.ok).toBe(false);
    expect(b.error).toMatch(/PROTOCOL_VERSION|UNSUPPORTED_PROTOCOL/);
    expect([c.ok, c.version]).toEqual([true, 'TLSv1.3']);
    expect(d.ok).toBe(false);
    expect([e.version, f.version]).toEqual(['TLSv1.2', 'TLSv1.3']);
  });

  test('client-cert-required: refused without a client certificate, accepted with the lab one', async () => {
    const port = scenario('client-cert-required').port;
    const client = { cert: lab.clientCert.certPem, key: lab.clientCert.keyPem };
    const [no13, no12, yes13, yes12] = await Promise.all([
      handshake(port),
      handshake(port, { maxVersion: 'TLSv1.2' }),
      handshake(port, client),
      handshake(port, { ...client, maxVersion: 'TLSv1.2' }),
    ]);
    expect(no13.ok).toBe(false);
    expect(no13.error).toBe('ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED');
    expect(no13.leafSubject).toBe('CN=proxy.golang.org'); // the chain was still sent
    expect(no12.ok).toBe(false);
    expect(no12.error).toBe('ERR_SSL_SSLV3_ALERT_HANDSHAKE_FAILURE');
    expect([yes13.ok, yes12.ok]).toEqual([true, true]);
  });

  test('plain-http answers HTTP and is not TLS', async () => {
    const s = scenario('plain-http');
    const res = await httpFetch(`http://${s.connect}/`);
    expect(res.status).toBe(200);
    expect(res.body.toString()).toContain('plain HTTP');
    const tls = await handshake(s.port);
    expect(tls.ok).toBe(false);
    expect(tls.error).toBe('ERR_SSL_WRONG_VERSION_NUMBER');
  });

  test('the AIA server publishes the intermediate as DER and as certs-only PKCS#7', async () => {
    const leaf = new X509Certificate(lab.pki.der('leaf-sum'));
    const url = `${lab.aiaBaseUrl}/wr2.der`;
    expect(leaf.infoAccess).toContain(`CA Issuers - URI:${url}`);
    const der = await httpFetch(url);
    expect(der.status).toBe(200);
    expect(der.type).toBe('application/pkix-cert');
    expect(hex(der.body)).toBe(hex(lab.pki.der('wr2')));
    expect(leaf.verify(new X509Certificate(der.body).publicKey)).toBe(true);

    const p7 = await httpFetch(`${lab.aiaBaseUrl}/wr2.p7c`);
    expect(p7.type).toBe('application/pkcs7-mime');
    const info = pkijs.ContentInfo.fromBER(new Uint8Array(p7.body));
    expect(info.contentType).toBe('1.2.840.113549.1.7.2');
    const signed = new pkijs.SignedData({ schema: info.content });
    expect(signed.signerInfos).toHaveLength(0);
    const certs = (signed.certificates ?? []) as pkijs.Certificate[];
    expect(certs.map((c) => hex(new Uint8Array(c.toSchema().toBER())))).toEqual([hex(lab.pki.der('wr2'))]);
    // OpenSSL reads it as a PKCS#7 bundle too.
    const printed = await new Promise<string>((resolve, reject) => {
      const child = execFile('openssl', ['pkcs7', '-inform', 'DER', '-print_certs'], (err, out) =>
        err ? reject(err) : resolve(out),
      );
      child.stdin?.end(p7.body);
    });
    expect(printed).toContain('subject=C = US, O = Google Trust Services, CN = Lab WR2');

    expect((await httpFetch(`${lab.aiaBaseUrl}/leaf-sum.der`)).status).toBe(404);
    expect((await httpFetch(`${lab.aiaBaseUrl}/../etc/passwd`)).status).toBe(404);
  });

  test('trust stores are PEM files in the lab folder with the planned roots', () => {
    const bySha = (pem: string): string[] =>
      [...pem.matchAll(/-----BEGIN CERTIFICATE-----[^-]+-----END CERTIFICATE-----/g)].map((m) =>
        new X509Certificate(m[0]).fingerprint256.replaceAll(':', '').toLowerCase(),
      );
    const want = {
      'lab-roots': ['gtsroot', 'isrg'],
      'lab-old-roots': ['gsroot', 'dst'],
      'lab-system': ['gtsroot', 'isrg', 'corproot'],
      'lab-stale': ['isrg'],
      'lab-none': [],
    };
    expect(lab.stores.map((s) => s.name)).toEqual(Object.keys(want));
    for (const s of lab.stores) {
      expect(s.path!.startsWith(lab.dir)).toBe(true);
      // a store without roots is an empty folder
      if (want[s.name].length === 0) expect(readdirSync(s.path!)).toEqual([]);
      else expect(readFileSync(s.path!, 'utf8')).toBe(s.pem);
      expect(bySha(s.pem)).toEqual(want[s.name].map((id) => lab.pki.node(id).sha256));
    }
    for (const s of lab.scenarios) {
      // A machine behind a TLS-inspecting proxy is judged as Go sees it: its system store via SSL_CERT_FILE.
      // A stale or empty system store is judged beside lab-roots, the reference that tells whose fault it is.
      expect(s.probeCommand).toBe(
        s.store === 'lab-system'
          ? `SSL_CERT_FILE=${lab.dir}/lab-system.pem SSL_CERT_DIR=${lab.dir}/empty-cert-dir chaindbg probe ${s.servername} --connect ${s.connect} --store system --store mozilla`
          : s.store === 'lab-stale'
            ? `SSL_CERT_FILE=${lab.dir}/lab-stale.pem SSL_CERT_DIR=${lab.dir}/empty-cert-dir chaindbg probe ${s.servername} --connect ${s.connect} --store system --store ${lab.dir}/lab-roots.pem`
            : s.store === 'lab-none'
              ? `SSL_CERT_FILE=${lab.dir}/lab-none/ca-certificates.crt SSL_CERT_DIR=${lab.dir}/lab-none chaindbg probe ${s.servername} --connect ${s.connect} --store system --store ${lab.dir}/lab-roots.pem`
              : `chaindbg probe ${s.servername} --connect ${s.connect} --store ${lab.dir}/${s.store}.pem`,
      );
    }
  });

  test('the graph behind the stories holds at the lab time', () => {
    const c = (id: string): X509Certificate => new X509Certificate(lab.pki.der(id));
    const valid = (id: string): boolean =>
      new Date(c(id).validFrom) <= lab.now && lab.now <= new Date(c(id).validTo);
    // impostor: same CN as the real issuer, another organisation and key; it did not sign the leaf.
    expect(c('wr2-impostor').subject).not.toBe(c('wr2').subject);
    expect(c('wr2-impostor').subject).toContain('CN=Lab WR2');
    expect(c('leaf-proxy').verify(c('wr2-impostor').publicKey)).toBe(false);
    // cross-signs: same key as the self-signed root, signed by the old root; the DST-like pair is expired.
    expect(c('gtsroot-x').verify(c('gsroot').publicKey)).toBe(true);
    expect(c('isrg-x').verify(c('dst').publicKey)).toBe(true);
    expect(c('r11').verify(c('isrg-x').publicKey)).toBe(true);
    expect([valid('gtsroot-x'), valid('isrg-x'), valid('dst'), valid('isrg')]).toEqual([true, false, false, true]);
    expect([valid('leaf-expired'), valid('leaf-proxy')]).toEqual([false, true]);
    expect(c('leaf-portal').checkHost('proxy.golang.org')).toBeUndefined();
    expect(c('leaf-proxy').checkHost('proxy.golang.org')).toBe('proxy.golang.org');
    expect(c('leaf-corp').verify(c('corproot').publicKey)).toBe(true);
  });

  test('renderLabTable fits 100 columns, names every scenario and is deterministic', () => {
    const text = renderLabTable(lab);
    for (const line of text.split('\n')) expect(line.length, line).toBeLessThanOrEqual(100);
    for (const s of lab.scenarios) expect(text).toContain(s.name);
    expect(text).toContain('NOT trusted (MISSING_INTERMEDIATE)');
    expect(renderLabTable(lab)).toBe(text);
    const json = labToJson(lab);
    expect(JSON.parse(JSON.stringify(json))).toEqual(json);
    expect(json.scenarios.find((s) => s.name === 'interception')?.alsoExpected).toEqual([
      { store: 'lab-roots', trusted: false, codes: ['UNKNOWN_ROOT'] },
    ]);
  });
});

describe('startLab options and close', () => {
  test('a subset of scenarios; unknown names are a typed error', async () => {
    const err = await startLab({ now, scenarios: ['healthy', 'nope'] }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(LabError);
    expect((err as LabError).code).toBe('LAB_UNKNOWN_SCENARIO');
    expect((err as LabError).evidence['unknown']).toEqual(['nope']);

    const small = await startLab({ now, scenarios: ['plain-http', 'healthy'] });
    expect(small.scenarios.map((s) => s.name)).toEqual(['healthy', 'plain-http']);
    const port = small.scenarios[0]!.port;
    const dir = small.dir;
    expect(existsSync(dir)).toBe(true);
    await small.close();
    expect(existsSync(dir)).toBe(false);
    const after = await handshake(port);
    expect(after.ok).toBe(false);
    expect(after.error).toBe('ECONNREFUSED');
  });
});

function hex(u: Uint8Array): string {
  return Buffer.from(u).toString('hex');
}
