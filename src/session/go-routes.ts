import type { ConnectToRule } from '../capture/connect-to.js';
import type { GoSettings } from '../goenv/index.js';
import { resolveGitCa } from '../goenv/git-ca.js';
import { parseModuleQuery, planRoute } from '../goenv/route/plan.js';
import { loadStore } from '../trust/index.js';
import type { TrustStore } from '../model/store.js';
import { packageRoot } from '../util/package-root.js';
import { SessionError } from './errors.js';
import { followModuleRoute } from './go-route.js';
import { HopJudge } from './go-route-hop.js';
import type { ModuleRoute } from './go-route-types.js';
import { loadReference, loadStores, type StoreContext } from './stores.js';

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
}

/** Where the routes run: the environment git reads, and the folder and platform stores are read from. */
export interface RouteContext {
  env: Record<string, string | undefined>;
  platform: NodeJS.Platform;
  cwd: string;
}

/** Each module's route, followed in order (hosts shared between modules are probed once). */
export async function followRoutes(input: RouteCommandInput, io: RouteContext): Promise<ModuleRoute[]> {
  if (input.queries.length > MAX_ROUTE_MODULES) throw new SessionError(`${input.queries.length} modules: at most ${MAX_ROUTE_MODULES} per run`);
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


/** Go's store (`system`, as Go reads it) and the public reference store, for a route judged outside a command's session. */
export async function goRouteStores(ctx: StoreContext): Promise<{ goStore: TrustStore; reference: TrustStore | null }> {
  const stores = await loadStores(['system'], ctx);
  return { goStore: stores[0]!, reference: await loadReference(stores, ctx) };
}
