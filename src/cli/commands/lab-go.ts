import type { CliIO, RunCli } from '../io.js';
import { memoryIO } from '../io.js';
import { GO_ROUTE_SCENARIOS, GO_ROUTE_STORIES, startGoRouteLab, type GoRouteLab, type GoRouteScenario, type RunningGoRoute } from '../../lab/go-routes.js';
import { GO_ENDPOINT_SCENARIOS, GO_ENDPOINT_STORIES, startGoEndpointLab, type GoEndpointLab, type GoEndpointScenario } from '../../lab/go-endpoints.js';
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
const isGoEndpoints = (n: string): n is GoEndpointScenario => (GO_ENDPOINT_SCENARIOS as readonly string[]).includes(n);

/** The TLS scenarios to start: all (undefined) when no name is given, else the names that are not Go scenarios. */
export function tlsScenarioNames(names: string[]): string[] | undefined {
  return names.length ? names.filter((n) => !isGoRoute(n) && !isGoEndpoints(n)) : undefined;
}

/** Starts the `chaindbg go` demos asked for (all when no name is given); null when the names ask for none. */
export async function startLabGoEndpoints(names: string[], now: Date): Promise<GoEndpointLab | null> {
  const wanted = names.length ? names.filter(isGoEndpoints) : [...GO_ENDPOINT_SCENARIOS];
  return wanted.length ? startGoEndpointLab(now, wanted) : null;
}

/** Starts the Go routes asked for (all when no name is given); null when the names ask for none. */
export async function startLabGoRoutes(names: string[], now: Date): Promise<GoRouteLab | null> {
  const wanted = names.length ? names.filter(isGoRoute) : [...GO_ROUTE_SCENARIOS];
  return wanted.length ? startGoRouteLab(now, wanted) : null;
}

