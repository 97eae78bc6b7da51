/** The screen layout, as a pure function of the terminal size: the components draw it, the reducer scrolls by it. */

export interface Size {
  columns: number;
  rows: number;
}

export const DEFAULT_SIZE: Size = { columns: 80, rows: 24 };

export interface Layout {
  width: number;
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

/**
 * `targetRows`: rows the targets list needs at this width; `causeRows`: rows the cause strip needs. Each pane gets
 * what its content needs, within a share of the body (a third on a short terminal, up to half on a tall one), and
 * the detail pane the rest (at least 4 rows).
 */
export function layout(size: Size, targetRows: number, causeRows = 0): Layout {
  const width = Math.max(20, size.columns);
  const total = Math.max(10, size.rows - 1);
  const bodyH = total - 2;
  const share = size.rows >= 32 ? 2 : 3;
  const targetsH = Math.min(Math.max(1, targetRows), Math.max(1, Math.floor((bodyH - 2) / share)));
  const causeH = Math.max(0, Math.min(causeRows, bodyH - 1 - targetsH - 1 - 4));
  const detailH = bodyH - 1 - targetsH - causeH - 1;
  return { width, total, bodyH, targetsH, causeH, detailH };
}

/** Width of the mark ("› ") in front of list rows. */
export const MARK_WIDTH = 2;
