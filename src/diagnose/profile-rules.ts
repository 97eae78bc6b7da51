import { isValidDnsName } from '../path/hostname.js';
import type { Problem } from '../path/types.js';
import { EXT } from '../x509/oids.js';
import type { Certificate } from '../model/certificate.js';

export type ProfileRole = 'leaf' | 'intermediate' | 'anchor';

/**
 * RFC 5280 and CA/Browser Forum profile rules that Go's verifier does not enforce but rustls-webpki, pyca/cryptography
 * or the Baseline Requirements do. Each broken rule is a MALFORMED_CERT problem naming the rule. analyzeChain reports
 * them as warnings, or as errors that fail the path in strict mode.
 */
export function checkProfile(cert: Certificate, role: ProfileRole): Problem[] {
  const out: Problem[] = [];
  const rule = (r: string): void => {
    out.push({ code: 'MALFORMED_CERT', evidence: { rule: r, subject: cert.subject.text, sha256: cert.sha256 } });
  };
  const ext = (oid: string) => cert.extensions.find((e) => e.oid === oid);
  const isCa = cert.basicConstraints?.ca === true;
  if (ext(EXT.authorityKeyIdentifier)?.critical) rule('authorityKeyIdentifier must not be critical (RFC 5280 4.2.1.1)');
  if (ext(EXT.subjectKeyIdentifier)?.critical) rule('subjectKeyIdentifier must not be critical (RFC 5280 4.2.1.2)');
  if (ext(EXT.authorityInfoAccess)?.critical) rule('authorityInfoAccess must not be critical (RFC 5280 4.2.2.1)');
  if (isCa && cert.ski === undefined) rule('CA certificate without subjectKeyIdentifier (RFC 5280 4.2.1.2)');
  if (isCa && cert.subject.attributes.length === 0) rule('CA certificate with an empty subject (RFC 5280 4.1.2.6)');
  if (isCa && cert.basicConstraints && !cert.basicConstraints.critical) rule('CA basicConstraints must be critical (RFC 5280 4.2.1.9)');
  if (role !== 'anchor' && !cert.selfIssued && cert.aki === undefined) {
    rule('authorityKeyIdentifier keyIdentifier missing (RFC 5280 4.2.1.1)');
  }
  if (role === 'anchor' && cert.akiFields) {
    const f = cert.akiFields;
    if (!f.keyIdentifier || f.authorityCertIssuer || f.authorityCertSerialNumber) {
      rule('trust anchor authorityKeyIdentifier must carry only keyIdentifier (CABF BR 7.1.2.1.3)');
    } else if (cert.selfIssued && cert.ski !== undefined && cert.aki !== cert.ski) {
      rule('self-signed trust anchor authorityKeyIdentifier differs from its subjectKeyIdentifier');
    }
  }
  const nc = cert.nameConstraints;
  if (nc) {
    if (!isCa) rule('name constraints on an end-entity certificate (RFC 5280 4.2.1.10)');
    const empty = (s: typeof nc.permitted) =>
      !s || s.dns.length + s.ip.length + s.email.length + s.uri.length + s.dn.length + s.unsupported.length === 0;
    if (empty(nc.permitted) && empty(nc.excluded)) rule('name constraints with no subtrees (RFC 5280 4.2.1.10)');
  }
  if (cert.san) {
    const subjectEmpty = cert.subject.attributes.length === 0;
    if (subjectEmpty && !cert.sanCritical) rule('subjectAltName must be critical when the subject is empty (RFC 5280 4.2.1.6)');
    if (!subjectEmpty && cert.sanCritical) rule('subjectAltName should not be critical with a non-empty subject (CABF BR 7.1.2.7.12)');
  }
  if (role === 'leaf') {
    if (isCa) rule('a CA certificate (basicConstraints cA=true) used as the end-entity certificate');
    if (cert.keyUsage?.includes('keyCertSign') && !isCa) rule('keyCertSign set without cA=true (RFC 5280 4.2.1.3)');
    for (const d of cert.san?.dns ?? []) {
      if (!isValidDnsName(d.toLowerCase(), true) || d.includes('_')) rule(`subjectAltName dNSName "${d}" is not a valid host name`);
    }
    // The subject CN is not compared with the SANs: Go and browsers ignore the CN when SANs exist (see divergences).
  }
  return out;
}
