import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseTarget } from '../capture/index.js';
import { ExportWriteError, writeBundleFile } from '../export/index.js';
import type { Certificate } from '../model/certificate.js';
import type { ExportKind, TlsOffer } from '../model/grammar.js';
import type { Report } from '../model/report.js';
import type { TrustStore } from '../model/store.js';
import { captureChain, SessionError, usageHint, type AiaCache, type Chain, type Session } from '../session/index.js';
import { CERTDATA_PREFIX, parseStoreSpec } from '../model/store-spec.js';
import type { AnalysisOptions, ProbeOutcome, StoreAdded, TuiEngine, TuiTarget } from './engine.js';
import { unsentDetails } from './unsent.js';

/** The options once checked: what the engine and the first screen need (timeout, proxy and now are the session's). */
export interface TuiSettings {
  now: Date;
  tls: TlsOffer;
  timeoutMs: number;
  /** False with --no-sni: no SNI at all. */
  sni: boolean;
  alpn: string[] | undefined;
  proxy: string | undefined;
  /** --host: the name every leaf is checked against (default: the target's SNI name, else its host). */
  host: string | undefined;
  aia: boolean;
  /**
   * A store shown beside the chosen ones as a reference (Mozilla, when the TUI starts where `chaindbg go` does): its
   * trusted / not trusted is on each target's row, never one of the verdicts.
   */
  reference?: string;
}

interface Handle {
  chain: Chain;
  host: string;
  /** AIA downloads of this probe: each caIssuers URL is fetched once, whatever stores it is judged against. */
  aiaCache: AiaCache;
}

/**
 * The engine behind the TUI: a face over the session. It probes through it, keeps each probe's chain for
 * re-analysis and export, and summarises the certificates on the paths that the server did not send (store anchors,
 * AIA downloads). AIA is fetched only when asked (`--aia`, or the key that turns it on), with the session's proxy and
 * timeout, as the CLI does. Resolves once the user's own first stores are loaded (built-in ones load with the first
 * probe).
 */
