import { goProxyConfigFromEnv, goProxyFunc, goUsesProxy } from './go-proxy.js';

/**
 * How the go command reaches an https host:port, and why (pure): through HTTPS_PROXY unless Go's httpproxy rules
 * (src/net/go-proxy.ts) exempt it, decided on the name Go asks for. A --connect-to address (`connect`) stands in for
 * DNS; one on loopback is never sent through a proxy (no proxy can reach this machine's loopback), and the answer
 * says so, so that "direct because NO_PROXY" and "direct because of the --connect-to rule" stay apart.
 */
export type GoDialWhy =
  /** Neither HTTPS_PROXY nor https_proxy is set. */
  | 'no-proxy-set'
  /** The host is localhost or a loopback address: Go never proxies those. */
  | 'loopback-host'
  /** NO_PROXY / no_proxy matches the host (Go's rules: suffix, leading dot, *, IP, CIDR, port). */
  | 'no-proxy-match'
  /** Go would use the proxy, but --connect-to points at loopback: dialled directly. */
  | 'connect-to-loopback'
  /** Through the proxy. */
  | 'proxy';

export interface GoDial {
  /** The proxy used, or null (direct). */
  proxy: string | null;
  /** The proxy Go itself would use for the name (before any --connect-to rule). */
  goProxy: string | null;
  why: GoDialWhy;
  /** NO_PROXY as Go read it (for the words). */
  noProxy: string;
}

export function goDial(env: Record<string, string | undefined>, host: string, port: number, connect: { host: string } | null): GoDial {
  const cfg = goProxyConfigFromEnv(env);
  const noProxy = cfg.noProxy;
  const goProxy = goProxyFunc(cfg)({ scheme: 'https', host, port: String(port) }).proxy;
  if (goProxy === null) {
    const why: GoDialWhy = cfg.httpsProxy === '' ? 'no-proxy-set' : isLoopback(host) ? 'loopback-host' : goUsesProxy(noProxy, host, String(port)) ? 'no-proxy-set' : 'no-proxy-match';
    return { proxy: null, goProxy, why, noProxy };
  }
  if (connect !== null && isLoopback(connect.host)) return { proxy: null, goProxy, why: 'connect-to-loopback', noProxy };
  return { proxy: goProxy, goProxy, why: 'proxy', noProxy };
}

/** The decision in words, for the endpoint line. */
export function goDialText(d: GoDial, host: string): string {
  switch (d.why) {
    case 'no-proxy-set':
      return 'direct (no HTTPS_PROXY)';
    case 'loopback-host':
      return 'direct (go never proxies loopback)';
    case 'no-proxy-match':
      return `direct: NO_PROXY=${d.noProxy} exempts ${host}, as in go`;
    case 'connect-to-loopback':
      return `go would use ${d.goProxy}; dialled directly (--connect-to points at loopback)`;
    case 'proxy':
      return `via ${d.proxy}`;
  }
}

function isLoopback(host: string): boolean {
  const h = host.toLowerCase().replace(/^\[|\]$/g, '');
  return h === 'localhost' || /^127\.\d+\.\d+\.\d+$/.test(h) || h === '::1';
}
