import type { CliIO } from '../io.js';
import { EXIT, UserError } from '../errors.js';
import { parseAlpn, parseAt, parsePositiveInt } from '../options.js';
import { DEFAULT_TIMEOUT_MS, parseTarget } from '../../capture/index.js';
import { goOutcome, goTargets, readGoEnv, runGoEnvJson, splitPath, type GoSettings } from '../../goenv/index.js';
import type { Lab } from '../../lab/index.js';
import { pickStyle } from '../../report/style.js';
import { openSession } from '../../session/index.js';
import { parseTlsChoice, TLS_OFFERS } from '../../model/grammar.js';
import type { TuiEngine, TuiTarget } from '../../tui/engine.js';
import { createSessionEngine, storeLocation, type TuiSettings } from '../../tui/session-engine.js';

export { storeLocation, type TuiSettings };

export interface TuiCliOptions {
  store?: string[];
  tls?: string;
  at?: string;
  connect?: string;
  servername?: string;
  /** false with --no-sni. */
  sni?: boolean;
  alpn?: string;
  timeout?: string;
  proxy?: string;
  host?: string;
  aia?: boolean;
  /** --module M[@V] (repeatable): each module's route as a group of targets (tui-route.ts). */
  module?: string[];
  connectTo?: string[];
}

/** chaindbg tui [TARGET...]: the TARGETs given, or the Go endpoints from the environment. */
export async function tuiCommand(targets: string[], opts: TuiCliOptions, io: CliIO): Promise<number> {
  let list: TuiTarget[];
  if (opts.module?.length && !targets.length) {
    const { routeTuiSetup } = await import('./tui-route.js');
    const setup = await routeTuiSetup(opts.module, opts.connectTo, tuiSettings(opts, io), io);
    const initial = opts.store?.length ? opts.store : setup.initialStores;
    return openTui(setup.targets, initial, opts, io, [...new Set([...initial, 'system', 'mozilla', 'node'])]);
  }
  if (targets.length) {
    list = targets.map((t, i) => {
      try {
        parseTarget(t);
      } catch (err) {
        throw new UserError(`target: ${(err as Error).message}`);
      }
      return { id: `t${i}`, label: t, target: t, connect: opts.connect ?? null, servername: opts.servername ?? null };
    });
  } else {
    // Where `chaindbg go` starts: the endpoints go get contacts, judged against the system store as Go reads it,
    // with Mozilla's word beside it as a reference (not a second verdict).
    const settings = await readGoEnv({ env: io.env, runGoEnv: () => runGoEnvJson(io.env, splitPath(io.env.PATH)) });
    list = goTuiTargets(settings);
    const stores = opts.store && opts.store.length ? opts.store : ['system'];
    return openTui(list, stores, opts, io, ['system', 'mozilla', 'node'], stores.includes('mozilla') ? undefined : 'mozilla');
  }
  const stores = opts.store && opts.store.length ? opts.store : ['system', 'mozilla'];
  return openTui(list, stores, opts, io, ['system', 'mozilla', 'node']);
}

/**
 * The Go endpoints as TUI targets, labelled as `chaindbg go` labels them. The checksum database is left out when go
 * reaches it through the module proxy's /sumdb/ (GOPROXY is a proxy: cmd/go asks <proxy>/sumdb/<name>/supported
 * first), so a host Go never contacts is not shown failing; the proxy's label says it carries the database too.
 */
export function goTuiTargets(settings: GoSettings): TuiTarget[] {
  const plan = goTargets(settings);
  // Uses as go get would make them when every endpoint answers: which one it contacts, which only as a fallback.
  const { uses } = goOutcome({ settings, targets: plan.targets, passes: () => true });
  const viaProxy = plan.targets.filter((t) => uses[t.target] === 'via-proxy');
  const firstProxy = plan.targets.find((t) => t.role === 'GOPROXY' && uses[t.target] === 'used');
  return plan.targets
    .filter((t) => uses[t.target] !== 'via-proxy')
    .map((t, i) => {
      const extra = [
        uses[t.target] === 'fallback' ? 'fallback' : null,
        t === firstProxy && viaProxy.length ? `and ${viaProxy.map((v) => v.role).join(', ')} via /sumdb/` : null,
      ].filter(Boolean);
      return {
        id: `go${i}`,
        label: `${t.target.replace(/:443$/, '')} (${[t.role, ...extra].join(', ')})`,
        target: t.target,
        note: t === firstProxy && viaProxy.length ? `${t.note}; go reaches ${viaProxy.map((v) => v.url).join(', ')} through it` : t.note,
      };
    });
}

