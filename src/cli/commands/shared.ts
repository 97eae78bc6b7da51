import type { CliIO } from '../io.js';
import type { Certificate } from '../../x509/types.js';
import type { TrustStore } from '../../trust/types.js';
import { analyzeChain } from '../../diagnose/index.js';
import {
  buildReport,
  pickStyle,
  renderJson,
  renderText,
  reportExitCode,
  type Report,
  type TargetInfo,
  type TlsInfo,
} from '../../report/index.js';

export interface AnalyzeInput {
  sent: Certificate[];
  stores: TrustStore[];
  now: Date;
  host: string | null;
  extraIntermediates?: Certificate[];
  target?: TargetInfo | null;
  tls?: TlsInfo | null;
}

/** The core analysis plus the report model: the one path verify, probe, analyze, go and the TUI all take. */
export function analyzeAndReport(input: AnalyzeInput): Report {
  const analysis = analyzeChain({
    sent: input.sent,
    stores: input.stores,
    now: input.now,
    host: input.host,
    extraIntermediates: input.extraIntermediates,
  });
  return buildReport({
    now: input.now,
    host: input.host,
    sent: input.sent,
    stores: analysis.stores,
    findings: analysis.findings,
    target: input.target ?? null,
    tls: input.tls ?? null,
  });
}

/** Prints one or several reports; JSON is one document for one report, an array for several. */
export function printReports(reports: Report[], format: 'text' | 'json', io: CliIO, exitOverride?: number): number {
  if (format === 'json') io.stdout(renderJson(reports.length === 1 ? reports[0]! : reports));
  else {
    const style = pickStyle(io.isTTY, io.env);
    io.stdout(reports.map((r) => renderText(r, style)).join('\n'));
  }
  if (exitOverride !== undefined) return exitOverride;
  return reports.some((r) => reportExitCode(r) !== 0) ? 1 : 0;
}
