import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { CliIO } from '../io.js';
import { EXIT, UserError } from '../errors.js';
export { parseConnectToOptions } from '../connect-to-option.js';
import type { ConnectToRule } from '../../capture/connect-to.js';
import type { GoSettings } from '../../goenv/index.js';
import { resolveGitCa } from '../../goenv/git-ca.js';
import { goModRequires } from '../../goenv/route/gomod.js';
import { parseModuleQuery, planRoute } from '../../goenv/route/plan.js';
import { pickStyle, renderJson, SCHEMA_VERSION } from '../../report/index.js';
import { followModuleRoute } from '../../session/go-route.js';
import { HopJudge } from '../../session/go-route-hop.js';
import type { ModuleRoute } from '../../session/go-route-types.js';
import { loadStore } from '../../trust/index.js';
import type { TrustStore } from '../../model/store.js';
import { packageRoot } from '../../util/package-root.js';
import { renderRoutes } from './go-route-text.js';

/** At most this many modules per run (a go.mod's requires included): each may probe several hosts. */
export const MAX_ROUTE_MODULES = 200;

export interface RouteCommandInput {
  queries: string[];
  settings: GoSettings;
  goEnv: Record<string, string | undefined>;
  connectTo: ConnectToRule[];
  tls: '1.2' | '1.3' | 'auto';
  timeoutMs: number;
  now: Date;
  goStore: TrustStore;
  reference: TrustStore | null;
  format: 'text' | 'json';
}

/** The modules to follow: the arguments, else the requires of ./go.mod when there is one (null: neither). */
export async function routeQueries(args: string[], io: CliIO): Promise<string[] | null> {
  if (args.length > 0) return args;
  let text: string;
  try {
    text = await readFile(path.join(io.cwd, 'go.mod'), 'utf8');
  } catch {
    return null;
  }
  const requires = goModRequires(text).map((r) => `${r.module}@${r.version}`);
  return requires.length > 0 ? requires : null;
}

export async function goRouteCommand(input: RouteCommandInput, io: CliIO): Promise<number> {
  const routes = await followRoutes(input, io);
  const code = routes.some((r) => r.ok === false)
    ? routes.some((r) => r.failure?.step !== null && r.failure?.step !== undefined && r.steps[r.failure.step]?.report?.sent.length === 0)
      ? EXIT.CONNECTION
      : EXIT.PROBLEMS
    : EXIT.OK;
  if (input.format === 'json') {
    io.stdout(renderJson({ schemaVersion: SCHEMA_VERSION, now: input.now.toISOString(), settings: settingsJson(input.settings), modules: routes.map(routeJson) }));
    return code;
  }
  io.stdout(renderRoutes(routes, input.settings, pickStyle(io.isTTY, io.env)));
  return code;
}

/** Each module's route, followed in order (hosts shared between modules are probed once). */
export async function followRoutes(input: Omit<RouteCommandInput, 'format'>, io: CliIO): Promise<ModuleRoute[]> {
  if (input.queries.length > MAX_ROUTE_MODULES) throw new UserError(`${input.queries.length} modules: at most ${MAX_ROUTE_MODULES} per run`);
  const gitStores = new Map<string, Promise<TrustStore | null>>();
  const storeCtx = { env: io.env, platform: io.platform, packageRoot: packageRoot(), cwd: io.cwd, now: input.now };
  const ctx = {
    connectTo: input.connectTo, tls: input.tls, timeoutMs: input.timeoutMs, now: input.now, goEnv: input.goEnv, gitEnv: io.env,
    goStore: input.goStore, reference: input.reference,
    gitStore: async (url: string) => {
      const settings = await resolveGitCa(url, { env: io.env });
      const key = `${settings.caFile ?? ''}|${settings.caPath ?? ''}`;
      let store = gitStores.get(key);
      if (!store) {
        store = loadGitStore(settings.caFile, settings.caPath, storeCtx);
        gitStores.set(key, store);
      }
      return { store: await store, settings };
    },
  };
  const judge = new HopJudge(ctx);
  const routes: ModuleRoute[] = [];
  for (const q of input.queries) routes.push(await followModuleRoute(planRoute(input.settings, parseModuleQuery(q)), ctx, judge));
  return routes;
}

/** git's CA file and folder as one store (both are read by libcurl); null when git has neither. */
async function loadGitStore(caFile: string | null, caPath: string | null, ctx: Parameters<typeof loadStore>[1]): Promise<TrustStore | null> {
  const parts: TrustStore[] = [];
  for (const spec of [caFile, caPath]) {
    if (spec === null) continue;
    try {
      parts.push(await loadStore(spec, ctx));
    } catch {
      // unreadable: git would fail to load it too, so it trusts nothing from there
    }
  }
  if (parts.length === 0) return null;
  if (parts.length === 1) return { ...parts[0]!, name: `git:${parts[0]!.name}` };
  return { ...parts[0]!, name: 'git', description: parts.map((p) => p.description).join(' + '), anchors: parts.flatMap((p) => p.anchors),
    sources: parts.flatMap((p) => p.sources), problems: parts.flatMap((p) => p.problems) };
}

function settingsJson(s: GoSettings): Record<string, string> {
  return { source: s.source, GOPROXY: s.GOPROXY, GOSUMDB: s.GOSUMDB, GOPRIVATE: s.GOPRIVATE, GONOPROXY: s.GONOPROXY,
    GONOSUMDB: s.GONOSUMDB, GOINSECURE: s.GOINSECURE, GOFLAGS: s.GOFLAGS };
}

function routeJson(r: ModuleRoute): unknown {
  const p = r.plan;
  return {
    module: r.module, version: r.version, ok: r.ok,
    plan: { error: p.error, escapedPath: p.escapedPath, noProxy: p.noProxy, noSumdb: p.noSumdb, insecure: p.insecure,
      sources: p.sources, sumdb: p.sumdb, notes: p.notes },
    steps: r.steps,
    failure: r.failure,
  };
}
