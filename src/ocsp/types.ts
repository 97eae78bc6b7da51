/**
 * An OCSP response (RFC 6960) as plain values: what a staple says, about which certificate, signed by whom.
 * Nothing downstream touches ASN.1 again.
 */
import type { DistinguishedName, HashName, SignatureAlgorithm } from '../model/certificate.js';

/** OCSPResponseStatus names (RFC 6960 4.2.1); 4 is unused. */
export const RESPONSE_STATUS_NAMES: Readonly<Record<number, string>> = {
  0: 'successful',
  1: 'malformedRequest',
  2: 'internalError',
  3: 'tryLater',
  5: 'sigRequired',
  6: 'unauthorized',
};

/** CRLReason names (RFC 5280 5.3.1); 7 is unused. */
export const CRL_REASON_NAMES: Readonly<Record<number, string>> = {
  0: 'unspecified',
  1: 'keyCompromise',
  2: 'cACompromise',
  3: 'affiliationChanged',
  4: 'superseded',
  5: 'cessationOfOperation',
  6: 'certificateHold',
  8: 'removeFromCRL',
  9: 'privilegeWithdrawn',
  10: 'aACompromise',
};

/** Which certificate a single response is about: hashes of the issuer's name and key, and the serial. */
export interface CertId {
  hash: HashName;
  /** Lowercase hex. */
  issuerNameHash: string;
  issuerKeyHash: string;
  /** Lowercase hex without leading zeros, as `Certificate.serial`. */
  serial: string;
}

export interface SingleResponse {
  certId: CertId;
  status: 'good' | 'revoked' | 'unknown';
  revokedAt: Date | null;
  /** CRLReason name, or null when the response gives none. */
  revocationReason: string | null;
  thisUpdate: Date;
  nextUpdate: Date | null;
  /** SignedCertificateTimestampList from the single extension 1.3.6.1.4.1.11129.2.4.5 (TLS-encoded), when present. */
  sctList: Uint8Array | null;
}

export type ResponderId = { byName: DistinguishedName } | { byKeyHash: string };

export interface BasicResponse {
  /** The DER of ResponseData: what the responder signed. */
  tbs: Uint8Array;
  signatureAlgorithm: SignatureAlgorithm;
  signature: Uint8Array;
  responder: ResponderId;
  producedAt: Date;
  responses: SingleResponse[];
  /** Certificates the responder included (a delegated signer and its chain), as DER. */
  certs: Uint8Array[];
}

export interface OcspResponse {
  /** OCSPResponseStatus as a number (0 = successful). */
  responseStatus: number;
  /** Its RFC 6960 name, or "status-N" for a value the RFC does not define. */
  responseStatusName: string;
  /** Present when the status is successful and the response type is id-pkix-ocsp-basic. */
  basic: BasicResponse | null;
}
