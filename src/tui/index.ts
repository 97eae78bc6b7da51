/**
 * The public face of the TUI: `startTui` and the engine contract. Import this lazily (only the `tui` command), so
 * other commands never load Ink or React.
 */
export type {
  TuiTarget,
  TlsChoice,
  ExportKind,
  ProbeOutcome,
  ProbeOptions,
  ExportPlan,
  ExportResult,
  TuiEngine,
  TuiOptions,
  AnalysisOptions,
  ExportOptions,
  CertDetail,
  StoreAdded,
} from './engine.js';
export { EXPORT_KINDS, TLS_CHOICES } from './engine.js';
export { unsentDetails } from './unsent.js';
export { startTui, TUI_NEEDS_TTY } from './start.js';
