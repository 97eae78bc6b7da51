import type { Finding, FindingCode } from '../model/finding.js';
import type { StoreVerdict } from '../model/report.js';
import type { TrustStore } from '../model/store.js';
import { sameNameDer, shortName, verifySignature } from '../x509/index.js';
import type { Certificate } from '../model/certificate.js';

export type { ExportKind } from '../model/grammar.js';
import { EXPORT_KINDS, type ExportKind } from '../model/grammar.js';
export { EXPORT_KINDS };


export interface ExportInput {
  /** The chain as the server sent it (leaf first). */
  sent: Certificate[];
  /** The verdict of the chosen store. */
  verdict: StoreVerdict;
  /** The chosen store. */
  store: TrustStore;
  /** Certificates fetched over AIA (untrusted intermediates). */
  extra: Certificate[];
  /** All findings (chain-wide and per store). */
  findings: Finding[];
  /**
   * Anchors of the other chosen stores and of the shipped Mozilla store, by store name: `trust` takes a root the
   * chosen store lacks from whichever of them has it, and says which.
   */
  otherAnchors?: Array<{ cert: Certificate; store: string }>;
}

export interface ExportPlan {
  kind: ExportKind;
  /** What to write, in bundle order. Empty when refused. */
  certificates: Certificate[];
  /** Things the user must read before using the bundle (interception, still-failing checks, nothing to add...). */
  warnings: string[];
  /** Set when chaindbg will not produce this bundle; one line saying why. */
  refused?: string;
}

/** Longest issuer chain the planner follows when it builds a path itself (no real hierarchy is deeper). */
const MAX_DEPTH = 8;

/** Error codes that adding a missing intermediate (fetched over AIA) cures. */
const CURED_BY_AIA: ReadonlySet<FindingCode> = new Set<FindingCode>(['MISSING_INTERMEDIATE', 'UNKNOWN_ROOT', 'AIA_FETCHED', 'AIA_FETCH_FAILED']);

type Origin = 'sent' | 'aia' | 'store';

interface Resolved {
  /** Leaf to top (anchor, self-signed root, or the last certificate whose issuer is unknown). */
  certs: Certificate[];
  /** How the top ends. */
  top: 'anchor' | 'self-signed' | 'dangling';
  source: 'verdict' | 'built';
}

/**
 * Decides what goes into a PEM bundle of the given kind (pure):
 * - fullchain: leaf then each issuer up to, not including, the anchor (what the server should send);
 * - missing: the intermediates the server did not send;
 * - trust: what to add to the chosen store so the chain validates (missing intermediates, and the root when the
 *   store lacks it), refusing inconsistent roots and warning loudly about interception roots;
 * - sent: the chain exactly as sent.
 */
