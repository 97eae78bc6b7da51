import type { ExportKind, ExportPlan, ExportResult, ProbeOutcome, TlsChoice, TuiTarget } from './engine.js';
import { EXPORT_KINDS, TLS_CHOICES } from './engine.js';
import { certDetailLines, findingDetailLines } from './details.js';
import { causeItems, causesOf } from './causes.js';
import { helpColumns } from './help.js';
import type { Scope } from './keymap.js';
import { PANES, type Action, type DetailPane, type ExportOverlay, type Overlay, type Pane, type Run, type State, type StoresOverlay, type TargetEntry, type TextInput } from './state-types.js';
import { parseTarget } from '../capture/target.js';
import { causeLines, headerText, runOf, targetRows } from './target-rows.js';
import { wrapText } from './format.js';
import { DEFAULT_SIZE, layout, MARK_WIDTH, type Layout, type Size } from './layout.js';
import {
  chainSelectable,
  handshakeLines,
  worstFinding,
  findingsSorted,
  storeChoices,
  wrapLines,
  type ChainView,
} from './selectors.js';

/**
 * The whole TUI state and its pure reducer. Components read it; the controller dispatches actions (effects included:
 * probe results arrive as actions carrying the sequence number they answer, and stale answers are ignored).
 */

export type * from './state-types.js';
export { PANES } from './state-types.js';

/** The keymap scope of an open overlay: the store switcher's path input has its own keys. */
export function overlayScope(o: Overlay): Exclude<Scope, 'global'> {
  if (o.kind === 'export' && o.step === 'confirm') return 'exportPath';
  return o.kind === 'stores' && o.input ? 'storePath' : o.kind;
}

