import type { Certificate } from '../model/certificate.js';
import type { ExportKind, TlsOffer } from '../model/grammar.js';
import type { Report } from '../model/report.js';
import type { TrustStore } from '../model/store.js';
import type { FetchResult } from '../aia/index.js';
import { interceptionNeedsReference } from '../diagnose/interception.js';
import { storeGapNeedsReference } from '../diagnose/store-gap.js';
import { fetchMissingIssuers, type AiaRun } from './aia.js';
import { loadChainSource, readChainFiles, type ChainSource, type ChainSourceOptions } from './chain-source.js';
import { SessionError } from './errors.js';
import { makeBundle, type Bundle } from './export.js';
import { forChain, type ForChainResult } from './for-chain.js';
import { probeAndParse, type ParsedCapture } from './probe.js';
import { analyzeToReport } from './report.js';
import { DEFAULT_STORES, loadStores, type StoreContext } from './stores.js';

/** The settings a session holds for every step: the face passes them once, every step obeys them. */
export interface SessionOptions {
  now: Date;
  env: Record<string, string | undefined>;
  platform: NodeJS.Platform;
  cwd: string;
  /** The --store SPECs (default: system and mozilla). */
  stores?: readonly string[];
  /**
   * --proxy: for the TLS connections and for the (plain HTTP) AIA fetches alike. undefined: from the environment
   * (HTTPS_PROXY / ALL_PROXY for TLS, HTTP_PROXY for AIA, NO_PROXY); null: no proxy for the TLS connections.
   */
  proxy?: string | null;
  /** Time limit per connection and per AIA fetch, in ms. */
  timeoutMs: number;
  /** Fetch missing issuers from caIssuers URLs (--aia). */
  aia: boolean;
  /** Reads an input file; "-" is standard input. Needed only to read chains from files. */
  readInput?: (file: string) => Promise<Uint8Array>;
  /** Which Go the Go verdict is for (--go-version, else the go on PATH, else the newest modelled) and its GODEBUG. */
  go?: GoChoice | Promise<GoChoice>;
}

/** Which Go release to judge, and its GODEBUG (a promise when the face is still asking `go env GOVERSION`). */
export interface GoChoice {
  goVersion?: string;
  godebug?: string;
}

/** One live TARGET to probe (timeout, proxy and environment are the session's). */
export interface ProbeTarget {
  host: string;
  port: number;
  servername?: string | null;
  connect?: { host: string; port: number } | null;
  tls: TlsOffer;
  alpn?: string[];
  keylog?: (line: string) => void;
  /** Overrides the session's proxy for this connection (null: direct). */
  proxy?: string | null;
}

/** A chain to judge, wherever it came from (files, a capture, a live connection). */
export type Chain = Pick<ChainSource, 'sent' | 'findings' | 'host' | 'target' | 'tls'>;

/** What to judge a chain against, when not the session's own stores and settings. */
export interface JudgeOptions {
  /** Store SPECs (default: the session's). */
  stores?: readonly string[];
  /** The name the leaf is checked against (default: the chain's). */
  host?: string | null;
  /** Fetch missing issuers (default: the session's --aia). */
  aia?: boolean;
  /** Shares AIA downloads between chains (each URL fetched once per cache). */
  aiaCache?: AiaCache;
  /** Where the chain was captured from, for the AIA address guard (default: the chain's target). */
  from?: string | null;
}

export type AiaCache = Map<string, FetchResult | Promise<FetchResult>>;

/** A chain judged: the report, and the AIA run when there was one. */
export interface Judged {
  report: Report;
  stores: TrustStore[];
  aia: AiaRun | null;
}

