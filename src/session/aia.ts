import {
  completeWithAia,
  DEFAULT_AIA_MAX_BYTES,
  fetchIssuers,
  type FetchResult,
} from '../aia/index.js';
import { makeFinding } from '../diagnose/index.js';
import type { Finding } from '../model/finding.js';
import type { TrustStore } from '../model/store.js';
import type { Certificate } from '../model/certificate.js';
import { hostClass } from '../aia/address-guard.js';

export interface AiaRun {
  extra: Certificate[];
  findings: Finding[];
}

/**
 * The browser's move: fetch missing issuers from the child's caIssuers URL (plain HTTP, size- and time-bounded,
 * through the same proxy settings), then analyse with the fetched certificates as untrusted intermediates.
 */
export async function fetchMissingIssuers(
  sent: Certificate[],
  stores: TrustStore[],
  opts: {
    env: Record<string, string | undefined>;
    timeoutMs: number;
    cache?: Map<string, FetchResult | Promise<FetchResult>>;
    /** The host (or address) the chain was captured from: a loopback one (the lab) lets AIA fetch from loopback. */
    from?: string | null;
  },
): Promise<AiaRun> {
  if (sent.length === 0) return { extra: [], findings: [] };
  const cache = opts.cache ?? new Map<string, FetchResult | Promise<FetchResult>>();
  // Loopback AIA URLs only for a chain that came from loopback, or when the user allows it (aia/address-guard.ts).
  const allowLoopback =
    (opts.from != null && hostClass(opts.from) === 'loopback') || opts.env.CHAINDBG_AIA_ALLOW_LOOPBACK === '1';
  const fetch = (urls: string[]) =>
    fetchIssuers(urls, { timeoutMs: opts.timeoutMs, maxBytes: DEFAULT_AIA_MAX_BYTES, proxyEnv: opts.env, cache, allowLoopback });
  const completion = await completeWithAia(sent, fetch, { stores });
  const bySha = new Map(sent.map((c, i) => [c.sha256, i] as const));
  const findings = completion.log.map((entry) => {
    const cert = bySha.get(entry.forCert) ?? null;
    return entry.ok
      ? makeFinding('AIA_FETCHED', 'info', cert, null, {
          url: entry.url,
          forCert: entry.forCert,
          certificates: entry.certificates,
        })
      : makeFinding('AIA_FETCH_FAILED', 'warning', cert, null, {
          url: entry.url,
          forCert: entry.forCert,
          error: entry.error ?? 'failed',
        });
  });
  return { extra: completion.extra, findings };
}
