import { terminalText } from '../model/terminal-text.js';
/**
 * Everything the CLI touches of the outside world, passed in. Tests hand run() a fake; bin/chaindbg.js hands it the
 * real process. Nothing below src/cli writes to process.stdout directly.
 */
export interface CliIO {
  stdout(text: string): void;
  stderr(text: string): void;
  /**
   * Reads standard input (for FILE "-"), stopping as soon as it holds more than `maxBytes` (then the result is longer
   * than `maxBytes` and the caller refuses it): an endless pipe costs that much memory, never all of it.
   */
  readStdin(maxBytes?: number): Promise<Uint8Array>;
  env: Record<string, string | undefined>;
  cwd: string;
  platform: NodeJS.Platform;
  /** The clock, read once per command; --at overrides it. */
  now(): Date;
  /** Standard output is an interactive terminal (decides TUI vs text, and colour). */
  isTTY: boolean;
  /** Standard error is an interactive terminal (decides progress lines; absent means no). */
  stderrIsTTY?: boolean;
  /**
   * Replaces the one status line on standard error ('' clears it): the line is escaped like all stderr text, and only
   * the carriage return and erase-line code around it reach the terminal as codes (src/cli/progress.ts).
   */
  stderrStatus?(line: string): void;
  /** Terminal width for text rendering (80 when unknown). */
  columns: number;
  /**
   * Resolves when the user interrupts (Ctrl-C), for a command that called handleInterrupt() first (the lab, which
   * closes its servers); any other command is simply stopped with exit code 130.
   */
  interrupted?: Promise<void>;
  handleInterrupt?: () => void;
  /** The real terminal streams, for the TUI only (Ink renders to them); absent in tests and pipes. */
  terminal?: { stdin: NodeJS.ReadStream; stdout: NodeJS.WriteStream };
}

/** The CLI's own entry point (`run`), handed to the lab so it can check itself in process without an import cycle. */
export type RunCli = (argv: string[], io: CliIO) => Promise<number>;

/** Carriage return, then erase to the end of the line: what rewrites a status line in place. */
export const STATUS_CLEAR = '\r\u001b[K';

/** A CliIO that collects output in memory: for tests and for embedding. */
export function memoryIO(overrides: Partial<CliIO> & { stdin?: Uint8Array | string } = {}): CliIO & {
  out: string[];
  err: string[];
  readonly output: string;
  readonly errors: string;
} {
  const out: string[] = [];
  const err: string[] = [];
  const stdin = overrides.stdin;
  const io = {
    stdout: (t: string) => void out.push(t),
    stderr: (t: string) => void err.push(t),
    stderrStatus: (line: string) => void err.push(`${STATUS_CLEAR}${terminalText(line)}`),
    readStdin: async () =>
      typeof stdin === 'string' ? new TextEncoder().encode(stdin) : (stdin ?? new Uint8Array()),
    env: {},
    cwd: process.cwd(),
    platform: process.platform,
    now: () => new Date(),
    isTTY: false,
    columns: 100,
    ...overrides,
    out,
    err,
    get output() {
      return out.join('');
    },
    get errors() {
      return err.join('');
    },
  };
  return io;
}
