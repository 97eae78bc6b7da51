import { EKU } from '../x509/oids.js';
import type { Certificate } from '../model/certificate.js';
import { WEBPKI_RULES, type ClientRules, type Problem } from './types.js';

/** Validity at `now` (inclusive at both ends, as RFC 5280 and Go). */
export function checkValidity(cert: Certificate, now: Date): Problem | null {
  const t = now.getTime();
  if (t >= cert.notBefore.getTime() && t <= cert.notAfter.getTime()) return null;
  const evidence = { now: now.toISOString(), notBefore: cert.notBefore.toISOString(), notAfter: cert.notAfter.toISOString() };
  return { code: t > cert.notAfter.getTime() ? 'CERT_EXPIRED' : 'CERT_NOT_YET_VALID', evidence };
}

/** Unknown extensions marked critical: the certificate must be refused (RFC 5280 4.2). */
export function checkCriticalExtensions(cert: Certificate): Problem | null {
  const unknown = cert.extensions.filter((e) => e.critical && !e.known);
  if (unknown.length === 0) return null;
  return { code: 'UNKNOWN_CRITICAL_EXTENSION', evidence: { extensions: unknown.map((e) => ({ oid: e.oid, name: e.name })) } };
}

/** Keys the Web PKI accepts: RSA of at least `rules.minRsaBits` (a multiple of 8), EC P-256/384/521, Ed25519. */
export function checkKey(cert: Certificate, rules: ClientRules = WEBPKI_RULES): Problem | null {
  const k = cert.publicKey;
  if (k.type === 'rsa' || k.type === 'rsa-pss') {
    const minimum = rules.minRsaBits;
    // Which rule applied, so the message names it: OpenSSL's security level or the Web PKI profile.
    const rule = rules.name ?? 'the Web PKI profile (CA/Browser Forum)';
    if (k.bits < minimum || k.bits % 8 !== 0) return { code: 'WEAK_KEY', evidence: { type: k.type, bits: k.bits, minimum, rule } };
    return null;
  }
  if (k.type === 'ec') {
    if (['P-256', 'P-384', 'P-521'].includes(k.curve ?? '')) return null;
    return { code: 'UNSUPPORTED_ALGORITHM', evidence: { key: 'ec', curve: k.curve ?? 'unknown' } };
  }
  if (k.type === 'ed25519') return null;
  return { code: 'UNSUPPORTED_ALGORITHM', evidence: { key: k.type, curve: k.curve ?? null } };
}

/** SHA-1 and MD5 signatures are refused on every certificate whose signature is checked (Go 1.18+, browsers). */
export function checkSignatureHash(cert: Certificate): Problem | null {
  const h = cert.signatureAlgorithm.hash;
  if (h === 'md5' || h === 'sha1') {
    return { code: 'WEAK_SIGNATURE', evidence: { algorithm: cert.signatureAlgorithm.name, hash: h } };
  }
  return null;
}

/** EKU: absent means any use; present must list serverAuth or anyExtendedKeyUsage (leaves and CAs alike). */
export function checkServerAuth(cert: Certificate): Problem | null {
  const eku = cert.extKeyUsage;
  if (eku === undefined) return null;
  if (eku.includes(EKU.serverAuth) || eku.includes(EKU.any)) return null;
  return { code: 'EKU_MISSING_SERVER_AUTH', evidence: { present: eku } };
}

/**
 * A certificate used as an issuer: a CA by basicConstraints, keyCertSign when keyUsage is present, within its pathLen
 * (`intermediatesBelow` counts the non-self-issued intermediates between it and the leaf, RFC 5280 6.1.4 (l)).
 */
export function checkIssuer(cert: Certificate, intermediatesBelow: number): Problem[] {
  const problems: Problem[] = [];
  const bc = cert.basicConstraints;
  if (!bc || !bc.ca) {
    problems.push({ code: 'NOT_A_CA', evidence: { basicConstraints: bc ? 'cA=false' : 'absent', version: cert.version } });
  } else if (bc.pathLen !== undefined && intermediatesBelow > bc.pathLen) {
    problems.push({ code: 'PATH_LEN_EXCEEDED', evidence: { pathLen: bc.pathLen, intermediatesBelow } });
  }
  if (cert.keyUsage !== undefined && !cert.keyUsage.includes('keyCertSign')) {
    problems.push({ code: 'KEY_USAGE_MISSING', evidence: { required: 'keyCertSign', present: cert.keyUsage } });
  }
  return problems;
}

/** Checks on a certificate whatever its place: validity, critical extensions, key. */
export function checkCommon(cert: Certificate, now: Date, rules: ClientRules = WEBPKI_RULES): Problem[] {
  return [checkValidity(cert, now), checkCriticalExtensions(cert), checkKey(cert, rules)].filter((p): p is Problem => p !== null);
}

/** Identity of a CA across re-issues and cross-signs: subject DER plus SPKI (how Go refuses loops). */
export { keyIdentity as identity } from '../x509/identity.js';

export function subjectKey(cert: Certificate): string {
  return Buffer.from(cert.subject.der).toString('hex');
}

export function issuerKey(cert: Certificate): string {
  return Buffer.from(cert.issuer.der).toString('hex');
}