export async function createSessionEngine(
  session: Session,
  list: TuiTarget[],
  initialStores: string[],
  settings: TuiSettings,
  choices: string[],
): Promise<TuiEngine> {
  const { cwd, env } = session.options;
  // The user's own stores load before the TUI opens, so a bad one is a one-line error and exit 2. The built-in ones
  // (system, mozilla, node) cannot fail that way: they load while the first probe's handshake is in flight, and the
  // first frame does not wait for them.
  await session.stores(initialStores.filter((spec) => parseStoreSpec(spec).kind !== 'builtin'));
  // Stores typed at runtime (`a` in the store switcher), by where they point: one SPEC per store however the path
  // is spelled, so typing a known store again only selects it. Failed loads are not kept: the user may fix the file.
  const home = env.HOME || env.USERPROFILE || homedir();
  const known = new Map<string, string>();
  for (const spec of [...choices, ...initialStores]) {
    const at = storeLocation(spec, cwd, null);
    if (!known.has(at)) known.set(at, spec);
  }
  const adding = new Map<string, Promise<TrustStore>>();
  const addStore = async (input: string): Promise<StoreAdded> => {
    if (input.trim() === '') throw new SessionError('type the path of a PEM or DER file, or of a folder of them');
    const spec = storeLocation(input, cwd, home);
    const existing = known.get(spec);
    if (existing !== undefined) return { spec: existing, summary: (await session.stores([existing]))[0]!.description };
    let load = adding.get(spec);
    if (!load) {
      // The store loader reads files with synchronous calls (fast for many small files, see docs/performance.md) and
      // parses in one go: let the TUI draw "loading…" before it starts.
      load = new Promise((r) => setImmediate(r))
        .then(() => session.stores([spec]))
        .then(([store]) => {
          // A folder without a certificate loads with a problem and no anchor: as a choice it could only fail.
          if (store!.anchors.length === 0) {
            session.forget(spec);
            throw new SessionError(`store "${spec}": ${store!.kind === 'folder' ? 'no certificate in any file' : 'no valid certificate'}`);
          }
          known.set(spec, spec);
          return store!;
        })
        .finally(() => adding.delete(spec));
      adding.set(spec, load);
    }
    return { spec, summary: (await load).description };
  };
  const outcome = async (handle: Handle, o: AnalysisOptions): Promise<ProbeOutcome> => {
    const { report, stores, aia } = await session.judge(handle.chain, { stores: o.stores, host: handle.host, aia: o.aia, aiaCache: handle.aiaCache });
    const held = [...stores.flatMap((st) => st.anchors), ...(aia?.extra ?? []).map((cert) => ({ cert }))];
    const ref = settings.reference;
    if (!ref || o.stores.includes(ref)) return { report, unsent: unsentDetails(report, held), handle };
    const other = await session.judge(handle.chain, { stores: [ref], host: handle.host, aia: o.aia, aiaCache: handle.aiaCache });
    const trusted = other.report.stores[0]?.trusted === true;
    return { report, unsent: unsentDetails(report, held), handle, reference: { name: ref, trusted } };
  };
  // A bundle uses issuers fetched over AIA only when AIA is on (as `export --aia`); otherwise it says where the
  // missing issuer could be fetched from. The chain is judged as the CLI's export judges it (reference included).
  const bundleFor = async (o: ProbeOutcome, kind: ExportKind, store: string, aia: boolean) => {
    const handle = o.handle as Handle;
    const { bundle, report } = await session.bundle(handle.chain, { kind, store, host: handle.host, aia, aiaCache: handle.aiaCache });
    const aiaUrls = !aia && bundle.plan.refused ? danglingIssuerUrls(handle.chain.sent, report) : [];
    return { bundle, aiaUrls };
  };
  return {
    targets: async () => list,
    availableStores: () => [...new Set([...choices, ...initialStores])],
    addStore,
    probe: async (t, o, signal) => {
      const target = parseTarget(t.target);
      const connect = t.connect ? parseTarget(t.connect) : null;
      session.stores(o.stores).catch(() => undefined); // start loading; outcome() awaits (and reports) the same load
      const parsed = await session.probe({
        host: target.host,
        port: target.port,
        servername: settings.sni ? (t.servername ?? undefined) : null,
        connect,
        tls: o.tls,
        alpn: settings.alpn,
      });
      if (signal.aborted) throw new Error('cancelled');
      const host = settings.host ?? t.servername ?? target.host;
      return outcome({ chain: captureChain('target', parsed), host, aiaCache: new Map() }, o);
    },
    reanalyze: async (o, opts) => outcome(o.handle as Handle, opts),
    exportPlan: async (o, kind, store, opts) => {
      const { bundle: b, aiaUrls } = await bundleFor(o, kind, store, opts.aia);
      const host = (o.handle as Handle).host.replace(/[^A-Za-z0-9.-]/g, '_');
      return {
        path: `${host}-${kind}.pem`,
        summary: b.plan.refused ?? `${kind}: ${b.plan.certificates.length} certificate(s)${b.validatesAfter === null ? '' : b.validatesAfter ? ', validates after' : ', still fails after'}`,
        certificates: b.plan.certificates.length,
        warning: b.plan.warnings.join(' ') || undefined,
        ...(aiaUrls.length ? { aiaUrls } : {}),
      };
    },
    exportWrite: async (o, kind, store, typed, opts) => {
      const { bundle: b } = await bundleFor(o, kind, store, opts.aia);
      if (b.plan.refused || !b.plan.certificates.length) return { ok: false, message: b.plan.refused ?? 'nothing to export' };
      const path = typedPath(typed, cwd, home);
      try {
        await writeBundleFile(path, b.text, { force: opts.force === true });
      } catch (err) {
        if (err instanceof ExportWriteError && err.code === 'exists') return { ok: false, exists: true, message: `${path} already exists` };
        return { ok: false, message: (err as Error).message };
      }
      return { ok: true, message: `written ${path}; ${usageHint(kind, path)}` };
    },
  };
}

/** A path the user typed: `~` expanded to `home`, relative to `cwd`. */
function typedPath(typed: string, cwd: string, home: string): string {
  const p = typed.trim();
  return resolve(cwd, p === '~' || /^~[\\/]/.test(p) ? join(home, p.slice(1)) : p);
}

/**
 * Where a store SPEC points, as a SPEC: a built-in name as it is, a path (or `certdata:` path) made absolute against
 * `cwd`, with a leading `~` expanded to `home` (not for SPECs from the command line, which the shell expanded: pass
 * null, as the store loader reads them as written).
 */
export function storeLocation(spec: string, cwd: string, home: string | null): string {
  const text = spec.trim();
  const parsed = parseStoreSpec(text);
  const absolute = (p: string) => {
    const expanded = home !== null && (p === '~' || /^~[\\/]/.test(p)) ? join(home, p.slice(1)) : p;
    return resolve(cwd, expanded);
  };
  if (parsed.kind === 'builtin') return parsed.name;
  return parsed.kind === 'certdata' ? `${CERTDATA_PREFIX}${absolute(parsed.path)}` : absolute(parsed.path);
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
