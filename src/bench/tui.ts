/**
 * The TUI as a whole process in a pseudo-terminal: util-linux `script -qfec CMD /dev/null` gives the command a pty
 * (80x24, TERM=xterm), this module reads what it draws and types into it. Times are from spawn to the first output
 * holding the header, to the first verdict (a ✓ or ✗, which only a finished probe draws), and to exit after `q`.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';

export const SCRIPT = '/usr/bin/script';

export interface PtyRun {
  /** ms from spawn to the first output holding `header` (null: never). */
  headerMs: number | null;
  /** ms from spawn to the first ✓ or ✗ on screen (null: never). */
  verdictMs: number | null;
  /** ms from spawn to the output going quiet after the first verdict (no spinner left; null: never). */
  settledMs: number | null;
  /** VmRSS / VmHWM (KiB) of the node process, read at `settledMs` (null when not asked for or not found). */
  rssKb: number | null;
  hwmKb: number | null;
  /** ms from sending `q` to the process exit. */
  quitMs: number | null;
  code: number | null;
  /** The screen text (escape sequences removed) after `checkKeys` were typed and the output went quiet again. */
  checkScreen: string;
  output: string;
}

export interface PtyOptions {
  /** Shell command run under `script` (use `exec` so node is script's child). */
  command: string;
  header: string;
  /** Wait for the output to go quiet after the first verdict, then read RSS. */
  settle?: boolean;
  /** Typed after settling (before `q`), e.g. "jjj" to scroll to the last target; the screen after is returned. */
  checkKeys?: string;
  /** Quiet time that counts as settled (the TUI's spinner draws every 100 ms while a probe runs). */
  quietMs?: number;
  timeoutMs?: number;
  /** Terminal size (default 80x24). */
  columns?: number;
  lines?: number;
}

// CSI sequences, OSC sequences, and the two-byte escapes Ink and the terminal use.
// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-?]*[ -/]*[@-~]|\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)|\u001b[()][0-9A-Za-z]|\u001b[=>78cM]/g;

export function stripAnsi(s: string): string {
  return s.replace(ANSI, '');
}

interface ProcEntry {
  pid: number;
  ppid: number;
  name: string;
}

function processes(): ProcEntry[] {
  const out: ProcEntry[] = [];
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const status = readFileSync(`/proc/${d}/status`, 'utf8');
      const name = /^Name:\s*(.*)$/m.exec(status)?.[1] ?? '';
      const ppid = Number(/^PPid:\s*(\d+)$/m.exec(status)?.[1] ?? -1);
      out.push({ pid: Number(d), ppid, name });
    } catch {
      // the process ended while we looked
    }
  }
  return out;
}

/** The first `node` process below `root` (script -> [sh ->] node). */
export function findNodeBelow(root: number): number | null {
  const all = processes();
  const queue = [root];
  while (queue.length) {
    const p = queue.shift()!;
    for (const c of all.filter((e) => e.ppid === p)) {
      if (c.name === 'node') return c.pid;
      queue.push(c.pid);
    }
  }
  return null;
}

export function readRss(pid: number): { rssKb: number | null; hwmKb: number | null } {
  try {
    const s = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (k: string) => {
      const m = new RegExp(`^${k}:\\s*(\\d+) kB$`, 'm').exec(s);
      return m ? Number(m[1]) : null;
    };
    return { rssKb: kb('VmRSS'), hwmKb: kb('VmHWM') };
  } catch {
    return { rssKb: null, hwmKb: null };
  }
}

/** Runs one command in a pty and measures it; always ends the child (q, then SIGKILL at the timeout). */
export function runInPty(opts: PtyOptions): Promise<PtyRun> {
  const quietMs = opts.quietMs ?? 600;
  const env: NodeJS.ProcessEnv = { ...process.env, COLUMNS: String(opts.columns ?? 80), LINES: String(opts.lines ?? 24), TERM: 'xterm' };
  delete env['NO_COLOR'];
  const t0 = performance.now();
  const child: ChildProcessWithoutNullStreams = spawn(SCRIPT, ['-qfec', opts.command, '/dev/null'], { env, stdio: ['pipe', 'pipe', 'pipe'] });
  const r: PtyRun = { headerMs: null, verdictMs: null, settledMs: null, rssKb: null, hwmKb: null, quitMs: null, code: null, checkScreen: '', output: '' };
  let text = '';
  let lastData = t0;
  let quitAt: number | null = null;
  let checkFrom: number | null = null;
  return new Promise((resolve) => {
    const quit = () => {
      if (quitAt !== null) return;
      quitAt = performance.now();
      child.stdin.write('q');
    };
    const killer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 30_000);
    const quiet = setInterval(() => {
      const now = performance.now();
      if (r.verdictMs === null || quitAt !== null || now - lastData < quietMs) return;
      if (r.settledMs === null) {
        r.settledMs = lastData - t0;
        if (opts.settle) {
          const pid = child.pid === undefined ? null : findNodeBelow(child.pid);
          if (pid !== null) Object.assign(r, readRss(pid));
        }
        if (opts.checkKeys) {
          checkFrom = text.length;
          child.stdin.write(opts.checkKeys);
          lastData = now;
          return;
        }
      }
      if (checkFrom !== null) r.checkScreen = text.slice(checkFrom);
      quit();
    }, 50);
    child.stdout.on('data', (d: Buffer) => {
      const now = performance.now();
      lastData = now;
      text += stripAnsi(d.toString('utf8'));
      if (r.headerMs === null && text.includes(opts.header)) r.headerMs = now - t0;
      if (r.headerMs !== null && r.verdictMs === null && /[✓✗]/.test(text.slice(text.indexOf(opts.header)))) {
        r.verdictMs = now - t0;
        if (!opts.settle) quit();
      }
    });
    child.stderr.on('data', (d: Buffer) => (text += d.toString('utf8')));
    child.on('close', (code) => {
      clearTimeout(killer);
      clearInterval(quiet);
      r.quitMs = quitAt === null ? null : performance.now() - quitAt;
      r.code = code;
      r.output = text;
      resolve(r);
    });
  });
}
