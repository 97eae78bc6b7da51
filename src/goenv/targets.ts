import type { GoSettings } from './settings.js';

/**
 * Which TLS endpoints `go get` would contact, derived from the Go settings (pure). Mirrors cmd/go's rules:
 * modfetch/proxy.go (GOPROXY list parsing) and modfetch/sumdb.go (GOSUMDB forms).
 */

export type GoTargetRole = 'GOPROXY' | 'GOSUMDB' | 'direct' | 'mirror';

export interface GoTarget {
  /** host:port to probe. */
  target: string;
  url: string;
  role: GoTargetRole;
  note: string;
}

export interface GoTargets {
  targets: GoTarget[];
  notes: string[];
  /** Go's error when go get stops before any connection (goStopsEarly): then nothing is probed. */
  stop?: string;
}

export interface GoTargetOptions {
  /** A module path (github.com/x/y): adds its VCS host for `direct`. */
  module?: string;
  /** Adds the well-known mirrors (goproxy.cn, goproxy.io, mirrors.aliyun.com, sum.golang.google.cn). */
  mirrors?: boolean;
}

/** Well-known Go module mirrors and the China checksum database mirror, in the order they are added. */
export const GO_MIRRORS: ReadonlyArray<{ url: string; note: string }> = [
  { url: 'https://goproxy.cn', note: 'goproxy.cn module mirror (Qiniu)' },
  { url: 'https://goproxy.io', note: 'goproxy.io module mirror' },
  { url: 'https://mirrors.aliyun.com/goproxy/', note: 'Alibaba Cloud module mirror' },
  { url: 'https://sum.golang.google.cn', note: 'checksum database mirror for sum.golang.org, reachable from China' },
];

/** GOSUMDB names Go knows the key of (cmd/go/internal/modfetch/sumdb.go knownGOSUMDB) and what they alias. */
const SUMDB_ALIASES: Record<string, string> = {
  // "sum.golang.google.cn" is rewritten by Go to "sum.golang.org https://sum.golang.google.cn".
  'sum.golang.google.cn': 'sum.golang.org https://sum.golang.google.cn',
};

