import type { Report } from '../report/types.js';

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

export type TlsChoice = '1.2' | '1.3';

export type ExportKind = 'fullchain' | 'trust' | 'missing' | 'sent';

export const EXPORT_KINDS: readonly ExportKind[] = ['fullchain', 'trust', 'missing', 'sent'];

export interface ProbeOutcome {
  report: Report;
  /** Opaque handle for re-analysis and export (the engine's own state: certificates, capture, ...). */
  handle: unknown;
}

export interface ProbeOptions {
  tls: TlsChoice;
  /** Store SPECs to verify against. */
  stores: string[];
}

export interface ExportPlan {
  /** The path the bundle will be written to. */
  path: string;
  /** One line: what will be written. */
  summary: string;
  certificates: number;
  warning?: string;
}

export interface ExportResult {
  ok: boolean;
  message: string;
}

export interface TuiEngine {
  /** Go endpoints from the environment, or the TARGETs given on the command line. */
  targets(): Promise<TuiTarget[]>;
  /** Store SPECs the user can switch between, e.g. ['system', 'mozilla', 'node', './corp.pem']. */
  availableStores(): string[];
  /** Connects, captures and analyses. Rejecting is allowed (the TUI shows the error on the target). */
  probe(t: TuiTarget, opts: ProbeOptions, signal: AbortSignal): Promise<ProbeOutcome>;
  /** New verdicts against other stores, without re-probing. */
  reanalyze(o: ProbeOutcome, stores: string[]): Promise<ProbeOutcome>;
  exportPlan(o: ProbeOutcome, kind: ExportKind, store: string): Promise<ExportPlan>;
  exportWrite(o: ProbeOutcome, kind: ExportKind, store: string, path: string): Promise<ExportResult>;
}

export interface TuiOptions {
  engine: TuiEngine;
  stdout: NodeJS.WriteStream;
  stdin: NodeJS.ReadStream;
  /** False under NO_COLOR or when the lead decides so. */
  color: boolean;
  initialStores: string[];
  initialTls: TlsChoice;
}
