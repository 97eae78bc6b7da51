import type { FindingCode } from './finding.js';

/**
 * The evidence of each finding code, typed: what `explain` and `fix` read (src/model/findings.ts). Plain JSON values
 * (dates as ISO strings, DNs as RFC 4514 text), never prose that code would branch on; docs/findings.md lists the same
 * fields. Producers still build evidence as JSON objects (`Finding.evidence`); `evidenceOf` reads one back typed.
 * A field the producer may leave out is optional.
 */
type DN = string;
type Sha256 = string;

interface CertRef {
  subject?: DN;
  sha256?: Sha256;
  /** Subjects of the failed attempt, leaf first (path findings). */
  path?: DN[];
}

/** Connection findings: the capture's own words in `detail`, with Node's error and the phase where known. */
interface Connection {
  detail?: string;
  nodeCode?: string | null;
  nodeMessage?: string | null;
  phase?: string;
  [more: string]: unknown;
}

interface Verdict {
  client: string;
  store: string;
  /** null: undecided (no certificate to judge). */
  accepts: boolean | null;
  reason?: string | null;
  note?: string | null;
  /** Go: the release judged (e.g. 1.19.8), and the same with the GODEBUG settings that change verification. */
  goVersion?: string;
  go?: string;
  /** Go: the line go get prints for the rejection (after `Get "https://…": `), null when it accepts. */
  goError?: string | null;
  /** Go: the crypto/x509 error type its chain verification returns, null when the chain passes. */
  goErrorType?: string | null;
  /** Go: the finding Go stops at, in words, when the store verdict does not lead with it. */
  detail?: string | null;
  /** Browser: Chrome accepts, but Firefox refuses the stapled OCSP response. */
  firefoxRefuses?: boolean;
}

