import { helpFor, SCOPE_TITLES, type Scope } from './keymap.js';
import { wrapLines, type Line } from './selectors.js';

/** The help overlay's text, from the keymap: one section per scope, each key with its help (wrapped, never cut). */

const HELP_SCOPES: Scope[] = ['global', 'targets', 'chain', 'findings', 'finding', 'handshake', 'stores', 'storePath', 'export', 'exportPath', 'add', 'help'];

/** Narrower than this, the help is one column. */
const TWO_COLUMNS_FROM = 76;

export function helpLines(keyW: number): Line[] {
  const out: Line[] = [];
  for (const scope of HELP_SCOPES) {
    out.push({ text: SCOPE_TITLES[scope], tone: 'accent', bold: true });
    for (const h of helpFor([scope])) out.push({ text: `  ${h.keys.padEnd(keyW)} ${h.help}`, wrap: true, indent: keyW + 3 });
  }
  return out;
}

export interface HelpColumns {
  colW: number;
  /** One or two columns of rows, already wrapped to colW. */
  columns: Line[][];
  /** The largest useful scroll offset for `height` rows. */
  maxScroll: number;
}

/**
 * The help laid out for `width` x `height`: one column when it fits, else two when wide enough, split between two
 * sections so that none straddles the columns, balanced as well as the sections allow.
 */
export function helpColumns(width: number, height: number): HelpColumns {
  const one = wrapLines(helpLines(14), width);
  let colW = width;
  let columns: Line[][] = [one];
  if (one.length > height && width >= TWO_COLUMNS_FROM) {
    colW = Math.floor((width - 1) / 2);
    const rows = wrapLines(helpLines(10), colW);
    let split = rows.length;
    rows.forEach((l, i) => {
      if (i > 0 && l.bold && Math.max(i, rows.length - i) < Math.max(split, rows.length - split)) split = i;
    });
    columns = [rows.slice(0, split), rows.slice(split)];
  }
  const longest = Math.max(...columns.map((c) => c.length));
  return { colW, columns, maxScroll: Math.max(0, longest - height) };
}
