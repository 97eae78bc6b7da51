import type { Finding, Severity } from '../model/finding.js';
import type { CertOrigin, PathElement, Report, StoreVerdict } from '../model/report.js';
import { TLS_CHOICES, type CertDetail, type TlsChoice } from './engine.js';
import type { Run, State, TargetEntry } from './state-types.js';
import { shortHex, storeLabel, wrapText } from './format.js';
import { describeStaple } from '../report/staple.js';

/** Pure derivations from the report and the state: what each pane lists, in order. */

export type Tone = 'ok' | 'bad' | 'warn' | 'info' | 'accent';

export interface Line {
  text: string;
  tone?: Tone;
  bold?: boolean;
  /** Wrap to the pane width instead of cutting the row (text meant to be read whole: details, explanations). */
  wrap?: boolean;
  /** With `wrap`: spaces in front of the continuation rows. */
  indent?: number;
}

/** The rows `lines` take at `width`: wrapped lines become several, the others stay one row (cut when drawn). */
export function wrapLines(lines: readonly Line[], width: number): Line[] {
  return lines.flatMap((l) => {
    if (!l.wrap) return [l];
    return wrapText(l.text, width, l.indent ?? 0).map((text) => ({ text, tone: l.tone, bold: l.bold }));
  });
}

/** A block of lines that the cursor can stop on (or not). */
export interface Item {
  lines: Line[];
  selectable: boolean;
}

const SEVERITY_RANK: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

export function severityTone(s: Severity): Tone {
  return s === 'error' ? 'bad' : s === 'warning' ? 'warn' : 'info';
}

/** Findings, most important first (stable: the report's ranking within a severity is kept). */
export function findingsSorted(report: Report | null): Finding[] {
  if (!report) return [];
  return report.findings
    .map((f, i) => ({ f, i }))
    .sort((a, b) => SEVERITY_RANK[a.f.severity] - SEVERITY_RANK[b.f.severity] || a.i - b.i)
    .map((x) => x.f);
}

/** The most important problem; with `cause`, not a client's verdict (GO_VERDICT and the like repeat a cause). */
export function worstFinding(report: Report | null, cause = false): Finding | null {
  const sorted = findingsSorted(report);
  const top = (cause ? sorted.find((f) => !f.code.endsWith('_VERDICT')) : undefined) ?? sorted[0];
  return top && top.severity !== 'info' ? top : null;
}