export function goTargets(settings: GoSettings, opts: GoTargetOptions = {}): GoTargets {
  const targets: GoTarget[] = [];
  const notes: string[] = [];
  const add = (t: GoTarget): void => {
    if (!targets.some((x) => x.target === t.target)) targets.push(t);
  };

  const module = opts.module?.trim() || undefined;
  const stop = goStopsEarly(settings, module);
  if (stop !== null) return { targets, notes: [`go get stops before any connection: ${stop}`], stop };
  const moduleIsPrivate = module !== undefined && matchesGlobList(settings.GONOPROXY, module);
  if (module !== undefined && moduleIsPrivate) {
    notes.push(`${module} matches GONOPROXY=${settings.GONOPROXY}: go fetches it directly from its VCS host, not from a proxy`);
  }

  // GOPROXY
  let direct = moduleIsPrivate;
  if (!moduleIsPrivate) {
    for (const entry of splitProxyList(settings.GOPROXY)) {
      if (entry === 'direct') {
        direct = true;
        notes.push('GOPROXY has "direct": after the proxies before it fail, go fetches from the module\'s VCS host (git over https)');
        continue;
      }
      if (entry === 'off') {
        notes.push('GOPROXY has "off": module downloads are disallowed from that point of the list');
        break;
      }
      if (entry === 'noproxy') continue;
      const url = proxyEntryUrl(entry);
      const parsed = tryUrl(url);
      if (parsed === null) {
        notes.push(`GOPROXY entry "${entry}" is not a valid URL: go would reject it`);
        continue;
      }
      if (parsed.protocol === 'file:') {
        notes.push(`GOPROXY entry ${url} is a local directory: no TLS involved`);
        continue;
      }
      if (parsed.protocol === 'http:') {
        notes.push(`GOPROXY entry ${url} is plain HTTP: no certificate involved (and no protection)`);
        continue;
      }
      if (parsed.protocol !== 'https:') {
        notes.push(`GOPROXY entry ${url} uses ${parsed.protocol} which go does not support`);
        continue;
      }
      add({ target: hostPort(parsed), url, role: 'GOPROXY', note: 'module proxy from GOPROXY' });
    }
  }

  if (direct && module !== undefined) {
    const host = moduleHost(module);
    if (host === null) {
      notes.push(`${module} does not start with a host name (no dot in its first element): go cannot fetch it directly`);
    } else {
      const url = `https://${module}?go-get=1`;
      let note = `the VCS host of ${module} (go-get meta lookup, then git over https)`;
      if (host === 'golang.org') note = `golang.org serves the go-import meta tag for ${module}; the code itself comes from go.googlesource.com`;
      add({ target: `${host}:443`, url, role: 'direct', note });
    }
  } else if (direct) {
    notes.push('give a module path to see which VCS host "direct" would contact');
  }

  // GOSUMDB
  const sumdb = parseGoSumdb(settings.GOSUMDB);
  if (sumdb === null) {
    notes.push('GOSUMDB=off: go does not check module checksums against a checksum database');
  } else if ('error' in sumdb) {
    notes.push(`GOSUMDB=${settings.GOSUMDB}: ${sumdb.error}`);
  } else {
    const parsed = tryUrl(sumdb.url);
    if (parsed !== null && parsed.protocol === 'https:') {
      add({ target: hostPort(parsed), url: sumdb.url, role: 'GOSUMDB', note: `checksum database ${sumdb.name}` });
      notes.push(`go first asks each GOPROXY proxy for ${sumdb.name} (<proxy>/sumdb/${sumdb.name}/supported) and only contacts ${parsed.host} directly when none does`);
    } else if (parsed !== null && parsed.protocol === 'http:') {
      notes.push(`checksum database ${sumdb.name} is reached over plain HTTP at ${sumdb.url}: no certificate involved`);
    } else {
      notes.push(`GOSUMDB=${settings.GOSUMDB}: URL ${sumdb.url} is not usable`);
    }
  }
  if (settings.GONOSUMDB !== '') {
    notes.push(`modules matching GONOSUMDB=${settings.GONOSUMDB} are not checked against the checksum database`);
  }
  if (settings.GOPRIVATE !== '' && settings.GOPRIVATE !== settings.GONOSUMDB) {
    notes.push(`GOPRIVATE=${settings.GOPRIVATE} sets the default for GONOPROXY and GONOSUMDB`);
  }
  if (settings.GOINSECURE !== '') {
    notes.push(`modules matching GOINSECURE=${settings.GOINSECURE} may be fetched without certificate checks (and over plain HTTP)`);
  }

  if (opts.mirrors) {
    for (const m of GO_MIRRORS) {
      const parsed = new URL(m.url);
      add({ target: hostPort(parsed), url: m.url, role: 'mirror', note: m.note });
    }
  }
  return { targets, notes };
}

