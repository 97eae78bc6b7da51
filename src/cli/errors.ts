/** Documented exit codes (docs/exit-codes.md, `chaindbg --help`). */
export const EXIT = {
  /** Every chosen store trusts the chain and there is no error finding. */
  OK: 0,
  /** Problems found (a store does not trust the chain, or an error finding). */
  PROBLEMS: 1,
  /** Usage or input error: bad option, missing or malformed file. */
  USAGE: 2,
  /** Connection failure: no certificate could be captured. */
  CONNECTION: 3,
  /** Interrupted (Ctrl-C). */
  INTERRUPTED: 130,
  /** A bug in chaindbg: please report it. */
  INTERNAL: 70,
} as const;

export const EXIT_CODES_HELP = `Exit codes:
  0   every chosen store trusts the chain and no error finding
  1   problems found (untrusted in a store, or an error finding)
  2   usage or input error (bad option, missing or malformed file)
  3   connection failure: no certificate captured
  70  internal error (a bug: please report it)
  130 interrupted`;

/** An error the user can fix: printed as one line, exit code 2 (or the given code). */
export class UserError extends Error {
  constructor(
    message: string,
    readonly exitCode: number = EXIT.USAGE,
  ) {
    super(message);
    this.name = 'UserError';
  }
}
