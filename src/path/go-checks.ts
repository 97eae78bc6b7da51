/**
 * The checks Go's crypto/x509 makes on each link, in Go's order (verify.go `buildChains`, `isValid`; x509.go
 * `CheckSignatureFrom`, `checkSignature`; parser.go for what Go handles): the Go profile's rules, used instead of the
 * Web PKI checks when `ClientRules.go` is set.
 *
 * Go folds a refused issuer (a parent that may not sign, a weak or unsupported algorithm, a bad signature) into
 * "certificate signed by unknown authority" with the reason as a hint: such problems carry `goHint: true`.
 */
import { EKU, EXT } from '../x509/oids.js';
import type { Certificate } from '../model/certificate.js';
import { GO_CURVES, verifySignature } from '../x509/verify.js';
import { checkValidity } from './checks.js';
import type { GoModel } from './go-release.js';
import type { Problem } from './types.js';

const HANDLED = new Set<string>([
  EXT.keyUsage,
  EXT.basicConstraints,
  EXT.subjectAltName,
  EXT.nameConstraints,
  EXT.crlDistributionPoints,
  EXT.authorityKeyIdentifier,
  EXT.extKeyUsage,
  EXT.subjectKeyIdentifier,
  EXT.certificatePolicies,
  EXT.authorityInfoAccess,
]);
const POLICY_EXTENSIONS = new Set<string>([EXT.policyConstraints, EXT.policyMappings, EXT.inhibitAnyPolicy]);

/**
 * Go's UnhandledCriticalExtensions: a critical extension Go does not parse (the SCT list, the policy extensions
 * before 1.24, anything unknown), a critical SAN with no DNS, email, IP or URI name, critical name constraints with
 * a kind Go does not know.
 */
export function goUnhandledCritical(cert: Certificate, model: GoModel): Problem | null {
  const unhandled = cert.extensions.filter((e) => {
    if (!e.critical) return false;
    if (e.oid === EXT.subjectAltName) {
      const s = cert.san;
      return !s || s.dns.length + s.email.length + s.ip.length + s.uri.length === 0;
    }
    if (e.oid === EXT.nameConstraints) {
      const nc = cert.nameConstraints;
      return (nc?.permitted?.unsupported.length ?? 0) + (nc?.excluded?.unsupported.length ?? 0) + (nc?.permitted?.dn.length ?? 0) + (nc?.excluded?.dn.length ?? 0) > 0;
    }
    if (POLICY_EXTENSIONS.has(e.oid)) return !model.policies;
    return !HANDLED.has(e.oid);
  });
  if (unhandled.length === 0) return null;
  return {
    code: 'UNKNOWN_CRITICAL_EXTENSION',
    evidence: { extensions: unhandled.map((e) => ({ oid: e.oid, name: e.name })), client: 'go', goVersion: model.version },
  };
}

/** What makes Go's parser refuse a certificate outright (it is then neither a usable leaf nor a pool entry). */
export function goUnparseable(cert: Certificate, model: GoModel): Problem | null {
  const why = (reason: string): Problem => ({ code: 'MALFORMED_CERT', evidence: { rule: `Go cannot parse it: ${reason}`, client: 'go', goVersion: model.version } });
  const nc = cert.nameConstraints;
  if (nc) {
    const size = (s: typeof nc.permitted) => (s ? s.dns.length + s.ip.length + s.email.length + s.uri.length + s.dn.length + s.unsupported.length : 0);
    if (size(nc.permitted) + size(nc.excluded) === 0) return why('x509: empty name constraints extension');
  }
  const k = cert.publicKey;
  if (k.type === 'ec' && !GO_CURVES.includes(k.curve ?? '')) return why('x509: unsupported elliptic curve');
  return null;
}

const PSS_SALT: Record<string, number> = { sha256: 32, sha384: 48, sha512: 64 };

/**
 * Go's CheckSignatureFrom(parent) and checkSignature: the parent must be allowed to sign (a v3 certificate needs
 * basicConstraints with cA; keyUsage, when present, keyCertSign), the algorithm one Go verifies (no MD5; SHA-1 only
 * where the model allows it; RSA-PSS only with SHA-256/384/512, MGF1 with the same hash and a salt of the hash
 * length; no DSA; P-224 included), then the signature itself.
 */
