import type { Finding, FindingCode, Severity } from './finding.js';

/**
 * The one report model. The text renderer, the JSON renderer and the TUI all read this; none re-analyses.
 * JSON is this object serialised with stable key order (see docs/json.md). No wall-clock values except `now`.
 */

/** 2: probe/verify/analyze print one envelope `{schemaVersion, now, reports: Report[]}`; reports gain `causes` and
 * `stores[].label` (docs/json.md, "Changes"). */
export const SCHEMA_VERSION = 2;

export interface CertSummary {
  /** Position in the list as sent (0 = leaf). */
  index: number;
  sha256: string;
  subject: string;
  issuer: string;
  serial: string;
  notBefore: string;
  notAfter: string;
  /** "RSA 2048", "EC P-256", "Ed25519". */
  key: string;
  signatureAlgorithm: string;
  sans: string[];
  ski: string | null;
  aki: string | null;
  aiaIssuers: string[];
  isCA: boolean;
  selfIssued: boolean;
  pem: string;
}

/** Where a certificate on a path came from. */
export type CertOrigin = 'sent' | 'store' | 'aia';

/** One certificate on a built (or attempted) path, with the link to its issuer. */
export interface PathElement {
  sha256: string;
  subject: string;
  origin: CertOrigin;
  /** Index in sent order when origin is 'sent', else null. */
  sentIndex: number | null;
  /** The link from this certificate up to the next element: ok, or the reason it breaks. Null for the last element. */
  link: { ok: boolean; reason: string | null } | null;
  /** Problems with this certificate itself on this path (expired, not a CA, ...), as finding codes. */
  problems: string[];
}

export interface StoreVerdict {
  /** The store SPEC as given. */
  name: string;
  /** Its short unique label (model/store-label.ts); set by the report builder. */
  label?: string;
  /** One-line description of the store (source, size). */
  description: string;
  trusted: boolean;
  /** sha256 list from leaf to anchor of the best valid path; empty when none. */
  path: string[];
  /** The best valid path, or the nearest attempt when none validates, element by element. */
  chain: PathElement[];
  /** All valid paths found (sha256 lists), best first. */
  validPaths: string[][];
  /** Number of candidate paths explored and the budget spent. */
  search: { pathsTried: number; signatureChecks: number; buildCalls: number; exhausted: boolean };
  findings: Finding[];
}

export interface TargetInfo {
  host: string;
  port: number;
  servername: string | null;
  connect: string | null;
  proxy: string | null;
}

export interface TlsAlertInfo {
  from: 'server' | 'client';
  level: 'warning' | 'fatal';
  code: number;
  name: string;
  /** How many times in a row that side sent this same alert (a flood of warnings is one entry, not thousands). */
  count: number;
}

export interface OcspInfo {
  /** The leaf's status: 'good' | 'revoked' | 'unknown'; 'no-status' when the responder answered with an error
   * (see responseStatus); 'unparsed' when the bytes do not parse (see error). */
  status: string;
  /** OCSPResponseStatus name ("successful", "tryLater", ...), null when unparsed. */
  responseStatus: string | null;
  producedAt: string | null;
  thisUpdate: string | null;
  nextUpdate: string | null;
  revokedAt: string | null;
  revocationReason: string | null;
  /** Serial the single response is about (lowercase hex). */
  serial: string | null;
  responder: string | null;
  /** Why the response could not be read, when it could not. */
  error: string | null;
  /** base64 of the OCSPResponse as stapled. */
  der: string;
}

export interface SctInfo {
  source: 'tls-extension' | 'ocsp' | 'certificate';
  version: number;
  logId: string;
  timestamp: string;
}

export interface TlsInfo {
  version: 'TLSv1.2' | 'TLSv1.3' | string | null;
  /** IANA name, e.g. TLS_AES_128_GCM_SHA256, TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256. */
  cipher: string | null;
  /** Key-exchange group, e.g. x25519, secp256r1. */
  group: string | null;
  alpn: string | null;
  helloRetryRequest: boolean;
  /** True when the server Finished was verified from the transcript (TLS 1.3) or the chain was read in plaintext. */
  chainAuthenticated: boolean;
  alerts: TlsAlertInfo[];
  ocsp: OcspInfo | null;
  scts: SctInfo[];
  timings: { connectMs: number | null; handshakeMs: number | null; totalMs: number };
}

export interface Report {
  schemaVersion: number;
  /** The validation time (ISO 8601): the only time in the document. */
  now: string;
  /** Hostname checked against the leaf, or null when none was given. */
  host: string | null;
  target: TargetInfo | null;
  tls: TlsInfo | null;
  sent: CertSummary[];
  stores: StoreVerdict[];
  /** All findings: chain-wide ones and every store's, ranked most important first. */
  findings: Finding[];
  /** The same findings grouped by cause, most important first (diagnose/causes.ts). */
  causes: Cause[];
}

/** A client's verdict folded under the cause it restates. */
export interface CauseClient {
  client: 'go' | 'openssl' | 'browser';
  /** The store SPEC the client was judged with. */
  store: string;
  accepts: boolean | null;
}

/**
 * One cause and what follows from it: the lead finding, the stores it affects, the clients whose verdict restates it,
 * and its consequences (the same finding in other stores, the verdict rows, a MISSING_INTERMEDIATE a look-alike led to).
 */
export interface Cause {
  code: FindingCode;
  /** The most severe of its findings. */
  severity: Severity;
  cert: number | null;
  /** The lead finding's message. */
  message: string;
  /** Store SPECs it affects, in --store order; [] for a cause no store is named in. */
  stores: string[];
  clients: CauseClient[];
  /** Indexes into `findings`: the lead first, then its consequences in rank order. Every finding is in one cause. */
  findings: number[];
}
