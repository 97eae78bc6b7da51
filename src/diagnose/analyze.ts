import {
  buildPaths,
  DEFAULT_BUDGET,
  checkCommon,
  checkValidity,
  goMatchesHost,
  goServerAuth,
  goValid,
  checkServerAuth,
  identity,
  indexAnchors,
  matchesHost,
  presentedNames,
  rankOf,
  type Attempt,
  type Budget,
  type BuildResult,
  type ClientRules,
  type PathCert,
  type Problem,
} from '../path/index.js';
import type { PathElement, StoreVerdict } from '../model/report.js';
import type { TrustStore } from '../model/store.js';
import { compareNames, sameNameDer } from '../x509/names.js';
import { verifySignature } from '../x509/verify.js';
import type { Certificate } from '../model/certificate.js';
import { explain } from './explain.js';
import { checkProfile } from './profile-rules.js';
import type { Finding, FindingCode, Severity } from '../model/finding.js';
import { evidenceOf, type EvidenceOf } from '../model/evidence.js';
import { classifyStoreGap } from './store-gap.js';

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

function storeVerdict(
  store: TrustStore,
  built: BuildResult,
  leafOk: boolean,
  allStores: TrustStore[],
  indexOf: (sha: string) => number | null,
  strict: boolean,
  budget: Budget,
  reference: TrustStore | null,
): StoreVerdict {
  let result = built;
  const findings: Finding[] = [];
  const search = {
    pathsTried: result.stats.pathsTried,
    signatureChecks: result.stats.signatureChecks,
    buildCalls: result.stats.buildCalls,
    exhausted: result.exhausted !== null,
  };
  let validPaths = result.valid.map((v) => v.path.map((p) => p.cert.sha256));
  if (result.exhausted) {
    findings.push(
      makeFinding('BUDGET_EXHAUSTED', result.valid.length > 0 ? 'warning' : 'error', null, store.name, {
        budget: result.exhausted,
        limit: result.exhausted === 'signatures' ? budget.signatures : result.exhausted === 'buildCalls' ? budget.buildCalls : result.exhausted === 'nameConstraintComparisons' ? budget.nameConstraintComparisons : budget.depth,
        signatureChecks: result.stats.signatureChecks,
        buildCalls: result.stats.buildCalls,
      }),
    );
  }
  // Profile rules on the CA certificates of each valid path: warnings, or (strict) a reason to drop the path.
  const profileOf = (path: PathCert[]): Problem[] =>
    path.slice(1).flatMap((p) => checkProfile(p.cert, p.origin === 'anchor' ? 'anchor' : 'intermediate'));
  let valid = result.valid;
  if (strict && valid.length > 0) {
    const clean = valid.filter((v) => profileOf(v.path).length === 0);
    if (clean.length === 0) {
      const p = profileOf(valid[0]!.path)[0]!;
      result = { ...result, attempts: [{ path: valid[0]!.path, problem: p }, ...result.attempts] };
    }
    valid = clean;
    validPaths = valid.map((v) => v.path.map((p) => p.cert.sha256));
  }
  if (valid.length > 0) {
    const best = valid[0]!;
    for (const p of strict ? [] : profileOf(best.path)) {
      findings.push(makeFinding(p.code, 'warning', indexOf(String(p.evidence.sha256)), store.name, p.evidence));
    }
    const chain = toElements(best.path, null);
    return {
      name: store.name,
      description: store.description,
      trusted: leafOk,
      path: best.path.map((p) => p.cert.sha256),
      chain,
      validPaths,
      search,
      findings,
    };
  }
  // No valid path: lead with the most useful failure, keep the other distinct ones.
  const seen = new Set<string>();
  const top: Attempt[] = [];
  for (const a of result.attempts) {
    const key = `${a.problem.code}:${String(a.problem.evidence.sha256 ?? a.path[a.path.length - 1]!.cert.sha256)}`;
    if (seen.has(key)) continue;
    seen.add(key);
    top.push(a);
    if (top.length >= 5) break;
  }
  for (const [k, attempt] of top.entries()) {
    // A chain that stops at a root the client's store lacks is the store's fault, not the server's.
    const gap = classifyStoreGap({
      problem: attempt.problem,
      child: attempt.path[attempt.path.length - 1]!.cert,
      store,
      others: allStores.filter((s) => s !== store),
      reference: reference && reference.name !== store.name ? reference : null,
    });
    if (gap) top[k] = { ...attempt, problem: { code: gap.code, evidence: { ...attempt.problem.evidence, ...gap.evidence } } };
  }
  for (const a of top) {
    const last = a.path[a.path.length - 1]!;
    const concerned = typeof a.problem.evidence.sha256 === 'string' ? a.problem.evidence.sha256 : last.cert.sha256;
    const evidence: Record<string, unknown> = { subject: last.cert.subject.text, ...a.problem.evidence, path: a.path.map((p) => p.cert.subject.text) };
    if (a.problem.code === 'MISSING_INTERMEDIATE' && store.anchors.every((x) => !x.serverAuth)) evidence.emptyStore = true;
    if (a.problem.code === 'MISSING_INTERMEDIATE' && evidence.heldBy === undefined) {
      const wanted = Buffer.from(last.cert.issuer.der).toString('hex');
      evidence.heldBy = allStores
        .filter((s) => s.name !== store.name && indexAnchors(s.anchors).bySubject.has(wanted))
        .map((s) => s.name);
      // An entry of this store chaindbg could not read may be that issuer: say so rather than "not in the store".
      const unreadable = store.problems.filter((p) => p.includes('not a valid certificate'));
      if (unreadable.length > 0) evidence.unreadable = unreadable.slice(0, 3).concat(unreadable.length > 3 ? [`and ${unreadable.length - 3} more`] : []);
    }
    if (a.problem.code === 'BAD_SIGNATURE') evidence.child = a.path[a.path.length - 2]?.cert.subject.text ?? null;
    findings.push(makeFinding(a.problem.code, 'error', indexOf(concerned), store.name, evidence));
  }
  const nearest = top[0] ?? result.attempts[0];
  return {
    name: store.name,
    description: store.description,
    trusted: false,
    path: [],
    chain: nearest ? toElements(nearest.path, nearest.problem) : [],
    validPaths,
    search,
    findings,
  };
}

