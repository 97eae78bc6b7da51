import type { CliIO } from '../io.js';
import { EXIT, UserError } from '../errors.js';
import { parseAt, parseFormat, parsePositiveInt } from '../options.js';
import { loadReference, loadStores } from '../stores.js';
import { DEFAULT_TIMEOUT_MS, parseTarget } from '../../capture/index.js';
import { goTargets, readGoEnv, runGoEnvJson, splitPath, type GoTarget } from '../../goenv/index.js';
import { pickStyle, renderJson, renderText, reportExitCode, SCHEMA_VERSION, type Report } from '../../report/index.js';
import { captureToReport, probeAndParse } from '../../session/index.js';
import { mapBounded, PROBE_CONCURRENCY } from './probe.js';

export interface GoCliOptions {
  module?: string;
  mirrors?: boolean;
  store?: string[];
  at?: string;
  timeout?: string;
  tls?: string;
  format?: string;
}

/**
 * chaindbg go: every TLS endpoint the go command would talk to (GOPROXY list, GOSUMDB, and with --module the VCS
 * host for "direct"), each probed and judged against the system store as Go reads it.
 */
export async function goCommand(opts: GoCliOptions, io: CliIO): Promise<number> {
  const format = parseFormat(opts.format, ['text', 'json'] as const, 'text');
  const now = parseAt(opts.at, io.now());
  const timeoutMs = parsePositiveInt('--timeout', opts.timeout, DEFAULT_TIMEOUT_MS);
  const tls = opts.tls ?? 'auto';
  if (tls !== '1.2' && tls !== '1.3' && tls !== 'auto') throw new UserError(`invalid --tls "${tls}": expected auto, 1.2 or 1.3`);
  const settings = await readGoEnv({ env: io.env, runGoEnv: () => runGoEnvJson(io.env, splitPath(io.env.PATH)) });
  const plan = goTargets(settings, { module: opts.module, mirrors: Boolean(opts.mirrors) });
  const stores = await loadStores(opts.store && opts.store.length ? opts.store : ['system'], io, now);
  const reference = await loadReference(stores, io, now);

  const results = await mapBounded(plan.targets, PROBE_CONCURRENCY, async (t) => {
    const { host, port } = parseTarget(t.target);
    const parsed = await probeAndParse({ host, port, tls, timeoutMs, env: io.env });
    const report = captureToReport(parsed, { stores, reference, now, host });
    return { endpoint: t, report, connected: parsed.capture.certificates.length > 0 };
  });

  const needed = results.filter((r) => r.endpoint.role !== 'mirror');
  const code = needed.some((r) => !r.connected)
    ? EXIT.CONNECTION
    : needed.some((r) => reportExitCode(r.report) !== 0)
      ? EXIT.PROBLEMS
      : EXIT.OK;

  if (format === 'json') {
    io.stdout(
      renderJson({
        schemaVersion: SCHEMA_VERSION,
        now: now.toISOString(),
        settings: { source: settings.source, GOPROXY: settings.GOPROXY, GOSUMDB: settings.GOSUMDB,
          GOPRIVATE: settings.GOPRIVATE, GONOPROXY: settings.GONOPROXY, GONOSUMDB: settings.GONOSUMDB,
          GOINSECURE: settings.GOINSECURE, GOFLAGS: settings.GOFLAGS },
        notes: plan.notes,
        endpoints: results.map((r) => ({ role: r.endpoint.role, url: r.endpoint.url, note: r.endpoint.note,
          report: r.report })),
      }),
    );
    return code;
  }
  const style = pickStyle(io.isTTY, io.env);
  const out: string[] = [style.bold(`Go endpoints (settings from ${settings.source})`)];
  out.push(style.dim(`  GOPROXY=${settings.GOPROXY}  GOSUMDB=${settings.GOSUMDB}`));
  for (const note of plan.notes) out.push(style.dim(`  ${note}`));
  if (!results.length) out.push('  no TLS endpoint to probe');
  for (const r of results) out.push(`  ${summaryLine(r.endpoint, r.report, style)}`);
  io.stdout(`${out.join('\n')}\n`);
  for (const r of results) {
    io.stdout(`\n${style.bold(`== ${r.endpoint.role} ${r.endpoint.url}`)}  ${style.dim(r.endpoint.note)}\n`);
    io.stdout(renderText(r.report, style, io.isTTY ? io.columns : 0));
  }
  return code;
}

function summaryLine(t: GoTarget, report: Report, s: ReturnType<typeof pickStyle>): string {
  const lead = report.findings.find((f) => f.severity === 'error');
  const ok = reportExitCode(report) === 0;
  const verdict = ok ? s.ok('ok     ') : s.bad('FAILS  ');
  const via = report.target?.proxy ? s.dim(` via ${report.target.proxy}`) : '';
  const why = ok ? '' : `  ${lead ? `${lead.code}: ${lead.message}` : 'not trusted'}`;
  return `${verdict} ${t.role.padEnd(8)} ${t.target}${via}${why}`;
}