/** GOPROXY entries in order; both "," (fall through on 404/410) and "|" (fall through on any error) separate them. */
export function splitProxyList(value: string): string[] {
  return value
    .split(/[,|]/)
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

/**
 * Go adds "https://" to entries that look like a host or path but carry no scheme (modfetch/proxy.go): anything with
 * ".", ":" or "/" that has no ":/" and is not an absolute path.
 */
export function proxyEntryUrl(entry: string): string {
  if (/[.:/]/.test(entry) && !entry.includes(':/') && !entry.startsWith('/')) return `https://${entry}`;
  return entry;
}

/**
 * The checksum database named by a GOSUMDB value: null for "off"; `name`, `name+key`, `name url`, `name+key url`.
 * Without a URL, go contacts https://<name>.
 */
export function parseGoSumdb(value: string): { name: string; url: string } | { error: string } | null {
  let v = value.trim();
  if (v === 'off') return null;
  v = SUMDB_ALIASES[v] ?? v;
  const fields = v.split(/\s+/).filter((f) => f !== '');
  if (fields.length === 0 || fields.length > 2) return { error: 'expected "name", "name+key" or "name+key url"' };
  const name = fields[0]!.split('+')[0]!;
  if (name === '') return { error: 'the database name is empty' };
  const url = fields[1] ?? `https://${name}`;
  if (tryUrl(url) === null) return { error: `"${url}" is not a URL` };
  return { name, url };
}

/** The host of a module path's first element, or null when it cannot be a host (no dot). */
export function moduleHost(module: string): string | null {
  const first = module.split('/')[0]!.split('@')[0]!.toLowerCase();
  if (!first.includes('.') || first.startsWith('.') || first.endsWith('.')) return null;
  return first.split(':')[0]!;
}

/**
 * Go's module.MatchPrefixPatterns: a comma-separated list of path.Match globs, each matched against the same number
 * of leading path elements of the module path.
 */
export function matchesGlobList(patterns: string, module: string): boolean {
  const parts = module.split('/');
  for (const raw of patterns.split(',')) {
    const pattern = raw.trim().replace(/\/+$/, '');
    if (pattern === '') continue;
    const n = pattern.split('/').length;
    if (parts.length < n) continue;
    if (globMatch(pattern, parts.slice(0, n).join('/'))) return true;
  }
  return false;
}

function globMatch(pattern: string, text: string): boolean {
  let re = '^';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else if (c === '[') {
      const end = pattern.indexOf(']', i + 1);
      if (end < 0) return false;
      let body = pattern.slice(i + 1, end);
      if (body.startsWith('^')) body = '^' + body.slice(1);
      re += `[${body.replace(/\\/g, '\\\\')}]`;
      i = end;
    } else if (c === '\\' && i + 1 < pattern.length) {
      re += escapeRe(pattern[++i]!);
    } else re += escapeRe(c);
  }
  try {
    return new RegExp(re + '$').test(text);
  } catch {
    return false;
  }
}

function escapeRe(c: string): string {
  return c.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

function tryUrl(text: string): URL | null {
  try {
    return new URL(text);
  } catch {
    return null;
  }
}

function hostPort(u: URL): string {
  const port = u.port !== '' ? u.port : u.protocol === 'http:' ? '80' : '443';
  return `${u.hostname}:${port}`;
}

/**
 * Where `go get` stops before any connection (pure), with the error Go prints after `go: MODULE@VERSION: `.
 * cmd/go/internal/modfetch/proxy.go parses the whole GOPROXY list once, before the first request: one entry it
 * cannot use (`lol`: no scheme; `ftp://x`: a scheme other than https, http, file) fails every lookup, whatever comes
 * before it; a list whose first entry is `off` disables module lookups, so neither a proxy nor the checksum database
 * is ever contacted. A module matching GONOPROXY (GOPRIVATE) is fetched directly and skips the list.
 * Checked against go 1.19: `GOPROXY=lol go get golang.org/x/text@v0.3.0` prints
 * `go: golang.org/x/text@v0.3.0: invalid proxy URL missing scheme: lol`.
 */
export function goStopsEarly(settings: Pick<GoSettings, 'GOPROXY' | 'GONOPROXY'> & { GOFLAGS?: string }, module?: string): string | null {
  // `-insecure` was removed in Go 1.17: with it in GOFLAGS every go command refuses to start (go 1.19 prints
  // `go: -insecure flag is no longer supported; use GOINSECURE instead`, without a module prefix).
  if (/(^|\s)-insecure(\s|=|$)/.test(settings.GOFLAGS ?? '')) return INSECURE_FLAG_REMOVED;
  if (module !== undefined && module !== '' && matchesGlobList(settings.GONOPROXY, module)) return null;
  const entries = splitProxyList(settings.GOPROXY);
  for (const entry of entries) {
    if (entry === 'off' || entry === 'direct' || entry === 'noproxy') continue;
    const url = proxyEntryUrl(entry);
    const scheme = /^([A-Za-z][A-Za-z0-9+.-]*):/.exec(url)?.[1]?.toLowerCase() ?? '';
    if (scheme === '') return `invalid proxy URL missing scheme: ${url}`;
    if (scheme !== 'https' && scheme !== 'http' && scheme !== 'file') return `invalid proxy URL scheme (must be https, http, file): ${url.replace(/\/\/[^/@]*@/, '//')}`;
  }
  const first = entries.find((e) => e !== 'noproxy');
  if (first === 'off') return 'module lookup disabled by GOPROXY=off';
  return null;
}

export const INSECURE_FLAG_REMOVED = '-insecure flag is no longer supported; use GOINSECURE instead';
