import { certDetailLines } from './details.js';
import { causeItems, causesOf } from './causes.js';
import { PANES, type State } from './state-types.js';
import { MARK_WIDTH } from './layout.js';
import { chainSelectable, handshakeLines, wrapLines } from './selectors.js';
import { chainView, currentOutcome, currentTls, paneLayout, selectedEntry } from './state-selectors.js';

/**
 * Moving about the panes: the cursor and scroll of each pane, the next valid path of a store, the focus; and where
 * the cursors and scrolls about one target start.
 */

export function clamp(n: number, lo: number, hi: number): number {
  return Math.max(lo, Math.min(hi, n));
}

/** Cursors, scrolls and open details of the panes about one target: where a newly selected target starts. */
export function detailStart() {
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

export function resetDetail(s: State): State {
  return { ...s, ...detailStart() };
}

/** `s` with `key` set to `value`, or `s` itself when nothing changes (so the store does not redraw). */
function withValue<K extends keyof State>(s: State, key: K, value: State[K]): State {
  return s[key] === value ? s : { ...s, [key]: value };
}

export function moveInPane(s: State, delta: number): State {
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
export function nextPath(s: State): State {
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

export function cycleFocus(s: State, step: number): State {
  const i = PANES.indexOf(s.focus);
  const focus = PANES[(i + step + PANES.length) % PANES.length]!;
  return { ...s, focus, detail: focus === 'targets' ? s.detail : focus };
}
