import { createHash } from 'node:crypto';
import { children, content, readWhole } from '../x509/der.js';
import type { HashName, PublicKeyInfo } from '../model/certificate.js';

const DIGESTS: ReadonlySet<HashName> = new Set(['md5', 'sha1', 'sha224', 'sha256', 'sha384', 'sha512']);

/** Whether node:crypto can compute this CertID hash. */
export function supportedHash(h: HashName): boolean {
  return DIGESTS.has(h);
}

export function digestHex(h: HashName, data: Uint8Array): string {
  return createHash(h).update(data).digest('hex');
}

/**
 * The subjectPublicKey BIT STRING contents (without the unused-bits octet) of an SPKI: what OCSP's issuerKeyHash and
 * byKey responder ids hash (RFC 6960 4.1.1, 4.2.2.3). Null when the SPKI does not have that shape.
 */
export function subjectPublicKeyBits(key: PublicKeyInfo): Uint8Array | null {
  try {
    const spki = key.spki;
    const fields = children(spki, readWhole(spki));
    const bits = fields[1];
    if (bits === undefined || bits.tag !== 0x03) return null;
    return content(spki, bits).subarray(1);
  } catch {
    return null;
  }
}
