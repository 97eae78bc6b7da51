import { readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { type ConnectionOptions, type SecureContext, createSecureContext, rootCertificates } from 'node:tls';
import { proxyForUrl } from './proxy-env.js';
import type { SocksAuth } from './socks.js';
import { redactUrl } from '../model/redact.js';

/**
 * The proxies Go's net/http dials (Transport.dialConn): `http` (CONNECT over TCP), `https` (TLS to the proxy, then
 * CONNECT inside it), `socks5` (socks5:// and socks5h://, which Go treats alike: the proxy resolves the name).
 */
export type ProxyKind = 'http' | 'https' | 'socks5';

export interface ProxyEndpoint {
  kind: ProxyKind;
  host: string;
  port: number;
  /** "Basic ..." from the URL credentials for http and https proxies, or null. */
  authorization: string | null;
  /** Username and password from the URL for a SOCKS5 proxy, or null. */
  socksAuth: SocksAuth | null;
  /** The URL without its password: what reports show. */
  display: string;
}

/** Default ports by scheme, as Go's net/http fills them in (portMap). */
const PROXY_SCHEMES: Readonly<Record<string, { kind: ProxyKind; port: number }>> = {
  'http:': { kind: 'http', port: 80 },
  'https:': { kind: 'https', port: 443 },
  'socks5:': { kind: 'socks5', port: 1080 },
  'socks5h:': { kind: 'socks5', port: 1080 },
};

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
  const scheme = PROXY_SCHEMES[url.protocol];
  if (!scheme) {
    throw new ProxyConfigError(
      `unsupported proxy scheme ${JSON.stringify(url.protocol.slice(0, -1))}: http://, https://, socks5:// or socks5h:// proxies only`,
      { proxy: redact(text) },
    );
  }
  if (url.hostname === '') throw new ProxyConfigError(`proxy URL ${JSON.stringify(redact(text))} has no host`, { proxy: redact(text) });
  const host = url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname;
  let user: string;
  let pass: string;
  try {
    user = decodeURIComponent(url.username);
    pass = decodeURIComponent(url.password);
  } catch {
    throw new ProxyConfigError(`invalid percent-encoding in the credentials of proxy URL ${JSON.stringify(redact(text))}`, { proxy: redact(text) });
  }
  const credentials = user !== '' || pass !== '';
  const socks = scheme.kind === 'socks5';
  return {
    kind: scheme.kind,
    host,
    port: url.port === '' ? scheme.port : Number(url.port),
    authorization: credentials && !socks ? `Basic ${Buffer.from(`${user}:${pass}`).toString('base64')}` : null,
    socksAuth: credentials && socks ? { username: user, password: pass } : null,
    display: redact(text),
  };
}

/**
 * The proxy URL as shown: normalised when it parses, and always through the one URL redaction (model/redact.ts), so
 * a password holding `@`, an unparsable URL or a proxy written without a scheme (`user:pass@host:3128`) loses its
 * password too.
 */
export function redact(text: string): string {
  try {
    const url = new URL(text);
    if (url.password) url.password = '';
    return redactUrl(url.toString().replace(/\/$/, ''));
  } catch {
    return redactUrl(text);
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

/**
 * What an https:// proxy's certificate is verified against, as Go verifies it against the system roots: node's
 * bundled roots plus the PEM file named by NODE_EXTRA_CA_CERTS in the given environment (the one documented way to
 * trust a private proxy CA; node reads the same variable for itself at start-up). The proxy's name is checked too.
 */
export interface ProxyTrust {
  /** NODE_EXTRA_CA_CERTS of the given environment, or null. */
  extraCaFile: string | null;
  /** Why that file was not used (then only node's bundled roots are), or null. */
  extraCaError: string | null;
  /** The context holding those roots; undefined: node's default one. */
  secureContext: SecureContext | undefined;
}

/** Contexts by extra-CA file content: building one with node's ~150 roots costs milliseconds, and probes run 32 at once. */
const proxyContexts = new Map<string, SecureContext>();

export function proxyTrust(env: Record<string, string | undefined>): ProxyTrust {
  const file = env.NODE_EXTRA_CA_CERTS || null;
  if (file === null) return { extraCaFile: null, extraCaError: null, secureContext: undefined };
  let pem: string;
  try {
    pem = readFileSync(file, 'utf8');
  } catch (e) {
    return { extraCaFile: file, extraCaError: (e as NodeJS.ErrnoException).code ?? (e as Error).message, secureContext: undefined };
  }
  if (!pem.includes('-----BEGIN CERTIFICATE-----')) {
    return { extraCaFile: file, extraCaError: 'no PEM certificate in it', secureContext: undefined };
  }
  let ctx = proxyContexts.get(pem);
  if (!ctx) {
    ctx = createSecureContext({ ca: [...rootCertificates, pem] });
    proxyContexts.set(pem, ctx);
  }
  return { extraCaFile: file, extraCaError: null, secureContext: ctx };
}

/** tls.connect options for the TLS connection to an https:// proxy: SNI is the proxy's name (never an IP literal). */
export function proxyTlsOptions(proxy: ProxyEndpoint, trust: ProxyTrust): ConnectionOptions {
  return {
    host: proxy.host,
    port: proxy.port,
    ...(isIP(proxy.host) === 0 ? { servername: proxy.host } : {}),
    ...(trust.secureContext ? { secureContext: trust.secureContext } : {}),
  };
}

/** One line for a failed TLS handshake with an https:// proxy: node's reason, and what its certificate was checked against. */
export function proxyTlsFailure(e: unknown, trust: ProxyTrust): string {
  const err = e as NodeJS.ErrnoException;
  const code = err?.code ?? null;
  const text = String(err?.message ?? e).split('\n')[0]!;
  // certificate verification errors carry OpenSSL's verify code (CERT_HAS_EXPIRED, SELF_SIGNED_CERT_IN_CHAIN, ...)
  const verify = code === 'ERR_TLS_CERT_ALTNAME_INVALID' || (code !== null && !code.startsWith('E'));
  if (verify) {
    const roots =
      trust.extraCaFile === null
        ? "node's bundled roots (NODE_EXTRA_CA_CERTS=FILE adds a private CA)"
        : trust.extraCaError === null
          ? `node's bundled roots and NODE_EXTRA_CA_CERTS ${trust.extraCaFile}`
          : `node's bundled roots only (NODE_EXTRA_CA_CERTS ${trust.extraCaFile}: ${trust.extraCaError})`;
    return `TLS handshake with the proxy: ${text} (${code}); its certificate was checked against ${roots}`;
  }
  if (code === 'ERR_SSL_WRONG_VERSION_NUMBER' || code === 'ERR_SSL_PACKET_LENGTH_TOO_LONG' || code === 'ERR_SSL_HTTP_REQUEST') {
    return `TLS handshake with the proxy: ${code} (it does not answer in TLS: an http:// proxy?)`;
  }
  return `TLS handshake with the proxy: ${code ?? text}`;
}
