import type { FindingCode } from '../model/finding.js';
import type { TrustAnchor } from '../model/store.js';
import type { Certificate } from '../model/certificate.js';
import { goModel, NEWEST_GO, type GoModel } from './go-release.js';

/**
 * Limits on one search, as in rustls-webpki (`verify_cert.rs`, `Budget::default`): 100 signature checks (the same
 * number as Go's `maxChainSignatureChecks` in `crypto/x509/verify.go`), 200,000 build calls and 250,000 name-constraint
 * comparisons. Running out is fatal: the search stops and says so (BUDGET_EXHAUSTED).
 */
export interface Budget {
  signatures: number;
  buildCalls: number;
  nameConstraintComparisons: number;
  /** Most certificates on one path, leaf and anchor included. */
  depth: number;
}

export const DEFAULT_BUDGET: Readonly<Budget> = {
  signatures: 100,
  buildCalls: 200_000,
  nameConstraintComparisons: 250_000,
  depth: 10,
};

export interface IntermediateInput {
  cert: Certificate;
  origin: 'sent' | 'aia';
  sentIndex: number | null;
}

/**
 * Where clients' certificate rules differ from the Web PKI profile chaindbg validates by default. Everything else
 * (signatures, validity, basicConstraints, EKU, name constraints, SHA-1) is common to Go, OpenSSL 3 and browsers.
 */
export interface ClientRules {
  /** Whose rules these are, for messages: "the Web PKI profile (CA/Browser Forum)", "OpenSSL security level 2". */
  name?: string;
  /** Smallest RSA modulus accepted, in bits. */
  minRsaBits: number;
  /** The hostname may match the subject CN when the leaf has no DNS SAN (OpenSSL's X509_check_host, curl). */
  cnFallback: boolean;
  /**
   * A path must end at a self-signed certificate of the store: one that is not (an intermediate put in the store)
   * does not end it, its issuer is still needed (OpenSSL without X509_V_FLAG_PARTIAL_CHAIN). Go and browsers stop
   * at any certificate of the store.
   */
  selfSignedAnchorsOnly: boolean;
  /**
   * Go's crypto/x509 of one release: when set, each link is checked as Go checks it (go-checks.ts, go-names.ts)
   * instead of by the Web PKI checks, and the leaf's name as VerifyHostname matches it. The other fields are then
   * unused.
   */
  go?: GoModel;
}

/** The CA/Browser Forum profile browsers enforce: RSA 2048+, names from the SAN only. The default. */
export const WEBPKI_RULES: ClientRules = { name: 'the Web PKI profile (CA/Browser Forum)', minRsaBits: 2048, cnFallback: false, selfSignedAnchorsOnly: false };
/** Go's crypto/x509 of the given release and GODEBUG (see go-release.ts). */
export function goRules(model: GoModel): ClientRules {
  return { name: `Go ${model.version}`, minRsaBits: model.minRsaBits, cnFallback: model.cnFallback, selfSignedAnchorsOnly: false, go: model };
}
/** The newest Go modelled, without GODEBUG settings. */
export const GO_RULES: ClientRules = goRules(goModel(NEWEST_GO));
/**
 * OpenSSL 3 as curl and `s_client -verify_return_error` use it at security level 2 (Debian and Ubuntu's default):
 * RSA 2048+; X509_check_host falls back to the subject CN when there is no DNS SAN; the chain must reach a
 * self-signed root in the store (no partial chains by default).
 */
export const OPENSSL_RULES: ClientRules = { name: 'OpenSSL security level 2', minRsaBits: 2048, cnFallback: true, selfSignedAnchorsOnly: true };

export interface BuildInput {
  leaf: Certificate;
  intermediates: IntermediateInput[];
  anchors: TrustAnchor[];
  now: Date;
  budget?: Partial<Budget>;
  /** Most intermediates allowed between leaf and anchor (x509-limbo's max_chain_depth); unlimited when absent. */
  maxIntermediates?: number;
  /** Most valid paths to collect before stopping. */
  maxPaths?: number;
  /** Client rules (default WEBPKI_RULES). */
  rules?: ClientRules;
}

export type PathOrigin = 'leaf' | 'sent' | 'aia' | 'anchor';

export interface PathCert {
  cert: Certificate;
  origin: PathOrigin;
  sentIndex: number | null;
  /** Set on the last element of a complete path. */
  anchor?: TrustAnchor;
}

/** One reason a certificate or link cannot be used; `code` is the finding it becomes. */
export interface Problem {
  code: FindingCode;
  /** Plain JSON evidence for explain(). */
  evidence: Record<string, unknown>;
}

/** A candidate issuer that was tried and refused, with why: every link the search considered. */
export interface Rejection {
  /** sha256 of the certificate whose issuer was sought. */
  child: string;
  candidate: PathCert;
  problem: Problem;
}

export interface Attempt {
  /** The path as far as it went, leaf first; for a refused candidate, the candidate is the last element. */
  path: PathCert[];
  /** Why this attempt failed. */
  problem: Problem;
}

export interface ValidPath {
  path: PathCert[];
  anchor: TrustAnchor;
}

export interface SearchStats {
  signatureChecks: number;
  buildCalls: number;
  nameConstraintComparisons: number;
  pathsTried: number;
}

export interface BuildResult {
  valid: ValidPath[];
  /** When nothing is valid: the attempts, most useful first (bounded). */
  attempts: Attempt[];
  rejections: Rejection[];
  stats: SearchStats;
  /** Which budget ran out, when one did. */
  exhausted: keyof Budget | null;
}
