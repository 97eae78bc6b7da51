import type { TrustAnchor } from '../model/store.js';
import { verifySignature } from '../x509/verify.js';
import type { Certificate } from '../model/certificate.js';
import { checkCommon, checkIssuer, checkServerAuth, checkSignatureHash, identity, issuerKey, subjectKey, checkKey, checkValidity } from './checks.js';
import { checkNameConstraints, type ComparisonCounter } from './constraints.js';
import { goIssuer, goServerAuth, goSignatureFrom, goValid } from './go-checks.js';
import { goNameConstraints } from './go-names.js';
import { rankOf } from './rank.js';
import {
  DEFAULT_BUDGET,
  type Attempt,
  type Budget,
  type BuildInput,
  type BuildResult,
  type IntermediateInput,
  type PathCert,
  type Problem,
  type Rejection,
  type ValidPath,
} from './types.js';

const MAX_ATTEMPTS = 200;
const KEEP_ATTEMPTS = 20;

class Exhausted {
  constructor(readonly which: keyof Budget) {}
}

/** Anchors indexed by subject DER (hex) and by identity, so a store is never scanned linearly. */
export interface AnchorIndex {
  bySubject: Map<string, TrustAnchor[]>;
  byIdentity: Map<string, TrustAnchor>;
}

const indexCache = new WeakMap<TrustAnchor[], AnchorIndex>();

export function indexAnchors(anchors: TrustAnchor[]): AnchorIndex {
  const cached = indexCache.get(anchors);
  if (cached) return cached;
  const index: AnchorIndex = { bySubject: new Map(), byIdentity: new Map() };
  for (const a of anchors) {
    // Stores give each anchor its index keys without parsing it (src/trust/assemble.ts): a search parses only
    // the anchors it reaches.
    const key = a.subjectKey ?? subjectKey(a.cert);
    const list = index.bySubject.get(key) ?? [];
    list.push(a);
    index.bySubject.set(key, list);
    const id = a.identity ?? identity(a.cert);
    const prev = index.byIdentity.get(id);
    if (!prev || (!prev.serverAuth && a.serverAuth)) index.byIdentity.set(id, a);
  }
  indexCache.set(anchors, index);
  return index;
}

/**
 * Builds every path from the leaf to an anchor: a backtracking depth-first search in the manner of Go's `buildChains`
 * and rustls-webpki's `build_chain_inner`. Candidate issuers come from indexes keyed by the raw subject DER, ordered
 * by plausibility (anchors first; then authority/subject key ids equal, one missing, different) and never dropped for
 * a key-id mismatch. Loops are refused by identity (subject + key). A refused candidate is recorded and the search
 * goes on; running out of budget stops it. Pure: time is `input.now`.
 */
