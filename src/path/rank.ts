import type { FindingCode } from '../model/finding.js';

/**
 * When every path fails, the most useful reason leads (as rustls-webpki's `Error::rank`): a specific problem with a
 * certificate that was found beats "could not find the issuer". Higher is more useful. Codes not listed rank 0.
 */
export const FAILURE_RANK: Readonly<Partial<Record<FindingCode, number>>> = {
  BUDGET_EXHAUSTED: 100,
  CERT_EXPIRED: 90,
  CERT_NOT_YET_VALID: 89,
  DISTRUSTED_ROOT: 88,
  ROOT_NOT_TRUSTED_FOR_TLS: 87,
  HOSTNAME_MISMATCH: 86,
  NAME_CONSTRAINT_VIOLATION: 80,
  EKU_MISSING_SERVER_AUTH: 75,
  WEAK_SIGNATURE: 72,
  WEAK_KEY: 71,
  UNSUPPORTED_ALGORITHM: 70,
  UNKNOWN_CRITICAL_EXTENSION: 69,
  MALFORMED_CERT: 68,
  NOT_A_CA: 65,
  PATH_LEN_EXCEEDED: 64,
  KEY_USAGE_MISSING: 63,
  BAD_SIGNATURE: 50,
  ISSUER_MISMATCH: 45,
  SELF_SIGNED_LEAF: 42,
  UNKNOWN_ROOT: 40,
  MISSING_INTERMEDIATE: 30,
};

export function rankOf(code: FindingCode): number {
  return FAILURE_RANK[code] ?? 0;
}
