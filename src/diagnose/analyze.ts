import {
  buildPaths,
  DEFAULT_BUDGET,
  checkCommon,
  goMatchesHost,
  goServerAuth,
  goValid,
  checkServerAuth,
  identity,
  indexAnchors,
  matchesHost,
  presentedNames,
  type Budget,
  type ClientRules,
  type Problem,
} from '../path/index.js';
import type { StoreVerdict } from '../model/report.js';
import type { TrustStore } from '../model/store.js';
import type { Certificate } from '../model/certificate.js';
import { checkProfile } from './profile-rules.js';
import type { Finding } from '../model/finding.js';
import { evidenceOf } from '../model/evidence.js';
import { makeFinding, sortFindings } from './findings.js';
import { sentOrderFindings } from './sent-order.js';
import { emptyVerdict, storeVerdict } from './store-verdict.js';

export interface AnalyzeInput {
  /** The certificates as sent, leaf first. */
  sent: Certificate[];
  stores: TrustStore[];
  now: Date;
  host?: string | null;
  /** Intermediates fetched through AIA (used as origin 'aia'). */
  extraIntermediates?: Certificate[];
  budget?: Partial<Budget>;
  /** Most intermediates on a path (x509-limbo's max_chain_depth). */
  maxIntermediates?: number;
  /**
   * Strict profile: RFC 5280 / CA/Browser Forum rules Go does not enforce (MALFORMED_CERT) fail the path, as in
   * rustls-webpki and pyca/cryptography. Off by default: they are warnings, and verdicts follow Go.
   */
  strict?: boolean;
  /** Client rules where Go or OpenSSL differ from the Web PKI profile (default WEBPKI_RULES). */
  rules?: ClientRules;
  /**
   * A public store to tell a stale client store from a server's incomplete chain (Mozilla's): a chain that stops at a
   * root this store holds is the client store's fault (UNKNOWN_ROOT, cause stale-store or empty-store).
   */
  reference?: TrustStore | null;
}

export interface Analysis {
  stores: StoreVerdict[];
  /** Every finding, chain-wide and per store, sorted (severity, rank, certificate, store order). */
  findings: Finding[];
}

/**
 * Validates the chain as sent against each store (the Web PKI profile Go and browsers enforce) and explains every
 * problem as a Finding. Pure: no I/O, time is `now`.
 */
