/**
 * Go's %q for the few values route messages quote (pure): a string in double quotes, a rune in single quotes, with
 * Go's escapes for quotes, backslashes and non-printable characters (strconv.Quote / QuoteRune).
 */
export function goQuote(s: string): string {
  return `"${[...s].map((c) => escapeChar(c, '"')).join('')}"`;
}

export function goQuoteRune(c: string): string {
  return `'${escapeChar(c, "'")}'`;
}

function escapeChar(c: string, quote: string): string {
  if (c === quote || c === '\\') return `\\${c}`;
  const cp = c.codePointAt(0)!;
  if (cp === 0x07) return '\\a';
  if (cp === 0x08) return '\\b';
  if (cp === 0x0c) return '\\f';
  if (cp === 0x0a) return '\\n';
  if (cp === 0x0d) return '\\r';
  if (cp === 0x09) return '\\t';
  if (cp === 0x0b) return '\\v';
  if (cp < 0x20 || cp === 0x7f) return `\\x${cp.toString(16).padStart(2, '0')}`;
  if (cp === 0xfffd) return '\\ufffd';
  if (cp >= 0x80 && /[\p{C}\p{Z}]/u.test(c) && c !== ' ') {
    return cp > 0xffff ? `\\U${cp.toString(16).padStart(8, '0')}` : `\\u${cp.toString(16).padStart(4, '0')}`;
  }
  return c;
}
