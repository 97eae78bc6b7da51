import type { Certificate } from '../model/certificate.js';

/**
 * Key identity, as Go refuses path loops by it: the subject's raw DER (hex) and the SPKI's sha256, joined by ':'.
 * Two certificates with the same key identity are one CA re-issued or cross-signed (new dates, serial, issuer or
 * signature algorithm; same name and key). The path builder, the diagnosis, the stores and `diff` all use this one.
 */
export function keyIdentity(cert: Certificate): string {
  return `${Buffer.from(cert.subject.der).toString('hex')}:${cert.publicKey.spkiSha256}`;
}