export interface Session {
  readonly options: Readonly<SessionOptions>;
  /** Loads store SPECs (each once per session; the same SPEC twice in one list is an input error). */
  stores(specs?: readonly string[]): Promise<TrustStore[]>;
  /** The SPECs loaded (or loading) so far, in the order first asked for: what the session has read. */
  loaded(): string[];
  /** Drops a loaded store, so the next stores() reads it again (a file the user is fixing). */
  forget(spec: string): void;
  /** The public store interception is judged against: Mozilla's, loaded only when the chain and stores need it. */
  reference(stores: readonly TrustStore[], chain: Pick<Chain, 'sent'>, host: string | null): Promise<TrustStore | null>;
  /** Probes one TARGET with the session's timeout, proxy and environment, and parses what came back. */
  probe(target: ProbeTarget): Promise<ParsedCapture>;
  /** A chain from a file, a capture file or a live TARGET (an existing path is a file). */
  chain(arg: string, opts?: ChainSourceOptions): Promise<ChainSource>;
  /**
   * Missing issuers over AIA with the session's proxy and timeout. `from`: the host the chain was captured from (a
   * loopback one, the lab, lets AIA fetch from loopback: aia/address-guard.ts).
   */
  issuers(sent: Certificate[], stores: readonly TrustStore[], cache?: AiaCache, from?: string | null): Promise<AiaRun>;
  /** The whole pipeline after capture: stores, AIA (when on), the reference when needed, analysis, report. */
  judge(chain: Chain, opts?: JudgeOptions): Promise<Judged>;
  /** `diff --for`: which stores validate the chain, and what would fix the others (reference store included). */
  forChain(chain: Chain, host: string | null): Promise<ForChainResult>;
  /** The bundle of `kind` for one store: planned from the judged chain, proven by validating again. */
  bundle(
    chain: Chain,
    req: {
      kind: ExportKind;
      store: string;
      host: string | null;
      aia: boolean;
      aiaCache?: AiaCache;
      judgedWith?: readonly string[];
      /** `trust` only: the store's own roots plus the added ones (safe as SSL_CERT_FILE). */
      merge?: boolean;
      /** Where the chain was captured from (the AIA address guard). */
      from?: string | null;
    },
  ): Promise<{ bundle: Bundle; report: Report }>;
  /** The chain as sent from certificate files, in order (the first certificate is the leaf). */
  files(files: readonly string[]): Promise<Chain>;
  /** The host a live chain was captured from (the address dialled, else the target's name); null for files. */
  origin(chain: Pick<Chain, 'target'>): string | null;
}