export function goSignatureFrom(child: Certificate, parent: Certificate, model: GoModel): Problem | null {
  const hint = (code: Problem['code'], evidence: Record<string, unknown>): Problem => ({ code, evidence: { ...evidence, issuer: parent.subject.text, goHint: true } });
  const bc = parent.basicConstraints;
  if ((parent.version === 3 && !bc) || (bc && !bc.ca)) {
    return hint('NOT_A_CA', { basicConstraints: bc ? 'cA=false' : 'absent', version: parent.version, sha256: parent.sha256, subject: parent.subject.text });
  }
  // Go reads keyUsage as a bit mask: no bit set is no restriction.
  if (parent.keyUsage !== undefined && parent.keyUsage.length > 0 && !parent.keyUsage.includes('keyCertSign')) {
    return hint('KEY_USAGE_MISSING', { required: 'keyCertSign', present: parent.keyUsage, sha256: parent.sha256, subject: parent.subject.text });
  }
  const alg = child.signatureAlgorithm;
  if (alg.hash === 'md5' || (alg.hash === 'sha1' && !model.sha1)) {
    return hint('WEAK_SIGNATURE', { algorithm: alg.name, hash: alg.hash, sha256: child.sha256, subject: child.subject.text, goVersion: model.version });
  }
  if (alg.pss) {
    const p = alg.pss;
    if (PSS_SALT[p.hash] === undefined || p.mgf1Hash !== p.hash || p.saltLength !== PSS_SALT[p.hash]) {
      return hint('UNSUPPORTED_ALGORITHM', {
        algorithm: alg.name,
        reason: `RSASSA-PSS parameters Go does not take (hash ${p.hash}, MGF1 ${p.mgf1Hash}, salt ${p.saltLength}): Go takes SHA-256/384/512 with MGF1 of the same hash and a salt of the hash length`,
        sha256: child.sha256,
        subject: child.subject.text,
      });
    }
  }
  const k = parent.publicKey;
  if ((k.type === 'rsa' || k.type === 'rsa-pss') && k.bits < model.minRsaBits) {
    return hint('WEAK_KEY', { type: k.type, bits: k.bits, minimum: model.minRsaBits, rule: `Go ${model.version} (GODEBUG rsa1024min)`, sha256: parent.sha256, subject: parent.subject.text });
  }
  const sig = verifySignature(child, k, GO_CURVES);
  if (!sig.ok) return hint('BAD_SIGNATURE', { error: sig.error ?? 'bad signature' });
  return null;
}

/**
 * Go's isValid for a certificate whatever its place: no unhandled critical extension, raw issuer/subject equal (done
 * by the caller's candidate lookup), within its validity.
 */
export function goValid(cert: Certificate, now: Date, model: GoModel): Problem | null {
  return goUnparseable(cert, model) ?? goUnhandledCritical(cert, model) ?? checkValidity(cert, now);
}

/** Go's checkChainForKeyUsage for serverAuth: a certificate whose EKU is absent or empty does not restrict. */
export function goServerAuth(cert: Certificate): Problem | null {
  const eku = cert.extKeyUsage;
  if (eku === undefined || eku.length === 0) return null;
  if (eku.includes(EKU.serverAuth) || eku.includes(EKU.any)) return null;
  return { code: 'EKU_MISSING_SERVER_AUTH', evidence: { present: eku } };
}

/**
 * Go's isValid for a CA above `chainBelow` (leaf first): a v1 intermediate is not authorized to sign (a v1 root is a
 * valid anchor), and a pathLen counts every certificate between it and the leaf, self-issued ones included.
 */
export function goIssuer(cert: Certificate, isRoot: boolean, certsBelow: number): Problem | null {
  const bc = cert.basicConstraints;
  if (!isRoot && (!bc || !bc.ca)) {
    return { code: 'NOT_A_CA', evidence: { basicConstraints: bc ? 'cA=false' : 'absent', version: cert.version } };
  }
  if (bc?.pathLen !== undefined && certsBelow - 1 > bc.pathLen) {
    return { code: 'PATH_LEN_EXCEEDED', evidence: { pathLen: bc.pathLen, intermediatesBelow: certsBelow - 1, rule: 'Go counts self-issued intermediates too' } };
  }
  return null;
}
