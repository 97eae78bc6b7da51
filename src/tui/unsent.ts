import { summarizeCert } from '../session/summary.js';
import type { Report } from '../model/report.js';
import type { Certificate } from '../model/certificate.js';
import type { CertDetail } from './engine.js';

/**
 * The certificates on a report's paths that the server did not send (store anchors, AIA downloads), summarised
 * with the report's own `summarizeCert`, by sha256. `candidates` are the certificates the engine holds (the
 * stores' anchors with their provenance, the fetched issuers); those on no path are left out.
 */
export function unsentDetails(
  report: Report,
  candidates: Iterable<{ cert: Certificate; source?: string }>,
): Record<string, CertDetail> {
  const sent = new Set(report.sent.map((c) => c.sha256));
  const wanted = new Set<string>();
  for (const v of report.stores) {
    for (const el of v.chain) if (!sent.has(el.sha256)) wanted.add(el.sha256);
    for (const path of v.validPaths) for (const sha of path) if (!sent.has(sha)) wanted.add(sha);
  }
  const out: Record<string, CertDetail> = {};
  if (wanted.size === 0) return out;
  for (const { cert, source } of candidates) {
    if (!wanted.has(cert.sha256) || Object.hasOwn(out, cert.sha256)) continue;
    const { index: _sentPosition, ...summary } = summarizeCert(cert, 0);
    out[cert.sha256] = source === undefined ? summary : { ...summary, source };
  }
  return out;
}
