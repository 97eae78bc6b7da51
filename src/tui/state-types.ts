import type { ExportKind, ExportPlan, ExportResult, ProbeOutcome, TlsChoice, TuiTarget } from './engine.js';
import type { Size } from './layout.js';
import type { Finding } from '../model/finding.js';

/** The shape of the TUI state and the actions on it (the reducer is in state.ts; selectors read these types). */

export type Pane = 'targets' | 'chain' | 'findings' | 'handshake';
export const PANES: readonly Pane[] = ['targets', 'chain', 'findings', 'handshake'];
export type DetailPane = Exclude<Pane, 'targets'>;

export type RunPhase = 'queued' | 'probing' | 'done' | 'error';

/** One probe of one target at one TLS version, and its latest analysis. */
export interface Run {
  seq: number;
  phase: RunPhase;
  outcome: ProbeOutcome | null;
  error: string | null;
  /** The stores `outcome` was analysed against. */
  stores: string[];
  /** Sequence of the latest re-analysis asked for, or null when none is running. */
  reanalyzing: number | null;
}

export interface TargetEntry {
  target: TuiTarget;
  /** The TLS version chosen for this target with `t` (absent: the one it started with, `State.tls`). */
  tls?: TlsChoice;
  runs: Partial<Record<TlsChoice, Run>>;
}

/** `confirm`: the path is edited (enter writes); `exists`: the file is there, a second key (o) overwrites it. */
export type ExportStep = 'choose' | 'planning' | 'confirm' | 'writing' | 'exists' | 'done';

export interface ExportOverlay {
  kind: 'export';
  token: number;
  targetId: string;
  tls: TlsChoice;
  store: string;
  step: ExportStep;
  cursor: number;
  exportKind: ExportKind | null;
  plan: ExportPlan | null;
  /** Where to write: the plan's path (relative to the working folder) at first, as the user edits it. */
  path: string;
  /** Set by the overwrite key once the file was found to exist; never set otherwise. */
  force: boolean;
  result: ExportResult | null;
  error: string | null;
}

/** A one-line text input: what was typed, and why the last attempt was refused. */
export interface TextInput {
  text: string;
  error: string | null;
}

/** The store switcher's path input: a store file or folder to add; `loading` is the token of the load under way. */
export interface StorePathInput extends TextInput {
  loading: number | null;
}

export interface StoresOverlay {
  kind: 'stores';
  cursor: number;
  chosen: string[];
  error: string | null;
  /** One line about the store added last ("file /home/me/corp.pem: 2 roots"). */
  note: string | null;
  /** Open while the user types the path of a store to add (`a`). */
  input: StorePathInput | null;
}

/** One finding in full (`d`): its words, evidence and fix, scrolled when taller than the screen. */
export interface FindingOverlay {
  kind: 'finding';
  finding: Finding;
  scroll: number;
}

export type Overlay = { kind: 'help'; scroll: number } | FindingOverlay | ({ kind: 'add' } & TextInput) | StoresOverlay | ExportOverlay;

export interface State {
  targets: TargetEntry[];
  loadingTargets: boolean;
  selected: number;
  focus: Pane;
  /** The detail pane shown under the targets (the focused one, or the last focused). */
  detail: DetailPane;
  tls: TlsChoice;
  stores: string[];
  availableStores: string[];
  /** Fetch missing issuers over AIA (for the verdicts and for export). */
  aia: boolean;
  /** The terminal size: the layout, and so how far each pane scrolls, follow from it. */
  size: Size;
  chainCursor: number;
  chainDetails: boolean;
  /** Scroll offset inside the certificate details. */
  chainScroll: number;
  /** The valid path shown per store (index into its validPaths; absent = the best one). */
  chainPaths: Record<string, number>;
  findingsCursor: number;
  expanded: number[];
  /** Rows scrolled inside the selected finding when, expanded, it is taller than the pane. */
  findingsScroll: number;
  handshakeScroll: number;
  overlay: Overlay | null;
  tick: number;
  /** One status line (errors from the engine, hints). */
  message: string | null;
}

export type Action =
  | { type: 'targetsLoaded'; targets: TuiTarget[] }
  | { type: 'targetsFailed'; message: string }
  | { type: 'addTarget'; target: TuiTarget }
  | { type: 'probeQueued'; id: string; tls: TlsChoice; seq: number; stores: string[] }
  | { type: 'probeStarted'; id: string; tls: TlsChoice; seq: number }
  | { type: 'probeDone'; id: string; tls: TlsChoice; seq: number; outcome: ProbeOutcome }
  | { type: 'probeFailed'; id: string; tls: TlsChoice; seq: number; message: string }
  | { type: 'reanalyzeStarted'; id: string; tls: TlsChoice; seq: number; rseq: number }
  | { type: 'reanalyzeDone'; id: string; tls: TlsChoice; seq: number; rseq: number; outcome: ProbeOutcome; stores: string[] }
  | { type: 'reanalyzeFailed'; id: string; tls: TlsChoice; seq: number; rseq: number; message: string }
  | { type: 'focusNext' }
  | { type: 'focusPrev' }
  | { type: 'focus'; pane: Pane }
  | { type: 'move'; delta: number }
  | { type: 'enter' }
  | { type: 'back' }
  | { type: 'toggleTls' }
  | { type: 'toggleAia' }
  | { type: 'nextPath' }
  | { type: 'resize'; size: Size }
  | { type: 'openHelp' }
  | { type: 'openFinding' }
  | { type: 'findingScroll'; delta: number }
  | { type: 'helpScroll'; delta: number }
  | { type: 'openAdd' }
  | { type: 'addInput'; text: string }
  | { type: 'addErase' }
  | { type: 'addError'; message: string }
  | { type: 'openStores' }
  | { type: 'storesMove'; delta: number }
  | { type: 'storesToggle' }
  | { type: 'storesApply' }
  | { type: 'openStorePath' }
  | { type: 'closeStorePath' }
  | { type: 'storeLoading'; token: number }
  | { type: 'storeAdded'; token: number; spec: string; summary: string }
  | { type: 'storeFailed'; token: number; message: string }
  | { type: 'openExport'; token: number }
  | { type: 'exportMove'; delta: number }
  | { type: 'exportChoose' }
  | { type: 'exportPlanned'; token: number; plan: ExportPlan }
  | { type: 'exportConfirm' }
  | { type: 'exportOverwrite' }
  | { type: 'exportEditPath' }
  | { type: 'exportWritten'; token: number; result: ExportResult }
  | { type: 'exportFailed'; token: number; message: string }
  | { type: 'closeOverlay' }
  | { type: 'tick' }
  | { type: 'message'; text: string | null };

