import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';

/** Measuring helpers for the bench: medians of repeated runs, and whole-process runs with their peak RSS. */

export function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** Median wall time (ms) of `runs` calls of fn, after `warmup` unmeasured calls. */
export async function timeIt(fn: () => unknown, runs: number, warmup = 2): Promise<number> {
  for (let i = 0; i < warmup; i++) await fn();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await fn();
    times.push(performance.now() - t);
  }
  return median(times);
}

export interface ProcessRun {
  ms: number;
  code: number | null;
  /** Peak resident set size in KiB (null when it could not be read). */
  maxRssKb: number | null;
  /** CPU time (user + system, ms) of a node child, from its own process.cpuUsage() at exit (null otherwise). */
  cpuMs: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Peak RSS of a child: a node child gets a preload (NODE_OPTIONS --require) that writes
 * process.resourceUsage().maxRSS to a file at exit; any other child is run under /usr/bin/time -f %M when that
 * exists. Both measure the child itself, not this process.
 */
export class ProcessRunner {
  private readonly dir = mkdtempSync(join(tmpdir(), 'chaindbg-bench-'));
  private readonly preload = join(this.dir, 'rss.cjs');
  private n = 0;
  private readonly gnuTime: boolean;

  constructor() {
    writeFileSync(
      this.preload,
      "process.on('exit', () => { try { const c = process.cpuUsage(); require('fs').writeFileSync(process.env.CHAINDBG_BENCH_RSS, `${process.resourceUsage().maxRSS} ${(c.user + c.system) / 1000}`); } catch {} });\n",
    );
    try {
      readFileSync('/usr/bin/time');
      this.gnuTime = true;
    } catch {
      this.gnuTime = false;
    }
  }

  run(command: string, args: string[], opts: { node: boolean; input?: string; timeoutMs?: number }): Promise<ProcessRun> {
    const rssFile = join(this.dir, `rss-${this.n++}`);
    const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1' };
    let cmd = command;
    let argv = args;
    if (opts.node) {
      env['NODE_OPTIONS'] = `${process.env['NODE_OPTIONS'] ?? ''} --require ${this.preload}`.trim();
      env['CHAINDBG_BENCH_RSS'] = rssFile;
    } else if (this.gnuTime) {
      cmd = '/usr/bin/time';
      argv = ['-f', '%M', '-o', rssFile, command, ...args];
    }
    return new Promise((resolve) => {
      const t = performance.now();
      const child = spawn(cmd, argv, { env, stdio: ['pipe', 'pipe', 'pipe'] });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 30_000);
      child.stdin.end(opts.input ?? '');
      child.on('close', (code) => {
        const ms = performance.now() - t;
        clearTimeout(timer);
        let maxRssKb: number | null = null;
        let cpuMs: number | null = null;
        try {
          // node children: "maxRSS cpuMs"; /usr/bin/time: its report's last line, "%M".
          const [rss, cpu] = readFileSync(rssFile, 'utf8').trim().split('\n').pop()!.split(' ').map(Number);
          maxRssKb = Number.isFinite(rss) ? rss! : null;
          cpuMs = cpu !== undefined && Number.isFinite(cpu) ? cpu : null;
        } catch {
          maxRssKb = null;
        }
        resolve({ ms, code, maxRssKb, cpuMs, stdout, stderr });
      });
    });
  }

  /** Median time and the largest peak RSS of `runs` runs. */
  async repeat(command: string, args: string[], opts: { node: boolean; input?: string }, runs: number): Promise<{ ms: number; maxRssKb: number | null; last: ProcessRun }> {
    const results: ProcessRun[] = [];
    for (let i = 0; i < runs; i++) results.push(await this.run(command, args, opts));
    const rss = results.map((r) => r.maxRssKb).filter((x): x is number => x !== null);
    return { ms: median(results.map((r) => r.ms)), maxRssKb: rss.length ? Math.max(...rss) : null, last: results[results.length - 1]! };
  }

  /**
   * The subject and its reference run alternately, `runs` pairs, so both see the same machine load: medians of
   * each, and the largest peak RSS of each.
   */
  async paired(
    subject: { command: string; args: string[]; opts: { node: boolean; input?: string } },
    reference: { command: string; args: string[]; opts: { node: boolean; input?: string } },
    runs: number,
  ): Promise<{
    ms: number;
    maxRssKb: number | null;
    cpuMs: number | null;
    last: ProcessRun;
    refMs: number;
    refRssKb: number | null;
    refCpuMs: number | null;
    refLast: ProcessRun;
  }> {
    const mine: ProcessRun[] = [];
    const theirs: ProcessRun[] = [];
    for (let i = 0; i < runs; i++) {
      theirs.push(await this.run(reference.command, reference.args, reference.opts));
      mine.push(await this.run(subject.command, subject.args, subject.opts));
    }
    const peak = (rs: ProcessRun[]): number | null => {
      const v = rs.map((r) => r.maxRssKb).filter((x): x is number => x !== null);
      return v.length ? Math.max(...v) : null;
    };
    const cpu = (rs: ProcessRun[]): number | null => {
      const v = rs.map((r) => r.cpuMs).filter((x): x is number => x !== null);
      return v.length === rs.length ? median(v) : null;
    };
    return {
      ms: median(mine.map((r) => r.ms)),
      maxRssKb: peak(mine),
      cpuMs: cpu(mine),
      last: mine[mine.length - 1]!,
      refMs: median(theirs.map((r) => r.ms)),
      refRssKb: peak(theirs),
      refCpuMs: cpu(theirs),
      refLast: theirs[theirs.length - 1]!,
    };
  }

  dispose(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}
