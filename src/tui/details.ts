import type { Finding } from '../model/finding.js';
import { evidenceOf } from '../model/evidence.js';
import type { CertSummary, Report } from '../model/report.js';
import type { CertDetail } from './engine.js';
import { fixFor } from './fixes.js';
import { relative, showValue, storeLabel } from './format.js';
import { findingsSorted, severityTone, type ChainCertRow, type Item, type Line } from './selectors.js';

/** The detail texts: one certificate, one finding expanded, the issuer/subject comparison. */

const LABEL_W = 11;

/** A label and its value; the value wraps, lined up under itself. */
function kv(label: string, value: string, tone?: Line['tone']): Line {
  return { text: `${label.padEnd(LABEL_W)}${value}`, tone, wrap: true, indent: LABEL_W };
}

/** Where a certificate on a path comes from, when the server did not send it. */
function originLine(report: Report, row: ChainCertRow, c: CertDetail | undefined): Line {
  if (row.origin === 'store') {
    return kv('origin', `trust store ${row.store ?? '?'}${c?.source ? ` (${c.source})` : ''}; not sent by the server`);
  }
  const fetched = report.findings
    .map((f) => evidenceOf(f, 'AIA_FETCHED'))
    .find((e) => e !== undefined && Array.isArray(e.certificates) && e.certificates.includes(row.sha256));
  const url = typeof fetched?.url === 'string' ? ` from ${fetched.url}` : '';
  return kv('origin', `fetched over AIA${url}; not sent by the server`);
}

/** Validity relative to the report's `now` (never the clock). */
export function validityLine(now: Date, notBefore: Date, notAfter: Date): Line {
  if (now < notBefore) return kv('time left', `not valid yet: starts ${relative(now, notBefore)}`, 'bad');
  if (now > notAfter) return kv('time left', `expired ${relative(now, notAfter)}`, 'bad');
  const left = notAfter.getTime() - now.getTime();
  return kv('time left', `expires ${relative(now, notAfter)}`, left < 30 * 86_400_000 ? 'warn' : 'ok');
}

/**
 * The details of one certificate of the chain pane: the same lines whether the server sent it or not (a store
 * anchor, an AIA download: from `unsent`, which the engine fills).
 */
export function certDetailLines(report: Report, row: ChainCertRow, unsent?: Readonly<Record<string, CertDetail>>): Line[] {
  const out: Line[] = [];
  const sent: CertSummary | undefined =
    row.sentIndex !== null ? report.sent[row.sentIndex] : report.sent.find((s) => s.sha256 === row.sha256);
  const other = sent ? undefined : unsent?.[row.sha256];
  const c: CertDetail | undefined = sent ?? other;
  const where = row.store ? `${row.store} path, position ${row.depth}` : 'as sent';
  out.push({ text: `${row.subject}  (${where})`, tone: 'accent', bold: true, wrap: true, indent: 2 });
  if (!sent && row.origin !== 'sent') out.push(originLine(report, row, other));
  if (c) {
    out.push(kv('subject', c.subject));
    out.push(kv('issuer', c.issuer));
    out.push(kv('serial', c.serial));
    out.push(kv('validity', `${c.notBefore} → ${c.notAfter}`));
    out.push(validityLine(new Date(report.now), new Date(c.notBefore), new Date(c.notAfter)));
    out.push(kv('SANs', c.sans.length ? c.sans.join(', ') : 'none'));
    out.push(kv('key', c.key));
    out.push(kv('signature', c.signatureAlgorithm));
    out.push(kv('CA', `${c.isCA ? 'yes' : 'no'}${c.selfIssued ? ', self-issued' : ''}`));
    out.push(kv('SKI', c.ski ?? 'none'));
    out.push(kv('AKI', c.aki ?? 'none'));
    out.push(kv('AIA', c.aiaIssuers.length ? c.aiaIssuers.join(', ') : 'none'));
  }
  out.push(kv('sha256', row.sha256));
  if (row.link && !row.link.ok) out.push(kv('link', `✗ ${row.link.reason ?? 'no issuer found'}`, 'bad'));
  else if (row.link?.ok) out.push(kv('link', '✓ signed by the next certificate on the path', 'ok'));
  if (row.problems.length) out.push(kv('problems', row.problems.join(', '), 'warn'));
  const mismatches = report.findings.filter(
    (f) =>
      f.code === 'ISSUER_MISMATCH' &&
      // The finding names the certificate after the broken link; show it on both ends of that link.
      (row.sentIndex === null || f.cert === null || f.cert === row.sentIndex || f.cert === row.sentIndex + 1) &&
      (row.store === null || f.store === null || f.store === row.store),
  );
  const seen = new Set<string>();
  for (const f of mismatches) {
    const lines = issuerComparison(f);
    const key = lines.map((l) => l.text).join('\n');
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ text: '' }, ...lines);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// Issuer / subject comparison

