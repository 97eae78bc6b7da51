import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  CertInputError,
  CertParseError,
  compareNames,
  describeKey,
  parseCertificate,
  readCertificates,
  toPem,
  verifySignature,
} from '../../src/x509/index.js';
import { referenceCert } from '../support/certs.js';

const pemPath = (name: string) => fileURLToPath(new URL(`../../certs/reference/${name}.pem`, import.meta.url));

describe('parseCertificate on real certificates', () => {
  it('reads the www.google.com leaf (WR2, 2024)', () => {
    const c = referenceCert('leaf-www.google.com-wr2-2024');
    expect(c.subject.text).toBe('CN=www.google.com');
    expect(c.issuer.text).toBe('CN=WR2, O=Google Trust Services, C=US');
    expect(c.issuer.attributes.map((a) => a.type)).toEqual(['C', 'O', 'CN']);
    expect(c.version).toBe(3);
    expect(c.notBefore.toISOString().slice(0, 10)).toBe('2024-06-03');
    expect(c.notAfter.toISOString().slice(0, 10)).toBe('2024-08-26');
    expect(c.san?.dns).toContain('www.google.com');
    expect(c.basicConstraints?.ca).toBe(false);
    expect(c.extKeyUsage).toContain('1.3.6.1.5.5.7.3.1');
    expect(c.aia.caIssuers.length).toBeGreaterThan(0);
    expect(c.sha256).toBe(createHash('sha256').update(c.der).digest('hex'));
    expect(c.sha256.startsWith('77afed6ef8ae6ba7')).toBe(true);
    expect(c.selfIssued).toBe(false);
    expect(c.sctList).toBeDefined();
    expect(c.keyUsage).toContain('digitalSignature');
  });

  it('links leaf -> WR2 -> GTS Root R1 by key ids, DER names and signatures', () => {
    const leaf = referenceCert('leaf-www.google.com-wr2-2024');
    const wr2 = referenceCert('gts-wr2');
    const r1 = referenceCert('gts-root-r1');
    expect(Buffer.from(leaf.issuer.der)).toEqual(Buffer.from(wr2.subject.der));
    expect(leaf.aki).toBe(wr2.ski);
    expect(wr2.aki).toBe(r1.ski);
    expect(verifySignature(leaf, wr2.publicKey)).toEqual({ ok: true });
    expect(verifySignature(wr2, r1.publicKey)).toEqual({ ok: true });
    expect(verifySignature(r1, r1.publicKey)).toEqual({ ok: true });
    expect(verifySignature(leaf, r1.publicKey).ok).toBe(false);
    expect(r1.selfIssued).toBe(true);
    expect(r1.basicConstraints).toMatchObject({ ca: true, critical: true });
    expect(r1.keyUsage).toEqual(['digitalSignature', 'keyCertSign', 'cRLSign']);
    expect(describeKey(r1)).toBe('RSA 4096');
  });

  it('verifies the cross-signs (RSA and ECDSA issuers) and describes keys', () => {
    const cross = referenceCert('isrg-root-x1-cross-signed-by-dst-root-ca-x3');
    expect(verifySignature(cross, referenceCert('dst-root-ca-x3').publicKey).ok).toBe(true);
    const gtsCross = referenceCert('gts-root-r1-cross-signed-by-globalsign-root-ca');
    expect(verifySignature(gtsCross, referenceCert('globalsign-root-ca').publicKey).ok).toBe(true);
    expect(gtsCross.publicKey.spkiSha256).toBe(referenceCert('gts-root-r1').publicKey.spkiSha256);
    const e5 = referenceCert('letsencrypt-e5');
    const x2 = referenceCert('isrg-root-x2');
    expect(describeKey(e5)).toBe('EC P-384');
    expect(e5.signatureAlgorithm.name).toBe('ecdsa-with-SHA384');
    expect(verifySignature(e5, x2.publicKey).ok).toBe(true);
    expect(describeKey(referenceCert('letsencrypt-r3'))).toBe('RSA 2048');
  });

  it('compares names attribute by attribute', () => {
    const wr2 = referenceCert('gts-wr2');
    const r1 = referenceCert('gts-root-r1');
    const rows = compareNames(wr2.subject, r1.subject);
    // WR2 says O=Google Trust Services, the root O=Google Trust Services LLC.
    expect(rows.filter((r) => r.differs).map((r) => r.type)).toEqual(['O', 'CN']);
    expect(rows.filter((r) => !r.differs).map((r) => r.type)).toEqual(['C']);
  });
});

