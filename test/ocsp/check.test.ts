/**
 * The OCSP reader and staple judge against responses made two independent ways: by the lab's pkijs builder and by
 * `openssl ocsp`. The PKI:
 *
 *   root -> ca -> leaf, leaf2 (localhost)
 *           ca -> responder (id-kp-OCSPSigning), no-eku (no EKU)
 *   outsider (self-signed, id-kp-OCSPSigning)
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildPki, makeOcspResponse, type Pki, type StapleSpec } from '../../src/pki/index.js';
import { checkStaple, mustStaple, OcspParseError, parseOcspResponse, tlsFeatures } from '../../src/ocsp/index.js';
import { parseCertificate } from '../../src/x509/parse.js';
import { parseCertificateReference } from '../../src/x509/parse-reference.js';
import type { Certificate } from '../../src/model/certificate.js';

const NOW = new Date('2026-03-01T12:00:00Z');
const DAY = 86_400_000;
let pki: Pki;
let cert: (id: string) => Certificate;
let dir: string;

beforeAll(async () => {
  pki = await buildPki({
    now: NOW,
    nodes: {
      root: { subject: { CN: 'OCSP Test Root' }, ca: true },
      ca: { subject: { CN: 'OCSP Test CA' }, issuer: 'root', ca: true },
      leaf: { subject: { CN: 'localhost' }, issuer: 'ca', sans: ['localhost'], eku: ['serverAuth'], mustStaple: true },
      leaf2: { subject: { CN: 'localhost' }, issuer: 'ca', sans: ['localhost'], eku: ['serverAuth'] },
      // valid for long: the openssl-made responses are judged at the real time, not at NOW
      responder: { subject: { CN: 'OCSP Test Responder' }, issuer: 'ca', eku: ['ocspSigning'], validity: [-3650, 3650] },
      'no-eku': { subject: { CN: 'OCSP Test No EKU' }, issuer: 'ca' },
      outsider: { subject: { CN: 'OCSP Outsider' }, ca: true, eku: ['ocspSigning'] },
    },
  });
  cert = (id) => parseCertificate(pki.der(id));
  dir = mkdtempSync(join(tmpdir(), 'chaindbg-ocsp-check-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function judge(spec: StapleSpec, opts: { about?: string; now?: Date; issuers?: string[]; mutate?: (b: Uint8Array) => void } = {}) {
  const der = await makeOcspResponse(pki, opts.about ?? 'leaf', spec);
  opts.mutate?.(der);
  return checkStaple({
    response: parseOcspResponse(der),
    leaf: cert('leaf'),
    issuers: (opts.issuers ?? ['ca', 'root']).map(cert),
    now: opts.now ?? NOW,
  });
}
const reasons = (c: { problems: { reason: string }[] }) => c.problems.map((p) => p.reason);

describe('a staple from the lab builder', () => {
  it('good, signed by the issuer: no problem', async () => {
    const c = await judge({ status: 'good' });
    expect(c.signer).toBe('issuer');
    expect(c.single?.status).toBe('good');
    expect(c.single?.certId.serial).toBe(cert('leaf').serial);
    expect(c.problems).toEqual([]);
  });

  it('good, signed by a delegated responder the CA issued with OCSPSigning', async () => {
    const c = await judge({ status: 'good', signer: 'responder' });
    expect(c.signer).toBe('delegated');
    expect(c.problems).toEqual([]);
  });

  it('signed by a CA-issued certificate without OCSPSigning: unauthorized signer', async () => {
    const c = await judge({ status: 'good', signer: 'no-eku' });
    expect(c.signer).toBeNull();
    expect(reasons(c)).toEqual(['unauthorized-signer']);
    expect(c.problems[0]!.detail).toMatch(/OCSPSigning/);
  });

  it('signed by an outsider with OCSPSigning: unauthorized signer (not issued by the CA)', async () => {
    const c = await judge({ status: 'good', signer: 'outsider' });
    expect(reasons(c)).toEqual(['unauthorized-signer']);
    expect(c.problems[0]!.evidence.signer).toBe('CN=OCSP Outsider');
    expect(c.problems[0]!.detail).toMatch(/not issued by/);
  });

  it('a tampered signature: bad signature', async () => {
    const c = await judge({ status: 'good' }, { mutate: (b) => void (b[b.length - 1]! ^= 0x01) });
    expect(reasons(c)).toEqual(['bad-signature']);
  });

  it('revoked: reason and time', async () => {
    const c = await judge({ status: 'revoked', revokedDays: -2, reason: 1 });
    expect(reasons(c)).toEqual(['revoked']);
    expect(c.problems[0]!.evidence).toEqual({ revokedAt: new Date(NOW.getTime() - 2 * DAY).toISOString(), revocationReason: 'keyCompromise' });
  });

  it('unknown status', async () => {
    expect(reasons(await judge({ status: 'unknown' }))).toEqual(['unknown-status']);
  });

  it('expired and not yet valid, judged at the given time', async () => {
    expect(reasons(await judge({ status: 'good', window: [-10, -3] }))).toEqual(['expired']);
    expect(reasons(await judge({ status: 'good', window: [2, 9] }))).toEqual(['not-yet-valid']);
    // the same response, judged at a time inside its window
    expect(reasons(await judge({ status: 'good', window: [2, 9] }, { now: new Date(NOW.getTime() + 3 * DAY) }))).toEqual([]);
    // 5 minutes of clock skew are tolerated either way, as openssl ocsp does; 6 are not
    const min = 60_000;
    expect(reasons(await judge({ status: 'good', window: [2, 9] }, { now: new Date(NOW.getTime() + 2 * DAY - 4 * min) }))).toEqual([]);
    expect(reasons(await judge({ status: 'good', window: [2, 9] }, { now: new Date(NOW.getTime() + 2 * DAY - 6 * min) }))).toEqual(['not-yet-valid']);
    expect(reasons(await judge({ status: 'good', window: [2, 9] }, { now: new Date(NOW.getTime() + 9 * DAY + 4 * min) }))).toEqual([]);
    expect(reasons(await judge({ status: 'good', window: [2, 9] }, { now: new Date(NOW.getTime() + 9 * DAY + 6 * min) }))).toEqual(['expired']);
  });

  it('a response about another certificate: wrong certificate', async () => {
    const c = await judge({ status: 'good' }, { about: 'leaf2' });
    expect(reasons(c)).toEqual(['wrong-certificate']);
    expect(c.problems[0]!.evidence.stapledSerials).toEqual([cert('leaf2').serial]);
  });

  it('no issuer at hand: cannot judge, says so, reports nothing', async () => {
    const c = await judge({ status: 'revoked' }, { issuers: ['outsider'] });
    expect(c.issuerUnknown).toBe(true);
    expect(c.problems).toEqual([]);
  });
});

describe('responses that are not a status', () => {
  it('tryLater: a response-status problem', () => {
    const r = parseOcspResponse(Uint8Array.of(0x30, 0x03, 0x0a, 0x01, 0x03));
    expect(r).toEqual({ responseStatus: 3, responseStatusName: 'tryLater', basic: null });
    const c = checkStaple({ response: r, leaf: cert('leaf'), issuers: [cert('ca')], now: NOW });
    expect(c.problems.map((p) => [p.reason, p.evidence.responseStatus])).toEqual([['response-status', 'tryLater']]);
  });

  it('garbage, truncations and byte flips of a real response: OcspParseError or a value, nothing else', async () => {
    const der = await makeOcspResponse(pki, 'leaf', { status: 'revoked', signer: 'responder' });
    expect(() => parseOcspResponse(Uint8Array.of(1, 2, 3))).toThrow(OcspParseError);
    expect(() => parseOcspResponse(Buffer.concat([der, Buffer.of(0)]))).toThrow(/extra bytes/);
    let parsed = 0;
    // every 3rd position (about 250 inputs): enough to cross every field, in a fraction of the time
    for (let i = 0; i < der.length; i += 3) {
      for (const input of [der.subarray(0, i), Uint8Array.from(der, (b, j) => (j === i ? b ^ 0xff : b))]) {
        try {
          const r = parseOcspResponse(input);
          checkStaple({ response: r, leaf: cert('leaf'), issuers: [cert('ca')], now: NOW });
          parsed++;
        } catch (err) {
          expect(err).toBeInstanceOf(OcspParseError);
        }
      }
    }
    expect(parsed).toBeGreaterThan(0);
  });
});

describe('a staple made by openssl ocsp', () => {
  const openssl = (args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] }).toString();
  const write = (name: string, text: string) => writeFileSync(join(dir, name), text);

  function opensslResponse(index: string, digest: 'sha1' | 'sha256', signer: 'ca' | 'responder'): Uint8Array {
    write('leaf.pem', pki.pem('leaf'));
    write('ca.pem', pki.pem('ca'));
    write('signer.pem', pki.pem(signer));
    write('signer.key', pki.keyPem(signer));
    write('index.txt', index);
    // the digest applies to the -cert options after it
    openssl(['ocsp', '-issuer', 'ca.pem', `-${digest}`, '-cert', 'leaf.pem', '-no_nonce', '-reqout', 'req.der']);
    openssl(['ocsp', '-index', 'index.txt', '-rsigner', 'signer.pem', '-rkey', 'signer.key', '-CA', 'ca.pem', '-reqin', 'req.der', '-respout', 'resp.der', '-ndays', '7']);
    return new Uint8Array(readFileSync(join(dir, 'resp.der')));
  }
  const serialUpper = () => cert('leaf').serial.toUpperCase().padStart(2, '0');

  for (const digest of ['sha1', 'sha256'] as const) {
    it(`good, CertID hashed with ${digest}, signed by the CA`, () => {
      const der = opensslResponse(`V\t491231000000Z\t\t${serialUpper()}\tunknown\t/CN=localhost\n`, digest, 'ca');
      const r = parseOcspResponse(der);
      expect(r.basic?.responses[0]?.certId.hash).toBe(digest);
      const c = checkStaple({ response: r, leaf: cert('leaf'), issuers: [cert('ca')], now: new Date() });
      expect([c.signer, c.problems]).toEqual(['issuer', []]);
    });
  }

  it('revoked with a reason, signed by a delegated responder (included in the response)', () => {
    const der = opensslResponse(`R\t491231000000Z\t260201000000Z,keyCompromise\t${serialUpper()}\tunknown\t/CN=localhost\n`, 'sha1', 'responder');
    const r = parseOcspResponse(der);
    expect(r.basic?.certs.length).toBe(1);
    const c = checkStaple({ response: r, leaf: cert('leaf'), issuers: [cert('ca')], now: new Date() });
    expect(c.signer).toBe('delegated');
    expect(c.problems.map((p) => p.evidence)).toEqual([{ revokedAt: '2026-02-01T00:00:00.000Z', revocationReason: 'keyCompromise' }]);
    // openssl reads the same answer
    expect(openssl(['ocsp', '-respin', 'resp.der', '-resp_text', '-noverify'])).toMatch(/Cert Status: revoked[\s\S]*Revocation Reason: keyCompromise/);
  });
});

describe('must-staple (TLS feature extension)', () => {
  it('is read by both certificate parsers alike', () => {
    const fast = parseCertificate(pki.der('leaf'));
    const reference = parseCertificateReference(pki.der('leaf'));
    expect(Buffer.from(fast.tlsFeature!).equals(Buffer.from(reference.tlsFeature!))).toBe(true);
    expect(tlsFeatures(fast)).toEqual([5]);
    expect(mustStaple(fast)).toBe(true);
    expect(mustStaple(cert('leaf2'))).toBe(false);
    expect(tlsFeatures(cert('leaf2'))).toEqual([]);
  });
  it('openssl sees the extension the lab wrote', () => {
    write2('leaf-ms.pem', pki.pem('leaf'));
    const text = execFileSync('openssl', ['x509', '-in', join(dir, 'leaf-ms.pem'), '-noout', '-text']).toString();
    expect(text).toMatch(/TLS Feature:\s*\n\s*status_request/);
  });
});

function write2(name: string, text: string) {
  writeFileSync(join(dir, name), text);
}
