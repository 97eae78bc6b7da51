import type { CliIO } from '../io.js';
import { EXIT, UserError } from '../errors.js';
import { parseAt, parseFormat } from '../options.js';
import { cliSession } from '../session.js';
import { parseTarget } from '../../capture/index.js';
import { parseTlsChoice, TLS_OFFERS } from '../../model/grammar.js';
import { evidenceOf } from '../../model/evidence.js';
import { goOutcome, goTargets, readGoEnv, runGoEnvJson, splitPath, type EndpointUse, type GoTarget } from '../../goenv/index.js';
import { pickStyle, renderJson, renderText, SCHEMA_VERSION, type Report } from '../../report/index.js';
import { captureChain } from '../../session/index.js';
import { chooseGo } from '../go-version.js';
import { goDial, goDialText, type GoDial } from '../../net/go-dial.js';
import { connectAddress } from '../../capture/connect-to.js';
import { goLine } from '../../model/go-lines.js';
import { mapBounded, PROBE_CONCURRENCY } from './probe.js';
import { terminalText } from '../../model/terminal-text.js';
import { redactUrlsIn } from '../../model/redact.js';
import { startProgress } from '../progress.js';

/** Go settings, notes and URLs as shown: secrets dropped (model/redact.ts), controls shown visibly. */
const shown = (s: string): string => terminalText(redactUrlsIn(s));

export interface GoCliOptions {
  module?: string;
  mirrors?: boolean;
  store?: string[];
  at?: string;
  timeout?: string;
  tls?: string;
  format?: string;
  goVersion?: string;
  connectTo?: string[];
}

/**
 * chaindbg go: every TLS endpoint the go command would talk to (GOPROXY list, GOSUMDB, and with --module the VCS
 * host for "direct"), each probed and judged against the system store as Go reads it.
 */
export async function goCommand(opts: GoCliOptions, io: CliIO, modules: string[] = []): Promise<number> {
  const format = parseFormat(opts.format, ['text', 'json'] as const, 'text');
  const now = parseAt(opts.at, io.now());
  const choice = parseTlsChoice(opts.tls, TLS_OFFERS, 'auto');
  if (!choice.ok) throw new UserError(choice.error);
  const tls = choice.value;
  const settings = await readGoEnv({ env: io.env, runGoEnv: () => runGoEnvJson(io.env, splitPath(io.env.PATH)) });
  const plan = goTargets(settings, { module: opts.module, mirrors: Boolean(opts.mirrors) });
  const goChoice = chooseGo(opts.goVersion, io);
  const session = cliSession(io, now, { store: opts.store, timeout: opts.timeout }, { defaultStores: ['system'], go: goChoice });
  const stores = await session.stores();
  if ((io.env.ALL_PROXY || io.env.all_proxy) && !(io.env.HTTPS_PROXY || io.env.https_proxy)) {
    plan.notes.push('ALL_PROXY is set but go ignores it (it reads HTTPS_PROXY and NO_PROXY): probed directly, as go connects');
  }
  // MODULE arguments (or ./go.mod's requires): each module's route, hop by hop (go-route.ts).
  const route = await import('./go-route.js');
  const connectTo = route.parseConnectToOptions(opts.connectTo);
  if (opts.module !== undefined && modules.length) throw new UserError('give MODULE arguments (routes) or --module (endpoint sweep), not both');
  const queries = opts.module === undefined ? await route.routeQueries(modules, io) : null;
  if (queries !== null) {
    const goStore = stores.find((s) => s.name === 'system') ?? stores[0]!;
    // The public reference store (interception), loaded from the session as every command does.
    const reference = stores.find((s) => s.kind === 'mozilla') ?? (await session.stores(['mozilla']).catch(() => []))[0] ?? null;
    const goEnv = { ...io.env, ALL_PROXY: undefined, all_proxy: undefined };
    const { timeoutMs } = session.options;
    return route.goRouteCommand({ queries, settings, goEnv, connectTo, tls, timeoutMs, now, goStore, reference, format }, io);
  }
  const progress = startProgress(io, 'probing', plan.targets.length, { json: format === 'json' });
  const results = await mapBounded(plan.targets, PROBE_CONCURRENCY, async (t, i) => {
    const { host, port } = parseTarget(t.target);
    // Proxies as the go command picks them (net/go-dial.ts, Go's httpproxy): HTTPS_PROXY / https_proxy and NO_PROXY
    // on the name, never ALL_PROXY, never for loopback; a --connect-to address stands in for DNS.
    const connect = connectAddress(connectTo, host, port);
    const dial = goDial(io.env, host, port, connect);
    progress.phase(i, t.target, 'handshake');
    const parsed = await session.probe({ host, port, tls, proxy: dial.proxy, connect });
    progress.phase(i, t.target, 'judging');
    const { report } = await session.judge(captureChain('target', parsed), { host });
    progress.done(i);
    return { endpoint: t, report, dial, connected: parsed.capture.certificates.length > 0 };
  }).finally(() => progress.finish());

  // Go's verdict per endpoint (Go ignores what only browsers check, such as OCSP staples), then go get's walk.
  const passes = new Map(results.map((r) => [r.endpoint.target, r.connected && goAccepts(r.report)] as const));
  const outcome = goOutcome({ settings, targets: plan.targets, module: opts.module, passes: (t) => passes.get(t) === true });
  const breaking = results.find((r) => r.endpoint.target === outcome.breaksAt);
  const code = outcome.ok !== false ? EXIT.OK : breaking && !breaking.connected ? EXIT.CONNECTION : EXIT.PROBLEMS;

  if (format === 'json') {
    io.stdout(
      renderJson({
        schemaVersion: SCHEMA_VERSION,
        now: now.toISOString(),
        settings: { source: settings.source, GOPROXY: settings.GOPROXY, GOSUMDB: settings.GOSUMDB,
          GOPRIVATE: settings.GOPRIVATE, GONOPROXY: settings.GONOPROXY, GONOSUMDB: settings.GONOSUMDB,
          GOINSECURE: settings.GOINSECURE, GOFLAGS: settings.GOFLAGS },
        notes: plan.notes,
        goGet: { ok: outcome.ok, breaksAt: outcome.breaksAt, stop: plan.stop ?? null, steps: outcome.steps },
        endpoints: results.map((r) => ({ role: r.endpoint.role, url: r.endpoint.url, note: r.endpoint.note,
          use: outcome.uses[r.endpoint.target] ?? null, dial: dialJson(r.dial), goAccepts: passes.get(r.endpoint.target) === true,
          goError: passes.get(r.endpoint.target) === true ? null : goErrorOf(r.report), report: r.report })),
      }),
    );
    return code;
  }
  const style = pickStyle(io.isTTY, io.env);
  const out: string[] = [style.bold(`Go endpoints (settings from ${shown(settings.source)})`)];
  out.push(style.dim(`  GOPROXY=${shown(settings.GOPROXY)}  GOSUMDB=${shown(settings.GOSUMDB)}`));
  for (const note of plan.notes) out.push(style.dim(`  ${shown(note)}`));
  if (!results.length) out.push('  no TLS endpoint to probe');
  for (const r of results) {
    out.push(`  ${summaryLine(r.endpoint, r.report, passes.get(r.endpoint.target) === true, outcome.uses[r.endpoint.target], style)}`);
    // Through a proxy, the line says "via"; a direct dial is explained when a proxy is set (NO_PROXY, loopback).
    if (r.dial.why !== 'proxy' && r.dial.why !== 'no-proxy-set') out.push(style.dim(`           ${shown(goDialText(r.dial, parseTarget(r.endpoint.target).host))}`));
  }
  out.push('');
  out.push(style.bold(`go get: ${outcome.ok === true ? style.ok('gets through') : outcome.ok === false ? style.bad(`FAILS${outcome.breaksAt ? ` at ${shown(outcome.breaksAt)}` : ''}`) : 'depends on the module (give --module)'}`));
  for (const step of outcome.steps) out.push(style.dim(`  ${shown(step)}`));
  io.stdout(`${out.join('\n')}\n`);
  for (const r of results) {
    io.stdout(`\n${style.bold(`== ${r.endpoint.role} ${shown(r.endpoint.url)}`)}  ${style.dim(shown(r.endpoint.note))}\n`);
    io.stdout(renderText(r.report, style, io.isTTY ? io.columns : 0));
  }
  return code;
}

