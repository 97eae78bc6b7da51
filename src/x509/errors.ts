/** Malformed DER or a certificate that violates the X.509 encoding rules Go's parser enforces. */
export class CertParseError extends Error {
  override readonly name = 'CertParseError';
  /** Byte offset in the DER where the problem was found, when known. */
  readonly offset: number | undefined;

  constructor(message: string, offset?: number) {
    super(message);
    this.offset = offset;
  }
}

/** Input that holds no certificate, a broken PEM block or a block whose DER does not parse. */
export class CertInputError extends Error {
  override readonly name = 'CertInputError';
  /** 1-based PEM block number, when the problem is inside a block. */
  readonly block: number | undefined;
  /** Byte offset in the input, when known. */
  readonly offset: number | undefined;

  constructor(message: string, evidence: { block?: number; offset?: number } = {}) {
    super(message);
    this.block = evidence.block;
    this.offset = evidence.offset;
  }
}
