import type { CliIO } from './io.js';
import { terminalText } from '../model/terminal-text.js';
import { chunkColumns, columns } from '../util/columns.js';

/**
 * Progress of a run over several targets, on standard error: "probing 2 of 5 done; slowest host:443 (handshake, 3s)",
 * one line rewritten in place. Only when standard error is a terminal and the run is not JSON, and only once the run
 * has taken `delayMs` (a second): a quick run and a pipe see nothing. `finish()` clears the line.
 */
export interface Progress {
  /** Target `i` entered a phase (`handshake`, `judging`, ...). */
  phase(i: number, label: string, phase: string): void;
  done(i: number): void;
  finish(): void;
}

export interface ProgressOptions {
  /** The run prints JSON: no progress at all. */
  json: boolean;
  delayMs?: number;
  intervalMs?: number;
  /** Milliseconds, for tests; default Date.now. */
  clock?: () => number;
}

const NONE: Progress = { phase: () => {}, done: () => {}, finish: () => {} };

export function startProgress(io: CliIO, verb: string, total: number, opts: ProgressOptions): Progress {
  const status = io.stderrStatus?.bind(io);
  if (opts.json || !io.stderrIsTTY || total < 1 || !status) return NONE;
  const clock = opts.clock ?? Date.now;
  const started = clock();
  const delay = opts.delayMs ?? 1000;
  const running = new Map<number, { label: string; phase: string; since: number }>();
  let finished = 0;
  let drawn = false;
  let shown = '';
  const draw = () => {
    const t = clock();
    if (t - started < delay) return;
    const slowest = [...running.values()].sort((a, b) => a.since - b.since)[0];
    const slow = slowest ? `; slowest ${slowest.label} (${slowest.phase}, ${Math.floor((t - slowest.since) / 1000)}s)` : '';
    const text = `chaindbg: ${verb} ${finished} of ${total} done${slow}`;
    const width = Math.max(20, (io.columns || 80) - 1);
    const line = columns(text) > width ? chunkColumns(text, width)[0]! : text;
    if (line === shown) return; // the terminal already shows it
    status(line);
    shown = line;
    drawn = true;
  };
  const timer = setInterval(draw, opts.intervalMs ?? 250);
  timer.unref?.();
  return {
    phase(i, label, phase) {
      const prev = running.get(i);
      // Escaped before it is measured, so the line fits once shown.
      running.set(i, { label: terminalText(label), phase, since: prev?.since ?? clock() });
    },
    done(i) {
      running.delete(i);
      finished++;
    },
    finish() {
      clearInterval(timer);
      if (drawn) status('');
    },
  };
}
