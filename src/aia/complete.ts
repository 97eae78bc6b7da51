import { CertParseError, parseCertificate, sameNameDer, verifySignature } from '../x509/index.js';
import type { Certificate } from '../model/certificate.js';
import type { TrustStore } from '../model/store.js';
import type { FetchResult } from './fetch.js';

/** Fetches caIssuers URLs; fetchIssuers with its options bound, or a fake in tests. */
export type IssuerFetcher = (urls: string[]) => Promise<FetchResult[]>;

/** Issuers fetched one above the other before giving up (leaf -> intermediate -> ... covers real hierarchies). */
export const DEFAULT_AIA_MAX_HOPS = 4;

export interface AiaLogEntry {
  url: string;
  ok: boolean;
  error?: string;
  /** sha256 of each certificate the URL returned. */
  certificates: string[];
  /** sha256 of the certificate whose caIssuers URL this is. */
  forCert: string;
}

/** Why the walk up from the leaf stopped. */
export type AiaStopReason =
  | 'anchored' // the issuer is in a store
  | 'self-signed' // reached a self-signed certificate
  | 'no-aia' // the certificate with the missing issuer has no caIssuers URL
  | 'fetch-failed' // no URL gave a certificate
  | 'not-issuer' // the fetched certificates do not sign the child
  | 'max-hops'
  | 'loop'
  | 'empty';

export interface AiaCompletion {
  /** Certificates fetched over AIA (untrusted intermediates), in fetch order, without duplicates of sent or stores. */
  extra: Certificate[];
  log: AiaLogEntry[];
  stop: { reason: AiaStopReason; cert: string | null };
}

export interface CompleteOptions {
  /** Stores whose anchors count as "issuer present". */
  stores?: TrustStore[];
  /** Extra anchor certificates (when no TrustStore is at hand). */
  anchors?: Certificate[];
  maxHops?: number;
}

/**
 * Walks up from the leaf (sent[0]); whenever a certificate's issuer is neither sent, already fetched nor in a store,
 * fetches that certificate's caIssuers URLs and continues from the fetched issuer, at most `maxHops` fetch rounds.
 * An issuer is a certificate whose subject DER equals the child's issuer DER and whose key verifies the child's
 * signature (so a wrong or stale AIA answer is logged, not used).
 */
export async function completeWithAia(sent: Certificate[], fetch: IssuerFetcher, opts: CompleteOptions = {}): Promise<AiaCompletion> {
  const maxHops = opts.maxHops ?? DEFAULT_AIA_MAX_HOPS;
  const anchors = [...(opts.stores ?? []).flatMap((s) => s.anchors.map((a) => a.cert)), ...(opts.anchors ?? [])];
  const extra: Certificate[] = [];
  const log: AiaLogEntry[] = [];
  const known = new Set<string>([...sent, ...anchors].map((c) => c.sha256));
  const leaf = sent[0];
  if (!leaf) return { extra, log, stop: { reason: 'empty', cert: null } };

  const visited = new Set<string>();
  let current: Certificate = leaf;
  let hops = 0;
  for (;;) {
    if (visited.has(current.sha256)) return { extra, log, stop: { reason: 'loop', cert: current.sha256 } };
    visited.add(current.sha256);
    if (findIssuer(current, anchors)) return { extra, log, stop: { reason: 'anchored', cert: current.sha256 } };
    if (current.selfIssued && signs(current, current)) return { extra, log, stop: { reason: 'self-signed', cert: current.sha256 } };
    const local = findIssuer(current, [...sent, ...extra]);
    if (local) {
      current = local;
      continue;
    }
    const urls = current.aia.caIssuers;
    if (urls.length === 0) return { extra, log, stop: { reason: 'no-aia', cert: current.sha256 } };
    if (hops >= maxHops) return { extra, log, stop: { reason: 'max-hops', cert: current.sha256 } };
    hops++;
    const fetched: Certificate[] = [];
    for (const result of await fetch(urls)) {
      const entry: AiaLogEntry = { url: result.url, ok: result.ok, certificates: [], forCert: current.sha256 };
      if (result.error !== undefined) entry.error = result.error;
      for (const der of result.certificates) {
        try {
          const cert = parseCertificate(der);
          entry.certificates.push(cert.sha256);
          fetched.push(cert);
        } catch (err) {
          if (!(err instanceof CertParseError)) throw err;
          entry.ok = false;
          entry.error = `a returned certificate does not parse: ${err.message}`;
        }
      }
      log.push(entry);
    }
    for (const cert of fetched) {
      if (!known.has(cert.sha256)) {
        known.add(cert.sha256);
        extra.push(cert);
      }
    }
    if (fetched.length === 0) return { extra, log, stop: { reason: 'fetch-failed', cert: current.sha256 } };
    const issuer = findIssuer(current, fetched);
    if (!issuer) return { extra, log, stop: { reason: 'not-issuer', cert: current.sha256 } };
    current = issuer;
  }
}

function findIssuer(child: Certificate, candidates: Certificate[]): Certificate | undefined {
  return candidates.find((c) => c.sha256 !== child.sha256 && signs(c, child));
}

function signs(issuer: Certificate, child: Certificate): boolean {
  return sameNameDer(issuer.subject, child.issuer) && verifySignature(child, issuer.publicKey).ok;
}
