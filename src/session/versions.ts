import { groupCauses, makeFinding, sortFindings } from '../diagnose/index.js';
import type { Report } from '../model/report.js';

/**
 * probe --tls both: one connection per version; when the two chains of one target differ, both reports get
 * CHAIN_DIFFERS_BY_VERSION (in place, ranked with the other findings). `input` groups the two runs of one target.
 */
export function markVersionDifferences(results: Array<{ job: { input: string }; report: Report }>): void {
  const byInput = new Map<string, Array<{ job: { input: string }; report: Report }>>();
  for (const r of results) byInput.set(r.job.input, [...(byInput.get(r.job.input) ?? []), r]);
  for (const pair of byInput.values()) {
    if (pair.length !== 2) continue;
    const [a, b] = pair as [{ job: { input: string }; report: Report }, { job: { input: string }; report: Report }];
    const la = a.report.sent.map((c) => c.sha256);
    const lb = b.report.sent.map((c) => c.sha256);
    if (la.length === 0 || lb.length === 0 || la.join() === lb.join()) continue;
    const evidence = { 'TLSv1.2': la, 'TLSv1.3': lb };
    for (const r of pair) {
      const order = new Map(r.report.stores.map((st, i) => [st.name, i] as const));
      r.report.findings = sortFindings([...r.report.findings, makeFinding('CHAIN_DIFFERS_BY_VERSION', 'warning', null, null, evidence)], order);
      r.report.causes = groupCauses(r.report.findings, r.report.stores.map((st) => st.name));
    }
  }
}
