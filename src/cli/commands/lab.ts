import type { CliIO } from '../io.js';
import { memoryIO } from '../io.js';
import { EXIT, UserError } from '../errors.js';
import { parseAt, parseFormat } from '../options.js';
import { labToJson, renderLabTable, SCENARIOS, startLab, verdictText, type Lab, type RunningScenario } from '../../lab/index.js';
import { renderJson, SCHEMA_VERSION, type Report } from '../../report/index.js';
import { pickStyle, type Style } from '../../report/style.js';

export interface LabCliOptions {
  list?: boolean;
  once?: boolean;
  tui?: boolean;
  check?: boolean;
  at?: string;
  format?: string;
}

/** One scenario as chaindbg judged it, next to what the lab says it must be. */
export interface ScenarioCheck {
  name: string;
  store: string;
  expected: { trusted: boolean; codes: string[] };
  observed: { trusted: boolean; codes: string[]; exitCode: number; lead: string | null };
  pass: boolean;
  command: string;
}

export type { RunCli } from '../io.js';
import type { RunCli } from '../io.js';

/**
 * chaindbg lab: start local servers that reproduce the real failure modes, probe each one with chaindbg itself
 * (the exact command printed beside it), show expected vs observed, then keep serving until Ctrl-C (--once: stop).
 * `run` is the CLI's own entry point, handed in by run() so the lab can check itself in process (no import cycle).
 */
export async function labCommand(names: string[], opts: LabCliOptions, io: CliIO, run: RunCli): Promise<number> {
  const format = parseFormat(opts.format, ['text', 'json'] as const, 'text');
  const style = pickStyle(io.isTTY, io.env);
  if (opts.list) {
    const rows = SCENARIOS.filter((s) => !names.length || names.includes(s.name));
    if (format === 'json') io.stdout(renderJson({ schemaVersion: SCHEMA_VERSION, scenarios: rows }));
    else for (const s of rows) io.stdout(`${s.name.padEnd(22)} ${s.story}\n${''.padEnd(23)}expect vs ${s.store}: ${verdictText(s.expected)}\n`);
    if (format === 'text') io.stdout((await import('./lab-go.js')).listGoRoutes(names));
    return EXIT.OK;
  }
  const labGo = await import('./lab-go.js');
  const now = parseAt(opts.at, io.now());
  let lab: Lab;
  try {
    lab = await startLab({ now, scenarios: labGo.tlsScenarioNames(names) });
  } catch (err) {
    throw new UserError((err as Error).message);
  }
  const goLab = await labGo.startLabGoRoutes(names, now).catch(async (err) => {
    await lab.close();
    throw err;
  });
  const goDemo = await labGo.startLabGoEndpoints(names, now).catch(async (err) => {
    await lab.close();
    await goLab?.close();
    throw err;
  });
  try {
    if (opts.tui) {
      const { labTui } = await import('./tui.js');
      return await labTui(lab, io);
    }
    const checks = opts.check === false ? [] : await checkLab(lab, io, now, run);
    const goChecks = opts.check === false || goLab === null ? [] : await labGo.checkGoRoutes(goLab, io, now, run);
    const demoChecks = opts.check === false || goDemo === null ? [] : await labGo.checkGoEndpoints(goDemo, io, now, run);
    const allPass = [...checks, ...goChecks, ...demoChecks].every((c) => c.pass);
    if (format === 'json') {
      const { now: labNow, aiaBaseUrl, stores, scenarios } = labToJson(lab);
      const goRoutes = goLab ? labGo.goRoutesJson(goLab, goChecks) : [];
      const goDemos = goDemo ? labGo.goEndpointsJson(goDemo, demoChecks) : [];
      io.stdout(renderJson({ schemaVersion: SCHEMA_VERSION, now: labNow, aiaBaseUrl, stores, scenarios, checks, goRoutes, goDemos }));
    } else {
      io.stdout(checks.length ? renderChecks(lab, checks, style, Boolean(opts.once)) : `${renderLabTable(lab)}\n`);
      if (goLab) io.stdout(labGo.renderGoRoutes(goLab, goChecks, style, Boolean(opts.once)));
      if (goDemo) io.stdout(labGo.renderGoEndpoints(goDemo, demoChecks, style, Boolean(opts.once)));
      if (opts.once && (checks.length || goChecks.length || demoChecks.length)) {
        io.stdout(`${style.dim('servers and stores above are stopped and removed (--once); run "chaindbg lab" to keep them up and try the commands')}\n`);
      }
    }
    if (opts.once) return allPass ? EXIT.OK : EXIT.PROBLEMS;
    io.handleInterrupt?.();
    io.stderr(`chaindbg: lab serving ${lab.scenarios.length} scenarios on ${lab.host} until interrupted (Ctrl-C)\n`);
    await (io.interrupted ?? new Promise<void>(() => {}));
    return allPass ? EXIT.OK : EXIT.PROBLEMS;
  } finally {
    await lab.close();
    await goLab?.close();
    await goDemo?.close();
  }
}