interface Attr {
  type: string;
  value: string;
}

function asAttrs(v: unknown): Attr[] | null {
  if (Array.isArray(v) && v.every((a) => a && typeof a === 'object' && 'type' in a && 'value' in a)) {
    return (v as Record<string, unknown>[]).map((a) => ({ type: String(a.type), value: String(a.value) }));
  }
  if (v && typeof v === 'object' && !Array.isArray(v)) {
    const o = v as Record<string, unknown>;
    if (Array.isArray(o.attributes)) return asAttrs(o.attributes);
    if (typeof o.text === 'string') return asAttrs(o.text);
  }
  if (typeof v === 'string' && /^[A-Za-z0-9.]+=/.test(v)) {
    // RFC 4514-style text: split on commas not escaped by a backslash.
    return v
      .split(/(?<!\\),\s*/)
      .filter((p) => p.length > 0)
      .map((p) => {
        const i = p.indexOf('=');
        return { type: p.slice(0, i), value: p.slice(i + 1) };
      });
  }
  return null;
}

/** Picks the (issuer-side, subject-side) pair of names from the evidence, whatever the diagnoser called them. */
function pickNames(evidence: Record<string, unknown>): { left: [string, Attr[]]; right: [string, Attr[]] } | null {
  const names = Object.entries(evidence)
    .map(([k, v]) => [k, asAttrs(v)] as const)
    .filter((e): e is readonly [string, Attr[]] => e[1] !== null);
  if (names.length < 2) return null;
  const find = (re: RegExp) => names.find(([k]) => re.test(k));
  const left = find(/issuer|expected/i) ?? names[0]!;
  const right = names.find(([k]) => k !== left[0] && /subject|presented|candidate/i.test(k)) ?? names.find(([k]) => k !== left[0])!;
  return { left: [left[0], left[1]], right: [right[0], right[1]] };
}

interface ComparedAttr {
  type: string;
  left: string | null;
  right: string | null;
  differs: boolean;
}

/** An evidence value already compared attribute by attribute (x509 `compareNames` rows). */
function asCompared(v: unknown): ComparedAttr[] | null {
  if (!Array.isArray(v) || v.length === 0) return null;
  if (!v.every((r) => r && typeof r === 'object' && 'differs' in r && ('left' in r || 'right' in r))) return null;
  return (v as Record<string, unknown>[]).map((r) => ({
    type: String(r.type ?? r.oid ?? '?'),
    left: typeof r.left === 'string' ? r.left : null,
    right: typeof r.right === 'string' ? r.right : null,
    differs: Boolean(r.differs),
  }));
}

