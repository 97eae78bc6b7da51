import type { FindingCode } from '../model/finding.js';
import { explainFinding } from '../model/findings.js';

/** The one place prose is made: one line per finding, rendered from its evidence only (the FINDINGS table's words). */
export function explain(code: FindingCode, e: Record<string, unknown>): string {
  return explainFinding(code, e);
}
