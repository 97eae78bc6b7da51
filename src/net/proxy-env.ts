import { goProxyConfigFromEnv, goProxyFunc } from '../net/go-proxy.js';

/**
 * The proxy for `url` under the given environment, shared by probe (CONNECT) and AIA fetching: Go's rules
 * (src/net/go-proxy.ts: HTTPS_PROXY / HTTP_PROXY, upper case first, NO_PROXY as Go matches it, a value without a
 * scheme read as http://), plus two conveniences of chaindbg's own that `chaindbg go` does not take: ALL_PROXY /
 * all_proxy when the Go variable is unset (curl's fallback, for a SOCKS proxy), and loopback targets proxied too.
 * Returns null when no proxy applies.
 */
export function proxyForUrl(url: string, env: Record<string, string | undefined>): string | null {
  const cfg = goProxyConfigFromEnv(env);
  const all = [env.ALL_PROXY, env.all_proxy].find((v) => v !== undefined && v !== '') ?? '';
  if (cfg.httpsProxy === '') cfg.httpsProxy = all;
  if (cfg.httpProxy === '') cfg.httpProxy = all;
  return goProxyFunc(cfg, { proxyLoopback: true })(url).proxy;
}
