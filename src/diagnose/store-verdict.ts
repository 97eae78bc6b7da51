import {
  indexAnchors,
  type Attempt,
  type Budget,
  type BuildResult,
  type PathCert,
  type Problem,
} from '../path/index.js';
import type { PathElement, StoreVerdict } from '../model/report.js';
import type { TrustStore } from '../model/store.js';
import type { Finding } from '../model/finding.js';
import { checkProfile } from './profile-rules.js';
import { classifyStoreGap } from './store-gap.js';
import { makeFinding } from './findings.js';

/** One store's verdict from the paths built to it: its valid paths, or its most useful failures (store gaps applied). */

export function storeVerdict(
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

export function emptyVerdict(store: TrustStore, findings: Finding[]): StoreVerdict {
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
