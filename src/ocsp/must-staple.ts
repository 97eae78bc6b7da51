import { children, readWhole } from '../x509/der.js';
import type { Certificate } from '../model/certificate.js';

/** TLS extension number of status_request (RFC 6066), the feature "must-staple" certificates list. */
export const STATUS_REQUEST = 5;

/**
 * The TLS features a certificate promises (RFC 7633: `Features ::= SEQUENCE OF INTEGER`): an empty list when the
 * extension is absent, null when it is present but malformed.
 */
export function tlsFeatures(cert: Certificate): number[] | null {
  const raw = cert.tlsFeature;
  if (raw === undefined) return [];
  try {
    const seq = readWhole(raw);
    if (seq.tag !== 0x30) return null;
    return children(raw, seq).map((n) => {
      if (n.tag !== 0x02 || n.end - n.body < 1 || n.end - n.body > 2) throw new Error('not a small INTEGER');
      let v = 0;
      for (let i = n.body; i < n.end; i++) v = v * 256 + raw[i]!;
      return v;
    });
  } catch {
    return null;
  }
}

/** Whether the certificate demands a stapled OCSP response ("OCSP must-staple"). */
export function mustStaple(cert: Certificate): boolean {
  return tlsFeatures(cert)?.includes(STATUS_REQUEST) ?? false;
}