function toElements(path: PathCert[], failure: Problem | null): PathElement[] {
  return path.map((p, i) => {
    const last = i === path.length - 1;
    const failsHere = failure !== null && (failure.evidence.sha256 === p.cert.sha256 || (last && failure.evidence.sha256 === undefined));
    let link: PathElement['link'] = null;
    if (!last) {
      const linkFails = failure !== null && i === path.length - 2 && (failure.code === 'BAD_SIGNATURE' || failure.code === 'WEAK_SIGNATURE');
      link = linkFails ? { ok: false, reason: failure.code } : { ok: true, reason: null };
    } else if (failure && (failure.code === 'MISSING_INTERMEDIATE' || failure.code === 'UNKNOWN_ROOT')) {
      link = { ok: false, reason: failure.code };
    }
    return {
      sha256: p.cert.sha256,
      subject: p.cert.subject.text,
      origin: p.origin === 'anchor' ? 'store' : p.origin === 'aia' ? 'aia' : 'sent',
      sentIndex: p.origin === 'anchor' ? null : p.sentIndex,
      link,
      problems: failsHere && failure ? [failure.code] : [],
    };
  });
}

function emptyVerdict(store: TrustStore, findings: Finding[]): StoreVerdict {
  return {
    name: store.name,
    description: store.description,
    trusted: false,
    path: [],
    chain: [],
    validPaths: [],
    search: { pathsTried: 0, signatureChecks: 0, buildCalls: 0, exhausted: false },
    findings,
  };
}

const issues = (issuer: Certificate, child: Certificate): boolean =>
  sameNameDer(child.issuer, issuer.subject) &&
  verifySignature(child, issuer.publicKey).ok;

