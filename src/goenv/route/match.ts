/**
 * Go's pattern matching for GOPRIVATE, GONOPROXY, GONOSUMDB and GOINSECURE (pure): path.Match (src/path/match.go)
 * and golang.org/x/mod/module.MatchPrefixPatterns as vendored in Go 1.19. Ported line by line over code points, so
 * "?" and "[...]" consume one character as Go consumes one rune.
 */

export class BadPatternError extends Error {
  constructor() {
    super('syntax error in pattern');
    this.name = 'BadPatternError';
  }
}

/** Go's path.Match: true when `name` matches the shell pattern; throws BadPatternError for a malformed pattern. */
export function pathMatch(pattern: string, name: string): boolean {
  let pat = [...pattern];
  let rest = [...name];
  pattern: while (pat.length > 0) {
    const scanned = scanChunk(pat);
    const { star, chunk } = scanned;
    pat = scanned.rest;
    if (star && chunk.length === 0) return !rest.includes('/'); // a trailing * matches the rest unless it has a /
    const here = matchChunk(chunk, rest);
    if (here !== null && (here.length === 0 || pat.length > 0)) {
      rest = here;
      continue;
    }
    if (star) {
      for (let i = 0; i < rest.length && rest[i] !== '/'; i++) {
        const t = matchChunk(chunk, rest.slice(i + 1));
        if (t !== null) {
          if (pat.length === 0 && t.length > 0) continue; // the last chunk must exhaust the name
          rest = t;
          continue pattern;
        }
      }
    }
    // No match: the rest of the pattern must still be well-formed, as Go checks before answering false.
    while (pat.length > 0) {
      const next = scanChunk(pat);
      pat = next.rest;
      matchChunk(next.chunk, []);
    }
    return false;
  }
  return rest.length === 0;
}

function scanChunk(pattern: string[]): { star: boolean; chunk: string[]; rest: string[] } {
  let p = pattern;
  let star = false;
  while (p.length > 0 && p[0] === '*') {
    p = p.slice(1);
    star = true;
  }
  let inRange = false;
  let i = 0;
  scan: for (; i < p.length; i++) {
    switch (p[i]) {
      case '\\':
        if (i + 1 < p.length) i++;
        break;
      case '[':
        inRange = true;
        break;
      case ']':
        inRange = false;
        break;
      case '*':
        if (!inRange) break scan;
        break;
    }
  }
  return { star, chunk: p.slice(0, i), rest: p.slice(i) };
}

/** What is left of `s` after `chunk` matched its start, or null; throws BadPatternError. */
function matchChunk(chunkIn: string[], sIn: string[]): string[] | null {
  let chunk = chunkIn;
  let s = sIn;
  let failed = false;
  while (chunk.length > 0) {
    if (!failed && s.length === 0) failed = true;
    const c = chunk[0]!;
    if (c === '[') {
      let r = -1;
      if (!failed) {
        r = s[0]!.codePointAt(0)!;
        s = s.slice(1);
      }
      chunk = chunk.slice(1);
      let negated = false;
      if (chunk.length > 0 && chunk[0] === '^') {
        negated = true;
        chunk = chunk.slice(1);
      }
      let match = false;
      let nrange = 0;
      for (;;) {
        if (chunk.length > 0 && chunk[0] === ']' && nrange > 0) {
          chunk = chunk.slice(1);
          break;
        }
        const lo = getEsc(chunk);
        chunk = lo.rest;
        let hi = lo.r;
        if (chunk[0] === '-') {
          const h = getEsc(chunk.slice(1));
          hi = h.r;
          chunk = h.rest;
        }
        if (lo.r <= r && r <= hi) match = true;
        nrange++;
      }
      if (match === negated) failed = true;
    } else if (c === '?') {
      if (!failed) {
        if (s[0] === '/') failed = true;
        s = s.slice(1);
      }
      chunk = chunk.slice(1);
    } else {
      if (c === '\\') {
        chunk = chunk.slice(1);
        if (chunk.length === 0) throw new BadPatternError();
      }
      if (!failed) {
        if (chunk[0] !== s[0]) failed = true;
        s = s.slice(1);
      }
      chunk = chunk.slice(1);
    }
  }
  return failed ? null : s;
}

function getEsc(chunkIn: string[]): { r: number; rest: string[] } {
  let chunk = chunkIn;
  if (chunk.length === 0 || chunk[0] === '-' || chunk[0] === ']') throw new BadPatternError();
  if (chunk[0] === '\\') {
    chunk = chunk.slice(1);
    if (chunk.length === 0) throw new BadPatternError();
  }
  const r = chunk[0]!.codePointAt(0)!;
  const rest = chunk.slice(1);
  if (rest.length === 0) throw new BadPatternError();
  return { r, rest };
}

/**
 * module.MatchPrefixPatterns (Go 1.19): `globs` is a comma-separated list; each glob (a trailing "/" trimmed, empty
 * ones skipped) is matched with path.Match against as many leading elements of `target` as it has. A malformed glob
 * matches nothing, as in Go (the error is dropped there).
 */
export function matchPrefixPatterns(globs: string, target: string): boolean {
  for (const raw of globs.split(',')) {
    const glob = raw.endsWith('/') ? raw.slice(0, -1) : raw;
    if (glob === '') continue;
    let n = glob.split('/').length - 1;
    let prefix = target;
    for (let i = 0; i < target.length; i++) {
      if (target[i] === '/') {
        if (n === 0) {
          prefix = target.slice(0, i);
          break;
        }
        n--;
      }
    }
    if (n > 0) continue; // not enough elements
    try {
      if (pathMatch(glob, prefix)) return true;
    } catch (err) {
      if (!(err instanceof BadPatternError)) throw err;
    }
  }
  return false;
}
