import { TLS_CHOICES, type TlsChoice, type TuiEngine, type TuiTarget } from './engine.js';
import { resolveKey, type Command } from './keymap.js';
import type { Size } from './layout.js';
import { createLimiter } from './limit.js';
import { overlayScope, parseTargetInput, type Pane } from './state.js';
import { currentRun, currentTls, isBusy, selectedEntry } from './state-selectors.js';
import type { Store } from './store.js';

/**
 * The effects: probing (bounded concurrency, abortable), re-analysis, export, the spinner tick. Everything else is
 * a plain action. The engine is injected; the controller never renders.
 */

export const PROBE_CONCURRENCY = 8;
const TICK_MS = 100;

export interface Controller {
  start(): Promise<void>;
  command(scope: Pane | 'help' | 'add' | 'stores' | 'storePath' | 'export' | 'exportPath' | 'finding', cmd: Command): void;
  typed(text: string): void;
  /** Keys that arrived together, each routed by the state at the time it is handled (scope = overlay or focus). */
  keys(names: string[]): void;
  /** The terminal was resized. */
  resize(size: Size): void;
  dispose(): void;
}

function oneLine(e: unknown): string {
  const m = e instanceof Error ? e.message : String(e);
  return m.split('\n')[0] ?? m;
}

export function createController(engine: TuiEngine, store: Store, onQuit: () => void): Controller {
  const limit = createLimiter(PROBE_CONCURRENCY);
  const aborts = new Map<string, AbortController>();
  let seq = 0;
  let token = 0;
  let timer: ReturnType<typeof setInterval> | null = null;
  let disposed = false;
  const { dispatch } = store;

  const syncTimer = () => {
    const busy = !disposed && isBusy(store.getState());
    if (busy && !timer) timer = setInterval(() => dispatch({ type: 'tick' }), TICK_MS);
    if (!busy && timer) {
      clearInterval(timer);
      timer = null;
    }
  };
  const unsubscribe = store.subscribe(syncTimer);

  const sameStores = (a: string[], b: string[]) => a.length === b.length && a.every((x, i) => x === b[i]);

  function reanalyze(id: string, tls: TlsChoice): void {
    const entry = store.getState().targets.find((e) => e.target.id === id);
    const run = entry?.runs[tls];
    if (!run?.outcome || run.phase !== 'done') return;
    const { stores, aia } = store.getState();
    const rseq = ++seq;
    const at = run.seq;
    dispatch({ type: 'reanalyzeStarted', id, tls, seq: at, rseq });
    engine.reanalyze(run.outcome, { stores: [...stores], aia }).then(
      (outcome) => dispatch({ type: 'reanalyzeDone', id, tls, seq: at, rseq, outcome, stores }),
      (e: unknown) => dispatch({ type: 'reanalyzeFailed', id, tls, seq: at, rseq, message: oneLine(e) }),
    );
  }

  function probe(t: TuiTarget, tls: TlsChoice): void {
    const key = `${t.id}\u0000${tls}`;
    aborts.get(key)?.abort();
    const ac = new AbortController();
    aborts.set(key, ac);
    const mine = ++seq;
    const stores = [...store.getState().stores];
    const aia = store.getState().aia;
    dispatch({ type: 'probeQueued', id: t.id, tls, seq: mine, stores });
    void limit(async () => {
      if (ac.signal.aborted || disposed) return;
      dispatch({ type: 'probeStarted', id: t.id, tls, seq: mine });
      try {
        const outcome = await engine.probe(t, { tls, stores, aia }, ac.signal);
        if (ac.signal.aborted || disposed) return;
        dispatch({ type: 'probeDone', id: t.id, tls, seq: mine, outcome });
        // The stores or AIA may have changed while the probe ran: bring the verdicts up to date without re-probing.
        const now = store.getState();
        if (!sameStores(stores, now.stores) || aia !== now.aia) reanalyze(t.id, tls);
      } catch (e) {
        if (!ac.signal.aborted && !disposed) dispatch({ type: 'probeFailed', id: t.id, tls, seq: mine, message: oneLine(e) });
      } finally {
        if (aborts.get(key) === ac) aborts.delete(key);
      }
    });
  }

  /**
   * Loads the store typed in the switcher's path input. The engine reads it asynchronously (the UI keeps drawing);
   * the answer is dropped when the input was closed meanwhile. Once it is added and applied, the verdicts follow
   * without re-probing, as when stores are switched.
   */
  function addStore(): void {
    const o = store.getState().overlay;
    if (o?.kind !== 'stores' || !o.input || o.input.loading !== null) return;
    const text = o.input.text.trim();
    if (text === '') return dispatch({ type: 'addError', message: 'type the path of a PEM or DER file, or of a folder of them' });
    const mine = ++token;
    dispatch({ type: 'storeLoading', token: mine });
    engine.addStore(text).then(
      (added) => {
        if (disposed) return;
        const before = store.getState().stores;
        dispatch({ type: 'storeAdded', token: mine, spec: added.spec, summary: added.summary });
        if (!sameStores(before, store.getState().stores)) reanalyzeAll();
      },
      (e: unknown) => {
        if (!disposed) dispatch({ type: 'storeFailed', token: mine, message: oneLine(e) });
      },
    );
  }

  function probeMissing(tls: TlsChoice): void {
    for (const e of store.getState().targets) if (!e.runs[tls]) probe(e.target, tls);
  }

  function reanalyzeAll(): void {
    for (const e of store.getState().targets) for (const tls of TLS_CHOICES) reanalyze(e.target.id, tls);
  }

  async function exportPlan(): Promise<void> {
    const s = store.getState();
    const o = s.overlay;
    if (o?.kind !== 'export' || o.step !== 'planning' || !o.exportKind) return;
    const run = s.targets.find((e) => e.target.id === o.targetId)?.runs[o.tls];
    if (!run?.outcome) return dispatch({ type: 'exportFailed', token: o.token, message: 'the probe result is gone' });
    try {
      const plan = await engine.exportPlan(run.outcome, o.exportKind, o.store, { aia: s.aia });
      dispatch({ type: 'exportPlanned', token: o.token, plan });
    } catch (e) {
      dispatch({ type: 'exportFailed', token: o.token, message: oneLine(e) });
    }
  }

  async function exportWrite(): Promise<void> {
    const s = store.getState();
    const o = s.overlay;
    if (o?.kind !== 'export' || o.step !== 'writing' || !o.exportKind || !o.plan) return;
    const run = s.targets.find((e) => e.target.id === o.targetId)?.runs[o.tls];
    if (!run?.outcome) return dispatch({ type: 'exportFailed', token: o.token, message: 'the probe result is gone' });
    try {
      const result = await engine.exportWrite(run.outcome, o.exportKind, o.store, o.path.trim(), { aia: s.aia, force: o.force });
      dispatch({ type: 'exportWritten', token: o.token, result });
    } catch (e) {
      dispatch({ type: 'exportFailed', token: o.token, message: oneLine(e) });
    }
  }

  function global(cmd: Command): void {
    const s = store.getState();
    switch (cmd) {
      case 'quit':
        return onQuit();
      case 'help':
        return dispatch({ type: 'openHelp' });
      case 'openFinding':
        return dispatch({ type: 'openFinding' });
      case 'focusNext':
        return dispatch({ type: 'focusNext' });
      case 'focusPrev':
        return dispatch({ type: 'focusPrev' });
      case 'toggleTls': {
        // The selected target only: probed at its new version when it has not been yet.
        dispatch({ type: 'toggleTls' });
        const after = store.getState();
        const e = selectedEntry(after);
        const tls = currentTls(after, e);
        if (e && !e.runs[tls]) probe(e.target, tls);
        return;
      }
      case 'toggleAia':
        // Verdicts (and export) with or without the fetched issuers: re-analyse, no re-probe.
        dispatch({ type: 'toggleAia' });
        return reanalyzeAll();
      case 'reprobe': {
        const e = selectedEntry(s);
        if (e) probe(e.target, currentTls(s, e));
        return;
      }
      case 'reprobeAll':
        for (const e of s.targets) probe(e.target, currentTls(s, e));
        return;
      case 'openStores':
        return dispatch({ type: 'openStores' });
      case 'openExport':
        return dispatch({ type: 'openExport', token: ++token });
      case 'openAdd':
        return dispatch({ type: 'openAdd' });
      default:
        return;
    }
  }

  const api: Controller = {
    async start() {
      try {
        const targets = await engine.targets();
        if (disposed) return;
        dispatch({ type: 'targetsLoaded', targets });
        probeMissing(store.getState().tls);
      } catch (e) {
        dispatch({ type: 'targetsFailed', message: `could not list targets: ${oneLine(e)}` });
      }
    },

    command(scope, cmd) {
      const s = store.getState();
      switch (scope) {
        case 'finding':
          if (cmd === 'cancel') dispatch({ type: 'closeOverlay' });
          if (cmd === 'up' || cmd === 'down') dispatch({ type: 'findingScroll', delta: cmd === 'up' ? -1 : 1 });
          return;
        case 'help':
          if (cmd === 'cancel') dispatch({ type: 'closeOverlay' });
          if (cmd === 'up' || cmd === 'down') dispatch({ type: 'helpScroll', delta: cmd === 'up' ? -1 : 1 });
          return;
        case 'add': {
          if (cmd === 'cancel') return dispatch({ type: 'closeOverlay' });
          if (cmd === 'erase') return dispatch({ type: 'addErase' });
          if (cmd !== 'confirm' || s.overlay?.kind !== 'add') return;
          const t = parseTargetInput(s.overlay.text);
          if ('error' in t) return dispatch({ type: 'addError', message: t.error });
          const known = s.targets.find((e) => e.target.id === t.id);
          dispatch({ type: 'addTarget', target: t });
          if (!known || !currentRun(store.getState())) probe(known?.target ?? t, currentTls(store.getState()));
          return;
        }
        case 'stores':
          if (cmd === 'up' || cmd === 'down') return dispatch({ type: 'storesMove', delta: cmd === 'up' ? -1 : 1 });
          if (cmd === 'toggle') return dispatch({ type: 'storesToggle' });
          if (cmd === 'openAddStore') return dispatch({ type: 'openStorePath' });
          if (cmd === 'cancel') return dispatch({ type: 'closeOverlay' });
          if (cmd === 'confirm') {
            const before = s.stores;
            dispatch({ type: 'storesApply' });
            const after = store.getState();
            if (after.overlay === null && !sameStores(before, after.stores)) reanalyzeAll();
          }
          return;
        case 'storePath':
          if (cmd === 'cancel') return dispatch({ type: 'closeStorePath' });
          if (cmd === 'erase') return dispatch({ type: 'addErase' });
          if (cmd === 'confirm') addStore();
          return;
        case 'export':
          if (cmd === 'up' || cmd === 'down') return dispatch({ type: 'exportMove', delta: cmd === 'up' ? -1 : 1 });
          if (cmd === 'cancel') return dispatch({ type: 'closeOverlay' });
          if (cmd === 'enter') {
            if (s.overlay?.kind === 'export' && s.overlay.step === 'done') return dispatch({ type: 'closeOverlay' });
            if (s.overlay?.kind === 'export' && s.overlay.step === 'exists') return dispatch({ type: 'exportEditPath' });
            dispatch({ type: 'exportChoose' });
            void exportPlan();
          }
          if (cmd === 'overwrite') {
            dispatch({ type: 'exportOverwrite' });
            void exportWrite();
          }
          return;
        case 'exportPath':
          if (cmd === 'cancel') return dispatch({ type: 'closeOverlay' });
          if (cmd === 'erase') return dispatch({ type: 'addErase' });
          if (cmd === 'confirm') {
            dispatch({ type: 'exportConfirm' });
            void exportWrite();
          }
          return;
        default:
          if (cmd === 'up' || cmd === 'down') return dispatch({ type: 'move', delta: cmd === 'up' ? -1 : 1 });
          if (cmd === 'pageUp' || cmd === 'pageDown') return dispatch({ type: 'move', delta: cmd === 'pageUp' ? -10 : 10 });
          if (cmd === 'enter') return dispatch({ type: 'enter' });
          if (cmd === 'back') return dispatch({ type: 'back' });
          if (cmd === 'nextPath') return dispatch({ type: 'nextPath' });
          return global(cmd);
      }
    },

    typed(text) {
      dispatch({ type: 'addInput', text });
    },

    resize(size) {
      dispatch({ type: 'resize', size });
    },

    keys(names) {
      for (const name of names) {
        const s = store.getState();
        if (name === 'ctrl-c') {
          api.command('targets', 'quit');
          continue;
        }
        const scope = s.overlay ? overlayScope(s.overlay) : s.focus;
        const cmd = resolveKey(scope, name) ?? (s.overlay ? null : resolveKey('global', name));
        const typing = scope === 'add' || scope === 'storePath' || scope === 'exportPath';
        if (cmd) api.command(scope, cmd);
        else if (typing && Array.from(name).length === 1) api.typed(name);
        else if (typing && name === 'space') api.typed(' ');
      }
    },

    dispose() {
      disposed = true;
      unsubscribe();
      if (timer) clearInterval(timer);
      timer = null;
      for (const ac of aborts.values()) ac.abort();
      aborts.clear();
    },
  };
  return api;
}