export function buildPaths(input: BuildInput): BuildResult {
  const budget: Budget = { ...DEFAULT_BUDGET, ...input.budget };
  // Go has no depth limit, only its budget of signature checks (verify.go maxChainSignatureChecks).
  const go = input.rules?.go;
  if (go && input.budget?.depth === undefined) budget.depth = Number.POSITIVE_INFINITY;
  const maxPaths = input.maxPaths ?? 8;
  const anchors = indexAnchors(input.anchors);
  const intermediates = new Map<string, IntermediateInput[]>();
  const seen = new Set<string>();
  for (const i of input.intermediates) {
    if (seen.has(i.cert.sha256)) continue;
    seen.add(i.cert.sha256);
    const key = subjectKey(i.cert);
    const list = intermediates.get(key) ?? [];
    list.push(i);
    intermediates.set(key, list);
  }

  const valid: ValidPath[] = [];
  const attempts: Attempt[] = [];
  const rejections: Rejection[] = [];
  const stats = { signatureChecks: 0, buildCalls: 0, nameConstraintComparisons: 0, pathsTried: 0 };
  const counter: ComparisonCounter = { count: 0, limit: budget.nameConstraintComparisons };
  const leaf: PathCert = { cert: input.leaf, origin: 'leaf', sentIndex: 0 };

  const fail = (path: PathCert[], problem: Problem): void => {
    stats.pathsTried++;
    if (attempts.length < MAX_ATTEMPTS) attempts.push({ path, problem });
  };
  const reject = (child: PathCert, candidate: PathCert, path: PathCert[], problem: Problem): void => {
    rejections.push({ child: child.cert.sha256, candidate, problem });
    fail([...path, candidate], problem);
  };

  const candidatesFor = (child: Certificate): PathCert[] => {
    const key = issuerKey(child);
    const plausibility = (c: Certificate): number => {
      if (child.aki && c.ski) return child.aki === c.ski ? 0 : 2;
      return 1;
    };
    const fromAnchors: PathCert[] = (anchors.bySubject.get(key) ?? []).map((a) => ({
      cert: a.cert,
      origin: 'anchor',
      sentIndex: null,
      anchor: a,
    }));
    const fromPool: PathCert[] = (intermediates.get(key) ?? [])
      // An intermediate that is a trusted anchor (same subject and key) is covered by the anchor itself, unless the
      // store's copy is out of its validity: then the sent copy (a cross-sign, as in a root rollover) may still lead
      // to another anchor, as it does for Go and any path builder that backtracks.
      .filter((i) => {
        const a = anchors.byIdentity.get(identity(i.cert));
        return !(a?.serverAuth && checkValidity(a.cert, input.now) === null);
      })
      .map((i) => ({ cert: i.cert, origin: i.origin, sentIndex: i.sentIndex }));
    const sort = (list: PathCert[]) => list.sort((a, b) => plausibility(a.cert) - plausibility(b.cert));
    return [...sort(fromAnchors), ...sort(fromPool)];
  };

  const intermediatesBelow = (path: PathCert[]): number => path.slice(1).filter((p) => !p.cert.selfIssued).length;

  const finish = (path: PathCert[], anchor: TrustAnchor): void => {
    // Name constraints of every CA (anchor included) over every certificate below it. (Go checks them per candidate.)
    for (let i = go ? 0 : path.length - 1; i >= 1; i--) {
      for (let j = i - 1; j >= 0; j--) {
        const problem = checkNameConstraints(path[i]!.cert, path[j]!.cert, j === 0, counter);
        stats.nameConstraintComparisons = counter.count;
        if (counter.count > budget.nameConstraintComparisons) throw new Exhausted('nameConstraintComparisons');
        if (problem) {
          fail(path, { code: problem.code, evidence: { subject: path[j]!.cert.subject.text, ...problem.evidence, sha256: path[j]!.cert.sha256 } });
          return;
        }
      }
    }
    stats.pathsTried++;
    valid.push({ path, anchor });
  };

  const extend = (path: PathCert[]): void => {
    if (valid.length >= maxPaths) return;
    stats.buildCalls++;
    if (stats.buildCalls > budget.buildCalls) throw new Exhausted('buildCalls');
    const current = path[path.length - 1]!;
    const onPath = new Set(path.map((p) => identity(p.cert)));
    const candidates = candidatesFor(current.cert).filter((c) => !onPath.has(identity(c.cert)));
    if (candidates.length === 0) {
      if (current.cert.selfIssued) {
        fail(path, { code: 'UNKNOWN_ROOT', evidence: { subject: current.cert.subject.text, sha256: current.cert.sha256 } });
      } else {
        fail(path, {
          code: 'MISSING_INTERMEDIATE',
          evidence: {
            issuer: current.cert.issuer.text,
            aki: current.cert.aki ?? null,
            caIssuers: current.cert.aia.caIssuers,
            child: current.cert.subject.text,
          },
        });
      }
      return;
    }
    for (const cand of candidates) {
      if (valid.length >= maxPaths) return;
      const isAnchor = cand.origin === 'anchor';
      const below = intermediatesBelow(path);
      if (path.length + 1 > budget.depth) {
        reject(current, cand, path, { code: 'PATH_LEN_EXCEEDED', evidence: { maxDepth: budget.depth } });
        continue;
      }
      const intermediatesOnPath = below + (isAnchor || cand.cert.selfIssued ? 0 : 1);
      if (input.maxIntermediates !== undefined && intermediatesOnPath > input.maxIntermediates) {
        reject(current, cand, path, { code: 'PATH_LEN_EXCEEDED', evidence: { maxIntermediates: input.maxIntermediates } });
        continue;
      }
      stats.signatureChecks++;
      if (stats.signatureChecks > budget.signatures) throw new Exhausted('signatures');
      if (go) {
        // Go's order: CheckSignatureFrom, then isValid (critical extensions, validity, name constraints, CA, pathLen).
        const refused = goSignatureFrom(current.cert, cand.cert, go);
        const problem =
          refused ??
          goValid(cand.cert, input.now, go) ??
          goNameConstraints(cand.cert, input.leaf, go, counter) ??
          goIssuer(cand.cert, isAnchor, path.length) ??
          goServerAuth(cand.cert);
        stats.nameConstraintComparisons = counter.count;
        const anchorProblem = isAnchor && !cand.anchor!.serverAuth ? { code: 'ROOT_NOT_TRUSTED_FOR_TLS' as const, evidence: { root: cand.cert.subject.text, store: cand.anchor!.store } } : null;
        const first = anchorProblem ?? problem;
        if (first) {
          const evidence: Record<string, unknown> = first.evidence;
          const concerned = refused ? { sha256: String(evidence.sha256 ?? cand.cert.sha256) } : { sha256: cand.cert.sha256, subject: cand.cert.subject.text };
          reject(current, cand, path, { code: first.code, evidence: { subject: cand.cert.subject.text, ...evidence, ...concerned } });
          continue;
        }
        if (isAnchor) finish([...path, cand], cand.anchor!);
        else extend([...path, cand]);
        continue;
      }
      const sig = verifySignature(current.cert, cand.cert.publicKey);
      if (!sig.ok) {
        // A key the profile does not accept (a P-224 issuer) is that problem, not a bad signature: one name for it.
        const key = checkKey(cand.cert, input.rules);
        if (key?.code === 'UNSUPPORTED_ALGORITHM') {
          reject(current, cand, path, { code: key.code, evidence: { ...key.evidence, sha256: cand.cert.sha256, subject: cand.cert.subject.text } });
          continue;
        }
        reject(current, cand, path, { code: 'BAD_SIGNATURE', evidence: { error: sig.error ?? 'bad signature', issuer: cand.cert.subject.text } });
        continue;
      }
      const weak = checkSignatureHash(current.cert);
      if (weak) {
        reject(current, cand, path, { code: weak.code, evidence: { ...weak.evidence, sha256: current.cert.sha256, subject: current.cert.subject.text } });
        continue;
      }
      const problems = [...checkCommon(cand.cert, input.now, input.rules), ...checkIssuer(cand.cert, below)];
      const eku = checkServerAuth(cand.cert);
      if (eku) problems.push(eku);
      if (isAnchor) {
        const a = cand.anchor!;
        if (!a.serverAuth) problems.unshift({ code: 'ROOT_NOT_TRUSTED_FOR_TLS', evidence: { root: a.cert.subject.text, store: a.store } });
        if (a.distrustAfter && input.leaf.notBefore.getTime() > a.distrustAfter.getTime()) {
          problems.unshift({
            code: 'DISTRUSTED_ROOT',
            evidence: { root: a.cert.subject.text, distrustAfter: a.distrustAfter.toISOString(), leafNotBefore: input.leaf.notBefore.toISOString() },
          });
        }
      }
      if (problems.length > 0) {
        const first = problems.sort((a, b) => rankOf(b.code) - rankOf(a.code))[0]!;
        reject(current, cand, path, { code: first.code, evidence: { ...first.evidence, sha256: cand.cert.sha256, subject: cand.cert.subject.text } });
        continue;
      }
      // Under OpenSSL's rules a store certificate that is not self-signed does not end the path: its issuer is
      // looked for next, among the store's certificates and those sent.
      if (isAnchor && !(input.rules?.selfSignedAnchorsOnly && !cand.cert.selfIssued)) finish([...path, cand], cand.anchor!);
      else extend([...path, cand]);
    }
  };

  let exhausted: keyof Budget | null = null;
  try {
    const self = anchors.byIdentity.get(identity(input.leaf));
    if (self && self.serverAuth && !(input.rules?.selfSignedAnchorsOnly && !self.cert.selfIssued)) {
      stats.pathsTried++;
      valid.push({ path: [{ cert: self.cert, origin: 'anchor', sentIndex: 0, anchor: self }], anchor: self });
    }
    extend([leaf]);
  } catch (err) {
    if (!(err instanceof Exhausted)) throw err;
    exhausted = err.which;
  }
  stats.nameConstraintComparisons = counter.count;
  const ranked = [...attempts].sort(
    (a, b) => rankOf(b.problem.code) - rankOf(a.problem.code) || b.path.length - a.path.length,
  );
  return { valid, attempts: ranked.slice(0, KEEP_ATTEMPTS), rejections, stats, exhausted };
}
