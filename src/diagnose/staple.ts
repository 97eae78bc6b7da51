/**
 * Findings about OCSP stapling: a stapled response that is bad for the leaf (revoked, expired, not about this
 * certificate, wrongly signed), and a "must-staple" leaf served without one. Clients differ, and the evidence says how:
 * Go's crypto/tls and OpenSSL's default verification ignore staples; Firefox (mozilla::pkix) refuses a connection whose
 * staple is revoked or invalid, treats an expired one as absent, and enforces must-staple. Chrome checks none of it.
 */
import { checkStaple, mustStaple, OcspParseError, parseOcspResponse, type StapleProblemReason } from '../ocsp/index.js';
import type { TlsInfo } from '../model/report.js';
import type { Certificate } from '../model/certificate.js';
import { makeFinding } from './findings.js';
import type { Finding, Severity } from '../model/finding.js';

export interface StapleFindingInput {
  tls: TlsInfo | null;
  sent: Certificate[];
  /** Other certificates that may have issued the leaf (store anchors, AIA intermediates), looked up only if needed. */
  others: () => Certificate[];
  now: Date;
}

const FIREFOX: Record<StapleProblemReason, string> = {
  unparsed: 'refuses the connection (malformed staple)',
  'response-status': 'refuses the connection (error response stapled)',
  'wrong-certificate': 'refuses the connection (staple for another certificate)',
  'bad-signature': 'refuses the connection (staple signature invalid)',
  'unauthorized-signer': 'refuses the connection (staple signer not authorised)',
  revoked: 'refuses the connection (certificate revoked)',
  'unknown-status': 'refuses the connection (responder does not know the certificate)',
  'not-yet-valid': 'refuses the connection (staple dated in the future)',
  expired: 'ignores the expired staple and may query the responder itself',
  'must-staple-missing': 'refuses the connection (MOZILLA_PKIX_ERROR_REQUIRED_TLS_FEATURE_MISSING)',
};

/** Whether Firefox refuses the connection for this staple problem (it only shrugs at an expired staple). */
export function firefoxRefuses(reason: string): boolean {
  return reason in FIREFOX && reason !== 'expired';
}

/** Revocation and a broken must-staple promise are errors; a staple that is merely bad is a warning. */
const SEVERITY: Partial<Record<StapleProblemReason, Severity>> = { revoked: 'error', 'must-staple-missing': 'error' };

export function stapleFindings(input: StapleFindingInput): Finding[] {
  const { tls, sent, now } = input;
  const leaf = sent[0];
  if (!tls || !tls.version || leaf === undefined) return [];
  const finding = (reason: StapleProblemReason, detail: string, evidence: Record<string, unknown>): Finding =>
    makeFinding('OCSP_STAPLE_PROBLEM', SEVERITY[reason] ?? 'warning', 0, null, {
      ...evidence,
      reason,
      detail,
      go: 'ignores stapled OCSP',
      openssl: 'ignores stapled OCSP unless asked (-status)',
      firefox: FIREFOX[reason],
    });
  if (tls.ocsp === null) {
    return mustStaple(leaf)
      ? [finding('must-staple-missing', 'the leaf demands a stapled OCSP response (TLS feature status_request) and the server sent none', {})]
      : [];
  }
  let response;
  try {
    response = parseOcspResponse(Buffer.from(tls.ocsp.der, 'base64'));
  } catch (err) {
    const detail = err instanceof OcspParseError ? err.message : String(err);
    return [finding('unparsed', `the stapled OCSP response does not parse: ${detail}`, {})];
  }
  const issuers = [...sent.slice(1), ...input.others()];
  return checkStaple({ response, leaf, issuers, now }).problems.map((p) => finding(p.reason, p.detail, p.evidence));
}
