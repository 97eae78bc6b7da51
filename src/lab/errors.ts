/**
 * Typed errors for the lab: a stable code, a one-line message and the evidence that explains it.
 */

export type LabErrorCode = 'LAB_UNKNOWN_SCENARIO' | 'LAB_LISTEN_FAILED';

export class LabError extends Error {
  override readonly name = 'LabError';
  readonly code: LabErrorCode;
  readonly evidence: Record<string, unknown>;

  constructor(code: LabErrorCode, message: string, evidence: Record<string, unknown> = {}) {
    super(message);
    this.code = code;
    this.evidence = evidence;
  }
}
