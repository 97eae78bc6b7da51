import { goQuote, goQuoteRune } from './go-quote.js';

/**
 * Module paths as Go checks and escapes them (pure): golang.org/x/mod/module CheckPath, SplitPathVersion and
 * EscapePath / EscapeVersion, as vendored in Go 1.19 (cmd/vendor/golang.org/x/mod/module/module.go). Errors carry
 * Go's own words: `malformed module path "X": missing dot in first path element`.
 */

/** Windows reserved names Go refuses as a path element (before the first dot), in any case. */
const BAD_WINDOWS_NAMES = ['CON', 'PRN', 'AUX', 'NUL', 'COM1', 'COM2', 'COM3', 'COM4', 'COM5', 'COM6', 'COM7', 'COM8',
  'COM9', 'LPT1', 'LPT2', 'LPT3', 'LPT4', 'LPT5', 'LPT6', 'LPT7', 'LPT8', 'LPT9'];

type PathKind = 'module' | 'import' | 'file';

const modPathOK = (c: string): boolean => /^[-._~0-9A-Za-z]$/.test(c);
const importPathOK = (c: string): boolean => modPathOK(c) || c === '+';
const fileNameOK = (c: string): boolean =>
  c.codePointAt(0)! < 0x80 ? /^[0-9A-Za-z!#$%&()+,\-.=@[\]^_{}~ ]$/.test(c) : /^\p{L}$/u.test(c);
const firstPathOK = (c: string): boolean => /^[-.0-9a-z]$/.test(c);

/** null when Go accepts `path` as a module path, else the line Go prints. */
export function checkModulePath(path: string): string | null {
  const reason = modulePathReason(path);
  return reason === null ? null : `malformed module path ${goQuote(path)}: ${reason}`;
}

/** null when `path` is a valid import path (module.CheckImportPath), else Go's line. */
export function checkImportPath(path: string): string | null {
  const reason = checkPathKind(path, 'import');
  return reason === null ? null : `malformed import path ${goQuote(path)}: ${reason}`;
}

/** null when `path` is a valid file path inside a module zip (module.CheckFilePath), else Go's line. */
export function checkFilePath(path: string): string | null {
  const reason = checkPathKind(path, 'file');
  return reason === null ? null : `malformed file path ${goQuote(path)}: ${reason}`;
}

function modulePathReason(path: string): string | null {
  const base = checkPathKind(path, 'module');
  if (base !== null) return base;
  let i = path.indexOf('/');
  if (i < 0) i = path.length;
  if (i === 0) return 'leading slash';
  const first = path.slice(0, i);
  if (!first.includes('.')) return 'missing dot in first path element';
  if (path[0] === '-') return 'leading dash in first path element';
  for (const c of first) if (!firstPathOK(c)) return `invalid char ${goQuoteRune(c)} in first path element`;
  if (!splitPathVersion(path).ok) return 'invalid version';
  return null;
}

function checkPathKind(path: string, kind: PathKind): string | null {
  // Text that was not UTF-8 reaches us with U+FFFD (decoded argv, files) or lone surrogates.
  if (path.includes('\ufffd') || /[\ud800-\udfff]/u.test(path)) return 'invalid UTF-8';
  if (path === '') return 'empty string';
  if (path[0] === '-' && kind !== 'file') return 'leading dash';
  if (path.includes('//')) return 'double slash';
  if (path.endsWith('/')) return 'trailing slash';
  for (const elem of path.split('/')) {
    const reason = checkElem(elem, kind);
    if (reason !== null) return reason;
  }
  return null;
}

function checkElem(elem: string, kind: PathKind): string | null {
  if (elem === '') return 'empty path element';
  if (/^\.+$/.test(elem)) return `invalid path element ${goQuote(elem)}`;
  if (elem[0] === '.' && kind === 'module') return 'leading dot in path element';
  if (elem.endsWith('.')) return 'trailing dot in path element';
  const ok = kind === 'module' ? modPathOK : kind === 'import' ? importPathOK : fileNameOK;
  for (const c of elem) if (!ok(c)) return `invalid char ${goQuoteRune(c)}`;
  const dot = elem.indexOf('.');
  const short = dot >= 0 ? elem.slice(0, dot) : elem;
  if (BAD_WINDOWS_NAMES.some((bad) => bad === short.toUpperCase())) return `${goQuote(short)} disallowed as path element component on Windows`;
  if (kind === 'file') return null;
  const tilde = short.lastIndexOf('~');
  if (tilde >= 0 && tilde < short.length - 1 && /^[0-9]+$/.test(short.slice(tilde + 1))) return 'trailing tilde and digits in path element';
  return null;
}

/** module.SplitPathVersion: "x.y/z/v2" -> prefix "x.y/z", pathMajor "/v2"; gopkg.in paths use ".vN". */
export function splitPathVersion(path: string): { prefix: string; pathMajor: string; ok: boolean } {
  if (path.startsWith('gopkg.in/')) return splitGopkgIn(path);
  let i = path.length;
  let dot = false;
  while (i > 0 && /[0-9.]/.test(path[i - 1]!)) {
    if (path[i - 1] === '.') dot = true;
    i--;
  }
  if (i <= 1 || i === path.length || path[i - 1] !== 'v' || path[i - 2] !== '/') return { prefix: path, pathMajor: '', ok: true };
  const prefix = path.slice(0, i - 2);
  const pathMajor = path.slice(i - 2);
  if (dot || pathMajor.length <= 2 || pathMajor[2] === '0' || pathMajor === '/v1') return { prefix: path, pathMajor: '', ok: false };
  return { prefix, pathMajor, ok: true };
}

function splitGopkgIn(path: string): { prefix: string; pathMajor: string; ok: boolean } {
  let i = path.length;
  if (path.endsWith('-unstable')) i -= '-unstable'.length;
  while (i > 0 && /[0-9]/.test(path[i - 1]!)) i--;
  if (i <= 1 || path[i - 1] !== 'v' || path[i - 2] !== '.') return { prefix: path, pathMajor: '', ok: false };
  const prefix = path.slice(0, i - 2);
  const pathMajor = path.slice(i - 2);
  if (pathMajor.length <= 2 || (pathMajor[2] === '0' && pathMajor !== '.v0')) return { prefix: path, pathMajor: '', ok: false };
  return { prefix, pathMajor, ok: true };
}

/** module.EscapePath: each upper-case letter becomes "!" and its lower case ("github.com/!azure/..."). */
export function escapeModulePath(path: string): { escaped: string } | { error: string } {
  const error = checkModulePath(path);
  if (error !== null) return { error };
  return { escaped: escapeString(path) };
}

/** module.EscapeVersion: the same escaping for a version; Go refuses "!" and what a file name may not hold. */
export function escapeModuleVersion(version: string): { escaped: string } | { error: string } {
  if (checkElem(version, 'file') !== null || version.includes('!')) return { error: `version ${goQuote(version)} invalid: disallowed version string` };
  return { escaped: escapeString(version) };
}

function escapeString(s: string): string {
  return s.replace(/[A-Z]/g, (c) => `!${c.toLowerCase()}`);
}