/** The stores the switcher offers: the engine's list, then any active store it does not know (custom SPECs). */
export function storeChoices(s: Pick<State, 'availableStores' | 'stores'>): string[] {
  const out = [...s.availableStores];
  for (const x of s.stores) if (!out.includes(x)) out.push(x);
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// Chain pane

export interface ChainCertRow {
  /** 'sent' or the store's name. */
  section: string;
  store: string | null;
  sha256: string;
  subject: string;
  origin: CertOrigin;
  sentIndex: number | null;
  depth: number;
  link: PathElement['link'];
  problems: string[];
}

/** What the chain pane shows beyond the report: the valid path chosen per store, and the unsent certificates. */
export interface ChainView {
  /** Index into a store's validPaths, by store name (0, the best path, when absent). */
  paths?: Readonly<Record<string, number>>;
  unsent?: Readonly<Record<string, CertDetail>>;
}

export type ChainRow =
  | { kind: 'heading'; text: string; tone: Tone }
  | { kind: 'note'; text: string; tone: Tone }
  | ({ kind: 'cert' } & ChainCertRow);

/** Which of the store's valid paths is shown: the chosen one, wrapped into range; 0 (the best) by default. */
export function pathShown(v: StoreVerdict, view: ChainView = {}): number {
  const n = v.validPaths.length;
  if (n < 2) return 0;
  const i = view.paths?.[v.name] ?? 0;
  return ((i % n) + n) % n;
}

function storeHeading(v: StoreVerdict, shown: number): { text: string; tone: Tone } {
  const n = v.validPaths.length;
  const which = n > 1 ? `path ${shown + 1} of ${n}, ${v.validPaths[shown]!.length} certs; p: next` : null;
  if (v.trusted) return { text: `${v.label ?? storeLabel(v.name)}: ✓ trusted (${which ?? `path of ${v.path.length}`})`, tone: 'ok' };
  const top = findingsSorted({ findings: v.findings } as Report).find((f) => f.severity === 'error');
  return { text: `${v.label ?? storeLabel(v.name)}: ✗ not trusted${top ? ` — ${top.code}` : ''}${which ? ` (${which})` : ''}`, tone: 'bad' };
}

/**
 * Another valid path of the store, element by element. The report keeps link details for the best path only; on a
 * valid path every link holds, the last certificate is the store's anchor, and one neither sent nor an anchor was
 * fetched over AIA.
 */
function otherPath(report: Report, shas: string[], view: ChainView): PathElement[] {
  return shas.map((sha, i): PathElement => {
    const sent = report.sent.find((c) => c.sha256 === sha);
    const last = i === shas.length - 1;
    const origin: CertOrigin = last ? 'store' : sent ? 'sent' : 'aia';
    return {
      sha256: sha,
      subject: sent?.subject ?? view.unsent?.[sha]?.subject ?? `sha256 ${shortHex(sha)}`,
      origin,
      sentIndex: origin === 'sent' ? sent!.index : null,
      link: last ? null : { ok: true, reason: null },
      problems: [],
    };
  });
}

export function chainRows(report: Report | null, view: ChainView = {}): ChainRow[] {
  if (!report) return [];
  const rows: ChainRow[] = [{ kind: 'heading', text: `Sent by the server (${report.sent.length})`, tone: 'accent' }];
  if (report.sent.length === 0) rows.push({ kind: 'note', text: '  no certificate was sent', tone: 'bad' });
  for (const c of report.sent) {
    rows.push({
      kind: 'cert',
      section: 'sent',
      store: null,
      sha256: c.sha256,
      subject: c.subject,
      origin: 'sent',
      sentIndex: c.index,
      depth: 0,
      link: null,
      problems: [],
    });
  }
  for (const v of report.stores) {
    const shown = pathShown(v, view);
    rows.push({ kind: 'heading', ...storeHeading(v, shown) });
    const chain = shown === 0 ? v.chain : otherPath(report, v.validPaths[shown]!, view);
    if (chain.length === 0) rows.push({ kind: 'note', text: '  no path could be started', tone: 'bad' });
    chain.forEach((el, depth) => {
      rows.push({
        kind: 'cert',
        section: v.name,
        store: v.name,
        sha256: el.sha256,
        subject: el.subject,
        origin: el.origin,
        sentIndex: el.sentIndex,
        depth,
        link: el.link,
        problems: el.problems,
      });
    });
  }
  return rows;
}

export function chainSelectable(report: Report | null, view: ChainView = {}): ChainCertRow[] {
  return chainRows(report, view).filter((r): r is { kind: 'cert' } & ChainCertRow => r.kind === 'cert');
}

function originTag(r: ChainCertRow): string {
  return r.origin === 'sent' ? `sent #${r.sentIndex ?? '?'}` : r.origin;
}

/** The chain as items: headings and notes are not selectable; a broken link adds its reason on a second line. */
export function chainItems(report: Report | null, view: ChainView = {}): Item[] {
  return chainRows(report, view).map((r): Item => {
    if (r.kind !== 'cert') return { selectable: false, lines: [{ text: r.text, tone: r.tone, bold: r.kind === 'heading', wrap: true, indent: 2 }] };
    const hang = 2 * r.depth + 4;
    const indent = '  '.repeat(r.depth);
    const branch = r.depth > 0 ? '└ ' : '';
    const shown = r.problems.filter((p) => p !== r.link?.reason);
    const problems = shown.length ? `  ! ${shown.join(', ')}` : '';
    if (r.section === 'sent') {
      return { selectable: true, lines: [{ text: `#${r.sentIndex} ${r.subject}`, wrap: true, indent: 3 }] };
    }
    if (r.link === null) {
      return {
        selectable: true,
        lines: [{ text: `${indent}${branch}◆ ${r.subject} [${originTag(r)}]${problems}`, tone: problems ? 'warn' : undefined, wrap: true, indent: hang }],
      };
    }
    if (r.link.ok) {
      return {
        selectable: true,
        lines: [{ text: `${indent}${branch}✓ ${r.subject} [${originTag(r)}]${problems}`, tone: problems ? 'warn' : 'ok', wrap: true, indent: hang }],
      };
    }
    const reason = r.link.reason ?? 'no issuer found';
    // When the reason is a finding code, say what that finding says about this certificate on this store.
    const f = report?.findings.find(
      (x) => x.code === reason && (x.store === null || x.store === r.store) && (x.cert === null || x.cert === r.sentIndex),
    );
    return {
      selectable: true,
      lines: [
        { text: `${indent}${branch}✗ ${r.subject} [${originTag(r)}]${problems}`, tone: 'bad', wrap: true, indent: hang },
        { text: `${indent}    broken: ${reason}${f ? ` — ${f.message}` : ''}`, tone: 'bad', wrap: true, indent: hang + 8 },
      ],
    };
  });
}

// ---------------------------------------------------------------------------------------------------------------
// Targets pane

export interface TargetStatus {
  /** 'idle' | 'queued' | 'probing' | 'error' | 'trusted' | 'untrusted' */
  kind: 'idle' | 'queued' | 'probing' | 'error' | 'trusted' | 'untrusted' | 'partial';
  /** "✓system ✗mozilla", or the error, or "waiting". */
  stores: string;
  /** Worst finding code, or the error. */
  detail: string;
  tone: Tone | undefined;
}

export function targetStatus(run: Run | null, labels?: ReadonlyMap<string, string>): TargetStatus {
  if (!run) return { kind: 'idle', stores: 'not probed', detail: '', tone: undefined };
  if (run.phase === 'queued') return { kind: 'queued', stores: 'queued', detail: '', tone: undefined };
  if (run.phase === 'probing' && !run.outcome) return { kind: 'probing', stores: 'probing…', detail: '', tone: 'info' };
  if (run.phase === 'error' || !run.outcome) return { kind: 'error', stores: 'error', detail: run.error ?? '', tone: 'bad' };
  const r = run.outcome.report;
  const stores = r.stores.map((v) => `${v.trusted ? '✓' : '✗'}${v.label ?? labels?.get(v.name) ?? storeLabel(v.name)}`).join(' ');
  const all = r.stores.length > 0 && r.stores.every((v) => v.trusted);
  const some = r.stores.some((v) => v.trusted);
  const worst = worstFinding(r, true);
  return {
    kind: all ? 'trusted' : some ? 'partial' : 'untrusted',
    stores: stores || 'no store',
    detail: worst?.code ?? '',
    tone: all ? (worst?.severity === 'error' ? 'warn' : 'ok') : some ? 'warn' : 'bad',
  };
}

export function isRunBusy(run: Run | null): boolean {
  return !!run && (run.phase === 'queued' || run.phase === 'probing' || run.reanalyzing !== null);
}

// ---------------------------------------------------------------------------------------------------------------
// Handshake pane

/** True / false when both versions were probed (sent sha256 lists differ or not), null when one is missing. */
export function chainsDiffer(entry: TargetEntry | null): boolean | null {
  const a = entry?.runs['1.2']?.outcome?.report;
  const b = entry?.runs['1.3']?.outcome?.report;
  if (!a || !b) return null;
  const key = (r: Report) => r.sent.map((c) => c.sha256).join(',');
  return key(a) !== key(b);
}

function row(label: string, value: string, tone?: Tone): Line {
  return { text: `${label.padEnd(12)}${value}`, tone, wrap: true, indent: 12 };
}

function runSummary(tls: TlsChoice, run: Run | undefined): string {
  if (!run) return `TLS ${tls}: not probed`;
  if (run.phase === 'queued' || run.phase === 'probing') return `TLS ${tls}: probing`;
  if (run.phase === 'error' || !run.outcome) return `TLS ${tls}: failed`;
  const r = run.outcome.report;
  return `TLS ${tls}: ${r.tls?.version ?? 'no handshake'}, ${r.sent.length} sent`;
}

export function handshakeLines(entry: TargetEntry | null, tls: TlsChoice): Line[] {
  if (!entry) return [{ text: 'no target selected' }];
  const run = entry.runs[tls];
  const out: Line[] = [{ text: `TLS ${tls} probe of ${entry.target.target}`, tone: 'accent', bold: true }];
  const r = run?.outcome?.report ?? null;
  if (!run) out.push({ text: 'not probed at this version yet: press r' });
  else if (run.phase === 'error') out.push({ text: `failed: ${run.error ?? 'unknown error'}`, tone: 'bad' });
  else if (!r) out.push({ text: 'probing…', tone: 'info' });
  else if (!r.tls) out.push({ text: 'no handshake data in this report' });
  else {
    const t = r.tls;
    out.push(row('version', t.version ?? 'unknown'));
    out.push(row('cipher', t.cipher ?? 'unknown'));
    out.push(row('group', t.group ?? 'unknown'));
    out.push(row('ALPN', t.alpn ?? 'none'));
    out.push(row('HRR', t.helloRetryRequest ? 'yes (HelloRetryRequest)' : 'no'));
    out.push(
      row('chain auth', t.chainAuthenticated ? 'yes' : 'no: chain not authenticated by Finished', t.chainAuthenticated ? 'ok' : 'warn'),
    );
    if (t.ocsp) {
      const o = t.ocsp;
      const tone: Tone = o.status === 'good' ? 'ok' : o.status === 'revoked' ? 'bad' : 'warn';
      out.push(row('OCSP', describeStaple(o), tone));
    } else out.push(row('OCSP', 'none stapled'));
    const sources = [...new Set(t.scts.map((s) => s.source))].join(', ');
    out.push(row('SCTs', t.scts.length ? `${t.scts.length} (${sources})` : 'none'));
    if (t.alerts.length === 0) out.push(row('alerts', 'none'));
    for (const [i, al] of t.alerts.entries()) {
      const times = (al.count ?? 1) > 1 ? ` x${al.count} in a row` : '';
      out.push(row(i === 0 ? 'alerts' : '', `${al.level} ${al.name} (${al.code}) from ${al.from}${times}`, al.level === 'fatal' ? 'bad' : 'warn'));
    }
    const ms = (n: number | null) => (n === null ? '?' : `${Math.round(n)} ms`);
    out.push(row('timings', `connect ${ms(t.timings.connectMs)}, handshake ${ms(t.timings.handshakeMs)}, total ${ms(t.timings.totalMs)}`));
  }
  out.push({ text: 'Compare (t switches version: auto, 1.2, 1.3)', tone: 'accent', bold: true });
  for (const v of TLS_CHOICES) out.push({ text: runSummary(v, entry.runs[v]) });
  const differ = chainsDiffer(entry);
  if (differ === null) out.push({ text: 'probe 1.2 and 1.3 (t) to compare the chains' });
  else if (differ) out.push({ text: 'chains differ between TLS 1.2 and TLS 1.3', tone: 'bad', bold: true });
  else out.push({ text: 'same chain sent at both versions', tone: 'ok' });
  return out;
}
