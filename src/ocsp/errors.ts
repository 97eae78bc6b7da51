/** An OCSP response that does not parse; the message says which part. */
export class OcspParseError extends Error {
  override name = 'OcspParseError';
}
