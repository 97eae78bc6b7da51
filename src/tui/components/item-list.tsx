import { Box } from 'ink';
import { MARK_WIDTH } from '../layout.js';
import { wrapLines, type Item, type Line } from '../selectors.js';
import { LineRow } from './theme.js';

/** The window of `lines` (wrapped to the width where they ask to be) starting at `scroll`, clamped so the last page stays full. */
export function Scrolled(props: { lines: Line[]; scroll: number; height: number; width: number }) {
  const rows = wrapLines(props.lines, props.width);
  const max = Math.max(0, rows.length - props.height);
  const start = Math.min(props.scroll, max);
  const shown = rows.slice(start, start + props.height);
  return (
    <Box flexDirection="column" height={props.height}>
      {shown.map((l, i) => (
        <LineRow key={start + i} line={l} width={props.width} />
      ))}
    </Box>
  );
}

/**
 * A list of items with a cursor on the `cursor`-th selectable item ("›" marks it, colour or not), scrolled just
 * enough to keep that item in view. An item taller than the list shows from its top, `offset` rows further down.
 * Lines that ask to wrap do (an expanded finding); the others are one row each, cut to the width.
 */
export function ItemList(props: { items: Item[]; cursor: number; height: number; width: number; empty?: string; offset?: number }) {
  const rows: { line: Line; mark: string }[] = [];
  let sel = -1;
  let from = 0;
  let to = 0;
  for (const it of props.items) {
    if (it.selectable) sel++;
    const here = it.selectable && sel === props.cursor;
    if (here) from = rows.length;
    wrapLines(it.lines, props.width - MARK_WIDTH).forEach((line, i) => rows.push({ line, mark: here && i === 0 ? '› ' : '  ' }));
    if (here) to = rows.length - 1;
  }
  if (rows.length === 0 && props.empty) rows.push({ line: { text: props.empty }, mark: '  ' });
  const h = props.height;
  const tall = to - from + 1 > h;
  const start = tall ? from + Math.min(props.offset ?? 0, to - from + 1 - h) : to < h ? 0 : Math.max(0, Math.min(from, to - h + 1));
  return (
    <Box flexDirection="column" height={h}>
      {rows.slice(start, start + h).map((r, i) => (
        <LineRow key={start + i} line={r.line} prefix={r.mark} width={props.width} />
      ))}
    </Box>
  );
}
