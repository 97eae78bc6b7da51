import type { CliIO } from '../io.js';

/**
 * `chaindbg` with no arguments: the TUI on a terminal; otherwise the text report of `chaindbg go`
 * (the endpoints Go would use), so a pipe or a CI log gets something useful and Ink is never mounted.
 */
export async function defaultAction(io: CliIO): Promise<number> {
  if (io.isTTY) {
    const { tuiCommand } = await import('./tui.js');
    return tuiCommand([], {}, io);
  }
  const { goCommand } = await import('./go.js');
  return goCommand({}, io);
}
