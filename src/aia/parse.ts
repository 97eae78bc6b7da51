import type * as Asn1js from 'asn1js';
import { asn1js } from '../util/lazy-asn1js.js';
import type * as Pkijs from 'pkijs';
import { pkijs } from '../util/lazy-pkijs.js';
import { AiaError } from './errors.js';
import { readPemBlocks } from '../x509/pem.js';

/** id-signedData (RFC 5652): the content type of a PKCS#7 "certs-only" bundle (.p7c). */
const ID_SIGNED_DATA = '1.2.840.113549.1.7.2';

/**
 * The certificates (DER) in an AIA caIssuers response body, detected by content, not by content-type: one DER
 * certificate (RFC 5280 says application/pkix-cert), a DER PKCS#7 certs-only bundle (application/pkcs7-mime, .p7c),
 * or PEM holding CERTIFICATE and/or PKCS7 blocks (what misconfigured servers send). Pure; throws only AiaError
 * with code 'not-certificate'.
 */
export function parseIssuerBody(bytes: Uint8Array): Uint8Array[] {
  const fromDer = parseDer(bytes);
  if (fromDer !== null) return fromDer;
  const text = Buffer.from(bytes).toString('latin1');
  if (text.includes('-----BEGIN ')) {
    const out: Uint8Array[] = [];
    // The one linear PEM reader (x509/pem.ts): a hostile response of repeated BEGIN lines costs its size, no more.
    for (const m of readPemBlocks(text, (l) => l === 'CERTIFICATE' || l === 'PKCS7' || l === 'X509 CERTIFICATE')) {
      const b64 = m.body.replace(/\s+/g, '');
      if (b64 === '' || !/^[A-Za-z0-9+/]*={0,2}$/.test(b64)) continue;
      const parsed = parseDer(new Uint8Array(Buffer.from(b64, 'base64')));
      if (parsed !== null) out.push(...parsed);
    }
    if (out.length > 0) return out;
  }
  throw new AiaError('not-certificate', `not a certificate or PKCS#7 bundle (${describeStart(bytes)})`);
}

/** DER certificate or PKCS#7 SignedData; null when the bytes are neither (never throws). */
function parseDer(bytes: Uint8Array): Uint8Array[] | null {
  if (bytes.length < 2 || bytes[0] !== 0x30) return null;
  let schema: Asn1js.AsnType;
  try {
    const view = new Uint8Array(bytes); // a private copy: asn1js keeps views into the buffer
    const asn1 = asn1js.fromBER(view);
    if (asn1.offset === -1 || asn1.offset !== view.length) return null;
    schema = asn1.result;
  } catch {
    return null;
  }
  try {
    const info = new pkijs.ContentInfo({ schema });
    if (info.contentType !== ID_SIGNED_DATA) return null;
    const signed = new pkijs.SignedData({ schema: info.content });
    const certs = (signed.certificates ?? []).filter((c): c is Pkijs.Certificate => c instanceof pkijs.Certificate);
    if (certs.length === 0) return null;
    return certs.map((c) => new Uint8Array(c.toSchema().toBER(false)));
  } catch {
    // not a ContentInfo: try a certificate
  }
  try {
    new pkijs.Certificate({ schema });
    return [new Uint8Array(bytes)];
  } catch {
    return null;
  }
}

function describeStart(bytes: Uint8Array): string {
  if (bytes.length === 0) return 'empty body';
  const head = Buffer.from(bytes.subarray(0, 16)).toString('hex');
  return `${bytes.length} bytes starting ${head}`;
}
