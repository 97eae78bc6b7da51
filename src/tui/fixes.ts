import { FINDING_CODES, type FindingCode } from '../model/finding.js';
import { fixFinding } from '../model/findings.js';

/**
 * The fix shown under an expanded finding: the FINDINGS table's words (src/model/findings.ts), the same the CLI text
 * prints under every error. FIXES holds each code's fix without evidence, for tests and help.
 */
export const FIXES: Readonly<Record<FindingCode, string>> = Object.fromEntries(
  FINDING_CODES.map((code) => [code, fixFinding(code, {})]),
) as Record<FindingCode, string>;

export function fixFor(code: FindingCode, evidence: Record<string, unknown> = {}): string {
  return fixFinding(code, evidence);
}
