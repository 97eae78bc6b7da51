import type { TuiOptions } from './engine.js';

/** Mounts the TUI on the given terminal; resolves with the exit code when the user quits. */
export async function startTui(opts: TuiOptions): Promise<number> {
  void opts;
  throw new Error('chaindbg tui: not implemented yet');
}