export function listGoRoutes(names: string[]): string {
  return GO_ROUTE_SCENARIOS.filter((n) => !names.length || names.includes(n))
    .map((n) => `${n.padEnd(22)} ${GO_ROUTE_STORIES[n]}\n${''.padEnd(23)}expect: chaindbg go MODULE stops where go get stops\n`)
    .concat(GO_ENDPOINT_SCENARIOS.filter((n) => !names.length || names.includes(n))
      .map((n) => `${n.padEnd(22)} ${GO_ENDPOINT_STORIES[n]}\n${''.padEnd(23)}expect: chaindbg go reaches each endpoint as go does, and go get gets through\n`))
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

export function renderGoRoutes(lab: GoRouteLab, checks: GoRouteCheck[], s: Style, once = false): string {
  const out: string[] = ['', s.bold(`Go module routes (names mapped to 127.0.0.1 with --connect-to; CA files in ${lab.dir})`)];
  for (const r of lab.routes) {
    out.push('', `${s.bold(r.name)}  ${r.hosts.map((h) => `${h.name} at 127.0.0.1:${h.port}`).join(', ')}`, `  ${r.story}`);
    const c = checks.find((x) => x.name === r.name);
    if (c) {
      const seen = c.observed.host ? `${c.observed.by} at ${c.observed.host}` : 'no failing step';
      out.push(`  ${c.pass ? s.ok('✓') : s.bad('✗')} go get must stop at ${r.expected.by}'s request to ${r.expected.host}; chaindbg says ${seen}`);
      for (const line of (c.observed.goLine ?? '').split('\n').filter(Boolean)) out.push(s.dim(`    ${line}`));
    }
    out.push(s.dim(commandLine(r.command, once)));
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

/** One `chaindbg go` demo as chaindbg ran it, next to how go reaches each endpoint and what go get concludes. */
export interface GoEndpointCheck {
  name: GoEndpointScenario;
  expected: { ok: boolean; dials: Record<string, string>; proxyAsked: string[] | null };
  observed: { ok: boolean | null; dials: Record<string, string>; proxyAsked: string[] | null; exitCode: number; error: string | null };
  pass: boolean;
  command: string;
}

/** Runs each demo's command in process (through run()) and compares the dial decisions, the proxy's log and go get's outcome. */
export async function checkGoEndpoints(lab: GoEndpointLab, io: CliIO, now: Date, run: RunCli): Promise<GoEndpointCheck[]> {
  const checks: GoEndpointCheck[] = [];
  // One after another: each demo's proxy log must hold that demo's requests only.
  for (const d of lab.demos) {
    const env = { ...io.env, HTTPS_PROXY: '', https_proxy: '', NO_PROXY: '', no_proxy: '', ALL_PROXY: '', all_proxy: '', GOFLAGS: '', GONOSUMDB: '', GONOPROXY: '', GOINSECURE: '', ...d.env };
    const mem = memoryIO({ env, cwd: io.cwd, now: () => now });
    const before = d.proxy?.asked.length ?? 0;
    const exitCode = await run([...d.args, '--timeout', '5000', '--format', 'json'], mem);
    let ok: boolean | null = null;
    const dials: Record<string, string> = {};
    let error: string | null = null;
    try {
      const doc = JSON.parse(mem.output) as { goGet: { ok: boolean | null }; endpoints: Array<{ url: string; dial: { why: string } }> };
      ok = doc.goGet.ok;
      for (const e of doc.endpoints) {
        const u = new URL(e.url);
        dials[`${u.hostname}:${u.port || '443'}`] = e.dial.why;
      }
    } catch {
      error = mem.errors.trim() || 'no JSON output';
    }
    const proxyAsked = d.proxy ? [...new Set(d.proxy.asked.slice(before))].sort() : null;
    const want = d.expected;
    const pass = ok === want.ok && Object.entries(want.dials).every(([k, v]) => dials[k] === v) &&
      JSON.stringify(proxyAsked) === JSON.stringify(want.proxyAsked === null ? null : [...want.proxyAsked].sort());
    checks.push({ name: d.name, expected: want, observed: { ok, dials, proxyAsked, exitCode, error }, pass, command: d.command });
  }
  return checks;
}

export function renderGoEndpoints(lab: GoEndpointLab, checks: GoEndpointCheck[], s: Style, once = false): string {
  const out: string[] = ['', s.bold(`chaindbg go pointed at the lab (Go's settings below; CA file in ${lab.dir})`)];
  for (const d of lab.demos) {
    out.push('', `${s.bold(d.name)}  ${d.hosts.map((h) => `${h.name} at 127.0.0.1:${h.port}`).join(', ')}${d.proxy ? `; proxy ${d.proxy.url}` : ''}`, `  ${d.story}`);
    out.push(s.dim(`  ${Object.entries(d.env).map(([k, v]) => `${k}=${v === '' ? "''" : v}`).join(' ')}`));
    const c = checks.find((x) => x.name === d.name);
    if (c) {
      for (const [target, why] of Object.entries(d.expected.dials)) {
        const seen = c.observed.dials[target] ?? 'not probed';
        out.push(`  ${seen === why ? s.ok('✓') : s.bad('✗')} ${target}: go reaches it ${DIAL_WORDS[why] ?? why}; chaindbg ${seen === why ? 'did the same' : `says ${DIAL_WORDS[seen] ?? seen}`}`);
      }
      if (d.expected.proxyAsked !== null) {
        const asked = c.observed.proxyAsked ?? [];
        const same = JSON.stringify(asked) === JSON.stringify([...d.expected.proxyAsked].sort());
        out.push(`  ${same ? s.ok('✓') : s.bad('✗')} the proxy was asked for ${asked.length ? asked.join(', ') : 'nothing'} (expected ${d.expected.proxyAsked.join(', ')})`);
      }
      const okWord = (v: boolean | null) => (v === true ? 'gets through' : v === false ? 'fails' : 'undecided');
      out.push(`  ${c.observed.ok === d.expected.ok ? s.ok('✓') : s.bad('✗')} go get ${okWord(d.expected.ok)}; chaindbg says ${c.observed.error ?? okWord(c.observed.ok)}`);
    }
    out.push(s.dim(commandLine(d.command, once)));
  }
  return `${out.join('\n')}\n`;
}

const DIAL_WORDS: Record<string, string> = {
  'no-proxy-set': 'directly (no HTTPS_PROXY)',
  'no-proxy-match': 'directly (NO_PROXY matches it)',
  proxy: 'through HTTPS_PROXY',
  'connect-to-loopback': 'directly (--connect-to points at loopback)',
  'loopback-host': 'directly (loopback)',
};

export function goEndpointsJson(lab: GoEndpointLab, checks: GoEndpointCheck[]): unknown[] {
  return lab.demos.map((d) => ({
    name: d.name, story: d.story, env: d.env, hosts: d.hosts, proxy: d.proxy?.url ?? null, expected: d.expected,
    command: d.command, check: checks.find((c) => c.name === d.name) ?? null,
  }));
}

/**
 * A demo's command: one to type while the lab serves (`$ ...`), what was run once its servers are gone (`--once`:
 * `probed with: ...`, as the scenarios print it).
 */
export function commandLine(command: string, once: boolean): string {
  return once ? `  probed with: ${command}` : `  $ ${command}`;
}
