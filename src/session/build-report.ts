import type { Certificate } from '../model/certificate.js';
import type { Finding } from '../model/finding.js';
import { SCHEMA_VERSION, type Report, type StoreVerdict, type TargetInfo, type TlsInfo } from '../model/report.js';
import { summarizeCert } from './summary.js';
import { groupCauses } from '../diagnose/causes.js';
import { storeLabels } from '../model/store-label.js';

export interface ReportInput {
  now: Date;
  host: string | null;
  sent: Certificate[];
  stores: StoreVerdict[];
  findings: Finding[];
  target?: TargetInfo | null;
  tls?: TlsInfo | null;
}

/** Assembles the one report model from an analysis (pure; key order here is the JSON key order). */
export function buildReport(input: ReportInput): Report {
  const specs = input.stores.map((s) => s.name);
  const labels = storeLabels(specs);
  return {
    schemaVersion: SCHEMA_VERSION,
    now: input.now.toISOString(),
    host: input.host,
    target: input.target ?? null,
    tls: input.tls ?? null,
    sent: input.sent.map((c, i) => summarizeCert(c, i)),
    // The label goes next to the SPEC (JSON key order).
    stores: input.stores.map(({ name, label: _given, ...rest }) => ({ name, label: labels.get(name) ?? name, ...rest })),
    findings: input.findings,
    causes: groupCauses(input.findings, specs),
  };
}

/** 0 when every store trusts the chain and no finding is an error; 1 otherwise. */
export function reportExitCode(report: Report): 0 | 1 {
  const allTrusted = report.stores.length > 0 && report.stores.every((s) => s.trusted);
  const anyError = report.findings.some((f) => f.severity === 'error');
  return allTrusted && !anyError ? 0 : 1;
}
