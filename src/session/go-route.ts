import { httpGet, type HttpGetRequest, type HttpGetResult } from '../goenv/http-get.js';
import { goGetError, gitFatalLine } from '../goenv/route/error-lines.js';
import { parseMetaTags, repoRootFor, statusText } from '../goenv/route/meta.js';
import type { RoutePlan, RouteSource } from '../goenv/route/plan.js';
import { staticRepoRoot } from '../goenv/route/vcs-paths.js';
import { connectAddress, type ConnectToRule } from '../capture/connect-to.js';
import { gitFixes, goFixes } from './go-route-fixes.js';
import { HopJudge, isLoopbackName, type HopContext } from './go-route-hop.js';
import type { ModuleRoute, RouteFailure, RouteStep } from './go-route-types.js';

/**
 * Follows one module's route as `go get` would, one request deep per step: the GOPROXY walk (each proxy's first
 * request and every redirect it answers with), or for "direct" the ?go-get=1 page, its go-import tag and the
 * repository host git clones from; then the checksum database (through a proxy's /sumdb/ or directly). Each new host
 * is probed and judged by whoever makes the request. The walk stops at the first step that stops go get.
 */

/** net/http's redirect limit, which cmd/go keeps (web/http.go: "stopped after 10 redirects"). */
export const MAX_REDIRECTS = 10;

export interface RouteContext extends HopContext {
  connectTo: readonly ConnectToRule[];
  get?: (req: HttpGetRequest) => Promise<HttpGetResult | { error: string }>;
}

type Fetch =
  | { kind: 'ok'; url: string; status: number; body: string }
  | { kind: 'notexist'; url: string; error: string }
  | { kind: 'error'; error: string; step: number };