/**
 * chaindbg lab --tui: every scenario as a target. The stores selected at start are the ones the scenarios are judged
 * against (lab-roots; lab-system, the machine's store behind the proxy, for `interception`), so each target's
 * verdict for its own store is on screen; lab-system holds lab-roots' roots and one more, so the two differ only for
 * a leaf under that extra root, and the target's mark says "trusted by some stores, not all" exactly then.
 */
export async function labTui(lab: Lab, io: CliIO): Promise<number> {
  const { targets, initialStores, choices } = labTuiSetup(lab);
  return openTui(targets, initialStores, { at: lab.now.toISOString() }, io, choices);
}

/** What `lab --tui` opens: the scenarios as targets, the stores they are judged against, every lab store offered. */
export function labTuiSetup(lab: Lab): { targets: TuiTarget[]; initialStores: string[]; choices: string[] } {
  const targets: TuiTarget[] = lab.scenarios.map((s) => ({
    id: s.name,
    label: `${s.name}: ${s.servername}`,
    target: s.servername,
    connect: s.connect,
    servername: s.servername,
    note: s.story,
  }));
  const storePaths = lab.stores.map((s) => s.path!).filter(Boolean);
  const judged = lab.stores.filter((st) => st.path && lab.scenarios.some((sc) => sc.store === st.name)).map((st) => st.path!);
  return { targets, initialStores: judged.length ? judged : [storePaths[0]!], choices: [...storePaths, 'system', 'mozilla'] };
}

/** Checks the options (one line and exit 2 for a bad one), as probe does. */
export function tuiSettings(opts: TuiCliOptions, io: Pick<CliIO, 'now'>): TuiSettings {
  const now = parseAt(opts.at, io.now());
  const choice = parseTlsChoice(opts.tls, TLS_OFFERS, 'auto');
  if (!choice.ok) throw new UserError(choice.error);
  const tls = choice.value;
  const timeoutMs = parsePositiveInt('--timeout', opts.timeout, DEFAULT_TIMEOUT_MS);
  if (opts.servername !== undefined && opts.sni === false) throw new UserError('--servername and --no-sni exclude each other');
  const alpn = parseAlpn(opts.alpn);
  return { now, tls, timeoutMs, sni: opts.sni !== false, alpn, proxy: opts.proxy, host: opts.host, aia: opts.aia === true };
}

async function openTui(
  list: TuiTarget[],
  initialStores: string[],
  opts: TuiCliOptions,
  io: CliIO,
  choices: string[],
  reference?: string,
): Promise<number> {
  if (!io.terminal || !io.isTTY) throw new UserError('the terminal UI needs an interactive terminal; use "chaindbg probe" or "chaindbg go" in scripts');
  const settings = { ...tuiSettings(opts, io), ...(reference ? { reference } : {}) };
  // React's production build: the bundle (src/build/bundle.mjs) holds only that one, whatever NODE_ENV says.
  const uiImport = import('../../tui/index.js'); // start loading Ink while the stores load
  const engine = await createTuiEngine(list, initialStores, settings, io, choices);
  const { startTui } = await uiImport;
  const color = pickStyle(true, io.env).ok('x') !== 'x';
  const code = await startTui({
    engine,
    stdout: io.terminal.stdout,
    stdin: io.terminal.stdin,
    color,
    initialStores,
    initialTls: settings.tls,
    initialAia: settings.aia,
  });
  return code === 0 ? EXIT.OK : code;
}

/** The TUI engine over a session opened with the TUI's settings (the engine itself is tui/session-engine.ts). */
export async function createTuiEngine(
  list: TuiTarget[],
  initialStores: string[],
  settings: TuiSettings,
  io: CliIO,
  choices: string[],
): Promise<TuiEngine> {
  const session = openSession({
    now: settings.now,
    env: io.env,
    platform: io.platform,
    cwd: io.cwd,
    stores: initialStores,
    proxy: settings.proxy,
    timeoutMs: settings.timeoutMs,
    aia: settings.aia,
  });
  return createSessionEngine(session, list, initialStores, settings, choices);
}
