import { rankOf } from '../path/index.js';
import type { Finding, FindingCode, Severity } from '../model/finding.js';
import type { EvidenceOf } from '../model/evidence.js';
import { explain } from './explain.js';

/** Making a finding (its message from the FINDINGS table) and the one order findings are listed in. */

const SEVERITY_ORDER: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

export function makeFinding<C extends FindingCode>(
  code: C,
  severity: Severity,
  cert: number | null,
  store: string | null,
  evidence: EvidenceOf<C>,
): Finding {
  // Typed going in (a literal with a field the code's evidence lacks fails the type-check); plain JSON in the report.
  const json = evidence as unknown as Record<string, unknown>;
  return { code, severity, cert, store, message: explain(code, json), evidence: json };
}

export function sortFindings(findings: Finding[], storeOrder: Map<string, number>): Finding[] {
  return [...findings].sort(
    (a, b) =>
      SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] ||
      rankOf(b.code) - rankOf(a.code) ||
      (a.cert ?? 1e9) - (b.cert ?? 1e9) ||
      (a.store === null ? -1 : (storeOrder.get(a.store) ?? 1e9)) - (b.store === null ? -1 : (storeOrder.get(b.store) ?? 1e9)) ||
      (a.code < b.code ? -1 : a.code > b.code ? 1 : 0), // code points, not the locale: same order everywhere
  );
}
