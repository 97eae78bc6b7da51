import type { TlsChoice, TuiTarget } from './engine.js';
import { EXPORT_KINDS, TLS_CHOICES } from './engine.js';
import { findingDetailLines } from './details.js';
import { causesOf } from './causes.js';
import { helpColumns } from './help.js';
import type { Scope } from './keymap.js';
import type { Action, Overlay, Run, State } from './state-types.js';
import { parseTarget } from '../capture/target.js';
import { DEFAULT_SIZE, type Size } from './layout.js';
import { chainSelectable, worstFinding, findingsSorted, storeChoices, wrapLines } from './selectors.js';
import { chainView, currentOutcome, currentRun, currentTls, paneLayout, selectedEntry } from './state-selectors.js';
import { clamp, cycleFocus, detailStart, moveInPane, nextPath, resetDetail } from './state-moves.js';
import { editInput, inChoiceOrder, storeAdded } from './state-overlays.js';

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