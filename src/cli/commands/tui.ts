import { resolve } from 'node:path';
import type { CliIO } from '../io.js';
import { EXIT, UserError } from '../errors.js';
import { parseAt, parsePositiveInt } from '../options.js';
import { loadStores } from '../stores.js';
import { writeFileAtomic } from '../write.js';
import { DEFAULT_TIMEOUT_MS, parseTarget } from '../../capture/index.js';
import { goTargets, readGoEnv, runGoEnvJson, splitPath } from '../../goenv/index.js';
import type { Lab } from '../../lab/index.js';
import type { TrustStore } from '../../trust/types.js';
import { pickStyle } from '../../report/style.js';
import { analyzeToReport, captureToReport, fetchMissingIssuers, makeBundle, probeAndParse, usageHint, type ParsedCapture } from '../../session/index.js';
import type { Certificate } from '../../x509/types.js';
import type { ExportKind, ProbeOutcome, TuiEngine, TuiTarget } from '../../tui/index.js';

export interface TuiCliOptions {
  store?: string[];
  tls?: string;
  at?: string;
  connect?: string;
  servername?: string;
  timeout?: string;
  proxy?: string;
}

interface Handle {
  parsed: ParsedCapture;
  host: string;
  /** Issuers fetched over AIA for export, once per probe. */
  aia?: Promise<Certificate[]>;
}

/** chaindbg tui [TARGET...]: the TARGETs given, or the Go endpoints from the environment. */
export async function tuiCommand(targets: string[], opts: TuiCliOptions, io: CliIO): Promise<number> {
  let list: TuiTarget[];
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
    const settings = await readGoEnv({ env: io.env, runGoEnv: () => runGoEnvJson(io.env, splitPath(io.env.PATH)) });
    list = goTargets(settings).targets.map((t, i) => ({
      id: `go${i}`,
      label: `${t.target.replace(/:443$/, '')} (${t.role})`,
      target: t.target,
      note: t.note,
    }));
  }
  const stores = opts.store && opts.store.length ? opts.store : ['system', 'mozilla'];
  return openTui(list, stores, opts, io, ['system', 'mozilla', 'node']);
}

/** chaindbg lab --tui: every scenario as a target, judged against the lab's stores. */
export async function labTui(lab: Lab, io: CliIO): Promise<number> {
  const list: TuiTarget[] = lab.scenarios.map((s) => ({
    id: s.name,
    label: `${s.name}: ${s.servername}`,
    target: s.servername,
    connect: s.connect,
    servername: s.servername,
    note: s.story,
  }));
  const storePaths = lab.stores.map((s) => s.path!).filter(Boolean);
  return openTui(list, [storePaths[0]!], { at: lab.now.toISOString() }, io, [...storePaths, 'system', 'mozilla']);
}

async function openTui(
  list: TuiTarget[],
  initialStores: string[],
  opts: TuiCliOptions,
  io: CliIO,
  choices: string[],
): Promise<number> {
  if (!io.terminal || !io.isTTY) throw new UserError('the terminal UI needs an interactive terminal; use "chaindbg probe" or "chaindbg go" in scripts');
  const now = parseAt(opts.at, io.now());
  const tls = (opts.tls ?? '1.3') as '1.2' | '1.3';
  if (tls !== '1.2' && tls !== '1.3') throw new UserError(`invalid --tls "${opts.tls}": expected 1.2 or 1.3`);
  const timeoutMs = parsePositiveInt('--timeout', opts.timeout, DEFAULT_TIMEOUT_MS);
  // React's development build costs 150-200 ms at start-up and checks nothing a user needs: use the production
  // build unless the user asked otherwise. Set before Ink and React load.
  if (process.env.NODE_ENV === undefined) process.env.NODE_ENV = 'production';
  const uiImport = import('../../tui/index.js'); // start loading Ink while the stores load
  const cache = new Map<string, Promise<TrustStore>>();
  const storesFor = async (specs: string[]) =>
    Promise.all(
      specs.map((spec) => {
        let p = cache.get(spec);
        if (!p) {
          p = loadStores([spec], io, now).then((s) => s[0]!);
          cache.set(spec, p);
        }
        return p;
      }),
    );
  await storesFor(initialStores);
  const outcome = async (handle: Handle, specs: string[]): Promise<ProbeOutcome> => {
    const stores = await storesFor(specs);
    const { parsed } = handle;
    const reference = stores.find((st) => st.kind === 'mozilla') ?? (await storesFor(['mozilla']).catch(() => []))[0] ?? null;
    const report = captureToReport(parsed, { stores, reference, now, host: handle.host });
    return { report, handle };
  };
  // Export fetches missing issuers over AIA (as `export --aia` does), so a server that forgot its intermediate
  // still yields the full chain it should send.
  const bundleFor = async (o: ProbeOutcome, kind: ExportKind, store: string) => {
    const handle = o.handle as Handle;
    const stores = await storesFor([store]);
    handle.aia ??= fetchMissingIssuers(handle.parsed.sent, stores, { env: io.env, timeoutMs }).then((r) => r.extra);
    const extra = await handle.aia;
    const report = analyzeToReport({ sent: handle.parsed.sent, stores, now, host: handle.host, extraIntermediates: extra });
    return makeBundle({ kind, sent: handle.parsed.sent, stores, store, report, extra, now, host: handle.host });
  };
  const engine: TuiEngine = {
    targets: async () => list,
    availableStores: () => [...new Set([...choices, ...initialStores])],
    probe: async (t, o, signal) => {
      const target = parseTarget(t.target);
      const connect = t.connect ? parseTarget(t.connect) : null;
      const parsed = await probeAndParse({
        host: target.host,
        port: target.port,
        servername: t.servername ?? undefined,
        connect,
        tls: o.tls,
        timeoutMs,
        proxy: opts.proxy,
        env: io.env,
      });
      if (signal.aborted) throw new Error('cancelled');
      return outcome({ parsed, host: t.servername ?? target.host }, o.stores);
    },
    reanalyze: async (o, specs) => outcome(o.handle as Handle, specs),
    exportPlan: async (o, kind, store) => {
      const b = await bundleFor(o, kind, store);
      const host = (o.handle as Handle).host.replace(/[^A-Za-z0-9.-]/g, '_');
      return {
        path: resolve(io.cwd, `${host}-${kind}.pem`),
        summary: b.plan.refused ?? `${kind}: ${b.plan.certificates.length} certificate(s)${b.validatesAfter === null ? '' : b.validatesAfter ? ', validates after' : ', still fails after'}`,
        certificates: b.plan.certificates.length,
        warning: b.plan.warnings.join(' ') || undefined,
      };
    },
    exportWrite: async (o, kind, store, path) => {
      const b = await bundleFor(o, kind, store);
      if (b.plan.refused || !b.plan.certificates.length) return { ok: false, message: b.plan.refused ?? 'nothing to export' };
      try {
        await writeFileAtomic(path, b.text, { force: false });
      } catch (err) {
        return { ok: false, message: (err as Error).message };
      }
      return { ok: true, message: `written ${path}; ${usageHint(kind, path)}` };
    },
  };
  const { startTui } = await uiImport;
  const color = pickStyle(true, io.env).ok('x') !== 'x';
  const code = await startTui({ engine, stdout: io.terminal.stdout, stdin: io.terminal.stdin, color, initialStores, initialTls: tls });
  return code === 0 ? EXIT.OK : code;
}
