import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import type { CliIO } from '../io.js';
import { EXIT, UserError } from '../errors.js';
import { parseAlpn, parseAt, parsePositiveInt } from '../options.js';
import { loadStores } from '../stores.js';
import { writeFileAtomic } from '../write.js';
import { DEFAULT_TIMEOUT_MS, parseTarget } from '../../capture/index.js';
import { goTargets, readGoEnv, runGoEnvJson, splitPath } from '../../goenv/index.js';
import type { Lab } from '../../lab/index.js';
import { BUILTIN_STORES } from '../../trust/index.js';
import type { TrustStore } from '../../trust/types.js';
import { pickStyle } from '../../report/style.js';
import {
  analyzeToReport,
  captureToReport,
  fetchMissingIssuers,
  makeBundle,
  probeAndParse,
  usageHint,
  type AiaRun,
  type ParsedCapture,
} from '../../session/index.js';
import type { FetchResult } from '../../aia/index.js';
import type { Report } from '../../report/types.js';
import type { Certificate } from '../../x509/types.js';
import {
  TLS_CHOICES,
  unsentDetails,
  type AnalysisOptions,
  type ExportKind,
  type ProbeOutcome,
  type StoreAdded,
  type TlsChoice,
  type TuiEngine,
  type TuiTarget,
} from '../../tui/index.js';

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
}

/** The options once checked: what the engine and the first screen need. */
export interface TuiSettings {
  now: Date;
  tls: TlsChoice;
  timeoutMs: number;
  /** False with --no-sni: no SNI at all. */
  sni: boolean;
  alpn: string[] | undefined;
  proxy: string | undefined;
  /** --host: the name every leaf is checked against (default: the target's SNI name, else its host). */
  host: string | undefined;
  aia: boolean;
}

