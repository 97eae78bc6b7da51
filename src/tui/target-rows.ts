import { SPINNER, storeLabels } from './format.js';
import { isRunBusy, targetStatus, worstFinding, wrapLines, type Item, type Line } from './selectors.js';
import type { Run, State, TargetEntry } from './state-types.js';
import { MARK_WIDTH } from './layout.js';
import { columns } from '../util/columns.js';
import { fixFor } from './fixes.js';

/** The targets list and the cause strip under it, as lines: the layout sizes the panes by them (pure). */

function glyph(kind: ReturnType<typeof targetStatus>['kind'], busy: boolean, tick: number): string {
  if (busy) return SPINNER[tick % SPINNER.length]!;
  return { idle: '·', queued: '·', probing: '⠿', error: '✗', trusted: '✓', untrusted: '✗', partial: '!' }[kind];
}

/** The run shown for a target: at the TLS version chosen for it (`t` sets it per target), else the global one. */
export function runOf(s: Pick<State, 'tls'>, e: TargetEntry | null): Run | null {
  return e ? (e.runs[e.tls ?? s.tls] ?? null) : null;
}

/**
 * One item per target: "✓ label  ✓system ✗corp  CODE". When the row does not fit the width, the store verdicts go
 * on their own rows under the label, wrapped (never cut), so every chosen store's label stays on screen.
 */
export function targetItems(s: State, width: number): Item[] {
  const labels = storeLabels(s.stores);
  return s.targets.map((e) => {
    const run = runOf(s, e);
    const st = targetStatus(run, labels);
    const ref = run?.outcome?.reference;
    const refText = ref ? `  (reference ${labels.get(ref.name) ?? ref.name}: ${ref.trusted ? '✓' : '✗'})` : '';
    const tls = e.tls && e.tls !== s.tls ? ` [TLS ${e.tls}]` : '';
    const head = `${glyph(st.kind, isRunBusy(run), s.tick)} ${e.target.label}${tls}`;
    if (st.kind === 'error') return { selectable: true, lines: [{ text: `${head}  error: ${st.detail}`, tone: st.tone, wrap: true, indent: 4 }] };
    const one = `${head}  ${st.stores}${refText}${st.detail ? `  ${st.detail}` : ''}`;
    if (columns(one) <= width) return { selectable: true, lines: [{ text: one, tone: st.tone }] };
    const lines: Line[] = [
      { text: `${head}${st.detail ? `  ${st.detail}` : ''}`, tone: st.tone, wrap: true, indent: 2 },
      { text: `  ${st.stores}${refText}`, tone: st.tone, wrap: true, indent: 2 },
    ];
    return { selectable: true, lines };
  });
}

/** The header: TLS and every chosen store by its short label; the report time only when it fits beside them. */
export function headerText(s: State, width: number): string {
  const labels = storeLabels(s.stores);
  const selected = s.targets[s.selected] ?? null;
  const head = `chaindbg  TLS ${selected?.tls ?? s.tls}  stores: ${s.stores.map((x) => labels.get(x) ?? x).join(', ')}`;
  const now = runOf(s, selected)?.outcome?.report.now;
  return now && columns(`${head}  at ${now}`) <= width ? `${head}  at ${now}` : head;
}

/** Rows the targets list takes at `width` (the list's own width, the mark column included). */
export function targetRows(s: State, width: number): number {
  return targetItems(s, width - MARK_WIDTH).reduce((n, it) => n + wrapLines(it.lines, width - MARK_WIDTH).length, 0);
}

/**
 * The selected target's cause and its fix (the FINDINGS table's words), wrapped to be read whole: what the strip
 * under the targets shows. Empty while there is no report, or nothing to fix.
 */
export function causeLines(s: State): Line[] {
  const run = runOf(s, s.targets[s.selected] ?? null);
  const report = run?.outcome?.report ?? null;
  const cause = worstFinding(report, true);
  // Nothing to fix: the target's row already says ✓ for every store.
  if (!report || !cause) return [];
  const mark = cause.severity === 'error' ? '✗' : '!';
  return [
    { text: `${mark} cause: ${cause.code}: ${cause.message}`, tone: cause.severity === 'error' ? 'bad' : 'warn', wrap: true, indent: 2 },
    { text: `  fix: ${fixFor(cause.code, cause.evidence)}`, tone: 'accent', wrap: true, indent: 7 },
  ];
}
