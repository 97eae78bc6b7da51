/** Why an AIA caIssuers fetch failed: stable codes for findings and tests (the message is for people). */
export type AiaErrorCode =
  | 'unsupported-scheme'
  | 'bad-url'
  | 'timeout'
  | 'too-large'
  | 'http-status'
  | 'too-many-redirects'
  | 'bad-redirect'
  | 'network'
  | 'proxy'
  | 'not-certificate'
  /** The URL's host (or what it resolves to, or a redirect) is link-local, unspecified or loopback: see address-guard.ts. */
  | 'refused-address';

/** A fetch or body problem, with its code and the URL concerned. */
export class AiaError extends Error {
  override readonly name = 'AiaError';
  constructor(
    readonly code: AiaErrorCode,
    message: string,
  ) {
    super(message);
  }
}