interface Handle {
  parsed: ParsedCapture;
  host: string;
  /** AIA completions of this probe, per set of stores (they stop at different anchors); each URL is fetched once. */
  aia: Map<string, Promise<AiaRun>>;
  aiaCache: Map<string, FetchResult>;
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
  const tls = (opts.tls ?? 'auto') as TlsChoice;
  if (!TLS_CHOICES.includes(tls)) throw new UserError(`invalid --tls "${opts.tls}": expected auto, 1.2 or 1.3`);
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
): Promise<number> {
  if (!io.terminal || !io.isTTY) throw new UserError('the terminal UI needs an interactive terminal; use "chaindbg probe" or "chaindbg go" in scripts');
  const settings = tuiSettings(opts, io);
  // React's development build costs 150-200 ms at start-up and checks nothing a user needs: use the production
  // build unless the user asked otherwise. Set before Ink and React load.
  if (process.env.NODE_ENV === undefined) process.env.NODE_ENV = 'production';
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

/**
 * The engine behind the TUI: probes through the session layer, keeps each probe's capture for re-analysis and
 * export, and summarises the certificates on the paths that the server did not send (store anchors, AIA downloads).
 * AIA is fetched only when asked (`--aia`, or the key that turns it on), as the CLI does. Resolves once the first
 * stores are loaded.
 */
export async function createTuiEngine(
  list: TuiTarget[],
  initialStores: string[],
  settings: TuiSettings,
  io: CliIO,
  choices: string[],
): Promise<TuiEngine> {
  const { now, timeoutMs } = settings;
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
  // Stores typed at runtime (`a` in the store switcher), by where they point: one SPEC per store however the path
  // is spelled, so typing a known store again only selects it. Failed loads are not kept: the user may fix the file.
  const home = io.env.HOME || io.env.USERPROFILE || homedir();
  const known = new Map<string, string>();
  for (const spec of [...choices, ...initialStores]) {
    const at = storeLocation(spec, io.cwd, null);
    if (!known.has(at)) known.set(at, spec);
  }
  const adding = new Map<string, Promise<TrustStore>>();
  const addStore = async (input: string): Promise<StoreAdded> => {
    if (input.trim() === '') throw new UserError('type the path of a PEM or DER file, or of a folder of them');
    const spec = storeLocation(input, io.cwd, home);
    const existing = known.get(spec);
    if (existing !== undefined) return { spec: existing, summary: (await storesFor([existing]))[0]!.description };
    let load = adding.get(spec);
    if (!load) {
      // The store loader reads files with synchronous calls (fast for many small files, see docs/performance.md) and
      // parses in one go: let the TUI draw "loading…" before it starts.
      load = new Promise((r) => setImmediate(r))
        .then(() => loadStores([spec], io, now))
        .then(([store]) => {
          // A folder without a certificate loads with a problem and no anchor: as a choice it could only fail.
          if (store!.anchors.length === 0) {
            throw new UserError(`store "${spec}": ${store!.kind === 'folder' ? 'no certificate in any file' : 'no valid certificate'}`);
          }
          cache.set(spec, Promise.resolve(store!));
          known.set(spec, spec);
          return store!;
        })
        .finally(() => adding.delete(spec));
      adding.set(spec, load);
    }
    return { spec, summary: (await load).description };
  };
  const aiaFor = (handle: Handle, stores: TrustStore[]): Promise<AiaRun> => {
    const key = stores.map((s) => s.name).join('\u0000');
    let run = handle.aia.get(key);
    if (!run) {
      const target = handle.parsed.capture.target;
      run = fetchMissingIssuers(handle.parsed.sent, stores, { env: io.env, timeoutMs, cache: handle.aiaCache, from: target.connect?.replace(/:\d+$/, '') ?? target.host });
      handle.aia.set(key, run);
      run.catch(() => handle.aia.delete(key));
    }
    return run;
  };
  const outcome = async (handle: Handle, o: AnalysisOptions): Promise<ProbeOutcome> => {
    const stores = await storesFor(o.stores);
    const { parsed } = handle;
    const reference = stores.find((st) => st.kind === 'mozilla') ?? (await storesFor(['mozilla']).catch(() => []))[0] ?? null;
    const aia = o.aia ? await aiaFor(handle, stores) : null;
    const report = captureToReport(parsed, { stores, reference, now, host: handle.host, aia });
    const held = [...stores.flatMap((st) => st.anchors), ...(aia?.extra ?? []).map((cert) => ({ cert }))];
    return { report, unsent: unsentDetails(report, held), handle };
  };
  // A bundle uses issuers fetched over AIA only when AIA is on (as `export --aia`); otherwise it says where the
  // missing issuer could be fetched from.
  const bundleFor = async (o: ProbeOutcome, kind: ExportKind, store: string, aia: boolean) => {
    const handle = o.handle as Handle;
    const stores = await storesFor([store]);
    const extra = aia ? (await aiaFor(handle, stores)).extra : [];
    const report = analyzeToReport({ sent: handle.parsed.sent, stores, now, host: handle.host, extraIntermediates: extra });
    const bundle = makeBundle({ kind, sent: handle.parsed.sent, stores, store, report, extra, now, host: handle.host });
    const aiaUrls = !aia && bundle.plan.refused ? danglingIssuerUrls(handle.parsed.sent, report) : [];
    return { bundle, aiaUrls };
  };
  return {
    targets: async () => list,
    availableStores: () => [...new Set([...choices, ...initialStores])],
    addStore,
    probe: async (t, o, signal) => {
      const target = parseTarget(t.target);
      const connect = t.connect ? parseTarget(t.connect) : null;
      const parsed = await probeAndParse({
        host: target.host,
        port: target.port,
        servername: settings.sni ? (t.servername ?? undefined) : null,
        connect,
        tls: o.tls,
        alpn: settings.alpn,
        timeoutMs,
        proxy: settings.proxy,
        env: io.env,
      });
      if (signal.aborted) throw new Error('cancelled');
      const host = settings.host ?? t.servername ?? target.host;
      return outcome({ parsed, host, aia: new Map(), aiaCache: new Map() }, o);
    },
    reanalyze: async (o, opts) => outcome(o.handle as Handle, opts),
    exportPlan: async (o, kind, store, opts) => {
      const { bundle: b, aiaUrls } = await bundleFor(o, kind, store, opts.aia);
      const host = (o.handle as Handle).host.replace(/[^A-Za-z0-9.-]/g, '_');
      return {
        path: resolve(io.cwd, `${host}-${kind}.pem`),
        summary: b.plan.refused ?? `${kind}: ${b.plan.certificates.length} certificate(s)${b.validatesAfter === null ? '' : b.validatesAfter ? ', validates after' : ', still fails after'}`,
        certificates: b.plan.certificates.length,
        warning: b.plan.warnings.join(' ') || undefined,
        ...(aiaUrls.length ? { aiaUrls } : {}),
      };
    },
    exportWrite: async (o, kind, store, path, opts) => {
      const { bundle: b } = await bundleFor(o, kind, store, opts.aia);
      if (b.plan.refused || !b.plan.certificates.length) return { ok: false, message: b.plan.refused ?? 'nothing to export' };
      try {
        await writeFileAtomic(path, b.text, { force: false });
      } catch (err) {
        return { ok: false, message: (err as Error).message };
      }
      return { ok: true, message: `written ${path}; ${usageHint(kind, path)}` };
    },
  };
}

/**
 * Where a store SPEC points, as a SPEC: a built-in name as it is, a path (or `certdata:` path) made absolute against
 * `cwd`, with a leading `~` expanded to `home` (not for SPECs from the command line, which the shell expanded: pass
 * null, as the store loader reads them as written).
 */
export function storeLocation(spec: string, cwd: string, home: string | null): string {
  const text = spec.trim();
  if ((BUILTIN_STORES as readonly string[]).includes(text)) return text;
  const absolute = (p: string) => {
    const expanded = home !== null && (p === '~' || /^~[\\/]/.test(p)) ? join(home, p.slice(1)) : p;
    return resolve(cwd, expanded);
  };
  return text.startsWith('certdata:') ? `certdata:${absolute(text.slice('certdata:'.length))}` : absolute(text);
}

/**
 * The caIssuers URLs of the certificate whose issuer is missing on the store's nearest path (the first store of
 * `report`): where AIA would look to complete the chain. Empty when the path does not end for want of an issuer.
 */
function danglingIssuerUrls(sent: Certificate[], report: Report): string[] {
  const last = report.stores[0]?.chain.at(-1);
  if (!last?.link || last.link.ok || last.link.reason !== 'MISSING_INTERMEDIATE') return [];
  const cert = sent.find((c) => c.sha256 === last.sha256);
  return [...new Set(cert?.aia.caIssuers ?? [])];
}