export function initialState(opts: {
  tls: TlsChoice;
  stores: string[];
  availableStores: string[];
  aia?: boolean;
  size?: Size;
}): State {
  return {
    targets: [],
    loadingTargets: true,
    selected: 0,
    focus: 'targets',
    detail: 'chain',
    tls: opts.tls,
    stores: [...opts.stores],
    availableStores: [...opts.availableStores],
    aia: opts.aia ?? false,
    size: { ...(opts.size ?? DEFAULT_SIZE) },
    ...detailStart(),
    overlay: null,
    tick: 0,
    message: null,
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Selectors used by the reducer and the components

export function selectedEntry(s: State): TargetEntry | null {
  return s.targets[s.selected] ?? null;
}

export function currentRun(s: State, entry: TargetEntry | null = selectedEntry(s)): Run | null {
  return runOf(s, entry);
}

/** The TLS version the selected target is shown at (`t` changes it for that target only). */
export function currentTls(s: State, entry: TargetEntry | null = selectedEntry(s)): TlsChoice {
  return entry?.tls ?? s.tls;
}

export function currentOutcome(s: State): ProbeOutcome | null {
  return currentRun(s)?.outcome ?? null;
}

/** What the chain pane shows of the current outcome besides the report: the chosen paths, the unsent certificates. */
export function chainView(s: State): ChainView {
  return { paths: s.chainPaths, unsent: currentOutcome(s)?.unsent };
}

export function paneLayout(s: State): Layout {
  const width = Math.max(20, s.size.columns);
  // With the findings pane open the cause and its fix are its selected first row, and a certificate's details want
  // the room: no strip then.
  const cause = s.detail === 'findings' || (s.detail === 'chain' && s.chainDetails) ? 0 : wrapLines(causeLines(s), width).length;
  return layout(s.size, targetRows(s, width), cause, wrapText(headerText(s, width), width, 2).length);
}

export function isBusy(s: State): boolean {
  return s.targets.some((e) =>
    Object.values(e.runs).some((r) => r && (r.phase === 'queued' || r.phase === 'probing' || r.reanalyzing !== null)),
  );
}

/** Parses what the user typed in the add box: "host", "host:port", "[v6]:port". */
export function parseTargetInput(text: string): TuiTarget | { error: string } {
  const t = text.trim();
  if (t === '') return { error: 'type a host or host:port' };
  if (/\s/.test(t)) return { error: 'no spaces: type a host or host:port' };
  // The one target grammar (probe's): host, host:port, [v6]:port, bare IPv6 or https://host[:port]/...
  let parsed: { host: string; port: number };
  try {
    parsed = parseTarget(t);
  } catch (err) {
    return { error: (err as Error).message };
  }
  const target = `${parsed.host.includes(':') ? `[${parsed.host}]` : parsed.host}:${parsed.port}`;
  return { id: `added:${target}`, label: target, target, note: 'added' };
}

// ---------------------------------------------------------------------------------------------------------------

function clamp(n: number, lo: number, hi: number): number {
  return Math.max(lo, Math.min(hi, n));
}

/** Cursors, scrolls and open details of the panes about one target: where a newly selected target starts. */
function detailStart() {
  return {
    chainCursor: 0,
    chainDetails: false,
    chainScroll: 0,
    chainPaths: {},
    findingsCursor: 0,
    expanded: [],
    findingsScroll: 0,
    handshakeScroll: 0,
  } satisfies Partial<State>;
}

function resetDetail(s: State): State {
  return { ...s, ...detailStart() };
}

/** `s` with `key` set to `value`, or `s` itself when nothing changes (so the store does not redraw). */
function withValue<K extends keyof State>(s: State, key: K, value: State[K]): State {
  return s[key] === value ? s : { ...s, [key]: value };
}

function updateRun(s: State, id: string, tls: TlsChoice, f: (r: Run | undefined) => Run | undefined): State {
  let changed = false;
  const targets = s.targets.map((e) => {
    if (e.target.id !== id) return e;
    const before = e.runs[tls];
    const after = f(before);
    if (after === before) return e;
    changed = true;
    return { ...e, runs: { ...e.runs, [tls]: after } };
  });
  return changed ? { ...s, targets } : s;
}

/** Applies `f` only to the run whose seq matches: answers to superseded probes are dropped. */
function onRun(s: State, id: string, tls: TlsChoice, seq: number, f: (r: Run) => Run): State {
  return updateRun(s, id, tls, (r) => (r && r.seq === seq ? f(r) : r));
}

function addTargets(s: State, targets: TuiTarget[]): State {
  const have = new Set(s.targets.map((e) => e.target.id));
  const fresh = targets.filter((t) => !have.has(t.id) && (have.add(t.id), true));
  return { ...s, targets: [...s.targets, ...fresh.map((target) => ({ target, runs: {} }))] };
}

/** Applies `f` to the text input that is open: the add-target box, or the store path while it is not loading. */
function editInput(s: State, f: (i: TextInput) => TextInput): State {
  const o = s.overlay;
  if (o?.kind === 'export' && o.step === 'confirm') return { ...s, overlay: { ...o, path: f({ text: o.path, error: null }).text, error: null } };
  if (o?.kind === 'add') return { ...s, overlay: { ...o, ...f(o) } };
  if (o?.kind === 'stores' && o.input && o.input.loading === null) return { ...s, overlay: { ...o, input: { ...o.input, ...f(o.input) } } };
  return s;
}

/** `names` in the order the store switcher offers them. */
function inChoiceOrder(s: Pick<State, 'availableStores' | 'stores'>, names: readonly string[]): string[] {
  const order = storeChoices(s);
  return [...names].sort((x, y) => order.indexOf(x) - order.indexOf(y));
}

/**
 * A store the user typed was loaded: it joins the choices (once: a store already offered is only selected), is
 * selected with the rest of the list and applied at once, so the verdicts follow without re-probing. The list stays
 * open under the cursor on it, saying what was loaded.
 */
function storeAdded(s: State, a: Extract<Action, { type: 'storeAdded' }>): State {
  const o = s.overlay;
  if (o?.kind !== 'stores' || o.input?.loading !== a.token) return s;
  const availableStores = s.availableStores.includes(a.spec) ? s.availableStores : [...s.availableStores, a.spec];
  const next = { ...s, availableStores };
  const stores = inChoiceOrder(next, o.chosen.includes(a.spec) ? o.chosen : [...o.chosen, a.spec]);
  const overlay: StoresOverlay = {
    ...o,
    cursor: storeChoices(next).indexOf(a.spec),
    chosen: stores,
    error: null,
    note: a.summary,
    input: null,
  };
  const same = stores.length === s.stores.length && stores.every((x, i) => x === s.stores[i]);
  return same ? { ...next, overlay } : { ...resetDetail(next), stores, overlay };
}

function moveInPane(s: State, delta: number): State {
  switch (s.focus) {
    case 'targets': {
      const selected = clamp(s.selected + delta, 0, Math.max(0, s.targets.length - 1));
      return selected === s.selected ? s : resetDetail({ ...s, selected });
    }
    case 'chain': {
      const report = currentOutcome(s)?.report ?? null;
      const view = chainView(s);
      const rows = chainSelectable(report, view);
      if (s.chainDetails) {
        const row = rows[s.chainCursor];
        const { width, detailH } = paneLayout(s);
        const n = report && row ? wrapLines(certDetailLines(report, row, view.unsent), width).length : 0;
        return withValue(s, 'chainScroll', clamp(s.chainScroll + delta, 0, Math.max(0, n - detailH)));
      }
      return withValue(s, 'chainCursor', clamp(s.chainCursor + delta, 0, Math.max(0, rows.length - 1)));
    }
    case 'findings': {
      // An expanded finding taller than the pane scrolls first; then the cursor moves to the next finding.
      const report = currentOutcome(s)?.report ?? null;
      const item = causeItems(report, s.expanded, s.findingsCursor)[s.findingsCursor];
      const { width, detailH } = paneLayout(s);
      const overflow = item ? Math.max(0, wrapLines(item.lines, width - MARK_WIDTH).length - detailH) : 0;
      if (delta > 0 && s.findingsScroll < overflow) return { ...s, findingsScroll: Math.min(overflow, s.findingsScroll + delta) };
      if (delta < 0 && s.findingsScroll > 0) return { ...s, findingsScroll: Math.max(0, s.findingsScroll + delta) };
      const n = causesOf(report).length;
      const findingsCursor = clamp(s.findingsCursor + delta, 0, Math.max(0, n - 1));
      return findingsCursor === s.findingsCursor ? s : { ...s, findingsCursor, findingsScroll: 0 };
    }
    case 'handshake': {
      const { width, detailH } = paneLayout(s);
      const n = wrapLines(handshakeLines(selectedEntry(s), currentTls(s)), width).length;
      return withValue(s, 'handshakeScroll', clamp(s.handshakeScroll + delta, 0, Math.max(0, n - detailH)));
    }
  }
}

/**
 * Shows the next valid path of the store under the chain cursor (or, from a sent certificate, of the first store
 * with several), keeping the cursor at the same depth of that store's path.
 */
function nextPath(s: State): State {
  const report = currentOutcome(s)?.report ?? null;
  if (s.focus !== 'chain' || s.chainDetails || !report) return s;
  const here = chainSelectable(report, chainView(s))[s.chainCursor];
  const v = here?.store
    ? report.stores.find((x) => x.name === here.store)
    : report.stores.find((x) => x.validPaths.length > 1);
  if (!v || v.validPaths.length < 2) return s;
  const shown = ((s.chainPaths[v.name] ?? 0) + 1) % v.validPaths.length;
  const next: State = { ...s, chainPaths: { ...s.chainPaths, [v.name]: shown } };
  const rows = chainSelectable(report, chainView(next));
  const first = rows.findIndex((r) => r.store === v.name);
  const count = rows.filter((r) => r.store === v.name).length;
  const depth = here?.store === v.name ? here.depth : 0;
  return { ...next, chainCursor: first + Math.min(depth, count - 1) };
}

function cycleFocus(s: State, step: number): State {
  const i = PANES.indexOf(s.focus);
  const focus = PANES[(i + step + PANES.length) % PANES.length]!;
  return { ...s, focus, detail: focus === 'targets' ? s.detail : focus };
}

export function reducer(s: State, a: Action): State {
  switch (a.type) {
    case 'targetsLoaded':
      return addTargets({ ...s, loadingTargets: false }, a.targets);
    case 'targetsFailed':
      return { ...s, loadingTargets: false, message: a.message };
    case 'addTarget': {
      const existing = s.targets.findIndex((e) => e.target.id === a.target.id);
      const next = existing >= 0 ? s : addTargets(s, [a.target]);
      const selected = existing >= 0 ? existing : next.targets.length - 1;
      return resetDetail({ ...next, selected, focus: 'targets', overlay: null });
    }

    case 'probeQueued':
      return updateRun(s, a.id, a.tls, (r) => ({
        seq: a.seq,
        phase: 'queued',
        outcome: r?.outcome ?? null,
        error: null,
        stores: r?.outcome ? r.stores : [...a.stores],
        reanalyzing: null,
      }));
    case 'probeStarted':
      return onRun(s, a.id, a.tls, a.seq, (r) => ({ ...r, phase: 'probing' }));
    case 'probeDone':
      return onRun(s, a.id, a.tls, a.seq, (r) => ({
        ...r,
        phase: 'done',
        outcome: a.outcome,
        error: null,
        stores: a.outcome.report.stores.map((v) => v.name),
      }));
    case 'probeFailed':
      return onRun(s, a.id, a.tls, a.seq, (r) => ({ ...r, phase: 'error', outcome: null, error: a.message }));
    case 'reanalyzeStarted':
      return onRun(s, a.id, a.tls, a.seq, (r) => ({ ...r, reanalyzing: a.rseq }));
    case 'reanalyzeDone':
      return onRun(s, a.id, a.tls, a.seq, (r) =>
        r.reanalyzing === a.rseq ? { ...r, outcome: a.outcome, stores: [...a.stores], reanalyzing: null } : r,
      );
    case 'reanalyzeFailed': {
      const next = onRun(s, a.id, a.tls, a.seq, (r) => (r.reanalyzing === a.rseq ? { ...r, reanalyzing: null } : r));
      return next === s ? s : { ...next, message: `re-analysis failed: ${a.message}` };
    }

    case 'focusNext':
      return cycleFocus(s, 1);
    case 'focusPrev':
      return cycleFocus(s, -1);
    case 'focus':
      return { ...s, focus: a.pane, detail: a.pane === 'targets' ? s.detail : a.pane };
    case 'move':
      return moveInPane(s, a.delta);
    case 'enter':
      if (s.focus === 'targets') return { ...s, focus: s.detail };
      if (s.focus === 'chain') {
        const n = chainSelectable(currentOutcome(s)?.report ?? null, chainView(s)).length;
        return n > 0 ? { ...s, chainDetails: !s.chainDetails, chainScroll: 0 } : s;
      }
      if (s.focus === 'findings') {
        if (causesOf(currentOutcome(s)?.report ?? null).length === 0) return s;
        const i = s.findingsCursor;
        const expanded = s.expanded.includes(i) ? s.expanded.filter((x) => x !== i) : [...s.expanded, i];
        return { ...s, expanded, findingsScroll: 0 };
      }
      return s;
    case 'back':
      return s.focus === 'chain' && s.chainDetails ? { ...s, chainDetails: false } : s;
    case 'toggleTls': {
      // The selected target only: the others stay at the version they are shown at.
      const entry = selectedEntry(s);
      if (!entry) return s;
      const tls = TLS_CHOICES[(TLS_CHOICES.indexOf(currentTls(s, entry)) + 1) % TLS_CHOICES.length]!;
      const targets = s.targets.map((e, i) => (i === s.selected ? { ...e, tls } : e));
      return { ...resetDetail(s), targets };
    }
    case 'toggleAia':
      return { ...resetDetail(s), aia: !s.aia };
    case 'nextPath':
      return nextPath(s);
    case 'resize':
      return s.size.columns === a.size.columns && s.size.rows === a.size.rows ? s : { ...s, size: { ...a.size } };

    case 'openHelp':
      return { ...s, overlay: { kind: 'help', scroll: 0 } };
    case 'openFinding': {
      // The finding under the cursor in the findings pane; from anywhere else, the selected target's cause.
      const report = currentOutcome(s)?.report ?? null;
      const lead = causesOf(report)[s.findingsCursor]?.findings[0];
      const f = s.detail === 'findings' && s.focus !== 'targets' && report && lead !== undefined ? report.findings[lead] : (worstFinding(report, true) ?? findingsSorted(report)[0]);
      return f ? { ...s, message: null, overlay: { kind: 'finding', finding: f, scroll: 0 } } : { ...s, message: 'no finding to show for this target' };
    }
    case 'findingScroll': {
      if (s.overlay?.kind !== 'finding') return s;
      const { width, bodyH } = paneLayout(s);
      const n = wrapLines(findingDetailLines(s.overlay.finding), width).length;
      const scroll = clamp(s.overlay.scroll + a.delta, 0, Math.max(0, n - bodyH));
      return scroll === s.overlay.scroll ? s : { ...s, overlay: { ...s.overlay, scroll } };
    }
    case 'helpScroll': {
      if (s.overlay?.kind !== 'help') return s;
      const { width, bodyH } = paneLayout(s);
      const scroll = clamp(s.overlay.scroll + a.delta, 0, helpColumns(width, bodyH - 1).maxScroll);
      return scroll === s.overlay.scroll ? s : { ...s, overlay: { ...s.overlay, scroll } };
    }
    case 'openAdd':
      return { ...s, overlay: { kind: 'add', text: '', error: null } };
    case 'addInput':
      return editInput(s, (i) => ({ text: i.text + a.text, error: null }));
    case 'addErase':
      return editInput(s, (i) => ({ text: Array.from(i.text).slice(0, -1).join(''), error: null }));
    case 'addError':
      return editInput(s, (i) => ({ text: i.text, error: a.message }));

    case 'openStores':
      return { ...s, overlay: { kind: 'stores', cursor: 0, chosen: [...s.stores], error: null, note: null, input: null } };
    case 'storesMove': {
      if (s.overlay?.kind !== 'stores') return s;
      const n = storeChoices(s).length;
      return { ...s, overlay: { ...s.overlay, cursor: clamp(s.overlay.cursor + a.delta, 0, Math.max(0, n - 1)) } };
    }
    case 'storesToggle': {
      if (s.overlay?.kind !== 'stores') return s;
      const name = storeChoices(s)[s.overlay.cursor];
      if (name === undefined) return s;
      const on = s.overlay.chosen.includes(name);
      const chosen = on ? s.overlay.chosen.filter((x) => x !== name) : [...s.overlay.chosen, name];
      return { ...s, overlay: { ...s.overlay, chosen, error: null, note: null } };
    }
    case 'storesApply': {
      if (s.overlay?.kind !== 'stores') return s;
      if (s.overlay.chosen.length === 0) return { ...s, overlay: { ...s.overlay, error: 'choose at least one store' } };
      return { ...resetDetail(s), stores: inChoiceOrder(s, s.overlay.chosen), overlay: null };
    }
    case 'openStorePath':
      return s.overlay?.kind === 'stores' && !s.overlay.input
        ? { ...s, overlay: { ...s.overlay, error: null, note: null, input: { text: '', error: null, loading: null } } }
        : s;
    case 'closeStorePath':
      return s.overlay?.kind === 'stores' && s.overlay.input ? { ...s, overlay: { ...s.overlay, input: null } } : s;
    case 'storeLoading':
      return s.overlay?.kind === 'stores' && s.overlay.input && s.overlay.input.loading === null
        ? { ...s, overlay: { ...s.overlay, input: { ...s.overlay.input, error: null, loading: a.token } } }
        : s;
    case 'storeFailed':
      // Only the input changes: the typed path stays for correcting, with the reason under it.
      return s.overlay?.kind === 'stores' && s.overlay.input?.loading === a.token
        ? { ...s, overlay: { ...s.overlay, input: { ...s.overlay.input, error: a.message, loading: null } } }
        : s;
    case 'storeAdded':
      return storeAdded(s, a);

    case 'openExport': {
      const entry = selectedEntry(s);
      const run = currentRun(s, entry);
      if (!entry || !run?.outcome) return { ...s, message: 'nothing to export yet: no finished probe for this target' };
      const rows = chainSelectable(run.outcome.report, chainView(s));
      const store = (s.focus === 'chain' ? rows[s.chainCursor]?.store : null) ?? run.stores[0] ?? s.stores[0] ?? '';
      return {
        ...s,
        message: null,
        overlay: {
          kind: 'export',
          token: a.token,
          targetId: entry.target.id,
          tls: currentTls(s, entry),
          store,
          step: 'choose',
          cursor: 0,
          exportKind: null,
          plan: null,
          path: '',
          force: false,
          result: null,
          error: null,
        },
      };
    }
    case 'exportMove':
      return s.overlay?.kind === 'export' && s.overlay.step === 'choose'
        ? { ...s, overlay: { ...s.overlay, cursor: clamp(s.overlay.cursor + a.delta, 0, EXPORT_KINDS.length - 1) } }
        : s;
    case 'exportChoose':
      return s.overlay?.kind === 'export' && s.overlay.step === 'choose'
        ? { ...s, overlay: { ...s.overlay, step: 'planning', exportKind: EXPORT_KINDS[s.overlay.cursor]! } }
        : s;
    case 'exportPlanned':
      return s.overlay?.kind === 'export' && s.overlay.token === a.token && s.overlay.step === 'planning'
        ? { ...s, overlay: { ...s.overlay, step: 'confirm', plan: a.plan, path: a.plan.path } }
        : s;
    case 'exportConfirm':
      if (s.overlay?.kind !== 'export' || s.overlay.step !== 'confirm') return s;
      if (s.overlay.path.trim() === '') return { ...s, overlay: { ...s.overlay, error: 'type the path to write to' } };
      return { ...s, overlay: { ...s.overlay, step: 'writing', force: false, error: null } };
    case 'exportOverwrite':
      // The second key: only once the write was refused because the file exists.
      return s.overlay?.kind === 'export' && s.overlay.step === 'exists'
        ? { ...s, overlay: { ...s.overlay, step: 'writing', force: true } }
        : s;
    case 'exportEditPath':
      return s.overlay?.kind === 'export' && s.overlay.step === 'exists'
        ? { ...s, overlay: { ...s.overlay, step: 'confirm', result: null } }
        : s;
    case 'exportWritten':
      if (s.overlay?.kind !== 'export' || s.overlay.token !== a.token) return s;
      if (a.result.exists && !s.overlay.force) return { ...s, overlay: { ...s.overlay, step: 'exists', result: a.result } };
      return { ...s, overlay: { ...s.overlay, step: 'done', result: a.result } };
    case 'exportFailed':
      return s.overlay?.kind === 'export' && s.overlay.token === a.token
        ? { ...s, overlay: { ...s.overlay, step: 'done', error: a.message } }
        : s;
    case 'closeOverlay':
      return s.overlay ? { ...s, overlay: null } : s;

    case 'tick':
      return { ...s, tick: s.tick + 1 };
    case 'message':
      return { ...s, message: a.text };
  }
}