/** Findings about the list as sent: duplicates, order, links that do not issue, roots sent. */
function sentOrderFindings(sent: Certificate[], stores: TrustStore[], now: Date): Finding[] {
  const out: Finding[] = [];
  const firstIndex = new Map<string, number>();
  sent.forEach((c, i) => {
    const prev = firstIndex.get(c.sha256);
    if (prev === undefined) firstIndex.set(c.sha256, i);
    else out.push(makeFinding('CHAIN_DUPLICATE_CERT', 'warning', i, null, { subject: c.subject.text, sha256: c.sha256, positions: [prev, i] }));
  });
  const unique = sent.filter((c, i) => firstIndex.get(c.sha256) === i);
  // Expected order: from the leaf, follow the issuer among the sent certificates; the rest keep their order.
  const expected: Certificate[] = [unique[0]!];
  const remaining = unique.slice(1);
  for (;;) {
    const cur = expected[expected.length - 1]!;
    if (cur.selfIssued) break;
    const next = remaining.findIndex((c) => issues(c, cur));
    if (next < 0) break;
    expected.push(remaining.splice(next, 1)[0]!);
  }
  expected.push(...remaining);
  if (expected.some((c, i) => c.sha256 !== unique[i]!.sha256)) {
    out.push(
      makeFinding('CHAIN_MISORDERED', 'warning', null, null, {
        sent: unique.map((c) => c.subject.text),
        expected: expected.map((c) => c.subject.text),
      }),
    );
  } else {
    for (let i = 0; i + 1 < unique.length; i++) {
      const child = unique[i]!;
      const next = unique[i + 1]!;
      if (child.selfIssued || issues(next, child)) continue;
      const rows = compareNames(child.issuer, next.subject);
      const sig = verifySignature(child, next.publicKey);
      const cn = (n: Certificate['subject']) => n.attributes.find((a) => a.type === 'CN')?.value ?? null;
      const sameNameBytes = sameNameDer(child.issuer, next.subject);
      const lookalike = sameNameBytes || (cn(child.issuer) !== null && cn(child.issuer) === cn(next.subject));
      out.push(
        makeFinding('ISSUER_MISMATCH', 'warning', i + 1, null, {
          child: child.subject.text,
          next: next.subject.text,
          childIssuer: child.issuer.text,
          nextSubject: next.subject.text,
          names: rows,
          differing: rows.filter((r) => r.differs).map((r) => r.type),
          aki: child.aki ?? null,
          ski: next.ski ?? null,
          signatureVerifies: sig.ok,
          signatureError: sig.ok ? null : (sig.error ?? null),
          lookalike,
          sameNameBytes,
        }),
      );
    }
  }
  // The anchor indexes are cached per store (indexAnchors): no per-call walk over every root.
  const indexes = stores.map((s) => indexAnchors(s.anchors));
  const anchorIds = { has: (id: string) => indexes.some((ix) => ix.byIdentity.has(id)) };
  sent.forEach((c, i) => {
    if (i === 0 || firstIndex.get(c.sha256) !== i) return;
    if (c.selfIssued || anchorIds.has(identity(c))) {
      // A cross-sign whose store copy has expired is what the path goes through (a root rollover): say which copy.
      const copies = indexes.map((ix) => ix.byIdentity.get(identity(c))).filter((a) => a !== undefined);
      const expired = !c.selfIssued && copies.length > 0 && copies.every((a) => checkValidity(a.cert, now) !== null);
      out.push(
        makeFinding('CHAIN_ANCHOR_SENT', 'info', i, null, {
          subject: c.subject.text,
          sha256: c.sha256,
          selfSigned: c.selfIssued,
          issuer: c.issuer.text,
          ...(expired ? { storeCopyExpired: copies[0]!.cert.notAfter.toISOString() } : {}),
        }),
      );
    }
  });
  const leaf = sent[0]!;
  if (leaf.selfIssued && verifySignature(leaf, leaf.publicKey).ok && !anchorIds.has(identity(leaf))) {
    out.push(makeFinding('SELF_SIGNED_LEAF', 'error', 0, null, { subject: leaf.subject.text, sha256: leaf.sha256 }));
  }
  return out;
}