describe('readCertificates', () => {
  const leafPem = readFileSync(pemPath('leaf-www.google.com-wr2-2024'), 'latin1');
  const wr2Pem = readFileSync(pemPath('gts-wr2'), 'latin1');

  it('reads several PEM blocks with text around them, and DER', () => {
    const text = `subject=www.google.com\n${leafPem}\nsome openssl chatter\n${wr2Pem}trailing`;
    const got = readCertificates(Buffer.from(text), 'chain.pem');
    expect(got.map((s) => s.origin)).toEqual(['chain.pem#1', 'chain.pem#2']);
    expect(got[1]!.cert.subject.text).toContain('CN=WR2');
    const der = got[0]!.cert.der;
    const fromDer = readCertificates(der, 'leaf.der');
    expect(fromDer[0]!.cert.sha256).toBe(got[0]!.cert.sha256);
    expect(readCertificates(Buffer.from(toPem(der)), 'x')[0]!.cert.sha256).toBe(got[0]!.cert.sha256);
  });

  it('reads TRUSTED CERTIFICATE blocks (certificate followed by trust settings)', () => {
    const der = referenceCert('gts-root-r1').der;
    const aux = Buffer.from([0x30, 0x0c, 0x30, 0x0a, 0x06, 0x08, 0x2b, 0x06, 0x01, 0x05, 0x05, 0x07, 0x03, 0x01]);
    const b64 = Buffer.concat([der, aux]).toString('base64');
    const pem = `-----BEGIN TRUSTED CERTIFICATE-----\n${b64}\n-----END TRUSTED CERTIFICATE-----\n`;
    expect(readCertificates(Buffer.from(pem), 'x')[0]!.cert.sha256).toBe(referenceCert('gts-root-r1').sha256);
  });

  it('gives typed one-line errors with block numbers and offsets', () => {
    const none = catchErr(() => readCertificates(Buffer.from('hello world'), 'empty.txt'));
    expect(none).toBeInstanceOf(CertInputError);
    expect(none.message).not.toContain('\n');

    const brokenB64 = leafPem.replace(/\n[A-Za-z0-9+/]{10}/, '\n!!!!!!!!!!');
    const e1 = catchErr(() => readCertificates(Buffer.from(wr2Pem + brokenB64), 'c.pem')) as CertInputError;
    expect(e1).toBeInstanceOf(CertInputError);
    expect(e1.block).toBe(2);
    expect(e1.offset).toBe(wr2Pem.length + brokenB64.indexOf('!'));

    const der = Buffer.from(referenceCert('gts-wr2').der);
    const truncated = der.subarray(0, der.length - 10);
    const e2 = catchErr(() => readCertificates(Buffer.from(leafPem + toPem(truncated)), 'c.pem')) as CertInputError;
    expect(e2).toBeInstanceOf(CertInputError);
    expect(e2.block).toBe(2);
    expect(e2.message).not.toContain('\n');
  });

  it('parseCertificate throws CertParseError on garbage and trailing data', () => {
    expect(() => parseCertificate(new Uint8Array([0x30, 0x03, 0x02, 0x01]))).toThrow(CertParseError);
    const der = referenceCert('gts-wr2').der;
    const e = catchErr(() => parseCertificate(new Uint8Array([...der, 0]))) as CertParseError;
    expect(e).toBeInstanceOf(CertParseError);
    expect(e.offset).toBe(der.length);
  });
});

function catchErr(fn: () => unknown): Error {
  try {
    fn();
  } catch (err) {
    return err as Error;
  }
  throw new Error('expected an error');
}