/** The attribute-by-attribute comparison of an ISSUER_MISMATCH finding's two names. */
export function issuerComparison(f: Finding): Line[] {
  const compared = Object.entries(f.evidence)
    .map(([k, v]) => [k, asCompared(v)] as const)
    .find((e): e is readonly [string, ComparedAttr[]] => e[1] !== null);
  if (compared) {
    const out: Line[] = [{ text: `Issuer vs subject (${compared[0]}: left / right)`, tone: 'accent', bold: true }];
    for (const r of compared[1]) {
      const l = r.left === null ? '(none)' : JSON.stringify(r.left);
      const rr = r.right === null ? '(none)' : JSON.stringify(r.right);
      out.push({ text: `${r.differs ? '≠' : '='} ${r.type.padEnd(6)} ${l} ${r.differs ? '!=' : '=='} ${rr}`, tone: r.differs ? 'bad' : 'ok', wrap: true, indent: 9 });
    }
    return out;
  }
  const pair = pickNames(f.evidence);
  if (!pair) return [{ text: 'issuer/subject comparison: not in the evidence', tone: 'warn' }];
  const [ln, la] = pair.left;
  const [rn, ra] = pair.right;
  const out: Line[] = [
    { text: `Issuer vs subject (${ln} / ${rn})`, tone: 'accent', bold: true },
  ];
  const n = Math.max(la.length, ra.length);
  for (let i = 0; i < n; i++) {
    const a = la[i];
    const b = ra[i];
    const same = !!a && !!b && a.type === b.type && a.value === b.value;
    const type = a?.type ?? b?.type ?? '?';
    const left = a ? (a.type === type ? a.value : `${a.type}=${a.value}`) : '(none)';
    const right = b ? (b.type === type ? b.value : `${b.type}=${b.value}`) : '(none)';
    out.push({
      text: `${same ? '=' : '≠'} ${type.padEnd(6)} ${JSON.stringify(left)} ${same ? '==' : '!='} ${JSON.stringify(right)}`,
      tone: same ? 'ok' : 'bad',
      wrap: true,
      indent: 9,
    });
  }
  return out;
}

/** One finding in full, for the details overlay: code, where, its words, every piece of evidence, the fix. */
export function findingDetailLines(f: Finding): Line[] {
  const where = [f.store ? `store ${storeLabel(f.store)}${storeLabel(f.store) !== f.store ? ` (${f.store})` : ''}` : null, f.cert !== null ? `certificate #${f.cert}` : null]
    .filter(Boolean)
    .join(', ');
  const out: Line[] = [
    { text: `${f.code} (${f.severity})`, tone: severityTone(f.severity), bold: true, wrap: true, indent: 2 },
    ...(where ? [kv('where', where)] : []),
    kv('what', f.message, severityTone(f.severity)),
    kv('fix', fixFor(f.code, f.evidence), 'accent'),
  ];
  const evidence = Object.entries(f.evidence);
  if (evidence.length) out.push({ text: '' }, { text: 'Evidence', tone: 'accent', bold: true });
  for (const [k, v] of evidence) out.push({ text: `  ${k}: ${showValue(v)}`, wrap: true, indent: 4 });
  if (f.code === 'ISSUER_MISMATCH') out.push({ text: '' }, ...issuerComparison(f));
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// Findings pane

/**
 * The findings as items: each one's key line whole (wrapped, never cut), the selected one (`cursor`) with its fix
 * under it; an expanded one (enter) with its evidence too.
 */
export function findingItems(report: Report | null, expanded: readonly number[], cursor = -1): Item[] {
  return findingsSorted(report).map((f, i): Item => {
    const mark = f.severity === 'error' ? '✗' : f.severity === 'warning' ? '!' : 'i';
    const scope = [f.store ? storeLabel(f.store) : null, f.cert !== null ? `#${f.cert}` : null].filter(Boolean).join(' ');
    const head: Line = {
      text: `${expanded.includes(i) ? '▾' : '▸'} ${mark} ${f.code}${scope ? ` [${scope}]` : ''} ${f.message}`,
      tone: severityTone(f.severity),
      wrap: true,
      indent: 4,
    };
    const fix: Line = { text: `    fix: ${fixFor(f.code, f.evidence)}`, tone: 'accent', wrap: true, indent: 9 };
    if (!expanded.includes(i)) return { selectable: true, lines: i === cursor && f.severity !== 'info' ? [head, fix] : [head] };
    const lines: Line[] = [head, { text: `    ${f.severity}: ${f.message}`, wrap: true, indent: 6 }];
    for (const [k, v] of Object.entries(f.evidence)) lines.push({ text: `    ${k}: ${showValue(v)}`, wrap: true, indent: 6 });
    lines.push(fix);
    return { selectable: true, lines };
  });
}
