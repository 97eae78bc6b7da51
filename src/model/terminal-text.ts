/**
 * The one place untrusted text is made safe for a terminal. Strings that strangers chose (certificate names, SANs,
 * AIA URLs, a proxy's status line, alert text, capture-file fields) pass through `terminalText` wherever they meet
 * the terminal: the text renderers, the TUI's one row component, and the CLI's standard-error lines. JSON keeps
 * strings whole (JSON.stringify escapes control characters itself).
 *
 * What it does:
 * - C0 controls (U+0000-U+001F), DEL (U+007F) and C1 controls (U+0080-U+009F) become visible: `\x1b`, `\x7f`, `\x9b`.
 *   So no ESC, OSC, CSI, CR, backspace or BEL ever reaches the terminal from a string.
 * - Bidirectional controls (U+061C, U+200E, U+200F, U+202A-U+202E, U+2066-U+2069) and the line/paragraph separators
 *   (U+2028, U+2029) become visible: `\u202e`.
 * - Lone surrogate halves become `\ud800`-style text (a terminal would draw them as garbage).
 * - A string longer than `max` characters is elided in the middle, visibly: `head…[12345 more characters]…tail`.
 *
 * Pure, imports nothing. `options.newlines` keeps "\n" (for text already laid out in lines, such as a whole
 * rendered document); by default a newline in a value is escaped too, since a value is one field on one line.
 */

/** Longest value shown whole in text and TUI (a DN of 64 KiB of OUs is elided; JSON keeps it whole). */
export const TERMINAL_TEXT_MAX = 1024;

export interface TerminalTextOptions {
  /** Keep "\n" as a real line break (default false: escaped as `\n`). */
  newlines?: boolean;
  /** Elide values longer than this many UTF-16 units (default TERMINAL_TEXT_MAX; 0 or Infinity: never). */
  max?: number;
}

// eslint-disable-next-line no-control-regex
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
// eslint-disable-next-line no-control-regex
const UNSAFE_KEEP_NL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

const hex = (n: number, width: number) => n.toString(16).padStart(width, '0');

/** The visible form of one unsafe character: `\x1b` below U+0100, else `\u202e`. */
export function visibleControl(ch: string): string {
  const code = ch.charCodeAt(0);
  return code < 0x100 ? `\\x${hex(code, 2)}` : `\\u${hex(code, 4)}`;
}

/** True when `s` holds nothing `terminalText` would change (at the default options, ignoring length). */
export function isTerminalSafe(s: string): boolean {
  UNSAFE.lastIndex = 0;
  return !UNSAFE.test(s);
}

/** `s` made safe to print: controls and bidi controls shown visibly, very long values elided visibly. */
export function terminalText(s: string, options: TerminalTextOptions = {}): string {
  const max = options.max ?? TERMINAL_TEXT_MAX;
  let text = s;
  if (max > 0 && Number.isFinite(max) && text.length > max) {
    const keep = Math.max(1, Math.floor((max - 32) / 2));
    let head = text.slice(0, keep);
    let tail = text.slice(text.length - keep);
    // Never cut a surrogate pair in half.
    if (/[\ud800-\udbff]$/.test(head)) head = head.slice(0, -1);
    if (/^[\udc00-\udfff]/.test(tail)) tail = tail.slice(1);
    text = `${head}…[${s.length - head.length - tail.length} more characters]…${tail}`;
  }
  return text.replace(options.newlines ? UNSAFE_KEEP_NL : UNSAFE, visibleControl);
}

/**
 * JSON text made safe to print: JSON.stringify escapes C0 controls itself but leaves DEL, C1 controls (U+009B is CSI
 * on 8-bit terminals), bidi controls and U+2028/U+2029 raw. These can only sit inside JSON strings, so writing them
 * as `\u009b` keeps the document's values whole (JSON.parse gives back the same strings).
 */
export function terminalJson(json: string): string {
  return json.replace(/[\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g, (c) => `\\u${hex(c.charCodeAt(0), 4)}`);
}

/**
 * A copy of `value` with every string inside it (object values and array items, at any depth) passed through
 * `terminalText`: for a renderer to apply once to the model it is about to print. Keys, numbers, booleans, null,
 * Dates and byte arrays are kept as they are. Cycles are not expected in report models; depth is bounded anyway.
 */
export function terminalSafe<T>(value: T, options: TerminalTextOptions = {}, depth = 0): T {
  if (typeof value === 'string') return terminalText(value, options) as T;
  if (value === null || typeof value !== 'object' || depth > 64) return value;
  if (Array.isArray(value)) return value.map((v) => terminalSafe(v, options, depth + 1)) as T;
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) out[k] = terminalSafe(v, options, depth + 1);
  return out as T;
}
