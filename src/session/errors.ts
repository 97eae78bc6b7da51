/**
 * A problem with what the user gave (a store SPEC, an input file, a TARGET): one line, and the exit code it maps to
 * (2 usage or input, 3 connection). Faces print `userMessage` as it is; the CLI's run() reads both fields.
 */
export class SessionError extends Error {
  readonly userMessage: string;
  constructor(
    message: string,
    readonly exitCode: number = 2,
  ) {
    super(message);
    this.name = 'SessionError';
    this.userMessage = message;
  }
}
