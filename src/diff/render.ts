import type { TrustStore } from '../model/store.js';
import { renderBundle } from '../export/render.js';
import { compareRoots } from './diff.js';
import type { DiffPresence, DiffRoot, StoreDiff } from './types.js';
import { terminalJson, terminalSafe } from '../model/terminal-text.js';

/** Pure: the text view. Two stores: the sections; three or more: the membership matrix. */
export function renderDiffText(model: StoreDiff): string {
  // Names and descriptions come from store files: shown escaped (model/terminal-text.ts).
  const diff = terminalSafe(model);
  const out: string[] = [`Trust stores compared at ${diff.now}`];
  const nameWidth = Math.max(...diff.stores.map((s) => s.name.length), 1);
  diff.stores.forEach((s, i) => {
    const counts = s.count === s.serverAuth ? `${s.count} roots` : `${s.count} roots, ${s.serverAuth} for websites`;
    out.push(`  ${columnLetter(i)}  ${s.name.padEnd(nameWidth)}  ${counts}: ${s.description}`);
  });
  if (diff.pair) {
    const p = diff.pair;
    section(out, `Only in ${p.a}`, p.onlyInA.map((r) => rootLine(r, r.presence[0]!)));
    section(out, `Only in ${p.b}`, p.onlyInB.map((r) => rootLine(r, r.presence[1]!)));
    section(
      out,
      'Same key, different certificate',
      p.sameKeyDifferentCert.flatMap((k) => [
        `  ${k.subject}`,
        ...k.a.map((r) => `    ${p.a}: ${rootLine(r, r.presence[0]!).trimStart()}`),
        ...k.b.map((r) => `    ${p.b}: ${rootLine(r, r.presence[1]!).trimStart()}`),
        ...k.both.map((r) => `    both: ${rootLine(r, null).trimStart()}`),
      ]),
      p.sameKeyDifferentCert.length,
    );
    section(
      out,
      'Same certificate, different trust',
      p.trustDiffers.map((r) => `${rootLine(r, null)}\n      ${p.a}: ${trustText(r.presence[0]!)}; ${p.b}: ${trustText(r.presence[1]!)}`),
    );
    out.push('', `In both: ${p.common.count} roots`);
  } else if (diff.stores.length > 2) {
    renderMatrix(out, diff);
  }
  return out.join('\n') + '\n';
}

/** Pure: the JSON document (the model is JSON-ready; key order is fixed by construction, schemaVersion first). */
export function diffToJson(diff: StoreDiff): string {
  return terminalJson(JSON.stringify(diff, null, 2)) + '\n';
}

export interface PemSideOptions {
  /** The store (by name or index) whose exclusive certificates are written; default the first. */
  side?: string | number;
  /** Also write roots that expired before the diff's `now` (left out by default). */
  includeExpired?: boolean;
}

/** What `renderDiffPem` leaves out of that side's exclusive roots, by reason (for the line that says so). */
export function diffPemLeftOut(stores: readonly TrustStore[], diff: StoreDiff, opts: PemSideOptions = {}): { expired: number; notForWebsites: number; distrusted: number } {
  const { only, anchors } = exclusive(stores, diff, opts);
  const out = { expired: 0, notForWebsites: 0, distrusted: 0 };
  for (const r of only) {
    const a = anchors.get(r.sha256)!;
    if (!a.serverAuth) out.notForWebsites++;
    else if (a.distrustAfter) out.distrusted++;
    else if (r.expired && !opts.includeExpired) out.expired++;
  }
  return out;
}

function exclusive(stores: readonly TrustStore[], diff: StoreDiff, opts: PemSideOptions) {
  const side = typeof opts.side === 'string' ? stores.findIndex((s) => s.name === opts.side) : (opts.side ?? 0);
  if (side < 0 || side >= stores.length) throw new RangeError(`no store "${String(opts.side)}" in this diff`);
  const anchors = new Map(stores[side]!.anchors.map((a) => [a.fingerprint, a]));
  const only = diff.roots.filter((r) => r.presence[side] && r.presence.every((p, i) => i === side || p === null));
  return { only, anchors };
}

