import { isIPv4, isIPv6 } from 'node:net';
import { domainToASCII } from 'node:url';

/**
 * Go's proxy rules, ported from golang.org/x/net/http/httpproxy (proxy.go), which net/http's ProxyFromEnvironment
 * and therefore the go command use. Pure: the environment is a parameter.
 *
 * - HTTPS_PROXY (else https_proxy) for https URLs, HTTP_PROXY (else http_proxy) for http URLs; the upper-case name
 *   wins when both are set and non-empty. ALL_PROXY is not read. HTTP_PROXY is refused in a CGI environment
 *   (REQUEST_METHOD set).
 * - A value with no scheme or no host ("proxy.corp:3128", "localhost") is read as http://.
 * - Never proxied: "localhost" and loopback IPs.
 * - NO_PROXY (else no_proxy): comma-separated, case-insensitive; "*" exempts everything; "a.b" exempts a.b and its
 *   subdomains, ".a.b" and "*.a.b" only the subdomains; an IP exempts that IP; a CIDR exempts its range (IP targets
 *   only); "host:port" / "[ip]:port" exempt that port only. Names are compared in their IDNA ASCII form.
 */

export interface GoProxyConfig {
  httpProxy: string;
  httpsProxy: string;
  noProxy: string;
  /** REQUEST_METHOD is set: HTTP_PROXY may be attacker-controlled and is refused for http URLs. */
  cgi: boolean;
}

export type GoProxyAnswer =
  | { proxy: string; error?: undefined }
  | { proxy: null; error?: undefined }
  | { proxy: null; error: string };

/** httpproxy.FromEnvironment: the first non-empty of each pair. */
export function goProxyConfigFromEnv(env: Record<string, string | undefined>): GoProxyConfig {
  const any = (...names: string[]) => names.map((n) => env[n]).find((v) => v !== undefined && v !== '') ?? '';
  return {
    httpProxy: any('HTTP_PROXY', 'http_proxy'),
    httpsProxy: any('HTTPS_PROXY', 'https_proxy'),
    noProxy: any('NO_PROXY', 'no_proxy'),
    cgi: (env.REQUEST_METHOD ?? '') !== '',
  };
}

const PORTS: Record<string, string> = { http: '80', https: '443', socks5: '1080' };

/** The request a proxy is chosen for: scheme, host (a name or an IP, IPv6 without brackets) and port (or ''). */
export interface ProxyRequest {
  scheme: string;
  host: string;
  port?: string;
}

export interface GoProxyOptions {
  /**
   * chaindbg's one departure, for `probe` and AIA only: proxy loopback targets too, so a proxy in front of a lab or
   * test server on 127.0.0.1 can be exercised. `chaindbg go` leaves it off, as Go does.
   */
  proxyLoopback?: boolean;
}

/** Config.ProxyFunc: a function from request to proxy URL (or null), built once from the config. */
export function goProxyFunc(cfg: GoProxyConfig, opts: GoProxyOptions = {}): (req: ProxyRequest | string) => GoProxyAnswer {
  const httpProxy = parseProxy(cfg.httpProxy);
  const httpsProxy = parseProxy(cfg.httpsProxy);
  const noProxy = parseNoProxy(cfg.noProxy);
  return (input) => {
    const req = typeof input === 'string' ? requestOf(input) : input;
    if (req === null) return { proxy: null };
    let proxy: string | null = null;
    if (req.scheme === 'https') proxy = httpsProxy;
    else if (req.scheme === 'http') {
      proxy = httpProxy;
      if (proxy !== null && cfg.cgi) {
        return { proxy: null, error: 'refusing to use HTTP_PROXY value in CGI environment; see golang.org/s/cgihttpproxy' };
      }
    }
    if (proxy === null) return { proxy: null };
    const port = req.port || PORTS[req.scheme] || '';
    return useProxy(noProxy, ascii(req.host.toLowerCase()), port, opts.proxyLoopback ?? false) ? { proxy } : { proxy: null };
  };
}

/** The proxy Go would use for `url` under `env`, or null (errors count as no proxy). */
export function goProxyForUrl(url: string, env: Record<string, string | undefined>): string | null {
  return goProxyFunc(goProxyConfigFromEnv(env))(url).proxy;
}

