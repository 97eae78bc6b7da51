/**
 * The go-import and go-source meta tags of a `?go-get=1` page, read as cmd/go reads them (pure):
 * cmd/go/internal/vcs/discovery.go parseMetaGoImports (an XML tokenizer in non-strict mode: unquoted attribute
 * values, case-insensitive names, stops at <body> or </head>) and vcs.go matchGoImport / validateRepoRoot, with Go's
 * error words. cmd/go ignores go-source (pkg.go.dev reads it); it is parsed here only to be shown.
 */

export interface MetaImport {
  prefix: string;
  vcs: string;
  repoRoot: string;
}

export interface MetaSource {
  prefix: string;
  home: string;
  directory: string;
  file: string;
}

export interface MetaTags {
  imports: MetaImport[];
  sources: MetaSource[];
  /** Set when the tokenizer stopped on malformed markup before it found any go-import tag (Go then fails). */
  error: string | null;
}

/** Tags scanned at most: a hostile page cannot make the scan unbounded beyond its (already capped) size. */
const MAX_TAGS = 10_000;

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/**
 * go-import tags in Go's order: with `preferMod` (module mode), "mod" entries first and other entries for the same
 * prefix dropped; without it, "mod" entries are dropped.
 */
export function parseMetaTags(html: string, preferMod = true): MetaTags {
  const raw: MetaImport[] = [];
  const sources: MetaSource[] = [];
  let error: string | null = null;
  let i = 0;
  let tags = 0;
  while (i < html.length && tags++ < MAX_TAGS) {
    const lt = html.indexOf('<', i);
    if (lt < 0) break;
    if (html.startsWith('<!--', lt)) {
      const end = html.indexOf('-->', lt + 4);
      if (end < 0) {
        error = syntaxError(html, html.length, 'unexpected EOF');
        break;
      }
      i = end + 3;
      continue;
    }
    if (html.startsWith('<![CDATA[', lt)) {
      const end = html.indexOf(']]>', lt);
      if (end < 0) {
        error = syntaxError(html, html.length, 'unexpected EOF in CDATA section');
        break;
      }
      i = end + 3;
      continue;
    }
    if (html.startsWith('<?', lt)) {
      const end = html.indexOf('?>', lt);
      if (end < 0) {
        error = syntaxError(html, html.length, 'unexpected EOF');
        break;
      }
      i = end + 2;
      continue;
    }
    if (html.startsWith('<!', lt)) {
      const end = html.indexOf('>', lt);
      if (end < 0) {
        error = syntaxError(html, html.length, 'unexpected EOF');
        break;
      }
      i = end + 1;
      continue;
    }
    const tag = readTag(html, lt);
    if ('error' in tag) {
      error = tag.error;
      break;
    }
    i = tag.end;
    const name = tag.name.toLowerCase();
    if (tag.closing) {
      if (name === 'head') break;
      continue;
    }
    if (name === 'body') break;
    if (name !== 'meta') continue;
    const attr = (key: string) => tag.attrs.find((a) => a.name.toLowerCase() === key)?.value ?? '';
    const kind = attr('name');
    const fields = attr('content').split(/[\t\n\v\f\r \u0085\u00a0]+/).filter((f) => f !== '');
    if (kind === 'go-import' && fields.length === 3) raw.push({ prefix: fields[0]!, vcs: fields[1]!, repoRoot: fields[2]! });
    if (kind === 'go-source' && fields.length === 4) {
      sources.push({ prefix: fields[0]!, home: fields[1]!, directory: fields[2]!, file: fields[3]! });
    }
  }
  // Go keeps what it read before a syntax error; the error only counts when no go-import tag came before it.
  if (raw.length > 0) error = null;
  const list: MetaImport[] = [];
  const have = new Set<string>();
  if (preferMod) {
    for (const m of raw) {
      if (m.vcs === 'mod') {
        have.add(m.prefix);
        list.push(m);
      }
    }
  }
  for (const m of raw) if (m.vcs !== 'mod' && !have.has(m.prefix)) list.push(m);
  return { imports: list, sources, error };
}

interface Tag {
  name: string;
  closing: boolean;
  attrs: Array<{ name: string; value: string }>;
  end: number;
}

const NAME_CHAR = /[A-Za-z0-9_:.\-\u00b7-\uffff]/;
const SPACE = /[ \t\r\n]/;

function readTag(html: string, lt: number): Tag | { error: string } {
  let i = lt + 1;
  const closing = html[i] === '/';
  if (closing) i++;
  const nameStart = i;
  while (i < html.length && NAME_CHAR.test(html[i]!)) i++;
  const name = html.slice(nameStart, i);
  if (name === '') {
    // Go's decoder: "expected element name after <"; text such as "a < b" in a page.
    return { error: syntaxError(html, i, i >= html.length ? 'unexpected EOF' : 'expected element name after <') };
  }
  const attrs: Tag['attrs'] = [];
  for (;;) {
    while (i < html.length && SPACE.test(html[i]!)) i++;
    if (i >= html.length) return { error: syntaxError(html, i, 'unexpected EOF') };
    if (html[i] === '>') return { name, closing, attrs, end: i + 1 };
    if (html.startsWith('/>', i)) return { name, closing, attrs, end: i + 2 };
    const start = i;
    while (i < html.length && NAME_CHAR.test(html[i]!)) i++;
    if (i === start) {
      i++; // a stray character: non-strict mode skips it
      continue;
    }
    const attrName = html.slice(start, i);
    while (i < html.length && SPACE.test(html[i]!)) i++;
    if (html[i] !== '=') {
      attrs.push({ name: attrName, value: attrName }); // non-strict: <option selected>
      continue;
    }
    i++;
    while (i < html.length && SPACE.test(html[i]!)) i++;
    const q = html[i];
    let value: string;
    if (q === '"' || q === "'") {
      const end = html.indexOf(q, i + 1);
      if (end < 0) return { error: syntaxError(html, html.length, 'unexpected EOF') };
      value = html.slice(i + 1, end);
      i = end + 1;
    } else {
      const vs = i;
      while (i < html.length && !SPACE.test(html[i]!) && html[i] !== '>') i++;
      value = html.slice(vs, i);
    }
    attrs.push({ name: attrName, value: decodeEntities(value) });
  }
}

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[A-Za-z]+);/g, (whole, ref: string) => {
    if (ref.startsWith('#')) {
      const cp = ref[1] === 'x' || ref[1] === 'X' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
      return Number.isFinite(cp) && cp > 0 && cp <= 0x10ffff ? String.fromCodePoint(cp) : whole;
    }
    return ENTITIES[ref] ?? whole; // non-strict: an unknown entity stays as written
  });
}

