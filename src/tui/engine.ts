import type { ExportKind, TlsOffer as TlsChoice } from '../model/grammar.js';
import type { CertSummary, Report } from '../model/report.js';

/**
 * The contract between the TUI and the analysis engine. The TUI never re-implements analysis: it renders the shared
 * `Report` model and asks the engine (provided by the CLI, or a test engine) for everything else.
 */

/** One thing the user can probe: a Go endpoint from the environment, a TARGET given, or one typed at runtime. */
export interface TuiTarget {
  id: string;
  /** e.g. "sum.golang.org (GOSUMDB)". */
  label: string;
  /** What probe takes, e.g. "sum.golang.org:443". */
  target: string;
  connect?: string | null;
  servername?: string | null;
  note?: string;
}

/** 'auto' offers TLS 1.2 and 1.3 and lets the server choose (as Go does); '1.2' and '1.3' pin one version. */
export type { TlsOffer as TlsChoice } from '../model/grammar.js';

/** The order `t` cycles through. */
export { TLS_OFFERS as TLS_CHOICES } from '../model/grammar.js';

export type { ExportKind } from '../model/grammar.js';

export { EXPORT_KINDS } from '../model/grammar.js';

/** A certificate as the details view shows it: the report's summary, without the position in the sent list. */
export type CertDetail = Omit<CertSummary, 'index'> & {
  /** Where a store anchor was read from (the anchor's provenance, e.g. "/etc/ssl/certs/ca-certificates.crt#12"). */
  source?: string;
};

export interface ProbeOutcome {
  report: Report;
  /**
   * The certificates on the report's paths that the server did not send (store anchors, AIA downloads), by sha256.
   * The report summarises sent certificates only; the engine has the others in memory and summarises them the same
   * way, so the details view can show them too.
   */
  unsent?: Readonly<Record<string, CertDetail>>;
  /**
   * A reference store's word on the chain (Mozilla, when the TUI starts as `chaindbg go` does): shown beside the
   * verdicts of the chosen stores, never counted as one of them.
   */
  reference?: { name: string; trusted: boolean };
  /** Opaque handle for re-analysis and export (the engine's own state: certificates, capture, ...). */
  handle: unknown;
}

export interface AnalysisOptions {
  /** Store SPECs to verify against. */
  stores: string[];
  /** Fetch missing issuers from AIA caIssuers URLs (plain HTTP) and use them, as `probe --aia` does. */
  aia: boolean;
}

export interface ProbeOptions extends AnalysisOptions {
  tls: TlsChoice;
}

export interface ExportOptions {
  /** Whether missing issuers may be fetched over AIA to complete the bundle. */
  aia: boolean;
  /** Replace an existing file (only after the user pressed the overwrite key for it). Default: never. */
  force?: boolean;
}

export interface ExportPlan {
  /** The path the bundle is proposed at: in the working folder, relative to it (the user may edit it). */
  path: string;
  /** One line: what will be written. */
  summary: string;
  certificates: number;
  warning?: string;
  /**
   * Set when AIA is off and the bundle could be completed from these caIssuers URLs (the issuer the bundle needs
   * is missing, and the certificate that needs it names where to fetch it).
   */
  aiaUrls?: string[];
}

export interface ExportResult {
  ok: boolean;
  message: string;
  /** Not written because the file exists (and `force` was not given). */
  exists?: boolean;
}

/** A store the user added at runtime, once loaded. */
export interface StoreAdded {
  /** The SPEC it goes by from now on (in the store list, the reports and the verdicts). */
  spec: string;
  /** One line about it, e.g. "file /home/me/corp.pem: 2 roots". */
  summary: string;
}

export interface TuiEngine {
  /** Go endpoints from the environment, or the TARGETs given on the command line. */
  targets(): Promise<TuiTarget[]>;
  /** Store SPECs the user can switch between, e.g. ['system', 'mozilla', 'node', './corp.pem']. */
  availableStores(): string[];
  /**
   * Loads a store typed at runtime: a PEM/DER file or a folder of them (`~` expanded, relative to the working folder),
   * `certdata:PATH`, or a built-in name. A store already known (offered, or added before, however the path was
   * spelled) is not loaded again: it answers its existing SPEC. Rejects with one line when nothing usable is there
   * (missing path, not a certificate, a folder without any). Lets the TUI draw its "loading…" line before reading.
   */
  addStore(input: string): Promise<StoreAdded>;
  /** Connects, captures and analyses. Rejecting is allowed (the TUI shows the error on the target). */
  probe(t: TuiTarget, opts: ProbeOptions, signal: AbortSignal): Promise<ProbeOutcome>;
  /** New verdicts against other stores, or with AIA turned on or off, without re-probing. */
  reanalyze(o: ProbeOutcome, opts: AnalysisOptions): Promise<ProbeOutcome>;
  exportPlan(o: ProbeOutcome, kind: ExportKind, store: string, opts: ExportOptions): Promise<ExportPlan>;
  /** Writes the bundle at `path` (relative to the working folder, `~` expanded); never over a file unless `force`. */
  exportWrite(o: ProbeOutcome, kind: ExportKind, store: string, path: string, opts: ExportOptions): Promise<ExportResult>;
}

export interface TuiOptions {
  engine: TuiEngine;
  stdout: NodeJS.WriteStream;
  stdin: NodeJS.ReadStream;
  /** False under NO_COLOR or when the lead decides so. */
  color: boolean;
  initialStores: string[];
  initialTls: TlsChoice;
  /** AIA fetching at start (`--aia`); the user toggles it with a key. Default off. */
  initialAia?: boolean;
}
