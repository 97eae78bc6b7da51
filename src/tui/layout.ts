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
  /** Rows of the detail pane (chain, findings or handshake) under the tabs. */
  detailH: number;
}

export function layout(size: Size, targetCount: number): Layout {
  const width = Math.max(20, size.columns);
  const total = Math.max(10, size.rows - 1);
  const bodyH = total - 2;
  const targetsH = Math.min(Math.max(1, targetCount), Math.max(1, Math.floor((bodyH - 2) / 3)), 6);
  const detailH = bodyH - 1 - targetsH - 1;
  return { width, total, bodyH, targetsH, detailH };
}

/** Width of the mark ("› ") in front of list rows. */
export const MARK_WIDTH = 2;
