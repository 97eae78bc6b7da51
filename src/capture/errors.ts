/** Typed errors of the capture domain: a one-line message plus the evidence, never a stack trace for the user. */

/** A target string that cannot be parsed (`chaindbg probe TARGET`). */
export class TargetError extends Error {
  readonly code = 'BAD_TARGET';
  constructor(
    message: string,
    readonly evidence: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'TargetError';
  }
}

/** A capture file that is not a valid chaindbg capture. */
export class CaptureFileError extends Error {
  readonly code = 'BAD_CAPTURE_FILE';
  constructor(
    message: string,
    readonly evidence: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'CaptureFileError';
  }
}

/** Malformed TLS bytes. Internal to the analysis, which turns it into a HANDSHAKE_FAILED capture error. */
export class TlsParseError extends Error {
  constructor(
    message: string,
    readonly evidence: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'TlsParseError';
  }
}

/** A handshake message longer than the allowed maximum. */
export class MessageTooLargeError extends Error {
  constructor(
    message: string,
    readonly evidence: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'MessageTooLargeError';
  }
}
