import type { Finding } from '../model/finding.js';
import { fixFinding } from '../model/findings.js';
import type { Cause, Report, StoreVerdict, TlsInfo } from '../model/report.js';
import { plainStyle, type Style } from './style.js';
import { describeStaple } from './staple.js';
import { terminalSafe } from '../model/terminal-text.js';
import { redactDeep } from '../model/redact.js';
import { chunkColumns, columns } from '../util/columns.js';

const day = (iso: string) => iso.slice(0, 10);
const short = (sha: string) => sha.slice(0, 16);

/** The human report: the chain as sent, the handshake, each store's path link by link, then the findings. */
export function renderText(shown: Report, style: Style = plainStyle, width = 0): string {
  // Every string of the report was chosen by a stranger (names, SANs, URLs, alert text): shown escaped and redacted.
  const report = terminalSafe(redactDeep(shown));
  const out: string[] = [];
  const s = style;
  if (report.target) {
    const t = report.target;
    const via = [t.connect ? `via ${t.connect}` : '', t.proxy ? `through proxy ${t.proxy}` : ''].filter(Boolean);
    const host = t.host.includes(':') ? `[${t.host}]` : t.host;
    out.push(s.bold(`Target ${host}:${t.port}`) + (via.length ? ` (${via.join(', ')})` : '') +
      `  SNI ${t.servername ?? '(none)'}`);
  }
  if (report.tls) out.push(...renderTls(report.tls, s), '');
  out.push(s.bold(`Chain as sent (${report.sent.length} certificate${report.sent.length === 1 ? '' : 's'})`) +
    s.dim(`  checked at ${report.now}${report.host ? `, for ${report.host}` : ''}`));
  for (const c of report.sent) {
    out.push(`  [${c.index}] ${c.subject}`);
    out.push(s.dim(`      issuer ${c.issuer}`));
    out.push(s.dim(`      valid  ${day(c.notBefore)} .. ${day(c.notAfter)}  ${c.key}  sha256 ${short(c.sha256)}`));
  }
  for (const store of report.stores) out.push('', ...renderStore(store, s));
  out.push('', ...renderFindings(report, s), ...causeAndFix(report, s));
  const lines = width > 0 ? out.flatMap((l) => wrapLine(l, width)) : out;
  return `${lines.join('\n')}\n`;
}

// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-9;]*m/g;

/**
 * Wraps one line at spaces to `width` terminal columns (a CJK character or an emoji counts two, colour codes none),
 * continuing under the text that follows the line's leading marks (indent + severity + code): long findings stay
 * readable on an 80-column terminal. A word wider than the line (a long name without spaces) is cut, so no line is
 * ever wider than `width`.
 */
export function wrapLine(line: string, width: number): string[] {
  if (columns(line) <= width) return [line];
  const plain = line.replace(ANSI, '');
  const lead = /^(\s*(?:(?:error|warning|info)\s+[A-Z_]+[^:]*:\s|[✓✗]\s|\S+\s)?)/.exec(plain)?.[1] ?? '';
  const indent = ' '.repeat(Math.min(columns(lead), Math.floor(width / 3)));
  const out: string[] = [];
  let cur = '';
  for (const w of line.split(' ')) {
    const candidate = cur === '' ? w : `${cur} ${w}`;
    if (cur !== '' && columns(candidate) > width) {
      out.push(cur);
      cur = `${indent}${w}`;
    } else cur = candidate;
    while (columns(cur) > width) {
      const [head] = chunkColumns(cur, width);
      out.push(head);
      cur = `${indent}${cur.slice(head.length)}`;
    }
  }
  if (cur.trim()) out.push(cur);
  return out;
}

