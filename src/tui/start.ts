import type { TuiOptions } from './engine.js';

/**
 * Mounts the TUI on the given terminal; resolves with the exit code (0) when the user quits. Ink and React load
 * only here, lazily, so importing `src/tui/index.ts` stays cheap.
 */
export async function startTui(opts: TuiOptions): Promise<number> {
  const { runTui } = await import('./run.js');
  return runTui(opts);
}
