import http from 'node:http';
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { type Socket, connect as netConnect } from 'node:net';
import { connect as tlsConnect } from 'node:tls';
import { AiaError, type AiaErrorCode } from './errors.js';
import { parseIssuerBody } from './parse.js';
import { proxyForUrl } from '../net/proxy-env.js';
import { type ProxyEndpoint, ProxyConfigError, parseProxyUrl, proxyTlsFailure, proxyTlsOptions, proxyTrust } from '../net/proxy.js';
import { socksConnect } from '../net/socks.js';
import { guardAddress, hostClass } from './address-guard.js';

/** RFC 5280 4.2.2.1 puts caIssuers on http (a TLS fetch would need the very chain being repaired). */
export const DEFAULT_AIA_TIMEOUT_MS = 10_000;
/** Issuer certificates are a few KB; PKCS#7 bundles of a whole hierarchy stay well under 1 MB. */
export const DEFAULT_AIA_MAX_BYTES = 1024 * 1024;
/** Redirects followed per URL, as a browser-like fetcher would for CDN-hosted caIssuers. */
export const DEFAULT_AIA_MAX_REDIRECTS = 3;

export interface FetchResult {
  /** The URL as asked (before redirects). */
  url: string;
  ok: boolean;
  /** DER of each certificate found in the body. */
  certificates: Uint8Array[];
  /** The Content-Type header of the final response, or null. */
  contentType: string | null;
  /** Body bytes read (of the final response). */
  bytes: number;
  /** One line, set when ok is false. */
  error?: string;
  /** Stable reason when ok is false. */
  code?: AiaErrorCode;
  /** URLs visited after redirects, in order (empty when none). */
  redirects: string[];
}

export interface FetchOptions {
  /** Total time for one URL, redirects and body included. */
  timeoutMs: number;
  /** Largest body accepted; past it the socket is closed. */
  maxBytes: number;
  /** Redirects followed per URL (default 3). */
  maxHops?: number;
  /**
   * The environment whose http_proxy / all_proxy / no_proxy apply (default: none, so no proxy), and whose
   * NODE_EXTRA_CA_CERTS adds to the roots an https:// proxy is verified against.
   */
  proxyEnv?: Record<string, string | undefined>;
  /**
   * Allow loopback hosts (the chain came from a loopback address, as in the lab, or the user said so). Link-local and
   * unspecified addresses are refused whatever this says; a redirect never moves to loopback (address-guard.ts).
   */
  allowLoopback?: boolean;
  /** Results by URL for this run (a fetch in flight too): a URL is fetched at most once, even by concurrent probes. */
  cache?: Map<string, FetchResult | Promise<FetchResult>>;
}

/** Fetches each distinct URL (concurrently) and returns one result per distinct URL, in the order given. */
export async function fetchIssuers(urls: string[], opts: FetchOptions): Promise<FetchResult[]> {
  const distinct = [...new Set(urls)];
  return Promise.all(distinct.map((url) => fetchOne(url, opts)));
}

async function fetchOne(url: string, opts: FetchOptions): Promise<FetchResult> {
  const cached = opts.cache?.get(url);
  if (cached) return cached;
  const pending = fetchUncached(url, opts);
  opts.cache?.set(url, pending);
  const result = await pending;
  opts.cache?.set(url, result);
  return result;
}

interface Raw {
  status: number;
  location: string | null;
  contentType: string | null;
  body: Uint8Array;
}

