/**
 * Terminal styling for text renderers. Colour only when asked (a terminal, and NO_COLOR unset); the JSON renderer
 * never uses this.
 */
export interface Style {
  bold(s: string): string;
  dim(s: string): string;
  ok(s: string): string;
  bad(s: string): string;
  warn(s: string): string;
  info(s: string): string;
}

const wrap = (open: number, close: number) => (s: string) => `\u001b[${open}m${s}\u001b[${close}m`;

export const plainStyle: Style = {
  bold: (s) => s,
  dim: (s) => s,
  ok: (s) => s,
  bad: (s) => s,
  warn: (s) => s,
  info: (s) => s,
};

export const colorStyle: Style = {
  bold: wrap(1, 22),
  dim: wrap(2, 22),
  ok: wrap(32, 39),
  bad: wrap(31, 39),
  warn: wrap(33, 39),
  info: wrap(36, 39),
};

/** Colour when output is a terminal and NO_COLOR is not set (https://no-color.org), or FORCE_COLOR is set. */
export function pickStyle(isTTY: boolean, env: Record<string, string | undefined>): Style {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return plainStyle;
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '0') return colorStyle;
  return isTTY ? colorStyle : plainStyle;
}
