import type { CliIO } from '../io.js';
import { parseConnectToOptions } from '../connect-to-option.js';
import { goRouteStores } from '../../session/go-routes.js';
import { readGoEnv, runGoEnvJson, splitPath } from '../../goenv/index.js';
import type { ModuleRoute } from '../../session/go-route-types.js';
import type { TuiTarget } from '../../tui/engine.js';
import type { TuiSettings } from '../../tui/session-engine.js';

/**
 * `chaindbg tui --module M[@V]...`: each module's route, followed as `chaindbg go M` follows it, becomes a group of
 * targets, one per TLS host in route order, labelled "M 2/3 git git.corp.example". The stores selected at start are
 * Go's (system) and, when a step is git's, the CA file git reads, so each host shows the verdict of whoever asks it.
 */
export function routeTargets(routes: ModuleRoute[]): { targets: TuiTarget[]; gitFiles: string[] } {
  const targets: TuiTarget[] = [];
  const gitFiles = new Set<string>();
  for (const r of routes) {
    const head = `${r.module}${r.version ? `@${r.version}` : ''}`;
    const tls = r.steps.filter((s) => s.url.startsWith('https:') && s.verdict !== 'not-judged');
    tls.forEach((s, i) => {
      const host = s.host.replace(/:443$/, '');
      const stops = r.failure?.step === r.steps.indexOf(s) ? ' (go get stops here)' : '';
      targets.push({
        id: `${head}#${i}`,
        label: `${head} ${i + 1}/${tls.length} ${s.by} ${host}`,
        target: s.host,
        connect: s.dial,
        servername: s.host.replace(/:\d+$/, '').replace(/^\[|\]$/g, ''),
        note: `${s.what}: ${s.by === 'git' ? 'git' : 'Go'} asks, with ${s.store}; ${s.verdict}${stops}`,
      });
      const file = s.by === 'git' ? /(?:GIT_SSL_CAINFO=|sslCAInfo=|default bundle )(\S+)/.exec(s.store)?.[1] : undefined;
      if (file) gitFiles.add(file);
    });
  }
  return { targets, gitFiles: [...gitFiles] };
}

export async function routeTuiSetup(
  modules: string[],
  connectToValues: string[] | undefined,
  settings: TuiSettings,
  io: CliIO,
): Promise<{ targets: TuiTarget[]; initialStores: string[] }> {
  const { followRoutes } = await import('./go-route.js');
  const goSettings = await readGoEnv({ env: io.env, runGoEnv: () => runGoEnvJson(io.env, splitPath(io.env.PATH)) });
  const { goStore, reference } = await goRouteStores({ env: io.env, platform: io.platform, cwd: io.cwd, now: settings.now });
  const goEnv = { ...io.env, ALL_PROXY: undefined, all_proxy: undefined };
  const routes = await followRoutes({
    queries: modules, settings: goSettings, goEnv, connectTo: parseConnectToOptions(connectToValues), tls: settings.tls,
    timeoutMs: settings.timeoutMs, now: settings.now, goStore, reference,
  }, io);
  const { targets, gitFiles } = routeTargets(routes);
  return { targets, initialStores: ['system', ...gitFiles] };
}
