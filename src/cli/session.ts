import type { CliIO } from './io.js';
import { readInputFile } from './inputs.js';
import { parsePositiveInt } from './options.js';
import { DEFAULT_TIMEOUT_MS } from '../capture/index.js';
import { openSession, type GoChoice, type Session } from '../session/index.js';

/** The options every pipeline command shares, as commander hands them over (unchecked). */
export interface SessionCliOptions {
  store?: string[];
  timeout?: string;
  proxy?: string;
  aia?: boolean;
}

/**
 * The one session a command runs on: the CLI's environment and files, the checked --timeout, --proxy and --aia, the
 * --store SPECs (or `defaultStores`). A bad --timeout is refused here, before anything is loaded.
 */
export function cliSession(
  io: CliIO,
  now: Date,
  opts: SessionCliOptions,
  extra: {
    defaultStores?: readonly string[];
    env?: Record<string, string | undefined>;
    go?: GoChoice | Promise<GoChoice>;
  } = {},
): Session {
  const stores = opts.store && opts.store.length ? opts.store : extra.defaultStores;
  return openSession({
    now,
    env: extra.env ?? io.env,
    platform: io.platform,
    cwd: io.cwd,
    stores,
    proxy: opts.proxy,
    timeoutMs: sessionTimeout(opts),
    aia: opts.aia === true,
    readInput: (file) => readInputFile(file, io),
    ...(extra.go ? { go: extra.go } : {}),
  });
}

/** The checked --timeout (a bad one is a one-line usage error): for a command that must refuse it before reading input. */
export function sessionTimeout(opts: Pick<SessionCliOptions, 'timeout'>): number {
  return parsePositiveInt('--timeout', opts.timeout, DEFAULT_TIMEOUT_MS);
}
