import type { TuiOptions } from './engine.js';

export const TUI_NEEDS_TTY = 'chaindbg tui needs an interactive terminal (stdin and stdout must be a TTY)';

/**
 * Ink 6 (through `is-in-ci`) decides once, when it is first imported, that a process with `CI` or
 * `CONTINUOUS_INTEGRATION` set is non-interactive, and then draws nothing until it exits: a blank screen in a real
 * terminal (a CI job's debug shell, a devcontainer, an exported `CI=1`). We only mount on a TTY, so we hide those two
 * variables while Ink loads and put them back at once; child processes and the rest of chaindbg still see them.
 */
const CI_VARS = ['CI', 'CONTINUOUS_INTEGRATION'] as const;

async function importInteractive<T>(load: () => Promise<T>): Promise<T> {
  const saved = new Map<string, string>();
  for (const k of CI_VARS) {
    const v = process.env[k];
    if (v !== undefined) {
      saved.set(k, v);
      delete process.env[k];
    }
  }
  try {
    return await load();
  } finally {
    for (const [k, v] of saved) process.env[k] = v;
  }
}

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
  const { runTui } = await importInteractive(() => import('./run.js'));
  return runTui(opts);
}
