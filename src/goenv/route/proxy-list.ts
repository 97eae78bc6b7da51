/**
 * GOPROXY as cmd/go reads it (pure): modfetch/proxy.go proxyList and newProxyRepo (Go 1.19). Entries are separated
 * by "," (the next one is tried only after a 404/410) or "|" (after any error); "off" and "direct" end the list; an
 * entry with ".", ":" or "/" and no scheme gets "https://". Errors use Go's words.
 */

export interface ProxySpec {
  /** A base URL, or "direct" / "off". */
  url: string;
  fallBackOnError: boolean;
}

export function proxyList(goproxy: string): { list: ProxySpec[] } | { error: string } {
  const list: ProxySpec[] = [];
  let rest = goproxy;
  while (rest !== '') {
    let url: string;
    let fallBackOnError = false;
    const i = rest.search(/[,|]/);
    if (i >= 0) {
      url = rest.slice(0, i);
      fallBackOnError = rest[i] === '|';
      rest = rest.slice(i + 1);
    } else {
      url = rest;
      rest = '';
    }
    url = url.trim();
    if (url === '') continue;
    if (url === 'off' || url === 'direct') {
      list.push({ url, fallBackOnError: false });
      break;
    }
    if (/[.:/]/.test(url) && !url.includes(':/') && !url.startsWith('/')) url = `https://${url}`;
    const invalid = invalidProxyUrl(url);
    if (invalid !== null) return { error: invalid };
    list.push({ url, fallBackOnError });
  }
  if (list.length === 0) return { error: 'GOPROXY list is not the empty string, but contains no entries' };
  return { list };
}

/** newProxyRepo's checks: http, https and file (a path only) are the schemes go accepts. */
function invalidProxyUrl(url: string): string | null {
  const m = /^([A-Za-z][A-Za-z0-9+.\-]*):/.exec(url);
  if (m === null) return `invalid proxy URL missing scheme: ${url}`;
  const scheme = m[1]!.toLowerCase();
  if (scheme === 'http' || scheme === 'https') return null;
  if (scheme === 'file') return /^file:\/\/[^/]/i.test(url) ? `invalid file:// proxy URL with non-path elements: ${url}` : null;
  return `invalid proxy URL scheme (must be https, http, file): ${url}`;
}

/**
 * GOSUMDB as cmd/go reads it (modfetch/sumdb.go dbDial): "off", or "name", "name+key", optionally followed by a URL;
 * "sum.golang.google.cn" means sum.golang.org served from https://sum.golang.google.cn. Without a URL go contacts
 * https://<name>. With a URL, go uses it as is and never asks a proxy for the database (sumdb.go dbDial sets the
 * base, so initBase's proxy walk does not run).
 */
export function sumdbSetting(value: string): { name: string; url: string; explicitUrl: boolean } | { error: string } | null {
  let v = value.trim();
  if (v === 'off') return null;
  if (v === 'sum.golang.google.cn') v = 'sum.golang.org https://sum.golang.google.cn';
  const fields = v.split(/\s+/).filter((f) => f !== '');
  if (fields.length === 0 || fields.length > 2) return { error: 'invalid GOSUMDB: too many fields' };
  const name = fields[0]!.split('+')[0]!;
  if (name === '') return { error: `invalid GOSUMDB: ${value}` };
  let url = fields[1] ?? `https://${name}`;
  if (!/^[A-Za-z][A-Za-z0-9+.\-]*:\/\//.test(url)) url = `https://${url}`;
  return { name, url: url.replace(/\/+$/, ''), explicitUrl: fields[1] !== undefined };
}
