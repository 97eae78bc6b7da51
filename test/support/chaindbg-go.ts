/** chaindbg's Go verdict on one chain, through the same report path every command takes (analyzeToReport). */
import { analyzeToReport } from '../../src/session/index.js';
import type { TrustStore } from '../../src/model/store.js';
import type { Certificate } from '../../src/model/certificate.js';
import type { Finding } from '../../src/model/finding.js';

export interface ChaindbgGo {
  accepts: boolean;
  reason: string | null;
  /** The Go error type chaindbg predicts (GO_VERDICT evidence.goErrorType, diagnose/go-error-type.ts). */
  goErrorType: string | null;
  evidence: Record<string, unknown>;
  findings: Finding[];
}

export function storeOf(roots: Certificate[], name = 'roots'): TrustStore {
  return {
    name,
    kind: 'file',
    description: 'test roots',
    anchors: roots.map((cert) => ({ cert, store: name, source: name, fingerprint: cert.sha256, serverAuth: true })),
    sources: [],
    problems: [],
    meta: {},
  };
}

export function chaindbgGo(input: { sent: Certificate[]; roots: Certificate[]; host: string | null; now: Date; goVersion?: string; godebug?: string }): ChaindbgGo {
  const report = analyzeToReport({
    sent: input.sent,
    stores: [storeOf(input.roots)],
    now: input.now,
    host: input.host,
    ...(input.goVersion ? { goVersion: input.goVersion } : {}),
    ...(input.godebug !== undefined ? { godebug: input.godebug } : {}),
  });
  const go = report.findings.find((f) => f.code === 'GO_VERDICT');
  if (!go) throw new Error('no GO_VERDICT finding');
  return {
    accepts: go.evidence.accepts === true,
    reason: (go.evidence.reason as string | null) ?? null,
    goErrorType: (go.evidence.goErrorType as string | null) ?? null,
    evidence: go.evidence,
    findings: report.findings,
  };
}