/** Probes every scenario with the very command the table prints (through run(), in process) and compares. */
export async function checkLab(lab: Lab, io: CliIO, now: Date, run: RunCli): Promise<ScenarioCheck[]> {
  const jobs: Array<{ s: RunningScenario; store: string; args: string[]; env: Record<string, string>; expected: { trusted: boolean; codes: string[] } }> = [];
  for (const s of lab.scenarios) {
    jobs.push({ s, store: s.store, args: s.probeArgs, env: s.probeEnv, expected: s.expected });
    for (const also of s.alsoExpected) {
      const path = lab.stores.find((st) => st.name === also.store)?.path;
      if (!path) continue;
      const args = [...s.probeArgs.slice(0, s.probeArgs.indexOf('--store')), '--store', path];
      jobs.push({ s, store: also.store, args, env: {}, expected: also });
    }
  }
  return Promise.all(
    jobs.map(async (job) => {
      const mem = memoryIO({ env: { ...io.env, ...job.env, HTTPS_PROXY: '', https_proxy: '', ALL_PROXY: '', all_proxy: '' }, cwd: io.cwd, now: () => now });
      const exitCode = await run([...job.args, '--timeout', '5000', '--format', 'json'], mem);
      let report: Report | null = null;
      try {
        // The reports envelope (docs/json.md#reports): one probe, one report.
        report = (JSON.parse(mem.output) as { reports: Report[] }).reports[0] ?? null;
      } catch {
        report = null;
      }
      const verdict = report?.stores[0];
      const codes: string[] = [...new Set(report?.findings.map((f) => f.code as string) ?? [])];
      // "Trusted" means Go would connect: its verdict for this store when the report has one (a revoked staple is an
      // error Go never sees), else the store's verdict and no chain-wide error.
      const go = report?.findings.find((f) => f.code === 'GO_VERDICT' && f.store === verdict?.name);
      const trusted = go
        ? go.evidence.accepts === true
        : Boolean(verdict?.trusted) && !report?.findings.some((f) => f.severity === 'error' && f.store === null);
      // The lead reason for the store this check is about (chain-wide errors count for every store).
      const lead =
        report?.findings.find((f) => f.severity === 'error' && (f.store === null || f.store === verdict?.name))?.code ??
        (report ? null : mem.errors.trim());
      const pass = trusted === job.expected.trusted && job.expected.codes.every((c) => codes.includes(c));
      const env = Object.entries(job.env).map(([k, v]) => `${k}=${v} `).join('');
      return {
        name: job.s.name,
        store: job.store,
        expected: { trusted: job.expected.trusted, codes: [...job.expected.codes] },
        observed: { trusted, codes, exitCode, lead },
        pass,
        command: `${env}chaindbg ${job.args.join(' ')}`,
      };
    }),
  );
}

/**
 * The checks, scenario by scenario. With --once the servers and their temporary stores are gone when this is read,
 * so each command is shown as what was run ("probed with"), not as one to type (the command's last line then says
 * how to keep the servers up).
 */
function renderChecks(lab: Lab, checks: ScenarioCheck[], s: Style, once: boolean): string {
  const out: string[] = [s.bold(`chaindbg lab: ${lab.scenarios.length} scenarios on ${lab.host}, AIA at ${lab.aiaBaseUrl}`)];
  for (const st of lab.stores) out.push(s.dim(`  store ${st.name}: ${st.path ?? '(memory)'}`));
  const width = Math.max(...lab.scenarios.map((x) => x.name.length));
  for (const sc of lab.scenarios) {
    out.push('', `${s.bold(sc.name.padEnd(width))}  ${sc.servername} at ${sc.connect}`, `  ${sc.story}`);
    for (const c of checks.filter((x) => x.name === sc.name)) {
      const mark = c.pass ? s.ok('✓') : s.bad('✗');
      const shown = [...new Set([c.observed.lead, ...c.expected.codes.filter((x) => c.observed.codes.includes(x))].filter((x): x is string => !!x))];
      const seen = `${c.observed.trusted ? 'trusted' : 'NOT trusted'}${shown.length ? ` (${shown.join(', ')})` : ''}`;
      out.push(`  ${mark} vs ${c.store}: expected ${verdictText(c.expected)}; chaindbg says ${seen}`);
    }
    out.push(s.dim(once ? `  probed with: ${sc.probeCommand}` : `  $ ${sc.probeCommand}`));
  }
  const failed = checks.filter((c) => !c.pass).length;
  if (checks.length) out.push('', failed ? s.bad(`${failed} of ${checks.length} checks differ from the expected verdict`) : s.ok(`all ${checks.length} checks match the expected verdicts`));
  return `${out.join('\n')}\n`;
}
