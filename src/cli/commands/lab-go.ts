import type { CliIO, RunCli } from '../io.js';
import { memoryIO } from '../io.js';
import { GO_ROUTE_SCENARIOS, GO_ROUTE_STORIES, startGoRouteLab, type GoRouteLab, type GoRouteScenario, type RunningGoRoute } from '../../lab/go-routes.js';
import type { Style } from '../../report/style.js';

/**
 * The lab's Go module routes (src/lab/go-routes.ts) as `chaindbg lab` shows them: each with its story, the one
 * command that demonstrates it, and, unless --no-check, that command run in process and compared with the step go
 * get must stop at.
 */

export interface GoRouteCheck {
  name: GoRouteScenario;
  expected: { host: string; by: 'go' | 'git' };
  observed: { host: string | null; by: string | null; goLine: string | null; exitCode: number };
  pass: boolean;
  command: string;
}


const isGoRoute = (n: string): n is GoRouteScenario => (GO_ROUTE_SCENARIOS as readonly string[]).includes(n);

/** The TLS scenarios to start: all (undefined) when no name is given, else the names that are not Go routes. */
export function tlsScenarioNames(names: string[]): string[] | undefined {
  return names.length ? names.filter((n) => !isGoRoute(n)) : undefined;
}

/** Starts the Go routes asked for (all when no name is given); null when the names ask for none. */
export async function startLabGoRoutes(names: string[], now: Date): Promise<GoRouteLab | null> {
  const wanted = names.length ? names.filter(isGoRoute) : [...GO_ROUTE_SCENARIOS];
  return wanted.length ? startGoRouteLab(now, wanted) : null;
}

export function listGoRoutes(names: string[]): string {
  return GO_ROUTE_SCENARIOS.filter((n) => !names.length || names.includes(n))
    .map((n) => `${n.padEnd(22)} ${GO_ROUTE_STORIES[n]}\n${''.padEnd(23)}expect: chaindbg go MODULE stops where go get stops\n`)
    .join('');
}

export async function checkGoRoutes(lab: GoRouteLab, io: CliIO, now: Date, run: RunCli): Promise<GoRouteCheck[]> {
  return Promise.all(
    lab.routes.map(async (r) => {
      const env = { ...io.env, ...r.env, HTTPS_PROXY: '', https_proxy: '', ALL_PROXY: '', all_proxy: '' };
      const mem = memoryIO({ env, cwd: io.cwd, now: () => now });
      const exitCode = await run([...routeArgs(r), '--timeout', '5000', '--format', 'json'], mem);
      let failing: { host: string; by: string } | null = null;
      let goLine: string | null = null;
      try {
        const m = JSON.parse(mem.output).modules[0];
        failing = m.failure?.step != null ? m.steps[m.failure.step] : null;
        goLine = m.failure?.goLine ?? null;
      } catch {
        goLine = mem.errors.trim() || null;
      }
      const pass = failing !== null && failing.host === r.expected.host && failing.by === r.expected.by;
      return { name: r.name, expected: r.expected, observed: { host: failing?.host ?? null, by: failing?.by ?? null, goLine, exitCode }, pass, command: r.command };
    }),
  );
}

export function renderGoRoutes(lab: GoRouteLab, checks: GoRouteCheck[], s: Style): string {
  const out: string[] = ['', s.bold(`Go module routes (names mapped to 127.0.0.1 with --connect-to; CA files in ${lab.dir})`)];
  for (const r of lab.routes) {
    out.push('', `${s.bold(r.name)}  ${r.hosts.map((h) => `${h.name} at 127.0.0.1:${h.port}`).join(', ')}`, `  ${r.story}`);
    const c = checks.find((x) => x.name === r.name);
    if (c) {
      const seen = c.observed.host ? `${c.observed.by} at ${c.observed.host}` : 'no failing step';
      out.push(`  ${c.pass ? s.ok('✓') : s.bad('✗')} go get must stop at ${r.expected.by}'s request to ${r.expected.host}; chaindbg says ${seen}`);
      for (const line of (c.observed.goLine ?? '').split('\n').filter(Boolean)) out.push(s.dim(`    ${line}`));
    }
    out.push(s.dim(`  $ ${r.command}`));
  }
  return `${out.join('\n')}\n`;
}

export function goRoutesJson(lab: GoRouteLab, checks: GoRouteCheck[]): unknown[] {
  return lab.routes.map((r) => ({
    name: r.name, story: r.story, module: r.module, version: r.version, env: r.env, hosts: r.hosts, expected: r.expected,
    command: r.command, check: checks.find((c) => c.name === r.name) ?? null,
  }));
}

function routeArgs(r: RunningGoRoute): string[] {
  return ['go', `${r.module}@${r.version}`, ...r.hosts.flatMap((h) => ['--connect-to', `${h.name}:443:127.0.0.1:${h.port}`])];
}
