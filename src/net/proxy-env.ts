import { getProxyForUrl } from 'proxy-from-env';

/** The variables that name a proxy (either case is read); a value without a scheme means http://, as in Go. */
const PROXY_VARIABLES = /^(https?|all)_proxy$/i;

/**
 * The proxy for `url` under the given environment, by proxy-from-env's rules (http_proxy / HTTP_PROXY, all_proxy,
 * no_proxy), shared by probe (CONNECT) and AIA fetching. proxy-from-env only reads process.env, so the given environment is put in its
 * place for the duration of that one synchronous call and restored before returning: no other code can observe it.
 * Returns null when no proxy applies.
 *
 * A value without "://" (HTTPS_PROXY=proxy.corp:3128) is read as http://, as Go's httpproxy does: proxy-from-env
 * alone would prefix the target's scheme and turn it into an https:// (TLS) proxy.
 */
export function proxyForUrl(url: string, env: Record<string, string | undefined>): string | null {
  const saved = process.env;
  const scoped: Record<string, string> = {};
  for (const [k, v] of Object.entries(env)) {
    if (v === undefined) continue;
    scoped[k] = PROXY_VARIABLES.test(k) && v !== '' && !v.includes('://') ? `http://${v}` : v;
  }
  try {
    process.env = scoped;
    return getProxyForUrl(url) || null;
  } finally {
    process.env = saved;
  }
}
