import type { Cause, Report } from '../model/report.js';
import { fixFor } from './fixes.js';
import { showValue } from './format.js';
import { severityTone, type Item, type Line } from './selectors.js';

/**
 * The Findings pane lists causes, not findings (the report's grouping, diagnose/causes.ts): one row per cause, a row
 * of store and client columns under it, and the consequences folded inside, shown when the cause is expanded.
 */

/** The report's causes (a report made without them lists one cause per finding). */
export function causesOf(report: Report | null): Cause[] {
  if (!report) return [];
  return (
    report.causes ??
    report.findings.map((f, i) => ({ code: f.code, severity: f.severity, cert: f.cert, message: f.message, stores: f.store ? [f.store] : [], clients: [], findings: [i] }))
  );
}

/** A store's short unique label in this report (model/store-label.ts, set by the report builder). */
export function labelIn(report: Report, spec: string): string {
  return report.stores.find((v) => v.name === spec)?.label ?? spec;
}

/** "stores ✗corp ✗mozilla ·system  go ✗ openssl ✗": the columns of one cause. */
export function causeColumns(report: Report, cause: Cause): string {
  const hit = new Set(cause.stores);
  const stores = report.stores.map((v) => `${hit.has(v.name) ? '✗' : '·'}${v.label ?? v.name}`).join(' ');
  const clients = (['go', 'openssl', 'browser'] as const)
    .filter((c) => cause.clients.some((x) => x.client === c))
    .map((c) => {
      const rows = cause.clients.filter((x) => x.client === c);
      return `${c} ${rows.some((x) => x.accepts === false) ? '✗' : rows.some((x) => x.accepts === null) ? '?' : '✓'}`;
    })
    .join(' ');
  return [stores ? `stores ${stores}` : '', clients].filter(Boolean).join('  ');
}

/**
 * The causes as items: each one's key line whole (wrapped, never cut) with its store/client columns, the selected
 * one (`cursor`) with its fix under it; an expanded one (enter) with its evidence and the findings folded under it.
 */
export function causeItems(report: Report | null, expanded: readonly number[], cursor = -1): Item[] {
  if (!report) return [];
  return causesOf(report).map((cause, i): Item => {
    const mark = cause.severity === 'error' ? '✗' : cause.severity === 'warning' ? '!' : 'i';
    const cert = cause.cert !== null ? ` [#${cause.cert}]` : '';
    const tone = severityTone(cause.severity);
    const open = expanded.includes(i);
    const head: Line = { text: `${open ? '▾' : '▸'} ${mark} ${cause.code}${cert} ${cause.message}`, tone, wrap: true, indent: 4 };
    const columns = causeColumns(report, cause);
    const lines: Line[] = [head];
    if (columns) lines.push({ text: `    ${columns}`, wrap: true, indent: 6 });
    const lead = report.findings[cause.findings[0]!]!;
    if (!open) {
      if (i === cursor) lines.push({ text: `    fix: ${fixFor(lead.code, lead.evidence)}`, tone: 'accent', wrap: true, indent: 9 });
      return { selectable: true, lines };
    }
    lines.push({ text: `    ${cause.severity}: ${cause.message}`, wrap: true, indent: 6 });
    for (const [k, v] of Object.entries(lead.evidence)) lines.push({ text: `    ${k}: ${showValue(v)}`, wrap: true, indent: 6 });
    for (const n of cause.findings.slice(1)) {
      const f = report.findings[n]!;
      lines.push({ text: `    + ${f.code}${f.store ? ` (${labelIn(report, f.store)})` : ''}: ${f.message}`, wrap: true, indent: 6 });
    }
    lines.push({ text: `    fix: ${fixFor(lead.code, lead.evidence)}`, tone: 'accent', wrap: true, indent: 9 });
    return { selectable: true, lines };
  });
}