/** Whether Go's NO_PROXY list (and its localhost/loopback rule) lets host:port go through a proxy. */
export function goUsesProxy(noProxy: string, host: string, port: string): boolean {
  return useProxy(parseNoProxy(noProxy), ascii(host.toLowerCase()), port, false);
}

function requestOf(text: string): ProxyRequest | null {
  let u: URL;
  try {
    u = new URL(text);
  } catch {
    return null;
  }
  return { scheme: u.protocol.slice(0, -1), host: u.hostname.replace(/^\[|\]$/g, ''), port: u.port };
}

/**
 * parseProxy: a value Go cannot read as scheme://host is tried again with "http://" in front. Other schemes are kept
 * (net/http then refuses those it cannot dial). Go 1.19's vendored copy instead prefixed every scheme other than
 * http, https and socks5; current x/net keeps them, which this follows.
 */
function parseProxy(value: string): string | null {
  if (value === '') return null;
  const parsed = tryUrl(value);
  if (parsed === null || parsed.scheme === '' || parsed.host === '') {
    const again = tryUrl(`http://${value}`);
    if (again !== null && again.host !== '') return `http://${value}`;
  }
  return parsed === null ? null : value;
}

function tryUrl(text: string): { scheme: string; host: string } | null {
  // Go's url.Parse: a scheme is a letter followed by letters, digits, "+", "-", "."; an authority follows "//".
  const m = /^([A-Za-z][A-Za-z0-9+.-]*):(.*)$/s.exec(text);
  if (!m) return /^[^:/]*:/.test(text) ? null : { scheme: '', host: '' };
  const rest = m[2]!;
  if (!rest.startsWith('//')) return { scheme: m[1]!.toLowerCase(), host: '' };
  const authority = rest.slice(2).split(/[/?#]/)[0]!;
  const host = authority.slice(authority.lastIndexOf('@') + 1);
  return { scheme: m[1]!.toLowerCase(), host };
}

type Matcher =
  | { kind: 'all' }
  | { kind: 'cidr'; net: Uint8Array; bits: number; v4: boolean }
  | { kind: 'ip'; ip: Uint8Array; port: string }
  | { kind: 'domain'; host: string; port: string; matchHost: boolean };

interface NoProxy {
  ip: Matcher[];
  domain: Matcher[];
}

function parseNoProxy(value: string): NoProxy {
  const out: NoProxy = { ip: [], domain: [] };
  for (const raw of value.split(',')) {
    const p = raw.trim().toLowerCase();
    if (p === '') continue;
    if (p === '*') return { ip: [{ kind: 'all' }], domain: [{ kind: 'all' }] };
    const cidr = parseCidr(p);
    if (cidr) {
      out.ip.push(cidr);
      continue;
    }
    let host: string;
    let port = '';
    const split = splitHostPort(p);
    if (split) {
      if (split.host === '') continue;
      host = split.host;
      port = split.port;
    } else host = p;
    const ip = parseIp(host);
    if (ip) {
      out.ip.push({ kind: 'ip', ip, port });
      continue;
    }
    if (host === '') continue;
    if (host.startsWith('*.')) host = host.slice(1);
    const matchHost = !host.startsWith('.');
    if (matchHost) host = `.${host}`;
    out.domain.push({ kind: 'domain', host: ascii(host), port, matchHost });
  }
  return out;
}

function useProxy(np: NoProxy, hostIn: string, port: string, proxyLoopback: boolean): boolean {
  // An IPv6 zone ("fe80::1%eth0") is not part of the address: "%25.example.com" must not match "example.com".
  const host = hostIn.includes(':') ? hostIn.replace(/%.*$/s, '') : hostIn;
  if (host === '') return true;
  const ip = parseIp(host);
  if (!proxyLoopback && (host === 'localhost' || (ip !== null && isLoopback(ip)))) return false;
  const name = host.trim();
  const hit = (m: Matcher): boolean => {
    switch (m.kind) {
      case 'all':
        return true;
      case 'cidr':
        return ip !== null && inCidr(ip, m);
      case 'ip':
        return ip !== null && equal(ip, m.ip) && (m.port === '' || m.port === port);
      case 'domain':
        return (name.endsWith(m.host) || (m.matchHost && name === m.host.slice(1))) && (m.port === '' || m.port === port);
    }
  };
  if (ip && np.ip.some(hit)) return false;
  return !np.domain.some(hit);
}

/** net.SplitHostPort for NO_PROXY entries: "h:p", "[v6]:p"; null when there is no port part. */
function splitHostPort(s: string): { host: string; port: string } | null {
  if (s.startsWith('[')) {
    const end = s.indexOf(']');
    if (end < 0 || s[end + 1] !== ':') return null;
    return { host: s.slice(1, end), port: s.slice(end + 2) };
  }
  const i = s.lastIndexOf(':');
  if (i < 0 || s.indexOf(':') !== i) return null; // no colon, or a bare IPv6 address ("too many colons")
  return { host: s.slice(0, i), port: s.slice(i + 1) };
}

function ascii(name: string): string {
  // eslint-disable-next-line no-control-regex
  if (/^[\x00-\x7f]*$/.test(name)) return name;
  const lead = name.startsWith('.') ? '.' : '';
  const converted = domainToASCII(name.slice(lead.length));
  return converted === '' ? name : lead + converted;
}

/** An IP as 16 bytes (IPv4 as ::ffff:a.b.c.d, as Go's net.IP), or null. */
export function parseIp(text: string): Uint8Array | null {
  if (isIPv4(text)) return Uint8Array.from([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, ...text.split('.').map(Number)]);
  if (!isIPv6(text) || text.includes('%')) return null;
  let t = text;
  const v4 = /(\d+\.\d+\.\d+\.\d+)$/.exec(t);
  if (v4) {
    const b = v4[1]!.split('.').map(Number);
    t = `${t.slice(0, v4.index)}${((b[0]! << 8) | b[1]!).toString(16)}:${((b[2]! << 8) | b[3]!).toString(16)}`;
  }
  const [head, tail] = t.includes('::') ? (t.split('::') as [string, string]) : [t, null];
  const words = (s: string) => (s === '' ? [] : s.split(':').map((w) => parseInt(w, 16)));
  const h = words(head);
  const tl = tail === null ? [] : words(tail);
  const all = tail === null ? h : [...h, ...new Array<number>(8 - h.length - tl.length).fill(0), ...tl];
  const out = new Uint8Array(16);
  all.forEach((w, i) => {
    out[2 * i] = w >> 8;
    out[2 * i + 1] = w & 0xff;
  });
  return out;
}

function isV4(ip: Uint8Array): boolean {
  return ip.slice(0, 10).every((b) => b === 0) && ip[10] === 0xff && ip[11] === 0xff;
}

function isLoopback(ip: Uint8Array): boolean {
  if (isV4(ip)) return ip[12] === 127;
  return ip.slice(0, 15).every((b) => b === 0) && ip[15] === 1;
}

function equal(a: Uint8Array, b: Uint8Array): boolean {
  return a.every((x, i) => x === b[i]);
}

function parseCidr(p: string): Matcher | null {
  const slash = p.indexOf('/');
  if (slash < 0) return null;
  const ip = parseIp(p.slice(0, slash));
  const bitsText = p.slice(slash + 1);
  if (!ip || !/^\d{1,3}$/.test(bitsText)) return null;
  const v4 = isV4(ip) && !p.slice(0, slash).includes(':');
  const bits = Number(bitsText);
  if (bits > (v4 ? 32 : 128)) return null;
  return { kind: 'cidr', net: ip, bits: v4 ? bits + 96 : bits, v4 };
}

function inCidr(ip: Uint8Array, m: Extract<Matcher, { kind: 'cidr' }>): boolean {
  if (m.v4 !== isV4(ip)) return false;
  for (let bit = 0; bit < m.bits; bit++) {
    const mask = 0x80 >> bit % 8;
    if ((ip[bit >> 3]! & mask) !== (m.net[bit >> 3]! & mask)) return false;
  }
  return true;
}