function renderTls(tls: TlsInfo, s: Style): string[] {
  const lines = [
    `  ${tls.version ?? 'no TLS version negotiated'}  ${tls.cipher ?? ''}  ${tls.group ? `group ${tls.group}` : ''}` +
      `${tls.alpn ? `  ALPN ${tls.alpn}` : ''}${tls.helloRetryRequest ? '  HelloRetryRequest' : ''}`,
  ];
  if (tls.version && !tls.chainAuthenticated) lines.push(s.warn('  chain not authenticated by the server Finished'));
  if (tls.ocsp) {
    lines.push(`  OCSP stapled: ${describeStaple(tls.ocsp)}`);
  }
  if (tls.scts.length) lines.push(`  SCTs: ${tls.scts.map((x) => `${x.source} ${short(x.logId)}`).join(', ')}`);
  for (const a of tls.alerts) lines.push(s.warn(`  alert from ${a.from}: ${a.level} ${a.name} (${a.code})${(a.count ?? 1) > 1 ? ` x${a.count} in a row` : ''}`));
  const t = tls.timings;
  const ms = (v: number | null) => (v === null ? '-' : v.toFixed(1));
  lines.push(s.dim(`  connect ${ms(t.connectMs)} ms, handshake ${ms(t.handshakeMs)} ms, total ${ms(t.totalMs)} ms`));
  return [s.bold('Handshake'), ...lines.map((l) => l.replace(/ +$/, ''))];
}

function renderStore(store: StoreVerdict, s: Style): string[] {
  const verdict = store.trusted ? s.ok('TRUSTED') : s.bad('NOT TRUSTED');
  // The store's whole SPEC, once, here: the findings name it by its label, a suffix of it (or the NAME of NAME=PATH).
  const lines = [`${s.bold(`Store ${store.name}`)}: ${verdict}  ${s.dim(storeSummary(store.description))}`];
  if (!store.chain.length) lines.push(s.dim('  (no path could be started)'));
  store.chain.forEach((el, i) => {
    const where = el.origin === 'sent' ? `sent [${el.sentIndex}]` : el.origin;
    const probs = el.problems.length ? `  ${s.bad(el.problems.join(', '))}` : '';
    lines.push(`  ${i === 0 ? ' ' : ' '} ${el.subject}  ${s.dim(`(${where})`)}${probs}`);
    if (el.link) {
      lines.push(el.link.ok ? `    ${s.ok('✓')} ${s.dim('issued by')}` : `    ${s.bad('✗')} ${linkReason(store, el.link.reason, el.sentIndex)}`);
    }
  });
  if (store.validPaths.length > 1) lines.push(s.dim(`  ${store.validPaths.length} valid paths in this store`));
  if (store.search.exhausted) lines.push(s.bad('  path search stopped: budget exhausted'));
  return lines;
}

/** Descriptions that start with the store's own path (src/trust: file, folder, certdata), and what to keep of each. */
const PATH_DESCRIPTIONS: Array<[RegExp, (m: RegExpExecArray) => string]> = [
  [/^file .+: (\d+ roots?)$/, (m) => m[1]!],
  [/^folder .+: (\d+ files?, \d+ roots?)$/, (m) => m[1]!],
  [/^certdata .+ \((NSS [^()]*)\): (\d+ roots?, \d+ trusted for websites)$/, (m) => `${m[1]}: ${m[2]}`],
];

/**
 * A store's description for its verdict line, which already names the store by its path (the SPEC): a file, folder
 * or certdata store's resolved path is dropped so it appears once. Each pattern is anchored at the end, so a path
 * that itself holds ": 1" or " (" is dropped whole; any other description is shown as it is.
 */
export function storeSummary(description: string): string {
  for (const [re, keep] of PATH_DESCRIPTIONS) {
    const m = re.exec(description);
    if (m) return keep(m);
  }
  return description;
}

/** A broken link's reason in words: the store's finding for it when there is one, else its code. */
function linkReason(store: StoreVerdict, reason: string | null, sentIndex: number | null): string {
  if (!reason) return 'broken';
  const f =
    store.findings.find((x) => x.code === reason && x.cert === sentIndex) ?? store.findings.find((x) => x.code === reason);
  return f ? `${reason}: ${f.message}` : reason;
}

const mark = (f: { severity: Finding['severity'] }, s: Style) =>
  f.severity === 'error' ? s.bad('error  ') : f.severity === 'warning' ? s.warn('warning') : s.info('info   ');

