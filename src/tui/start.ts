import type { TuiOptions } from './engine.js';

export const TUI_NEEDS_TTY = 'chaindbg tui needs an interactive terminal (stdin and stdout must be a TTY)';

/**
 * Mounts the TUI on the given terminal; resolves with the exit code when the user quits: 0 after q or Ctrl-C, 2
 * (usage) without a terminal, in which case nothing is mounted and one line is written to `stdout`. Ink and React
 * load only here, lazily, so importing `src/tui/index.ts` stays cheap.
 */
export async function startTui(opts: TuiOptions): Promise<number> {
  if (!opts.stdin.isTTY || !opts.stdout.isTTY) {
    opts.stdout.write(`${TUI_NEEDS_TTY}\n`);
    return 2;
  }
  const { runTui } = await import('./run.js');
  return runTui(opts);
}