export function planExport(kind: ExportKind, input: ExportInput): ExportPlan {
  const warnings: string[] = [];
  const refuse = (why: string): ExportPlan => ({ kind, certificates: [], warnings, refused: why });
  const leaf = input.sent[0];
  if (!leaf) return refuse('the server sent no certificate');
  if (kind === 'sent') return { kind, certificates: [...input.sent], warnings };

  const anchors = input.store.anchors.filter((a) => a.serverAuth).map((a) => a.cert);
  const origin = originOf(input, anchors);
  const path = resolvePath(input, anchors);
  if (path === null) return refuse(`a certificate on the ${input.verdict.name} path is neither sent, fetched nor in the store`);
  const storeErrors = errorCodes(input);
  const intermediates = path.certs.slice(1, path.top === 'dangling' ? undefined : -1);
  const notSent = intermediates.filter((c) => origin(c) !== 'sent');

  if (path.source === 'built' && path.top !== 'dangling') {
    const aiaUsed = notSent.some((c) => origin(c) === 'aia');
    if (aiaUsed) warnings.push(`path completed with ${notSent.length} certificate(s) fetched over AIA (caIssuers): the server does not send them`);
  }
  const top = path.certs[path.certs.length - 1]!;

  if (kind === 'fullchain' || kind === 'missing') {
    if (path.top === 'dangling') {
      return refuse(`the issuer of ${describe(top)} is unknown: it was not sent, not found through AIA, and ${input.store.name} does not have it`);
    }
    if (path.top === 'self-signed') {
      warnings.push(`the root ${describe(top)} is not a ${input.store.name} anchor: clients also need it in their trust store (see export trust)`);
    }
    const remaining = [...storeErrors].filter((c) => !CURED_BY_AIA.has(c));
    if (!input.verdict.trusted && remaining.length > 0) {
      warnings.push(`this chain still fails in ${input.store.name} for other reasons: ${remaining.join(', ')}`);
    }
    if (kind === 'missing') {
      if (notSent.length === 0) warnings.push('the server already sends every intermediate: nothing is missing');
      return { kind, certificates: notSent, warnings };
    }
    return { kind, certificates: [leaf, ...intermediates], warnings };
  }

  // trust
  if (input.verdict.trusted) {
    warnings.push(`${input.store.name} already trusts this chain: nothing to add`);
    return { kind, certificates: [], warnings };
  }
  // A root the chosen store lacks but another chosen store or Mozilla's holds: take it from there, and say which.
  const elsewhere = path.top === 'dangling' ? rootElsewhere(top, input.otherAnchors ?? []) : null;
  if (path.top === 'dangling' && elsewhere === null) {
    return refuse(
      `the issuer of ${describe(top)} (${top.issuer.text}) was not sent, not found through AIA, and ${input.store.name} does not have it; get that CA certificate from whoever runs it (for a company proxy, your IT department)`,
    );
  }
  // Intermediates in a trust bundle become trust anchors for Go: the server should send them. Last resort only.
  if (notSent.length > 0) {
    warnings.unshift(
      `LAST RESORT: ${notSent.map(describe).join(', ')} ${notSent.length === 1 ? 'is an intermediate' : 'are intermediates'} the server should send; the fix is the server's (its operator: chaindbg export TARGET --kind fullchain). In a trust store an intermediate becomes an anchor and breaks when the CA rotates it`,
    );
  }
  const out = [...notSent];
  if (elsewhere !== null) {
    out.push(elsewhere.cert);
    warnings.push(
      `the root ${describe(elsewhere.cert)} (sha256 ${elsewhere.cert.sha256}) is taken from store ${elsewhere.store}${elsewhere.store === 'mozilla' ? " (Mozilla's roots, shipped with chaindbg)" : ''}: ${input.store.name} lacks it${elsewhere.store === 'mozilla' ? ', so it is stale: updating it (ca-certificates) fixes this for every program' : ''}`,
    );
  }
  if (path.top === 'self-signed') {
    const problem = anchorProblem(top);
    if (problem !== null) return refuse(`will not export ${describe(top)} as a trust anchor: ${problem}`);
    if (top.version < 3 || top.basicConstraints === undefined) {
      warnings.push(`the root ${describe(top)} has no basicConstraints extension (a v${top.version} certificate): some clients refuse it as an anchor`);
    }
    warnings.push(...interceptionWarnings(top, input, origin(top)));
    out.push(top);
  }
  const remaining = [...storeErrors].filter((c) => !CURED_BY_AIA.has(c));
  if (remaining.length > 0) {
    if (out.length === 0) return refuse(`adding certificates to ${input.store.name} cannot fix this chain: ${remaining.join(', ')}`);
    warnings.push(`even with these certificates the chain still fails in ${input.store.name}: ${remaining.join(', ')}`);
  }
  if (out.length === 0) warnings.push('nothing to add: the chain reaches a store anchor with every intermediate present');
  return { kind, certificates: out, warnings };
}

/** A self-signed root among other stores' anchors that issued `child` (name and signature), with its store. */
function rootElsewhere(child: Certificate, anchors: Array<{ cert: Certificate; store: string }>): { cert: Certificate; store: string } | null {
  return (
    anchors.find(
      (a) => a.cert.selfIssued && sameNameDer(a.cert.subject, child.issuer) && anchorProblem(a.cert) === null && verifySignature(child, a.cert.publicKey).ok,
    ) ?? null
  );
}

/** Why a self-signed certificate cannot serve as a trust anchor, or null when it can. */
export function anchorProblem(cert: Certificate): string | null {
  if (!cert.selfIssued) return 'it is not self-signed (its issuer differs from its subject)';
  const sig = verifySignature(cert, cert.publicKey);
  if (!sig.ok) return `its own signature does not verify (${sig.error ?? 'bad signature'})`;
  if (cert.basicConstraints !== undefined && !cert.basicConstraints.ca) return 'it is not a CA (basicConstraints CA:FALSE)';
  if (cert.version >= 3 && cert.basicConstraints === undefined && cert.keyUsage !== undefined && !cert.keyUsage.includes('keyCertSign')) {
    return 'it may not sign certificates (keyUsage lacks keyCertSign)';
  }
  return null;
}

function interceptionWarnings(root: Certificate, input: ExportInput, from: Origin | null): string[] {
  const out: string[] = [];
  const suspected = input.findings.filter((f) => f.code === 'INTERCEPTION_SUSPECTED');
  const fp = `sha256 ${root.sha256}`;
  if (suspected.length > 0) {
    out.push(
      `WARNING: INTERCEPTION SUSPECTED. ${describe(root)} (${fp}) looks like a TLS inspection root: trusting it lets whoever holds its key read and alter all your HTTPS traffic. Trust it only if your organisation confirms this exact fingerprint.`,
    );
  } else if (from === 'sent') {
    out.push(
      `WARNING: the server itself sent the self-signed root ${describe(root)} (${fp}) and ${input.store.name} does not have it: this is typical of a TLS inspection proxy or a private CA. Trust it only if you know who runs it and the fingerprint matches.`,
    );
  } else {
    out.push(`the root ${describe(root)} (${fp}) came from ${from === 'aia' ? 'an AIA fetch over plain HTTP' : 'outside the store'}: check its fingerprint with its owner before trusting it`);
  }
  return out;
}

