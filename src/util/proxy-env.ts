import { getProxyForUrl } from 'proxy-from-env';

/**
 * The proxy for `url` under the given environment, by proxy-from-env's rules (http_proxy / HTTP_PROXY, all_proxy,
 * no_proxy), shared by probe (CONNECT) and AIA fetching. proxy-from-env only reads process.env, so the given environment is put in its
 * place for the duration of that one synchronous call and restored before returning: no other code can observe it.
 * Returns null when no proxy applies.
 */
export function proxyForUrl(url: string, env: Record<string, string | undefined>): string | null {
  const saved = process.env;
  const scoped: Record<string, string> = {};
  for (const [k, v] of Object.entries(env)) if (v !== undefined) scoped[k] = v;
  try {
    process.env = scoped;
    return getProxyForUrl(url) || null;
  } finally {
    process.env = saved;
  }
}
