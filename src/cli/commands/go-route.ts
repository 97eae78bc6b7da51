import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { CliIO } from '../io.js';
import { EXIT } from '../errors.js';
export { parseConnectToOptions } from '../connect-to-option.js';
import type { GoSettings } from '../../goenv/index.js';
import { goModRequires } from '../../goenv/route/gomod.js';
import { pickStyle, renderJson, SCHEMA_VERSION } from '../../report/index.js';
import type { ModuleRoute } from '../../session/go-route-types.js';
import { followRoutes, type RouteCommandInput } from '../../session/go-routes.js';
export { followRoutes, MAX_ROUTE_MODULES } from '../../session/go-routes.js';
import { renderRoutes } from './go-route-text.js';

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

export async function goRouteCommand(input: RouteCommandInput & { format: 'text' | 'json' }, io: CliIO): Promise<number> {
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