async function fetchUncached(url: string, opts: FetchOptions): Promise<FetchResult> {
  let allowLoopback = false;
  const maxRedirects = opts.maxHops ?? DEFAULT_AIA_MAX_REDIRECTS;
  const redirects: string[] = [];
  const deadline = Date.now() + opts.timeoutMs;
  let current = url;
  let contentType: string | null = null;
  let bytes = 0;
  try {
    for (;;) {
      const target = checkUrl(current);
      // A redirect never moves to loopback: only a URL that was on loopback from the start may stay there.
      allowLoopback = opts.allowLoopback === true && (current === url || hostClass(new URL(url).hostname) === 'loopback');
      guardAddress(target.hostname, allowLoopback);
      const remaining = deadline - Date.now();
      if (remaining <= 0) throw new AiaError('timeout', `no answer within ${opts.timeoutMs} ms`);
      const raw = await get(target, remaining, opts, allowLoopback);
      contentType = raw.contentType;
      bytes = raw.body.length;
      if ([301, 302, 303, 307, 308].includes(raw.status)) {
        if (raw.location === null) throw new AiaError('bad-redirect', `HTTP ${raw.status} without a Location header`);
        if (redirects.length >= maxRedirects) throw new AiaError('too-many-redirects', `more than ${maxRedirects} redirects`);
        let next: string;
        try {
          next = new URL(raw.location, target).toString();
        } catch {
          throw new AiaError('bad-redirect', `HTTP ${raw.status} to an invalid Location: ${raw.location.slice(0, 200)}`);
        }
        redirects.push(next);
        current = next;
        continue;
      }
      if (raw.status !== 200) throw new AiaError('http-status', `HTTP ${raw.status}`);
      const certificates = parseIssuerBody(raw.body);
      return { url, ok: true, certificates, contentType, bytes, redirects };
    }
  } catch (err) {
    const e = err instanceof AiaError ? err : new AiaError('network', err instanceof Error ? err.message : String(err));
    const where = current === url ? '' : ` (after redirect to ${current})`;
    return { url, ok: false, certificates: [], contentType, bytes, error: `${e.message}${where}`, code: e.code, redirects };
  }
}

function checkUrl(text: string): URL {
  let u: URL;
  try {
    u = new URL(text);
  } catch {
    throw new AiaError('bad-url', `not a URL: ${text.slice(0, 200)}`);
  }
  if (u.protocol === 'https:') {
    throw new AiaError('unsupported-scheme', 'https caIssuers URLs are not fetched: RFC 5280 requires http (fetching over TLS would need the chain being repaired)');
  }
  if (u.protocol !== 'http:') throw new AiaError('unsupported-scheme', `${u.protocol} caIssuers URLs are not supported (http only)`);
  return u;
}

/**
 * One GET, directly or through a proxy, bounded in time and size. The proxies are those probe takes, used as Go's
 * net/http would for an http:// URL: http:// and https:// proxies get the absolute-form request (https: over TLS to
 * the proxy, its certificate checked as probe checks it), socks5:// and socks5h:// a SOCKS5 CONNECT to the URL's host
 * (resolved by the proxy) and then the ordinary request. A proxy that cannot be used fails the fetch: never a
 * direct connection instead.
 */