function renderFindings(report: Report, s: Style): string[] {
  const { findings } = report;
  if (!findings.length) return [s.bold('Findings'), `  ${s.ok('none')}`];
  const labelOf = labeller(report);
  const lines = [s.bold('Findings (most important first)'), ...goHeadline(findings, s, labelOf)];
  for (const cause of causesOf(report)) {
    const f = findings[cause.findings[0]!]!;
    const where = cause.cert !== null ? ` [${cause.cert}]` : '';
    lines.push(`  ${mark(cause, s)} ${cause.code}${where}: ${withLabels(cause.message, labelOf, report.stores.map((v) => v.name))}`);
    const matrix = causeMatrix(report, cause, s, labelOf);
    if (matrix) lines.push(`        ${matrix}`);
    lines.push(...goWords(report, cause, s, labelOf));
    const folded = foldedCodes(report, cause);
    if (folded) lines.push(s.dim(`        folded: ${folded}`));
    lines.push(...findingDetail(f, s));
    // What to change, for every error: the table's words, as the TUI shows them.
    if (cause.severity === 'error') lines.push(`        ${s.dim('fix:')} ${fixFinding(f.code, f.evidence)}`);
  }
  return lines;
}

/** The causes of a report (a report made before causes existed groups its findings one per line). */
function causesOf(report: Report): Cause[] {
  return report.causes ?? report.findings.map((f, i) => ({ code: f.code, severity: f.severity, cert: f.cert, message: f.message, stores: f.store ? [f.store] : [], clients: [], findings: [i] }));
}

type LabelOf = (spec: string) => string;

function labeller(report: Report): LabelOf {
  const labels = new Map(report.stores.map((v) => [v.name, v.label ?? v.name] as const));
  return (spec) => labels.get(spec) ?? spec;
}

/** A message names stores by their SPEC; the findings section names them by label (the SPEC is in the store's view). */
function withLabels(message: string, labelOf: LabelOf, specs: string[]): string {
  let out = message;
  for (const spec of [...specs].sort((a, b) => b.length - a.length)) {
    const label = labelOf(spec);
    if (label !== spec) out = out.split(spec).join(label);
  }
  return out;
}

/** stores ✗a ✗b ✓c · go ✗ openssl ✗: which stores the cause touches, and which clients it makes refuse. */
function causeMatrix(report: Report, cause: Cause, s: Style, labelOf: LabelOf): string {
  if (!cause.stores.length && !cause.clients.length) return '';
  const hit = new Set(cause.stores);
  const stores = report.stores.map((v) => (hit.has(v.name) ? s.bad(`✗${labelOf(v.name)}`) : s.dim(`·${labelOf(v.name)}`)));
  const clients = (['go', 'openssl', 'browser'] as const)
    .map((c) => {
      const rows = cause.clients.filter((x) => x.client === c);
      if (!rows.length) return '';
      // ✗ refuses in some store, ? undecided (no refusal), ✓ accepts everywhere it was judged.
      if (rows.some((x) => x.accepts === false)) return s.bad(`${c} ✗`);
      return rows.some((x) => x.accepts === null) ? s.warn(`${c} ?`) : s.ok(`${c} ✓`);
    })
    .filter(Boolean);
  return [`stores ${stores.join(' ')}`, clients.length ? `clients ${clients.join(' ')}` : ''].filter(Boolean).join('  ');
}

/**
 * What Go says about this cause, in its own words (GO_VERDICT folded under it): one line for all the stores where
 * Go says the same, naming them by label.
 */
function goWords(report: Report, cause: Cause, s: Style, labelOf: LabelOf): string[] {
  const lines = new Map<string, string[]>();
  for (const i of cause.findings.slice(1)) {
    const f = report.findings[i]!;
    if (f.code !== 'GO_VERDICT') continue;
    const spec = String(f.evidence.store);
    const key = f.message.split(`with store ${spec}`).join('with store \u0000');
    lines.set(key, [...(lines.get(key) ?? []), labelOf(spec)]);
  }
  return [...lines].map(([key, stores]) => s.dim(`        ${key.split('with store \u0000').join(`with store${stores.length > 1 ? 's' : ''} ${stores.join(', ')}`)}`));
}

