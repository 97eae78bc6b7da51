import type { ProbeOutcome, TlsChoice } from './engine.js';
import type { Run, State, TargetEntry } from './state-types.js';
import { causeLines, headerText, runOf, targetRows } from './target-rows.js';
import { wrapText } from './format.js';
import { layout, type Layout } from './layout.js';
import { wrapLines, type ChainView } from './selectors.js';

/** Selectors of the TUI state, used by the reducer and the components. */

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