const USE_LABEL: Record<EndpointUse, string> = {
  used: '',
  fallback: ' (fallback, not reached)',
  'via-proxy': ' (not contacted: go uses the module proxy\'s /sumdb/)',
  mirror: ' (mirror, not configured)',
};

/** The line go get prints for this endpoint's failure: the Go verdict's, else the first connection error's. */
function goErrorOf(report: Report): string | null {
  const verdict = report.findings.find((f) => f.code === 'GO_VERDICT');
  if (typeof verdict?.evidence.goError === 'string') return verdict.evidence.goError;
  const first = report.findings.find((f) => f.severity === 'error' && !f.code.endsWith('_VERDICT'));
  return first ? goLine(first.code, first.evidence) : null;
}

/** Go's own verdict on an endpoint: GO_VERDICT of the Go store, as analyzeToReport computed it. */
function goAccepts(report: Report): boolean {
  return evidenceOf(report.findings.find((f) => f.code === 'GO_VERDICT'), 'GO_VERDICT')?.accepts === true;
}

function summaryLine(t: GoTarget, report: Report, ok: boolean, use: EndpointUse | undefined, s: ReturnType<typeof pickStyle>): string {
  const errors = report.findings.filter((f) => f.severity === 'error' && !f.code.endsWith('_VERDICT'));
  const lead = errors[0];
  const verdict = ok ? s.ok('ok     ') : s.bad('FAILS  ');
  // Errors Go does not act on (a revoked staple, a browser-only failure) are named, not hidden.
  const why = ok
    ? errors.length ? s.dim(`  (Go ignores: ${[...new Set(errors.map((f) => f.code))].join(', ')})`) : ''
    : `  ${lead ? `${lead.code}: ${shown(goErrorOf(report) ?? lead.message)}` : 'not trusted'}`;
  const via = report.target?.proxy ? s.dim(` via ${shown(report.target.proxy)}`) : '';
  return `${verdict} ${t.role.padEnd(8)} ${shown(t.target)}${s.dim(USE_LABEL[use ?? 'used'])}${via}${why}`;
}

/** How go reaches the endpoint, in JSON: the proxy used (redacted), the one Go picks for the name, and why. */
function dialJson(d: GoDial): { proxy: string | null; goProxy: string | null; why: GoDial['why'] } {
  return { proxy: d.proxy === null ? null : redactUrlsIn(d.proxy), goProxy: d.goProxy === null ? null : redactUrlsIn(d.goProxy), why: d.why };
}
