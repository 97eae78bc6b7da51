import type { Finding } from '../model/finding.js';

/**
 * The crypto/x509 error type Go returns for the finding that makes it refuse a chain: `CertificateInvalidError/<reason>`
 * with Go's InvalidReason names, `HostnameError`, `UnhandledCriticalExtension`, `UnknownAuthorityError`. Go reports a
 * refused issuer (a parent that may not sign, a weak or unsupported algorithm, a bad signature: `goHint`) and a
 * missing one as UnknownAuthorityError. Checked against real Go by test/conformance/go-tables.test.ts.
 */
const TYPES: Readonly<Record<string, string>> = {
  NOT_A_CA: 'CertificateInvalidError/NotAuthorizedToSign',
  CERT_EXPIRED: 'CertificateInvalidError/Expired',
  CERT_NOT_YET_VALID: 'CertificateInvalidError/Expired',
  NAME_CONSTRAINT_VIOLATION: 'CertificateInvalidError/CANotAuthorizedForThisName',
  PATH_LEN_EXCEEDED: 'CertificateInvalidError/TooManyIntermediates',
  EKU_MISSING_SERVER_AUTH: 'CertificateInvalidError/IncompatibleUsage',
  HOSTNAME_MISMATCH: 'HostnameError',
  UNKNOWN_CRITICAL_EXTENSION: 'UnhandledCriticalExtension',
  MISSING_INTERMEDIATE: 'UnknownAuthorityError',
  UNKNOWN_ROOT: 'UnknownAuthorityError',
  BAD_SIGNATURE: 'UnknownAuthorityError',
  ISSUER_MISMATCH: 'UnknownAuthorityError',
  WEAK_SIGNATURE: 'UnknownAuthorityError',
  WEAK_KEY: 'UnknownAuthorityError',
  UNSUPPORTED_ALGORITHM: 'UnknownAuthorityError',
  KEY_USAGE_MISSING: 'UnknownAuthorityError',
  SELF_SIGNED_LEAF: 'UnknownAuthorityError',
  ROOT_NOT_TRUSTED_FOR_TLS: 'UnknownAuthorityError',
  DISTRUSTED_ROOT: 'UnknownAuthorityError',
  MALFORMED_CERT: 'ParseError',
  BUDGET_EXHAUSTED: 'SignatureCheckLimit',
};

export function goErrorType(f: Finding | undefined): string | null {
  if (!f) return null;
  if (f.evidence.goHint === true) return 'UnknownAuthorityError';
  // Go 1.19 returns a plain error for a SAN it cannot parse under name constraints.
  if (f.code === 'NAME_CONSTRAINT_VIOLATION' && f.evidence.reason === 'unparseable name') return '*errors.errorString';
  if (f.code === 'BUDGET_EXHAUSTED' && f.evidence.budget === 'nameConstraintComparisons') return 'CertificateInvalidError/TooManyConstraints';
  return TYPES[f.code] ?? f.code;
}
