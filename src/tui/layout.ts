/** The screen layout, as a pure function of the terminal size: the components draw it, the reducer scrolls by it. */

export interface Size {
  columns: number;
  rows: number;
}

export const DEFAULT_SIZE: Size = { columns: 80, rows: 24 };

export interface Layout {
  width: number;
  /** Rows of the header (the stores' labels wrap rather than being cut). */
  headerH: number;
  /** Rows drawn: one short of the terminal (Ink repaints the whole screen when a frame is as tall as the terminal). */
  total: number;
  /** Between the header and the footer: the panes, or an overlay. */
  bodyH: number;
  /** Rows of the targets list (its title row not counted). */
  targetsH: number;
  /** Rows of the cause strip under the targets (the selected target's cause and fix), 0 when there is none. */
  causeH: number;
  /** Rows of the detail pane (chain, findings or handshake) under the tabs. */
  detailH: number;
}

/** Fewest rows the detail pane keeps, and the targets list when the cause strip needs the room. */
const MIN_DETAIL = 2;
const MIN_TARGETS = 2;

/**
 * `targetRows`: rows the targets list needs at this width; `causeRows`: rows the cause strip needs; `headerRows`:
 * the header's. Each pane gets what its content needs: the targets list within a share of the body (a third on a
 * short terminal, up to half on a tall one) and less when the cause strip would not fit whole, the strip all it
 * needs when it can, the detail pane the rest.
 */
export function layout(size: Size, targetRows: number, causeRows = 0, headerRows = 1): Layout {
  const width = Math.max(20, size.columns);
  const total = Math.max(10, size.rows - 1);
  const headerH = Math.max(1, Math.min(headerRows, 3));
  const bodyH = total - headerH - 1;
  const share = size.rows >= 32 ? 2 : 3;
  const room = bodyH - 2; // less the targets' title and the tabs
  const targetsH = Math.max(Math.min(MIN_TARGETS, targetRows, room), Math.min(Math.max(1, targetRows), Math.floor(room / share), room - causeRows - MIN_DETAIL));
  const causeH = Math.max(0, Math.min(causeRows, room - targetsH - MIN_DETAIL));
  const detailH = Math.max(1, room - targetsH - causeH);
  return { width, headerH, total, bodyH, targetsH, causeH, detailH };
}

/** Width of the mark ("› ") in front of list rows. */
export const MARK_WIDTH = 2;
