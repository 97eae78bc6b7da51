/** A store that cannot be loaded at all (missing path, unreadable root folder, bad shipped data): one line. */
export class StoreError extends Error {
  override readonly name = 'StoreError';

  constructor(
    /** The SPEC as given. */
    readonly spec: string,
    /** What went wrong, lowercase, no spec: "no such file or directory". */
    readonly reason: string,
  ) {
    super(`store "${spec}": ${reason}`);
  }
}