/**
 * Pure: the certificates in one store and in no other (by sha256) that it trusts for websites without a distrust
 * date and that have not expired (unless includeExpired), as PEM, each block preceded by `#` comment lines
 * (Subject, Issuer, Validity, SHA256), in the diff's order. Ready to append to a bundle that lacks them.
 */
export function renderDiffPem(stores: readonly TrustStore[], diff: StoreDiff, opts: PemSideOptions = {}): string {
  const { only, anchors } = exclusive(stores, diff, opts);
  // Only roots that store trusts for websites with no distrust date: appended to SSL_CERT_FILE, every certificate
  // becomes a full TLS anchor for Go, so an email-only or partly distrusted root must not slip in. Expired roots
  // anchor nothing: left out unless asked (includeExpired).
  const live = new Set(only.filter((r) => opts.includeExpired || !r.expired).map((r) => r.sha256));
  const tlsAnchors = only.map((r) => anchors.get(r.sha256)!).filter((a) => a.serverAuth && !a.distrustAfter && live.has(a.fingerprint));
  // The same bundle format as `chaindbg export` (comment lines made safe: a subject cannot forge a PEM boundary).
  return renderBundle(tlsAnchors.map((a) => a.cert).sort((x, y) => compareRoots({ subject: x.subject.text, sha256: x.sha256 }, { subject: y.subject.text, sha256: y.sha256 })));
}

function section(out: string[], title: string, lines: string[], count = lines.length): void {
  out.push('', `${title} (${count}):`);
  if (lines.length === 0) out.push('  (none)');
  else out.push(...lines);
}

/** `  0123456789abcdef  2036-06-22  RSA 4096   [flags]  CN=...`: fixed-width columns first, subject last. */
function rootLine(r: DiffRoot, presence: DiffPresence | null): string {
  const flags: string[] = [];
  if (r.expired) flags.push('expired');
  if (presence && !presence.serverAuth) flags.push('not for websites');
  if (presence?.distrustAfter) flags.push(`distrust after ${presence.distrustAfter.slice(0, 10)}`);
  const flagText = flags.length > 0 ? `[${flags.join(', ')}]  ` : '';
  return `  ${r.sha256.slice(0, 16)}  ${r.notAfter.slice(0, 10)}  ${r.key.padEnd(10)} ${flagText}${r.subject}`;
}

function trustText(p: DiffPresence): string {
  const parts = [p.serverAuth ? 'websites' : 'not for websites'];
  if (p.distrustAfter) parts.push(`distrust after ${p.distrustAfter.slice(0, 10)}`);
  return parts.join(', ');
}

function columnLetter(i: number): string {
  return i < 26 ? String.fromCharCode(65 + i) : `S${i + 1}`;
}

/** Cell marks: Y in the store (websites), y in the store but not for websites or with a distrust date, K same key under another certificate, . absent. */
function renderMatrix(out: string[], diff: StoreDiff): void {
  const cols = diff.stores.map((_, i) => columnLetter(i));
  const width = Math.max(...cols.map((c) => c.length));
  const mark = (r: DiffRoot, i: number): string => {
    const p = r.presence[i];
    if (p) return p.serverAuth && p.distrustAfter === null ? 'Y' : 'y';
    return r.membership[i] === 'key' ? 'K' : '.';
  };
  const rows = diff.roots.map((r) => ({ r, marks: cols.map((_, i) => mark(r, i)) }));
  const uniform = rows.filter((x) => x.marks.every((m) => m === 'Y'));
  out.push('', 'Membership (Y in the store, y in it but not for websites or with a distrust date, K same key under another certificate, . absent):');
  out.push(`  ${cols.map((c) => c.padEnd(width)).join(' ')}  sha256            notAfter    subject`);
  for (const { r, marks } of rows) {
    if (marks.every((m) => m === 'Y')) continue;
    out.push(`  ${marks.map((m) => m.padEnd(width)).join(' ')}  ${r.sha256.slice(0, 16)}  ${r.notAfter.slice(0, 10)}  ${r.subject}`);
  }
  out.push('', `In every store, trusted for websites: ${uniform.length} roots (not listed)`);
}
