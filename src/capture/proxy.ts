import { proxyForUrl } from '../util/proxy-env.js';

export interface ProxyEndpoint {
  host: string;
  port: number;
  /** "Basic ..." from the URL credentials, or null. */
  authorization: string | null;
  /** The URL without its password: what reports show. */
  display: string;
}

/** A proxy URL chaindbg cannot use (bad syntax, unsupported scheme). */
export class ProxyConfigError extends Error {
  constructor(
    message: string,
    readonly evidence: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'ProxyConfigError';
  }
}

function urlHost(host: string): string {
  return host.includes(':') ? `[${host}]` : host;
}

/**
 * The proxy URL for dialling host:port: the explicit one, none (null), or from HTTPS_PROXY / https_proxy / ALL_PROXY
 * with NO_PROXY exclusions (undefined).
 */
export function resolveProxy(
  host: string,
  port: number,
  proxy: string | null | undefined,
  env: Record<string, string | undefined>,
): string | null {
  if (proxy === null) return null;
  if (proxy !== undefined) return proxy;
  return proxyForUrl(`https://${urlHost(host)}:${port}/`, env);
}

export function parseProxyUrl(text: string): ProxyEndpoint {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new ProxyConfigError(`invalid proxy URL ${JSON.stringify(redact(text))}`, { proxy: redact(text) });
  }
  if (url.protocol !== 'http:') {
    throw new ProxyConfigError(`unsupported proxy scheme ${JSON.stringify(url.protocol.slice(0, -1))}: only http:// CONNECT proxies`, {
      proxy: redact(text),
    });
  }
  const host = url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname;
  const user = decodeURIComponent(url.username);
  const pass = decodeURIComponent(url.password);
  return {
    host,
    port: url.port === '' ? 80 : Number(url.port),
    authorization: user || pass ? `Basic ${Buffer.from(`${user}:${pass}`).toString('base64')}` : null,
    display: redact(text),
  };
}

/** The proxy URL with its password removed. */
export function redact(text: string): string {
  try {
    const url = new URL(text);
    if (url.password) url.password = '';
    return url.toString().replace(/\/$/, '');
  } catch {
    return text.replace(/\/\/([^:@/]*):[^@/]*@/, '//$1@');
  }
}

export function connectRequest(host: string, port: number, authorization: string | null): string {
  const authority = `${urlHost(host)}:${port}`;
  const lines = [`CONNECT ${authority} HTTP/1.1`, `Host: ${authority}`];
  if (authorization) lines.push(`Proxy-Authorization: ${authorization}`);
  return `${lines.join('\r\n')}\r\n\r\n`;
}

export interface ProxyResponseHead {
  statusLine: string;
  status: number | null;
  /** Bytes of the head including the blank line: what follows belongs to the tunnel. */
  headLength: number;
}

/** The proxy's response head once complete (null while incomplete). */
export function parseProxyResponseHead(buf: Uint8Array): ProxyResponseHead | null {
  const end = Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength).indexOf('\r\n\r\n');
  if (end === -1) return null;
  const head = Buffer.from(buf.subarray(0, end)).toString('latin1');
  const statusLine = head.split('\r\n', 1)[0]!;
  const m = /^HTTP\/\d(?:\.\d)? (\d{3})/.exec(statusLine);
  return { statusLine, status: m ? Number(m[1]) : null, headLength: end + 4 };
}