function syntaxError(html: string, at: number, what: string): string {
  const line = html.slice(0, at).split('\n').length;
  return `XML syntax error on line ${line}: ${what}`;
}

/** str.HasPathPrefix: `s` is `prefix` or continues it after a "/". */
export function hasPathPrefix(s: string, prefix: string): boolean {
  if (s.length === prefix.length) return s === prefix;
  if (s.length < prefix.length || !s.startsWith(prefix)) return false;
  return prefix.endsWith('/') || s[prefix.length] === '/';
}

/** vcs.matchGoImport: the one tag whose prefix covers `importPath`, or Go's error. */
export function matchGoImport(imports: MetaImport[], importPath: string): { match: MetaImport } | { error: string; mismatch: boolean } {
  let match = -1;
  const mismatches: string[] = [];
  for (let i = 0; i < imports.length; i++) {
    const im = imports[i]!;
    if (!hasPathPrefix(importPath, im.prefix)) {
      mismatches.push(im.prefix);
      continue;
    }
    if (match >= 0) {
      if (imports[match]!.vcs === 'mod' && im.vcs !== 'mod') break;
      return { error: `multiple meta tags match import path "${importPath}"`, mismatch: false };
    }
    match = i;
  }
  if (match < 0) {
    return { error: mismatches.map((p) => `meta tag ${p} did not match import path ${importPath}`).join(', '), mismatch: true };
  }
  return { match: imports[match]! };
}

/** vcs.validateRepoRoot: null, or why Go refuses the repository URL ("no scheme", "file scheme disallowed"). */
export function validateRepoRoot(repoRoot: string): string | null {
  const m = /^([A-Za-z][A-Za-z0-9+.\-]*):/.exec(repoRoot);
  if (m === null) {
    if (/^[^/?#]*:/.test(repoRoot)) return 'missing protocol scheme';
    return 'no scheme';
  }
  if (m[1]!.toLowerCase() === 'file') return 'file scheme disallowed';
  try {
    new URL(repoRoot);
  } catch {
    return `parse "${repoRoot}": ${urlParseError(repoRoot)}`;
  }
  return null;
}

/** net/url's words for the parse errors a repository URL commonly has. */
function urlParseError(text: string): string {
  const authority = /^[A-Za-z][A-Za-z0-9+.\-]*:\/\/([^/?#]*)/.exec(text)?.[1] ?? '';
  const host = authority.slice(authority.lastIndexOf('@') + 1);
  if (host.startsWith('[') && !host.includes(']')) return "missing ']' in host";
  const port = /^(?:\[[^\]]*\]|[^:]*)(:.*)$/.exec(host)?.[1];
  if (port !== undefined && !/^:\d*$/.test(port)) return `invalid port "${port}" after host`;
  return 'invalid URL';
}

/**
 * Go's line for a page that names no usable repository (repoRootForImportDynamic), or null when `importPath` has
 * its repository. `pageUrl` is the URL the answer came from (after redirects), as Go prints it.
 */
export function repoRootFor(
  tags: MetaTags,
  importPath: string,
  pageUrl: string,
  status: number,
): { root: MetaImport } | { error: string } {
  if (tags.imports.length === 0 && status !== 200) return { error: `reading ${pageUrl}: ${status} ${statusText(status)}`.trimEnd() };
  if (tags.error !== null) return { error: `parsing ${importPath}: ${tags.error}` };
  const m = matchGoImport(tags.imports, importPath);
  if ('error' in m) {
    return { error: m.mismatch ? `parse ${pageUrl}: no go-import meta tags (${m.error})` : `parse ${pageUrl}: ${m.error}` };
  }
  const invalid = validateRepoRoot(m.match.repoRoot);
  if (invalid !== null) return { error: `${pageUrl}: invalid repo root "${m.match.repoRoot}": ${invalid}` };
  if (m.match.vcs !== 'mod' && !KNOWN_VCS.includes(m.match.vcs)) return { error: `${pageUrl}: unknown vcs "${m.match.vcs}"` };
  return { root: m.match };
}

/** The version control commands cmd/go knows (vcs.go vcsList). */
export const KNOWN_VCS = ['hg', 'git', 'svn', 'bzr', 'fossil'];

/** net/http's status texts for the answers a module server gives. */
export function statusText(status: number): string {
  const texts: Record<number, string> = {
    200: 'OK', 301: 'Moved Permanently', 302: 'Found', 303: 'See Other', 307: 'Temporary Redirect', 308: 'Permanent Redirect',
    400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 410: 'Gone', 429: 'Too Many Requests',
    500: 'Internal Server Error', 502: 'Bad Gateway', 503: 'Service Unavailable', 504: 'Gateway Timeout',
  };
  return texts[status] ?? '';
}
