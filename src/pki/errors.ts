/** Typed errors of the certificate builder: a stable code, a one-line message and the evidence that explains it. */

export type PkiErrorCode = 'PKI_UNKNOWN_NODE' | 'PKI_CYCLE' | 'PKI_BAD_SPEC';

export class PkiError extends Error {
  override readonly name = 'PkiError';
  readonly code: PkiErrorCode;
  readonly evidence: Record<string, unknown>;

  constructor(code: PkiErrorCode, message: string, evidence: Record<string, unknown> = {}) {
    super(message);
    this.code = code;
    this.evidence = evidence;
  }
}