/** The consequences folded under a cause, counted by code: "2x MISSING_INTERMEDIATE, GO_VERDICT". */
function foldedCodes(report: Report, cause: Cause): string {
  const counts = new Map<string, number>();
  for (const i of cause.findings.slice(1)) {
    const code = report.findings[i]!.code;
    counts.set(code, (counts.get(code) ?? 0) + 1);
  }
  return [...counts].map(([code, n]) => (n > 1 ? `${n}x ${code}` : code)).join(', ');
}

/** A failing target ends with its cause and its fix, so the last lines on screen say what to change. */
function causeAndFix(report: Report, s: Style): string[] {
  const failing = !(report.stores.length > 0 && report.stores.every((v) => v.trusted)) || report.findings.some((f) => f.severity === 'error');
  if (!failing) return [];
  const cause = causesOf(report).find((c) => c.severity === 'error');
  if (!cause) return [];
  const f = report.findings[cause.findings[0]!]!;
  return [
    '',
    `${s.bad('Cause:')} ${cause.code}${cause.cert !== null ? ` [${cause.cert}]` : ''}: ${withLabels(cause.message, labeller(report), report.stores.map((v) => v.name))}`,
    `${s.bold('Fix:')} ${fixFinding(f.code, f.evidence)}`,
  ];
}

/**
 * First, what go get would do, whatever else fails: with a corporate root in the system store Go accepts while the
 * public store refuses, and that must not read as a failure for Go. One line per Go store.
 */
function goHeadline(findings: Finding[], s: Style, labelOf: LabelOf): string[] {
  // Stores where Go says the same thing share one line.
  const lines = new Map<string, { f: Finding; stores: string[] }>();
  for (const f of findings.filter((x) => x.code === 'GO_VERDICT')) {
    const key = `${String(f.evidence.accepts)}|${String(f.evidence.reason)}|${String(f.evidence.goError)}`;
    const row = lines.get(key) ?? { f, stores: [] };
    row.stores.push(labelOf(String(f.evidence.store)));
    lines.set(key, row);
  }
  return [...lines.values()].map(({ f, stores }) => {
    const where = `with store${stores.length > 1 ? 's' : ''} ${stores.join(', ')}`;
    return f.evidence.accepts === true
      ? `  ${s.ok('go get: accepts')} ${where}`
      : `  ${s.bad('go get: fails')} ${where} (${String(f.evidence.reason)})${typeof f.evidence.goError === 'string' ? `: ${f.evidence.goError}` : ''}`;
  });
}

/** The evidence a one-line message cannot hold: a broken link's names side by side, attribute by attribute. */
function findingDetail(f: Finding, s: Style): string[] {
  const e = f.evidence;
  const short = (v: unknown) => (typeof v === 'string' && v.length > 16 ? `${v.slice(0, 16)}…` : String(v ?? 'none'));
  if (f.code === 'ISSUER_MISMATCH' && Array.isArray(e.names)) {
    const rows = e.names as Array<{ type: string; left: string | null; right: string | null; differs: boolean }>;
    const typeWidth = Math.max(...rows.map((r) => r.type.length), 3);
    const leftWidth = Math.max(...rows.map((r) => (r.left ?? '-').length), 'issuer of the child'.length);
    const out = [s.dim(`${' '.repeat(8 + 3 + typeWidth + 1)}${'issuer of the child'.padEnd(leftWidth)}    subject of the next`)];
    for (const r of rows) {
      const line = `${r.differs ? '!=' : '=='} ${r.type.padEnd(typeWidth)} ${(r.left ?? '-').padEnd(leftWidth)}    ${r.right ?? '-'}`;
      out.push(`        ${r.differs ? s.bad(line) : s.dim(line)}`);
    }
    if (e.aki !== undefined || e.ski !== undefined) {
      const same = e.aki && e.ski && e.aki === e.ski;
      out.push(s.dim(`        ${same ? '==' : '!='} key id: AKI ${short(e.aki)}  SKI ${short(e.ski)}`));
    }
    return out;
  }
  if (f.code === 'MISSING_INTERMEDIATE' && typeof e.aki === 'string') {
    return [s.dim(`        wanted: subject ${String(e.issuer)}, key id (AKI) ${e.aki}`)];
  }
  return [];
}