function get(target: URL, timeoutMs: number, opts: FetchOptions, allowLoopback: boolean): Promise<Raw> {
  const proxyText = opts.proxyEnv ? proxyForUrl(target.toString(), opts.proxyEnv) : null;
  let proxy: ProxyEndpoint | null = null;
  if (proxyText !== null) {
    try {
      proxy = parseProxyUrl(proxyText);
    } catch (e) {
      if (!(e instanceof ProxyConfigError)) throw e;
      return Promise.reject(new AiaError('proxy', e.message));
    }
  }
  const headers: Record<string, string> = {
    Host: target.host,
    'User-Agent': 'chaindbg (AIA caIssuers fetch)',
    Accept: 'application/pkix-cert, application/pkcs7-mime, application/x-x509-ca-cert, */*;q=0.5',
    Connection: 'close',
  };
  if (proxy?.authorization) headers['Proxy-Authorization'] = proxy.authorization;
  const targetHost = target.hostname.replace(/^\[|\]$/g, '');
  const targetPort = Number(target.port || 80);
  const originForm = `${target.pathname}${target.search}`;
  /** The socket the request runs on when it is not a plain TCP one (https or SOCKS5 proxy): destroyed on timeout. */
  let tunnel: Socket | null = null;
  let request: http.RequestOptions;
  if (proxy === null) {
    // Direct: every address the name resolves to is checked before connecting (a name can point at 169.254.169.254).
    request = { host: targetHost, port: targetPort, path: originForm, method: 'GET', headers, agent: false, lookup: guardedLookup(allowLoopback) };
  } else if (proxy.kind === 'http') {
    request = { host: proxy.host, port: proxy.port, path: target.toString(), method: 'GET', headers, agent: false };
  } else if (proxy.kind === 'https') {
    const via = proxy;
    const trust = proxyTrust(opts.proxyEnv ?? {});
    request = {
      path: target.toString(),
      method: 'GET',
      headers,
      // no agent: node's ClientRequest uses createConnection only without one
      createConnection: () => {
        const sock = tlsConnect(proxyTlsOptions(via, trust));
        tunnel = sock;
        let tcpUp = false;
        sock.once('connect', () => (tcpUp = true));
        sock.once('secureConnect', () => (tcpUp = false));
        // a failed TLS handshake with the proxy says what its certificate was checked against
        sock.prependOnceListener('error', (e) => {
          if (tcpUp) (e as Error).message = proxyTlsFailure(e, trust);
        });
        return sock;
      },
    };
  } else {
    const via = proxy;
    request = {
      path: originForm,
      method: 'GET',
      headers,
      createConnection: (_o: unknown, done: (err: Error | null, socket?: Socket) => void) => {
        const sock = netConnect({ host: via.host, port: via.port });
        tunnel = sock;
        sock.once('connect', () => {
          socksConnect(sock, targetHost, targetPort, via.socksAuth).then(
            () => done(null, sock),
            (e: Error) => {
              sock.destroy();
              done(e);
            },
          );
        });
        sock.once('error', (e) => done(e));
        return undefined;
      },
    } as http.RequestOptions;
  }

  return new Promise<Raw>((resolve, reject) => {
    let settled = false;
    const finish = (err: Error | null, raw?: Raw): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (err) {
        req.destroy();
        reject(err);
      } else resolve(raw!);
    };
    const timer = setTimeout(() => {
      (tunnel as Socket | null)?.destroy();
      finish(new AiaError('timeout', `no complete answer within ${opts.timeoutMs} ms`));
    }, timeoutMs);
    const req = http.request(request, (res) => {
      const status = res.statusCode ?? 0;
      const contentType = headerValue(res.headers['content-type']);
      const location = headerValue(res.headers.location);
      if (proxy !== null && status === 407) {
        finish(new AiaError('proxy', `proxy ${proxy.display} requires authentication (HTTP 407)`));
        return;
      }
      const declared = Number(res.headers['content-length']);
      if (status === 200 && Number.isFinite(declared) && declared > opts.maxBytes) {
        finish(new AiaError('too-large', `body over ${opts.maxBytes} bytes (Content-Length ${declared})`));
        return;
      }
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > opts.maxBytes) {
          finish(new AiaError('too-large', `body over ${opts.maxBytes} bytes`));
          return;
        }
        chunks.push(chunk);
      });
      res.on('end', () => finish(null, { status, location, contentType, body: new Uint8Array(Buffer.concat(chunks)) }));
      res.on('error', (err) => finish(networkError(err, proxy)));
      res.on('aborted', () => finish(new AiaError('network', 'connection closed mid-body')));
    });
    req.on('error', (err) => finish(networkError(err, proxy)));
    // socksConnect leaves the tunnel paused (so no byte after the proxy's reply is lost): resume it once the
    // request's parser listens to it
    if (proxy?.kind === 'socks5') req.once('socket', (s) => s.resume());
    req.end();
  });
}

/** dns.lookup, refusing (before any connection) a name that resolves to an address the guard refuses. */
function guardedLookup(allowLoopback: boolean): NonNullable<http.RequestOptions['lookup']> {
  return ((hostname: string, options: object, callback: (err: Error | null, address: string | LookupAddress[], family?: number) => void) => {
    dnsLookup(hostname, options as { all: true }, (err, address: string | LookupAddress[], family?: number) => {
      if (err) return callback(err, address, family);
      const list: LookupAddress[] = Array.isArray(address) ? address : [{ address, family: family ?? 4 }];
      try {
        for (const a of list) guardAddress(hostname, allowLoopback, a.address);
      } catch (e) {
        return callback(e as Error, address, family);
      }
      callback(null, address, family);
    });
  }) as unknown as NonNullable<http.RequestOptions['lookup']>;
}

function networkError(err: Error, proxy: ProxyEndpoint | null): AiaError {
  if (err instanceof AiaError) return err;
  const code = (err as NodeJS.ErrnoException).code;
  const detail = code ? `${code}: ${err.message}` : err.message;
  if (proxy !== null) {
    const text = code && !err.message.includes(code) ? detail : err.message;
    return new AiaError('proxy', `through proxy ${proxy.display}: ${text.split('\n')[0]}`);
  }
  return new AiaError('network', detail);
}

function headerValue(v: string | string[] | undefined): string | null {
  if (v === undefined) return null;
  return Array.isArray(v) ? (v[0] ?? null) : v;
}
