import { CertInputError, CertParseError } from './errors.js';
import { parseCertificate } from './parse.js';
import type { CertificateSource } from '../model/certificate.js';
import { readPemBlocks } from './pem.js';

const LABELS = ['CERTIFICATE', 'TRUSTED CERTIFICATE', 'X509 CERTIFICATE'] as const;

/**
 * Reads every certificate from PEM (any number of CERTIFICATE / TRUSTED CERTIFICATE blocks, any text around them) or
 * from one DER certificate. `name` labels the origins ("chain.pem#1", ...) and the error messages.
 */
export function readCertificates(bytes: Uint8Array, name: string): CertificateSource[] {
  if (bytes.length > 0 && bytes[0] === 0x30) {
    try {
      return [{ cert: parseCertificate(bytes), origin: name }];
    } catch (err) {
      if (!(err instanceof CertParseError)) throw err;
      throw new CertInputError(`${name}: DER certificate does not parse: ${err.message}`, { offset: err.offset ?? 0 });
    }
  }
  const text = Buffer.from(bytes).toString('latin1');
  const out: CertificateSource[] = [];
  let block = 0;
  for (const m of readPemBlocks(text, (l) => (LABELS as readonly string[]).includes(l))) {
    block++;
    const offset = m.offset;
    const body = m.body;
    const b64 = body.replace(/\s+/g, '');
    if (!/^[A-Za-z0-9+/]*={0,2}$/.test(b64) || b64.length % 4 !== 0 || b64.length === 0) {
      const bad = body.search(/[^A-Za-z0-9+/=\s]/);
      // Where the body first occurs in the whole block, as this offset has always been computed.
      const at = offset + text.slice(offset, m.end).indexOf(body) + Math.max(bad, 0);
      throw new CertInputError(`${name}: PEM block ${block} has broken base64 (at byte ${at})`, { block, offset: at });
    }
    let der: Uint8Array = new Uint8Array(Buffer.from(b64, 'base64'));
    if (m.label === 'TRUSTED CERTIFICATE') der = firstElement(der);
    try {
      out.push({ cert: parseCertificate(der), origin: `${name}#${block}` });
    } catch (err) {
      if (!(err instanceof CertParseError)) throw err;
      throw new CertInputError(`${name}: PEM block ${block} (at byte ${offset}) is not a valid certificate: ${err.message}`, {
        block,
        offset,
      });
    }
  }
  if (out.length === 0) throw new CertInputError(`${name}: no certificate found (expected PEM or DER)`);
  return out;
}

/** OpenSSL's TRUSTED CERTIFICATE is the certificate followed by its trust settings: keep the first DER element. */
function firstElement(der: Uint8Array): Uint8Array {
  if (der.length < 2 || der[0] !== 0x30) return der;
  let len = der[1]!;
  let header = 2;
  if (len & 0x80) {
    const n = len & 0x7f;
    if (n < 1 || n > 4 || der.length < 2 + n) return der;
    len = 0;
    for (let i = 0; i < n; i++) len = len * 256 + der[2 + i]!;
    header = 2 + n;
  }
  return der.length >= header + len ? der.subarray(0, header + len) : der;
}

/** PEM text of one DER certificate, 64 columns, trailing newline. */
export function toPem(der: Uint8Array): string {
  const b64 = Buffer.from(der).toString('base64');
  const lines = b64.match(/.{1,64}/g) ?? [];
  return `-----BEGIN CERTIFICATE-----\n${lines.join('\n')}\n-----END CERTIFICATE-----\n`;
}