function originOf(input: ExportInput, anchors: Certificate[]): (c: Certificate) => Origin | null {
  const sent = new Set(input.sent.map((c) => c.sha256));
  const aia = new Set(input.extra.map((c) => c.sha256));
  const store = new Set(anchors.map((c) => c.sha256));
  return (c) => (sent.has(c.sha256) ? 'sent' : aia.has(c.sha256) ? 'aia' : store.has(c.sha256) ? 'store' : null);
}

/** The verdict's valid path when there is one, else a path built by signature links from the leaf. */
function resolvePath(input: ExportInput, anchors: Certificate[]): Resolved | null {
  const bySha = new Map<string, Certificate>();
  for (const c of [...anchors, ...input.extra, ...input.sent]) bySha.set(c.sha256, c);
  if (input.verdict.trusted && input.verdict.path.length > 0) {
    const certs = input.verdict.path.map((h) => bySha.get(h));
    if (certs.some((c) => c === undefined)) return null;
    return { certs: certs as Certificate[], top: 'anchor', source: 'verdict' };
  }
  return { ...buildPath(input.sent[0]!, [...input.sent, ...input.extra], anchors), source: 'built' };
}

/**
 * A small depth-first search from the leaf: anchors tried first, then sent and fetched certificates; a link needs the
 * issuer's subject DER to equal the child's issuer DER and the issuer's key to verify the child's signature. Prefers a
 * path to an anchor, then one to a self-signed root, then the longest dangling one. (The real path builder with its
 * budget lives in src/path; this only runs when the verdict has no valid path, to say what a bundle would need.)
 */
function buildPath(leaf: Certificate, pool: Certificate[], anchors: Certificate[]): Omit<Resolved, 'source'> {
  const anchorSet = new Set(anchors.map((a) => a.sha256));
  const candidates = [...anchors, ...pool.filter((c) => !anchorSet.has(c.sha256))];
  let best: Omit<Resolved, 'source'> = { certs: [leaf], top: 'dangling' };
  const rank = { anchor: 2, 'self-signed': 1, dangling: 0 } as const;
  const better = (a: Omit<Resolved, 'source'>): boolean =>
    rank[a.top] > rank[best.top] || (rank[a.top] === rank[best.top] && a.top === 'dangling' && a.certs.length > best.certs.length);

  const visit = (chain: Certificate[]): boolean => {
    const child = chain[chain.length - 1]!;
    if (anchorSet.has(child.sha256) && chain.length > 1) {
      best = { certs: chain, top: 'anchor' };
      return true;
    }
    if (child.selfIssued && verifySignature(child, child.publicKey).ok) {
      const r = { certs: chain, top: 'self-signed' as const };
      if (better(r)) best = r;
      return false;
    }
    if (chain.length >= MAX_DEPTH) return false;
    let extended = false;
    for (const issuer of candidates) {
      if (chain.some((c) => c.sha256 === issuer.sha256 || (c.publicKey.spkiSha256 === issuer.publicKey.spkiSha256 && sameNameDer(c.subject, issuer.subject)))) continue;
      if (!sameNameDer(issuer.subject, child.issuer) || !verifySignature(child, issuer.publicKey).ok) continue;
      extended = true;
      if (visit([...chain, issuer])) return true;
    }
    if (!extended) {
      // A self-issued certificate nothing else signs claims to be a root even when its signature is broken:
      // report it as the top so the anchor checks can say what is wrong with it.
      const r = { certs: chain, top: child.selfIssued ? ('self-signed' as const) : ('dangling' as const) };
      if (better(r)) best = r;
    }
    return false;
  };
  // A self-signed leaf that is itself an anchor: the path is just the leaf.
  if (anchorSet.has(leaf.sha256)) return { certs: [leaf], top: 'anchor' };
  visit([leaf]);
  return best;
}

function errorCodes(input: ExportInput): Set<FindingCode> {
  const codes = new Set<FindingCode>();
  for (const f of [...input.verdict.findings, ...input.findings]) {
    if (f.severity !== 'error') continue;
    if (f.store !== null && f.store !== input.verdict.name) continue;
    // The client profiles restate the verdict; they are not a reason of their own.
    if (f.code === 'GO_VERDICT' || f.code === 'OPENSSL_VERDICT' || f.code === 'BROWSER_VERDICT') continue;
    codes.add(f.code);
  }
  return codes;
}

function describe(c: Certificate): string {
  return shortName(c.subject);
}