export function analyzeChain(input: AnalyzeInput): Analysis {
  const { sent, now } = input;
  const host = input.host ?? null;
  if (sent.length === 0) {
    const f = makeFinding('CHAIN_EMPTY', 'error', null, null, {});
    return {
      stores: input.stores.map((s) => emptyVerdict(s, [])),
      findings: [f],
    };
  }
  const leaf = sent[0]!;
  const indexOf = (sha256: string): number | null => {
    const i = sent.findIndex((c) => c.sha256 === sha256);
    return i < 0 ? null : i;
  };
  const chainFindings: Finding[] = [];
  // Go checks the leaf's validity and critical extensions, not its key (verify.go isValid for a leaf).
  const go = input.rules?.go;
  const leafProblems: Problem[] = [
    ...(go ? [goValid(leaf, now, go)].filter((p): p is Problem => p !== null) : checkCommon(leaf, now, input.rules)),
    ...[go ? goServerAuth(leaf) : checkServerAuth(leaf)].filter((p): p is Problem => p !== null),
  ];
  const strict = input.strict ?? false;
  const leafProfile = checkProfile(leaf, 'leaf');
  if (strict) leafProblems.push(...leafProfile);
  else for (const p of leafProfile) chainFindings.push(makeFinding(p.code, 'warning', 0, null, { subject: leaf.subject.text, ...p.evidence }));
  const hostOk = (h: string) => (go ? goMatchesHost(leaf, h, go) : matchesHost(leaf, h, input.rules?.cnFallback ?? false));
  if (host !== null && !hostOk(host)) {
    // Go says "relies on legacy Common Name field" when only the subject CN (no SAN extension) would have matched.
    const legacyCommonName = leaf.san === undefined && matchesHost(leaf, host, true);
    leafProblems.push({ code: 'HOSTNAME_MISMATCH', evidence: { expected: host, presented: presentedNames(leaf), ...(legacyCommonName ? { legacyCommonName } : {}) } });
  }
  for (const p of leafProblems) {
    chainFindings.push(makeFinding(p.code, 'error', 0, null, { subject: leaf.subject.text, ...p.evidence }));
  }
  chainFindings.push(...sentOrderFindings(sent, input.stores, now));

  const intermediates = [
    ...sent.slice(1).map((cert, i) => ({ cert, origin: 'sent' as const, sentIndex: i + 1 })),
    ...(input.extraIntermediates ?? []).map((cert) => ({ cert, origin: 'aia' as const, sentIndex: null })),
  ];
  const results = input.stores.map((store) =>
    buildPaths({
      leaf,
      intermediates,
      anchors: store.anchors,
      now,
      ...(input.budget ? { budget: input.budget } : {}),
      ...(input.maxIntermediates !== undefined ? { maxIntermediates: input.maxIntermediates } : {}),
      ...(input.rules ? { rules: input.rules } : {}),
    }),
  );
  const leafOk = leafProblems.length === 0;
  const verdicts = input.stores.map((store, si) =>
    storeVerdict(store, results[si]!, leafOk, input.stores, indexOf, strict, { ...DEFAULT_BUDGET, ...input.budget }, input.reference ?? null),
  );

  // Sent certificates on no valid path in any store (only meaningful when some store validates).
  if (verdicts.some((v) => v.validPaths.length > 0)) {
    // A sent certificate that does not issue the one before it matters when it pretends to (same name, same CN):
    // an unrelated extra certificate on a chain that validates is CHAIN_UNUSED_CERT, not a broken link.
    for (let k = chainFindings.length - 1; k >= 0; k--) {
      const f = chainFindings[k]!;
      if (f.code === 'ISSUER_MISMATCH' && !f.evidence.lookalike) chainFindings.splice(k, 1);
    }
    const used = new Set(verdicts.flatMap((v) => v.validPaths.flat()));
    // A sent copy of a store root (self-signed, or cross-signed for older clients) is CHAIN_ANCHOR_SENT: the path
    // stops at the store's own copy, and the cross-signed one still serves clients that lack the root.
    const anchorIndexes = input.stores.map((s) => indexAnchors(s.anchors));
    const isAnchor = (c: Certificate) => anchorIndexes.some((ix) => ix.byIdentity.has(identity(c)));
    sent.forEach((c, i) => {
      if (i > 0 && !used.has(c.sha256) && !isAnchor(c) && sent.findIndex((x) => x.sha256 === c.sha256) === i) {
        chainFindings.push(makeFinding('CHAIN_UNUSED_CERT', 'warning', i, null, { subject: c.subject.text, sha256: c.sha256 }));
      }
    });
  } else leadWithImpostor(chainFindings, verdicts);
  const storeOrder = new Map(input.stores.map((s, i) => [s.name, i]));
  const findings = sortFindings([...chainFindings, ...verdicts.flatMap((v) => v.findings)], storeOrder);
  for (const v of verdicts) v.findings = sortFindings(v.findings, storeOrder);
  return { stores: verdicts, findings };
}

/**
 * No store validates and the server sent a look-alike of the issuer (same name or CN, another CA's key): that is the cause,
 * so it leads as an error, and each MISSING_INTERMEDIATE it produces says so (`lookalikeSent`: its sent index).
 */
function leadWithImpostor(chainFindings: Finding[], verdicts: StoreVerdict[]): void {
  chainFindings.forEach((f, k) => {
    if (f.code !== 'ISSUER_MISMATCH' || !f.evidence.lookalike || f.severity === 'error') return;
    // Another CA means another key: with the issuer's own key identifier (AKI = SKI) the signature failed for another
    // reason (an unsupported curve or parameters), which its own finding reports; that is no look-alike.
    if (typeof f.evidence.aki === 'string' && f.evidence.aki === f.evidence.ski) return;
    chainFindings[k] = makeFinding('ISSUER_MISMATCH', 'error', f.cert, f.store, { ...evidenceOf(f, 'ISSUER_MISMATCH')!, cause: true });
    for (const v of verdicts) {
      v.findings = v.findings.map((m) =>
        m.code === 'MISSING_INTERMEDIATE' && m.evidence.child === f.evidence.child
          ? makeFinding('MISSING_INTERMEDIATE', m.severity, m.cert, m.store, { ...evidenceOf(m, 'MISSING_INTERMEDIATE')!, lookalikeSent: f.cert ?? undefined })
          : m,
      );
    }
  });
}
