import { FINDING_CODES, type FindingCode } from '../model/finding.js';
import { FINDINGS, rankOf } from '../model/findings.js';

/**
 * When every path fails, the most useful reason leads (as rustls-webpki's `Error::rank`): a specific problem with a
 * certificate that was found beats "could not find the issuer". Higher is more useful. Codes not listed rank 0. The
 * ranks live in the FINDINGS table (src/model/findings.ts), beside each code's words.
 */
export const FAILURE_RANK: Readonly<Partial<Record<FindingCode, number>>> = Object.fromEntries(
  FINDING_CODES.filter((code) => FINDINGS[code].rank > 0).map((code) => [code, FINDINGS[code].rank]),
);

export { rankOf };