export async function followModuleRoute(plan: RoutePlan, ctx: RouteContext, judge = new HopJudge(ctx)): Promise<ModuleRoute> {
  const steps: RouteStep[] = [];
  const route: ModuleRoute = { module: plan.module, version: plan.version, plan, steps, ok: true, failure: null };
  const mv = plan.version !== null ? `${plan.module}@${plan.version}` : `module ${plan.module}`;
  const fail = (step: number | null, err: string, fixes: string[]): ModuleRoute => {
    route.ok = false;
    route.failure = { step, goLine: `go: ${mv}: ${err}`, fixes };
    return route;
  };
  if (plan.error !== null) return fail(null, plan.error, ['correct the module path or version (Go\'s rules: golang.org/ref/mod#go-mod-file-ident)']);
  const get = ctx.get ?? httpGet;

  /** GET with redirects, each new host probed and judged by `by` first (Go here). */
  const follow = async (phase: RouteStep['phase'], what: string, start: string, insecure: boolean): Promise<Fetch> => {
    let url = start;
    for (let hops = 0; ; hops++) {
      const u = parseUrl(url);
      if (u === null) {
        steps.push({ phase, what, url, host: '', dial: null, by: 'go', store: '', verdict: 'not-judged', tlsError: null, otherClient: null,
          http: null, note: 'not a URL: nothing was requested', report: null });
        return { kind: 'error', error: goGetError(url, 'invalid URL'), step: steps.length - 1 };
      }
      const port = u.port !== '' ? Number(u.port) : u.protocol === 'http:' ? 80 : 443;
      const host = u.hostname.replace(/^\[|\]$/g, '');
      const step: RouteStep = {
        phase, what: hops === 0 ? what : `${what} (redirect ${hops})`, url, host: `${u.hostname}:${port}`, dial: null, by: 'go',
        store: '', verdict: 'no-tls', tlsError: null, otherClient: null, http: null, note: null, report: null,
      };
      steps.push(step);
      const index = steps.length - 1;
      if (u.protocol === 'https:') {
        const h = await judge.capture(host, port, 'go');
        step.dial = h.dial ? `${h.dial.host}:${h.dial.port}` : null;
        const j = judge.judgeGo(h);
        step.store = j.store;
        step.report = j.report;
        step.verdict = j.accepts ? 'ok' : insecure && !j.connectionFailed ? 'unverified' : 'fails';
        step.tlsError = j.tlsError;
        if (step.verdict === 'unverified') step.note = 'GOINSECURE: go skips certificate checks for this module\'s meta tag';
        if (step.verdict === 'fails') {
          // SSL_CERT_FILE fixes Go and not git, or the reverse: say when git would accept the chain Go refuses.
          if (!j.connectionFailed) {
            const g = await judge.judgeGit(h, url);
            if (g.accepts) step.otherClient = { by: 'git', store: g.store, accepts: true, tlsError: null };
          }
          return { kind: 'error', error: goGetError(url, j.tlsError ?? 'TLS failed'), step: index };
        }
      } else {
        step.store = 'none (plain HTTP)';
      }
      const dialled = connectAddress(ctx.connectTo, host, port);
      const proxy = isLoopbackName(host) || (dialled !== null && isLoopbackName(dialled.host)) ? null : undefined;
      const r = await get({ url, connectTo: ctx.connectTo, env: ctx.goEnv, proxy, timeoutMs: ctx.timeoutMs, userAgent: 'Go-http-client/1.1' });
      if ('error' in r) {
        step.note = `the request failed after the handshake: ${r.error}`;
        return { kind: 'error', error: goGetError(url, r.error), step: index };
      }
      step.http = { status: r.status, location: r.location };
      if ([301, 302, 303, 307, 308].includes(r.status) && r.location !== null) {
        const target = parseUrl(r.location, url);
        if (target === null) return { kind: 'error', error: goGetError(url, `failed to parse Location header "${r.location}"`), step: index };
        const next = target.toString();
        // cmd/go's CheckRedirect: the insecure redirect first, then the limit.
        if (new URL(start).protocol === 'https:' && !next.startsWith('https:')) {
          return { kind: 'error', error: goGetError(r.location, `redirected from secure URL ${url} to insecure URL ${next}`), step: index };
        }
        if (hops + 1 >= MAX_REDIRECTS) return { kind: 'error', error: goGetError(r.location, 'stopped after 10 redirects'), step: index };
        url = next;
        continue;
      }
      if (r.status === 200) return { kind: 'ok', url, status: r.status, body: r.body };
      const error = `reading ${url}: ${r.status} ${statusText(r.status)}`.trimEnd();
      if (r.status === 404 || r.status === 410) return { kind: 'notexist', url, error };
      return { kind: 'error', error, step: index };
    }
  };

  // The module itself: the GOPROXY walk. When every entry fails, go reports the error TryProxies ranks best: a
  // proxy's real error over a 404/410, the later one among equals (modfetch/proxy.go).
  let fetched = false;
  let best: { error: string; step: number; rank: 0 | 1 } | null = null;
  for (const source of plan.sources) {
    if (source.kind === 'off') return fail(null, 'module lookup disabled by GOPROXY=off', ['set GOPROXY to a proxy or "direct", or put the module in GONOPROXY / GOPRIVATE']);
    if (source.kind === 'local') {
      steps.push(localStep(source));
      fetched = true;
      break;
    }
    if (source.kind === 'direct') {
      const r = await direct(plan, ctx, judge, steps, follow);
      if (r === null) {
        fetched = true;
        break;
      }
      route.ok = r.ok;
      route.failure = r.failure === null ? null : { ...r.failure, goLine: `go: ${mv}: ${r.failure.goLine}` };
      return route;
    }
    const r = await follow('module', plan.version !== null ? 'GET .info' : 'GET @v/list', source.request!, false);
    if (r.kind === 'ok') {
      fetched = true;
      break;
    }
    if (r.kind === 'notexist') {
      if (best === null || best.rank === 0) best = { error: r.error, step: steps.length - 1, rank: 0 };
      continue;
    }
    best = { error: r.error, step: r.step, rank: 1 };
    if (source.fallThroughOnError) continue;
    return fail(r.step, r.error, goFixes(steps[r.step]!));
  }
  if (!fetched) {
    if (best === null) return fail(null, 'no GOPROXY entry answered', []);
    return fail(best.step, best.error, best.rank === 0 ? ['the module is not on any configured proxy: check its path and version'] : goFixes(steps[best.step]!));
  }

  // Its checksum, from the checksum database: go checks the go.mod's hash first (modfetch checkGoMod), so that is the
  // request that fails and the words go uses.
  const verifying = (e: string) => (plan.version !== null ? `verifying go.mod: ${plan.module}@${plan.version}/go.mod: ${e}` : `verifying module: ${e}`);
  const db = plan.sumdb;
  if (db.mode !== 'checked' || db.url === null || db.path === null) return route;
  let base: string | null = null;
  for (const proxy of plan.sumdbVia) {
    if (proxy.kind !== 'proxy') break;
    const r = await follow('sumdb', `GET sumdb/${db.name}/supported`, `${proxy.url}/sumdb/${db.name}/supported`, false);
    if (r.kind === 'ok') {
      base = `${proxy.url}/sumdb/${db.name}`;
      break;
    }
    if (r.kind === 'notexist') continue;
    if (proxy.fallThroughOnError) continue;
    return fail(r.step, verifying(r.error), goFixes(steps[r.step]!));
  }
  const r = await follow('sumdb', `GET ${db.path.startsWith('lookup/') ? 'lookup' : 'latest'}`, `${base ?? db.url}/${db.path}`, false);
  if (r.kind === 'ok') return route;
  const at = r.kind === 'error' ? r.step : steps.length - 1;
  return fail(at, verifying(r.error), goFixes(steps[at]!));
}

