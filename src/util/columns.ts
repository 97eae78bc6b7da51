/**
 * Terminal columns, not characters: a CJK character or most emoji take two columns, a combining mark none, a colour
 * code none. Every place that fits text to a width (the text report, the TUI) measures with these.
 */
import stringWidth from 'string-width';

const segmenter = new Intl.Segmenter();
// eslint-disable-next-line no-control-regex
const SGR = /\u001b\[[0-9;]*m/y;

/** The columns `s` takes on a terminal (colour codes count none). */
export function columns(s: string): number {
  return stringWidth(s);
}

/** `s` cut into its user-perceived characters with their widths; a colour code is its own piece of width 0. */
export function pieces(s: string): { text: string; width: number }[] {
  const out: { text: string; width: number }[] = [];
  let plain = '';
  const flush = () => {
    for (const { segment } of segmenter.segment(plain)) out.push({ text: segment, width: stringWidth(segment) });
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
