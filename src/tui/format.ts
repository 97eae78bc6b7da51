/** Small pure text helpers for fixed-width terminal rows. Widths are terminal columns (util/columns). */
import { columns, pieces } from '../util/columns.js';
import { terminalText } from '../model/terminal-text.js';
import { redactUrlsIn } from '../model/redact.js';

/**
 * What the screen may show of `s`: tabs and line breaks become spaces (a row is one line), URL secrets are dropped
 * (model/redact.ts: a caIssuers URL's password in the details, a failed fetch's URL in a finding), every other
 * control and bidi character is shown visibly and a very long value is elided (model/terminal-text.ts). Every row of
 * the TUI goes through here (`fit` for rows, `wrapText` for wrapped text), so no component prints a raw string.
 */
export function screenText(s: string): string {
  return terminalText(redactUrlsIn(s.replace(/[\n\t]+/g, ' ')));
}

/** Cuts `s` to at most `width` columns, ending with an ellipsis when cut; never wraps. */
export function fit(s: string, width: number): string {
  const clean = screenText(s);
  if (width <= 0) return '';
  if (columns(clean) <= width) return clean;
  let out = '';
  let used = 0;
  for (const p of pieces(clean)) {
    if (used + p.width > width - 1) break;
    out += p.text;
    used += p.width;
  }
  return `${out}…`;
}

/** `fit` then pad with spaces to exactly `width` columns. */
export function pad(s: string, width: number): string {
  const f = fit(s, width);
  return f + ' '.repeat(Math.max(0, width - columns(f)));
}

/** "in 89 days", "3 hours ago": `to` relative to `from` (both given; never the clock). */
export function relative(from: Date, to: Date): string {
  const ms = to.getTime() - from.getTime();
  const abs = Math.abs(ms);
  const units: [number, string][] = [
    [365 * 86_400_000, 'year'],
    [86_400_000, 'day'],
    [3_600_000, 'hour'],
    [60_000, 'minute'],
  ];
  let text = 'less than a minute';
  for (const [size, name] of units) {
    if (abs >= size) {
      const n = Math.floor(abs / size);
      text = `${n} ${name}${n === 1 ? '' : 's'}`;
      break;
    }
  }
  return ms >= 0 ? `in ${text}` : `${text} ago`;
}

/** Evidence values as one line: strings as is, everything else as compact JSON. */
export function showValue(v: unknown): string {
  if (typeof v === 'string') return v;
  if (v === null || v === undefined) return String(v);
  if (Array.isArray(v) && v.length === 0) return '(none)';
  if (Array.isArray(v) && v.every((x) => typeof x === 'string')) return v.join(', ');
  return JSON.stringify(v);
}

/** "a1b2c3…" short form of a hex fingerprint. */
export function shortHex(hex: string, n = 16): string {
  return hex.length > n ? `${hex.slice(0, n)}…` : hex;
}

export const SPINNER = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];

/** A store as a pane shows it: built-in names as they are, a file or folder by its base name without extension. */
export function storeLabel(spec: string): string {
  if (!spec.includes('/') && !spec.includes('\\')) return spec;
  const base = spec.replace(/[\\/]+$/, '').split(/[\\/]/).pop() ?? spec;
  return base.replace(/\.(pem|crt|cer|der)$/i, '') || spec;
}

/**
 * Labels for several stores at once, each unique: `storeLabel`, and where two files share a base name, as many of
 * their last path elements as tell them apart (`a/roots`, `b/roots`).
 */
export function storeLabels(specs: readonly string[]): Map<string, string> {
  const out = new Map<string, string>();
  const parts = (spec: string) => spec.replace(/[\\/]+$/, '').split(/[\\/]/).filter(Boolean);
  for (const spec of specs) {
    let label = storeLabel(spec);
    const clash = specs.filter((o) => o !== spec && storeLabel(o) === label);
    if (clash.length > 0) {
      const mine = parts(spec);
      for (let n = 2; n <= mine.length; n++) {
        const tail = [...mine.slice(-n, -1), label].join('/');
        if (clash.every((o) => [...parts(o).slice(-n, -1), storeLabel(o)].join('/') !== tail)) {
          label = tail;
          break;
        }
        if (n === mine.length) label = spec;
      }
    }
    out.set(spec, label);
  }
  return out;
}

/**
 * Wraps `s` to lines of at most `width` columns, breaking at spaces (a word longer than a line is cut); lines
 * after the first start with `indent` spaces (a hanging indent, so values line up under their label).
 */
export function wrapText(s: string, width: number, indent = 0): string[] {
  const text = screenText(s).trimEnd();
  if (width <= 0) return [''];
  if (columns(text) <= width) return [text];
  const chars = pieces(text);
  // Keep at least a third of the width for text on continuation lines.
  const hang = Math.max(0, Math.min(indent, width - Math.max(1, Math.ceil(width / 3))));
  const out: string[] = [];
  let rest = chars;
  let first = true;
  const widthOf = (run: typeof chars) => run.reduce((n, p) => n + p.width, 0);
  while (rest.length > 0) {
    const lead = first ? 0 : hang;
    const room = width - lead;
    let line: typeof chars;
    if (widthOf(rest) <= room) {
      line = rest;
      rest = [];
    } else {
      // How many pieces fit in `room` columns (at least one, so a piece wider than the line still moves on).
      let fits = 0;
      for (let used = 0; fits < rest.length && used + rest[fits].width <= room; fits++) used += rest[fits].width;
      fits = Math.max(1, fits);
      // The last space that fits (on the first line, not inside the hanging-indent columns: a label's padding).
      let cut = -1;
      for (let i = Math.min(fits, rest.length - 1); i > (first ? hang : 0); i--) {
        if (rest[i].text === ' ') {
          cut = i;
          break;
        }
      }
      if (cut > 0) {
        line = rest.slice(0, cut);
        rest = rest.slice(cut + 1);
      } else {
        line = rest.slice(0, fits);
        rest = rest.slice(fits);
      }
      while (rest.length > 0 && rest[0].text === ' ') rest = rest.slice(1);
    }
    out.push(' '.repeat(lead) + line.map((p) => p.text).join('').trimEnd());
    first = false;
  }
  return out;
}