/** GOPROXY=direct (or a GONOPROXY module): null when the module is reachable, else the failure. */
async function direct(
  plan: RoutePlan,
  ctx: RouteContext,
  judge: HopJudge,
  steps: RouteStep[],
  follow: (phase: RouteStep['phase'], what: string, url: string, insecure: boolean) => Promise<Fetch>,
): Promise<{ ok: boolean | null; failure: RouteFailure | null } | null> {
  const module = plan.module;
  const unrecognized = (e: string) => `unrecognized import path "${module}": ${e}`;
  let root = staticRepoRoot(module);
  if (root === null) {
    const slash = module.indexOf('/');
    const pageUrl = `https://${slash < 0 ? module : module.slice(0, slash)}${slash < 0 ? '/' : module.slice(slash)}?go-get=1`;
    const r = await follow('module', 'GET ?go-get=1 (go-import meta tag)', pageUrl, plan.insecure);
    if (r.kind === 'error') {
      return { ok: false, failure: { step: r.step, goLine: unrecognized(`https fetch: ${r.error}`), fixes: goFixes(steps[r.step]!) } };
    }
    const status = r.kind === 'ok' ? r.status : 404;
    const tags = parseMetaTags(r.kind === 'ok' ? r.body : '', true);
    const last = steps.length - 1;
    const found = repoRootFor(tags, module, r.url, status);
    if ('error' in found) {
      steps[last]!.note = 'the page names no repository for the module';
      return { ok: false, failure: { step: last, goLine: unrecognized(found.error), fixes: [`the server at ${steps[last]!.host} must answer ${pageUrl} with <meta name="go-import" content="${module} git https://REPOSITORY">`] } };
    }
    const tag = found.root;
    const source = tags.sources.find((s) => module === s.prefix || module.startsWith(`${s.prefix}/`));
    const tagNote = `go-import: ${tag.prefix} ${tag.vcs} ${tag.repoRoot}${source ? `; go-source: ${source.home} (cmd/go ignores go-source)` : ''}`;
    steps[last]!.note = steps[last]!.note ? `${steps[last]!.note}; ${tagNote}` : tagNote;
    root = { vcs: tag.vcs, repo: tag.repoRoot, root: tag.prefix };
  }
  if (root.vcs === 'mod') {
    const escaped = plan.proxyPath!;
    const r = await follow('module', 'GET (go-import "mod" proxy)', `${root.repo.replace(/\/+$/, '')}/${escaped}`, false);
    if (r.kind === 'ok') return null;
    return { ok: false, failure: { step: r.kind === 'error' ? r.step : steps.length - 1, goLine: r.error, fixes: r.kind === 'error' ? goFixes(steps[r.step]!) : [] } };
  }
  const repo = parseUrl(root.repo);
  if (repo === null) return { ok: false, failure: { step: steps.length - 1, goLine: `unrecognized import path "${module}": invalid repo root "${root.repo}"`, fixes: [] } };
  const step: RouteStep = {
    phase: 'module', what: `${root.vcs} ls-remote (${root.vcs} fetches ${root.repo})`, url: root.vcs === 'git' ? `${root.repo.replace(/\/+$/, '')}/info/refs?service=git-upload-pack` : root.repo,
    host: `${repo.hostname}:${repo.port || (repo.protocol === 'http:' ? 80 : 443)}`, dial: null, by: 'git', store: '', verdict: 'not-judged',
    tlsError: null, otherClient: null, http: null, note: null, report: null,
  };
  steps.push(step);
  const index = steps.length - 1;
  if (repo.protocol !== 'https:') {
    step.verdict = 'no-tls';
    step.store = 'none';
    step.note = repo.protocol === 'http:'
      ? `plain HTTP: no certificate involved (Go 1.19 hands a http:// repository to ${root.vcs} in module mode; GOINSECURE=${plan.insecure ? 'matches' : 'does not match'} this module)`
      : `${repo.protocol.slice(0, -1)}: no TLS certificate involved (ssh host keys instead)`;
    return null;
  }
  if (root.vcs !== 'git') {
    step.note = `${root.vcs} uses its own TLS stack, which chaindbg does not model: judged as Go would`;
  }
  const h = await judge.capture(repo.hostname, Number(step.host.split(':').pop()), root.vcs === 'git' ? 'git' : 'go');
  step.dial = h.dial ? `${h.dial.host}:${h.dial.port}` : null;
  const goView = judge.judgeGo(h);
  if (root.vcs !== 'git') {
    step.by = 'go';
    step.store = goView.store;
    step.report = goView.report;
    step.verdict = goView.accepts ? 'ok' : 'fails';
    step.tlsError = goView.tlsError;
    return goView.accepts ? null : { ok: false, failure: { step: index, goLine: goView.tlsError ?? '', fixes: goFixes(step) } };
  }
  const gitView = await judge.judgeGit(h, root.repo);
  step.store = gitView.store;
  step.report = gitView.report;
  step.verdict = gitView.accepts ? 'ok' : 'fails';
  step.tlsError = gitView.tlsError;
  if (goView.accepts !== gitView.accepts && !gitView.connectionFailed) {
    step.otherClient = { by: 'go', store: goView.store, accepts: goView.accepts, tlsError: goView.tlsError };
  }
  if (gitView.accepts) return null;
  const fatal = gitFatalLine(root.repo, gitView.tlsError ?? 'TLS failed');
  // cmd/go wraps a VCS failure for a given version as an invalid version (modfetch coderepo.go).
  const prefix = plan.version !== null ? 'invalid version: ' : '';
  const goLine = `${prefix}git ls-remote -q origin in $GOMODCACHE/cache/vcs/<hash>: exit status 128:\n\t${fatal}`;
  return { ok: false, failure: { step: index, goLine, fixes: gitFixes(step, root.repo, gitView.settings, goView.accepts, ctx.goEnv) } };
}

function localStep(source: RouteSource): RouteStep {
  return {
    phase: 'module', what: 'GOPROXY entry without TLS', url: source.request ?? source.url, host: '', dial: null, by: 'go', store: 'none',
    verdict: 'no-tls', tlsError: null, otherClient: null, http: null, report: null,
    note: source.url.startsWith('file:') ? 'a local directory: no network, no certificate' : 'plain HTTP: no certificate involved (and no protection)',
  };
}

function parseUrl(text: string, base?: string): URL | null {
  try {
    return new URL(text, base);
  } catch {
    return null;
  }
}