/** Opens a session: nothing is loaded until a step needs it. */
export function openSession(options: SessionOptions): Session {
  const ctx: StoreContext = { env: options.env, platform: options.platform, cwd: options.cwd, now: options.now };
  const cache = new Map<string, Promise<TrustStore>>();
  let referenceStore: Promise<TrustStore | null> | null = null;
  // AIA is plain HTTP: an explicit --proxy carries it too (an https:// or socks5:// proxy tunnels it).
  const aiaEnv = options.proxy
    ? { ...options.env, HTTP_PROXY: options.proxy, http_proxy: options.proxy, NO_PROXY: '', no_proxy: '' }
    : options.env;

  // Asking the go on PATH for its version runs beside store loading and capture; an error (a bad --go-version) is
  // raised where the verdict needs it.
  const goChoice = options.go === undefined ? undefined : Promise.resolve(options.go);
  goChoice?.catch(() => undefined);

  const reader = () => {
    if (!options.readInput) throw new Error('this session reads no files');
    return options.readInput;
  };

  const stores = async (specs: readonly string[] = options.stores?.length ? options.stores : DEFAULT_STORES) => {
    const seen = new Set<string>();
    for (const spec of specs) {
      if (seen.has(spec)) throw new SessionError(`--store "${spec}" given twice`);
      seen.add(spec);
    }
    return Promise.all(
      specs.map((spec) => {
        let p = cache.get(spec);
        if (!p) {
          p = loadStores([spec], ctx).then((s) => s[0]!);
          cache.set(spec, p);
          p.catch(() => cache.delete(spec));
        }
        return p;
      }),
    );
  };

  const reference: Session['reference'] = async (chosen, chain, host) => {
    const mozilla = chosen.find((s) => s.kind === 'mozilla');
    if (mozilla) return mozilla;
    // The interception check and whose-fault (a stale or empty store) are the findings that read it.
    if (!interceptionNeedsReference({ sent: chain.sent, host, stores: chosen }) && !storeGapNeedsReference({ sent: chain.sent, stores: chosen })) {
      return null;
    }
    referenceStore ??= stores(['mozilla']).then(
      (s) => s[0] ?? null,
      () => null,
    );
    return referenceStore;
  };

  const probe: Session['probe'] = (t) =>
    probeAndParse({
      host: t.host,
      port: t.port,
      servername: t.servername,
      connect: t.connect ?? null,
      tls: t.tls,
      alpn: t.alpn,
      keylog: t.keylog,
      timeoutMs: options.timeoutMs,
      proxy: t.proxy === undefined ? (options.proxy ?? undefined) : t.proxy,
      env: options.env,
    });

  const issuers: Session['issuers'] = (sent, chosen, aiaCache, from = null) =>
    fetchMissingIssuers(sent, [...chosen], { env: aiaEnv, timeoutMs: options.timeoutMs, cache: aiaCache, from });

  /** Where a live chain came from: the address dialled (--connect) or the target's name. */
  const originOf = (chain: Pick<Chain, 'target'>): string | null =>
    chain.target ? (chain.target.connect?.replace(/:\d+$/, '').replace(/^\[|\]$/g, '') ?? chain.target.host) : null;

  const judge: Session['judge'] = async (chain, opts = {}) => {
    const chosen = await stores(opts.stores);
    const host = opts.host === undefined ? chain.host : opts.host;
    const aia = (opts.aia ?? options.aia) && chain.sent.length ? await issuers(chain.sent, chosen, opts.aiaCache, opts.from !== undefined ? opts.from : originOf(chain)) : null;
    const report = analyzeToReport({
      reference: await reference(chosen, chain, host),
      sent: chain.sent,
      stores: chosen,
      now: options.now,
      host,
      findings: [...chain.findings, ...(aia?.findings ?? [])],
      extraIntermediates: aia?.extra,
      target: chain.target,
      tls: chain.tls,
      ...(goChoice ? await goChoice : {}),
    });
    return { report, stores: chosen, aia };
  };

  return {
    options,
    origin: originOf,
    stores,
    forget: (spec) => void cache.delete(spec),
    loaded: () => [...cache.keys()],
    reference,
    probe,
    issuers,
    judge,
    chain: (arg, opts = {}) => loadChainSource(arg, opts, { cwd: options.cwd, readInput: reader(), probe: (t) => probe(t) }),
    files: (files) => readChainFiles(files, reader()),
    forChain: async (chain, host) => {
      const { report, stores: chosen } = await judge(chain, { host, aia: false });
      return forChain(report, chain.sent, chosen, options.now, host);
    },
    bundle: async (chain, req) => {
      const specs = req.judgedWith ?? [req.store];
      const { report, stores: chosen, aia } = await judge(chain, { stores: specs, host: req.host, aia: req.aia, aiaCache: req.aiaCache, from: req.from });
      const extra = aia?.extra ?? [];
      // A root the chosen store lacks may come from another chosen store or the shipped Mozilla store (the reference).
      const reference =
        req.kind === 'trust' ? (chosen.find((s) => s.kind === 'mozilla') ?? (await stores(['mozilla']).catch(() => []))[0] ?? null) : null;
      const bundle = makeBundle({
        kind: req.kind,
        sent: chain.sent,
        stores: chosen,
        store: req.store,
        report,
        extra,
        now: options.now,
        host: req.host,
        reference,
        merge: req.merge === true,
      });
      return { bundle, report };
    },
  };
}