export interface FindingEvidence {
  CHAIN_MISORDERED: { sent: DN[]; expected: DN[] };
  CHAIN_UNUSED_CERT: { subject: DN; sha256: Sha256 };
  CHAIN_DUPLICATE_CERT: { subject: DN; sha256: Sha256; positions: number[] };
  CHAIN_ANCHOR_SENT: {
    subject: DN;
    sha256: Sha256;
    selfSigned: boolean;
    issuer: DN;
    /** The store's copy of that root expired on this date, so the path goes on through the sent cross-sign. */
    storeCopyExpired?: string;
  };
  CHAIN_EMPTY: Record<string, never>;
  MISSING_INTERMEDIATE: CertRef & {
    issuer: DN;
    child: DN;
    aki?: string | null;
    caIssuers?: string[];
    heldBy?: string[];
    fetchedThroughAia?: boolean;
    /** Store entries chaindbg could not read (file#block: why): the issuer may be one of them. */
    unreadable?: string[];
    /** The index of the look-alike the server sent in the issuer's place (see ISSUER_MISMATCH). */
    lookalikeSent?: number;
    /** The store holds no roots at all. */
    emptyStore?: boolean;
  };
  ISSUER_MISMATCH: {
    child: DN;
    next: DN;
    /** The child's issuer DN and the next certificate's subject DN, as text. */
    childIssuer?: DN;
    nextSubject?: DN;
    /** The two names read alike (same bytes, or the same CN). */
    lookalike?: boolean;
    differing?: string[];
    sameNameBytes?: boolean;
    signatureVerifies?: boolean;
    aki?: string | null;
    ski?: string | null;
    /** The two names attribute by attribute. */
    names?: Array<{ type: string; left: string | null; right: string | null; differs: boolean }>;
    /** Why the signature does not verify (an unsupported curve or parameters), or null. */
    signatureError?: string | null;
    /** It is the cause: a look-alike and no store validates the chain. */
    cause?: boolean;
  };
  BAD_SIGNATURE: CertRef & { child?: DN; issuer: DN; error: string };
  UNKNOWN_ROOT: CertRef & {
    subject: DN;
    caIssuers?: string[];
    /** Whose fault: the client's store is stale (a complete chain to a root it lacks) or empty. */
    cause?: 'stale-store' | 'empty-store';
    /** The root the chain ends at, and the stores that hold it. */
    root?: DN;
    rootSha256?: Sha256;
    heldBy?: string[];
    /** That root is public (Mozilla's store trusts it). */
    publicRoot?: boolean;
  };
  DISTRUSTED_ROOT: CertRef & { root: DN; distrustAfter: string; leafNotBefore: string };
  ROOT_NOT_TRUSTED_FOR_TLS: CertRef & { root: DN };
  CERT_EXPIRED: CertRef & { subject: DN; now: string; notAfter: string };
  CERT_NOT_YET_VALID: CertRef & { subject: DN; now: string; notBefore: string };
  HOSTNAME_MISMATCH: CertRef & { expected: string; presented?: string[]; /** Only the subject CN would match (Go: "relies on legacy Common Name field"). */ legacyCommonName?: boolean };
  NOT_A_CA: CertRef & { subject: DN; basicConstraints?: unknown };
  PATH_LEN_EXCEEDED: CertRef & { pathLen?: number; intermediatesBelow?: number; maxIntermediates?: number; maxDepth?: number; rule?: string };
  KEY_USAGE_MISSING: CertRef & { subject: DN; required: string; present?: string[] };
  EKU_MISSING_SERVER_AUTH: CertRef & { subject: DN; present?: string[] };
  NAME_CONSTRAINT_VIOLATION: CertRef & { kind: string; name: string; certificate: DN; constrainedBy: DN; reason: string };
  WEAK_SIGNATURE: CertRef & { subject: DN; algorithm: string };
  WEAK_KEY: CertRef & { subject: DN; bits: number; minimum: number; /** The rule that applied. */ rule?: string };
  UNSUPPORTED_ALGORITHM: CertRef & { subject: DN; key: string; curve?: string | null; algorithm?: string; reason?: string };
  SELF_SIGNED_LEAF: { subject: DN; sha256: Sha256 };
  UNKNOWN_CRITICAL_EXTENSION: CertRef & { subject: DN; extensions: Array<{ oid: string; name?: string }> };
  MALFORMED_CERT: CertRef & { index?: number; bytes?: number; error?: string; rule?: string };
  BUDGET_EXHAUSTED: { budget: string; limit: number; [more: string]: unknown };
  INTERCEPTION_SUSPECTED: {
    reason: 'root-not-public' | 'unexpected-issuer';
    root: DN | null;
    rootSha256?: Sha256;
    rootSource?: string;
    reference: string;
    host: string | null;
    issuer: DN;
    expectedIssuers: string[] | null;
    note?: string;
  };
  GO_VERDICT: Verdict;
  OPENSSL_VERDICT: Verdict;
  BROWSER_VERDICT: Verdict;
  AIA_FETCHED: { url: string; forCert: Sha256; /** sha256 of each certificate fetched. */ certificates: Sha256[] };
  AIA_FETCH_FAILED: { url: string; forCert: Sha256; error: string };
  CONNECT_FAILED: Connection;
  CONNECT_TIMEOUT: Connection;
  HANDSHAKE_TIMEOUT: Connection;
  TLS_ALERT: Connection;
  NOT_TLS: Connection;
  PROXY_FAILED: Connection;
  HANDSHAKE_FAILED: Connection;
  FINISHED_UNVERIFIED: { version: string; detail: string };
  CHAIN_DIFFERS_BY_VERSION: { 'TLSv1.2': Sha256[]; 'TLSv1.3': Sha256[] };
  OCSP_STAPLE_PROBLEM: {
    reason: string;
    detail: string;
    go: string;
    openssl: string;
    firefox: string;
    [more: string]: unknown;
  };
  MESSAGE_TOO_LARGE: Connection & { certificateMessageBytes?: number };
}

/** Every code has its evidence type (a code added to FINDING_CODES fails the type-check until it has one here). */
export type EvidenceOf<C extends FindingCode> = FindingEvidence[C];

/** A finding's evidence, typed by its code: `evidenceOf(f, 'GO_VERDICT')?.accepts`. Undefined for another code. */
export function evidenceOf<C extends FindingCode>(
  finding: { code: FindingCode; evidence: Record<string, unknown> } | undefined,
  code: C,
): EvidenceOf<C> | undefined {
  return finding && finding.code === code ? (finding.evidence as unknown as EvidenceOf<C>) : undefined;
}
