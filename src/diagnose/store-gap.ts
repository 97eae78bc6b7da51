import type { Problem } from '../path/types.js';
import { issuerKey, subjectKey } from '../path/checks.js';
import type { TrustStore } from '../model/store.js';
import { sameNameDer } from '../x509/names.js';
import { verifySignature } from '../x509/verify.js';
import type { Certificate } from '../model/certificate.js';

/**
 * Whose fault is a chain that stops short (pure). The path builder says "the issuer of X is neither sent nor in the
 * store"; that blames the server only when the issuer is an intermediate. When it is a self-signed root that a
 * reference store (Mozilla's, shipped with chaindbg) or another chosen store holds and that verifies X, the chain as
 * sent is complete and the client's store is stale (or empty): UNKNOWN_ROOT with the cause, not MISSING_INTERMEDIATE.
 */
export interface StoreGap {
  code: 'UNKNOWN_ROOT';
  evidence: Record<string, unknown>;
}

export function classifyStoreGap(input: {
  problem: Problem;
  /** The certificate whose issuer is missing (the top of the attempted path). */
  child: Certificate;
  store: TrustStore;
  others: TrustStore[];
  reference: TrustStore | null;
}): StoreGap | null {
  const { problem, child, store } = input;
  const serverAuthAnchors = store.anchors.filter((a) => a.serverAuth).length;
  const cause = serverAuthAnchors === 0 ? 'empty-store' : 'stale-store';
  if (problem.code === 'UNKNOWN_ROOT') {
    // The chain ends at a sent self-signed root: whose is it? A public one this store lacks is the store's fault.
    const holder = holderOf([input.reference, ...input.others], (a) => a.sha256 === child.sha256 || (sameNameDer(a.subject, child.subject) && a.publicKey.spkiSha256 === child.publicKey.spkiSha256));
    if (holder === null && cause !== 'empty-store') return null;
    return { code: 'UNKNOWN_ROOT', evidence: { cause, root: child.subject.text, rootSha256: child.sha256, heldBy: holder ? [holder] : [], publicRoot: holder !== null && holder === input.reference?.name } };
  }
  if (problem.code !== 'MISSING_INTERMEDIATE' || child.selfIssued) return null;
  let root: Certificate | null = null;
  const holder = holderOf([input.reference, ...input.others], (a) => {
    const ok = a.selfIssued && sameNameDer(a.subject, child.issuer) && verifySignature(child, a.publicKey).ok;
    if (ok) root = a;
    return ok;
  });
  // No root issues it: an intermediate is missing, and sending it is the server's job.
  if (holder === null || root === null) return null;
  const r = root as Certificate;
  return {
    code: 'UNKNOWN_ROOT',
    evidence: {
      cause,
      subject: child.subject.text,
      sha256: child.sha256,
      root: r.subject.text,
      rootSha256: r.sha256,
      heldBy: [holder],
      publicRoot: holder === input.reference?.name,
      storeRoots: serverAuthAnchors,
    },
  };
}

/** The first store (reference first) holding a websites anchor that matches. */
function holderOf(stores: Array<TrustStore | null>, match: (c: Certificate) => boolean): string | null {
  for (const s of stores) {
    if (s && s.anchors.some((a) => a.serverAuth && match(a.cert))) return s.name;
  }
  return null;
}

/**
 * Whether judging whose fault it is may need the reference store (Mozilla's): some certificate's issuer was neither
 * sent nor is in every chosen store (or a sent root is not), so a store may turn out to lack a root the reference
 * holds (stale or empty store). Read from the stores' subject index (no certificate is parsed), so the session loads the reference only
 * then.
 */
export function storeGapNeedsReference(input: { sent: Certificate[]; stores: readonly TrustStore[] }): boolean {
  const sentSubjects = new Set(input.sent.map(subjectKey));
  // Issuers the server did not send, and sent self-issued certificates (a root sent along): each must be in a store.
  const wanted = input.sent.map(issuerKey).filter((k) => !sentSubjects.has(k));
  for (const c of input.sent) if (issuerKey(c) === subjectKey(c)) wanted.push(subjectKey(c));
  if (wanted.length === 0) return false;
  return input.stores.some((s) => {
    const held = new Set(s.anchors.map((a) => a.subjectKey ?? subjectKey(a.cert)));
    return wanted.some((k) => !held.has(k));
  });
}
