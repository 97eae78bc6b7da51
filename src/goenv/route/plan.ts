import type { GoSettings } from '../settings.js';
import { proxyList, sumdbSetting, type ProxySpec } from './proxy-list.js';
import { matchPrefixPatterns } from './match.js';
import { checkModulePath, escapeModulePath, escapeModuleVersion } from './module-path.js';

/**
 * Which requests `go get MODULE[@VERSION]` makes, in order, as cmd/go computes them (pure): module path checks and
 * case-escaping (x/mod/module), GONOPROXY / GONOSUMDB / GOINSECURE matching (MatchPrefixPatterns), the GOPROXY walk
 * (modfetch/proxy.go TryProxies: "," passes only 404/410 on, "|" any error; "off" and "direct"), and the checksum
 * database, directly or through a proxy's /sumdb/ (modfetch/sumdb.go initBase).
 */

export interface ModuleQuery {
  module: string;
  /** A version such as v1.2.3; null: the latest (go asks @v/list, then @latest). */
  version: string | null;
}

export type SourceKind = 'proxy' | 'direct' | 'off' | 'local';

/** One entry of the GOPROXY walk (or "direct" alone for a GONOPROXY module). */
export interface RouteSource {
  kind: SourceKind;
  /** The proxy base URL; for direct, the module path; for local, the file:// or http:// URL. */
  url: string;
  /** "|" follows it: go falls through to the next entry on any error, not only 404/410. */
  fallThroughOnError: boolean;
  /** For a proxy: the first request go makes for the module there. */
  request: string | null;
}

export interface SumdbRoute {
  /** off: GOSUMDB=off; skipped: the module matches GONOSUMDB; proxied/direct: how go reaches it. */
  mode: 'off' | 'skipped' | 'checked' | 'invalid';
  name: string | null;
  /** The database's own URL (https://sum.golang.org). */
  url: string | null;
  /** The request path under the database: lookup/<module>@<version>, or latest without a version. */
  path: string | null;
  detail: string;
}

export interface RoutePlan {
  module: string;
  version: string | null;
  /** Go's line when the module path or version is malformed: nothing is requested then. */
  error: string | null;
  escapedPath: string | null;
  /** The request under a proxy base: <escaped>/@v/<version>.info or <escaped>/@v/list. */
  proxyPath: string | null;
  noProxy: boolean;
  noSumdb: boolean;
  insecure: boolean;
  sources: RouteSource[];
  /** The proxies go asks for <proxy>/sumdb/<name>/supported, in order (GOPROXY up to "direct" or "off"). */
  sumdbVia: RouteSource[];
  sumdb: SumdbRoute;
  /** What decided the route, one line each (which pattern matched, which entries were skipped). */
  notes: string[];
}

/** Splits MODULE[@VERSION]; "latest", "upgrade" and "patch" are queries, not versions, so they ask the list. */
export function parseModuleQuery(text: string): ModuleQuery {
  const at = text.lastIndexOf('@');
  if (at <= 0) return { module: text, version: null };
  const version = text.slice(at + 1);
  const module = text.slice(0, at);
  if (version === '' || version === 'latest' || version === 'upgrade' || version === 'patch') return { module, version: null };
  return { module, version };
}

export function planRoute(settings: GoSettings, query: ModuleQuery): RoutePlan {
  const { module, version } = query;
  const notes: string[] = [];
  const base: RoutePlan = {
    module, version, error: null, escapedPath: null, proxyPath: null, noProxy: false, noSumdb: false, insecure: false,
    sources: [], sumdbVia: [], sumdb: { mode: 'off', name: null, url: null, path: null, detail: '' }, notes,
  };
  const pathError = checkModulePath(module);
  if (pathError !== null) return { ...base, error: pathError };
  const escaped = escapeModulePath(module);
  if ('error' in escaped) return { ...base, error: escaped.error };
  let escapedVersion: string | null = null;
  if (version !== null) {
    const v = escapeModuleVersion(version);
    if ('error' in v) return { ...base, error: `${module}@${version}: ${v.error}` };
    escapedVersion = v.escaped;
  }
  const proxyPath = escapedVersion !== null ? `${escaped.escaped}/@v/${escapedVersion}.info` : `${escaped.escaped}/@v/list`;
  const noProxy = matchPrefixPatterns(settings.GONOPROXY, module);
  const noSumdb = matchPrefixPatterns(settings.GONOSUMDB, module);
  const insecure = matchPrefixPatterns(settings.GOINSECURE, module);
  if (noProxy) notes.push(`${module} matches GONOPROXY=${settings.GONOPROXY}: go fetches it directly (go-get meta tag, then its VCS)`);
  if (insecure) notes.push(`${module} matches GOINSECURE=${settings.GOINSECURE}: go fetches its meta tag without certificate checks (and over http when https fails)`);
  if (escaped.escaped !== module) notes.push(`${module} is escaped as ${escaped.escaped} in proxy URLs (each upper-case letter becomes "!" and its lower case)`);

  const proxies = proxyList(settings.GOPROXY);
  if ('error' in proxies) return { ...base, error: proxies.error };
  const sources: RouteSource[] = [];
  if (noProxy) {
    sources.push({ kind: 'direct', url: module, fallThroughOnError: false, request: null });
  } else {
    for (const p of proxies.list) sources.push(sourceOf(p, proxyPath, module));
  }
  const db = sumdbSetting(settings.GOSUMDB);
  const viaProxies = db !== null && !('error' in db) && !db.explicitUrl;
  const sumdbVia = !viaProxies ? [] : proxies.list.filter((_, i) => !proxies.list.slice(0, i + 1).some((q) => q.url === 'direct' || q.url === 'off'))
    .map((p) => sourceOf(p, null, module));

  let sumdb: SumdbRoute;
  const parsed = db;
  if (parsed === null) sumdb = { mode: 'off', name: null, url: null, path: null, detail: 'GOSUMDB=off: go checks no checksum database' };
  else if ('error' in parsed) sumdb = { mode: 'invalid', name: null, url: null, path: null, detail: `GOSUMDB=${settings.GOSUMDB}: ${parsed.error}` };
  else if (noSumdb) {
    sumdb = { mode: 'skipped', name: parsed.name, url: parsed.url, path: null,
      detail: `${module} matches GONOSUMDB=${settings.GONOSUMDB}: go does not ask ${parsed.name} about it` };
  } else {
    const path = version !== null ? `lookup/${escaped.escaped}@${escapedVersion}` : 'latest';
    sumdb = { mode: 'checked', name: parsed.name, url: parsed.url.replace(/\/+$/, ''), path,
      detail: parsed.explicitUrl
        ? `GOSUMDB names its URL: go asks ${parsed.url} directly, never a proxy`
        : `go asks each GOPROXY proxy for ${parsed.name} (<proxy>/sumdb/${parsed.name}/supported) before ${parsed.url} itself` };
  }
  return { ...base, escapedPath: escaped.escaped, proxyPath, noProxy, noSumdb, insecure, sources, sumdbVia, sumdb };
}

function sourceOf(p: ProxySpec, proxyPath: string | null, module: string): RouteSource {
  if (p.url === 'off') return { kind: 'off', url: 'off', fallThroughOnError: false, request: null };
  if (p.url === 'direct') return { kind: 'direct', url: module, fallThroughOnError: false, request: null };
  const url = p.url.replace(/\/+$/, '');
  const kind: SourceKind = /^https:\/\//i.test(url) ? 'proxy' : 'local';
  return { kind, url, fallThroughOnError: p.fallBackOnError, request: proxyPath === null ? null : `${url}/${proxyPath}` };
}
