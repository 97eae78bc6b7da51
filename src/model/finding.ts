/**
 * Findings are data: a stable code, a severity, the certificate they concern (index in sent order, or null), the
 * store they concern (or null for chain-wide findings) and the evidence. The message is rendered from the evidence by
 * `explain` and never parsed back. Codes are never renamed: docs/findings.md documents each.
 */

export type Severity = 'error' | 'warning' | 'info';

export const FINDING_CODES = [
  // Chain as sent
  'CHAIN_MISORDERED',
  'CHAIN_UNUSED_CERT',
  'CHAIN_DUPLICATE_CERT',
  'CHAIN_ANCHOR_SENT',
  'CHAIN_EMPTY',
  // Links
  'MISSING_INTERMEDIATE',
  'ISSUER_MISMATCH',
  'BAD_SIGNATURE',
  'UNKNOWN_ROOT',
  'DISTRUSTED_ROOT',
  'ROOT_NOT_TRUSTED_FOR_TLS',
  // Per-certificate validation
  'CERT_EXPIRED',
  'CERT_NOT_YET_VALID',
  'HOSTNAME_MISMATCH',
  'NOT_A_CA',
  'PATH_LEN_EXCEEDED',
  'KEY_USAGE_MISSING',
  'EKU_MISSING_SERVER_AUTH',
  'NAME_CONSTRAINT_VIOLATION',
  'WEAK_SIGNATURE',
  'WEAK_KEY',
  'UNSUPPORTED_ALGORITHM',
  'SELF_SIGNED_LEAF',
  'UNKNOWN_CRITICAL_EXTENSION',
  'MALFORMED_CERT',
  'BUDGET_EXHAUSTED',
  // Trust-store comparisons and behaviour profiles
  'INTERCEPTION_SUSPECTED',
  'GO_VERDICT',
  'OPENSSL_VERDICT',
  'BROWSER_VERDICT',
  'AIA_FETCHED',
  'AIA_FETCH_FAILED',
  // Connection (capture)
  'CONNECT_FAILED',
  'CONNECT_TIMEOUT',
  'HANDSHAKE_TIMEOUT',
  'TLS_ALERT',
  'NOT_TLS',
  'PROXY_FAILED',
  'HANDSHAKE_FAILED',
  'FINISHED_UNVERIFIED',
  'CHAIN_DIFFERS_BY_VERSION',
  'OCSP_STAPLE_PROBLEM',
  'MESSAGE_TOO_LARGE',
] as const;

export type FindingCode = (typeof FINDING_CODES)[number];

export interface Finding {
  code: FindingCode;
  severity: Severity;
  /** Index of the certificate concerned, in sent order; null when it concerns the chain or a certificate not sent. */
  cert: number | null;
  /** The store SPEC this finding is about, or null for chain-wide findings. */
  store: string | null;
  /** One line, rendered from the evidence by explain(). */
  message: string;
  /** Plain JSON values only: strings, numbers, booleans, arrays, objects (dates as ISO strings). */
  evidence: Record<string, unknown>;
}
