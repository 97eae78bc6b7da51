/**
 * Terminal columns, not characters: a CJK character or most emoji take two columns, a combining mark none, a colour
 * code none. Every place that fits text to a width (the text report, the TUI) measures with these.
 */
import { createRequire } from 'node:module';
import type StringWidth from 'string-width';

// string-width (and Intl.Segmenter) cost ~35 ms to set up, most of a cold `verify`'s own work: both are made on the
// first text that is not plain printable ASCII, which most runs never print. string-width stays in node_modules
// (src/build/externals.mjs), so this require() finds the one copy Ink uses too (Node >= 20.19 requires ES modules).
const load = createRequire(import.meta.url);
let measure: typeof StringWidth | undefined;
let segmenter: Intl.Segmenter | undefined;
const stringWidth = (s: string): number => (measure ??= (load('string-width') as { default: typeof StringWidth }).default)(s);

// eslint-disable-next-line no-control-regex
const SGR = /\u001b\[[0-9;]*m/y;
// eslint-disable-next-line no-control-regex
const SGR_ALL = /\u001b\[[0-9;]*m/g;
/**
 * One column per character, with colour codes at most: printable ASCII, Latin-1 and Latin Extended-A letters (not the
 * soft hyphen, which takes none), and the marks chaindbg itself prints (✓ ✗ … arrows, box lines); string-width agrees
 * on each (test/report/columns.test.ts).
 */
// eslint-disable-next-line no-control-regex
const PLAIN = /^(?:[\x20-\x7e\xa0-\xac\xae-\u017f✓✗…▸▾›→←↑↓•—–·⚠═─│×]|\u001b\[[0-9;]*m)*$/;

/** The columns `s` takes on a terminal (colour codes count none). */
export function columns(s: string): number {
  return PLAIN.test(s) ? s.replace(SGR_ALL, '').length : stringWidth(s);
}

/** `s` cut into its user-perceived characters with their widths; a colour code is its own piece of width 0. */
export function pieces(s: string): { text: string; width: number }[] {
  const out: { text: string; width: number }[] = [];
  let plain = '';
  const flush = () => {
    if (PLAIN.test(plain)) for (const ch of plain) out.push({ text: ch, width: 1 });
    else for (const { segment } of (segmenter ??= new Intl.Segmenter()).segment(plain)) out.push({ text: segment, width: stringWidth(segment) });
    plain = '';
  };
  for (let i = 0; i < s.length; ) {
    SGR.lastIndex = i;
    const m = SGR.exec(s);
    if (m) {
      flush();
      out.push({ text: m[0], width: 0 });
      i += m[0].length;
    } else {
      plain += s[i];
      i += 1;
    }
  }
  flush();
  return out;
}

/** Splits `s` into runs of at most `width` columns (at least one piece each, so a run never comes out empty). */
export function chunkColumns(s: string, width: number): string[] {
  const out: string[] = [];
  let cur = '';
  let used = 0;
  for (const p of pieces(s)) {
    if (used + p.width > width && used > 0) {
      out.push(cur);
      cur = '';
      used = 0;
    }
    cur += p.text;
    used += p.width;
  }
  if (cur !== '' || out.length === 0) out.push(cur);
  return out;
}
