import { findBySubject } from '../trust/index.js';
import type { TrustAnchor, TrustStore } from '../model/store.js';
import type { Certificate } from '../model/certificate.js';
import { SCHEMA_VERSION, type Report } from '../model/report.js';
import { evidenceOf } from '../model/evidence.js';
import { analyzeToReport } from './report.js';

/** A certificate that, added to a failing store, makes the chain validate there (proven by re-running validation). */
export interface StoreFix {
  sha256: string;
  subject: string;
  /** The store that holds it. */
  from: string;
  /** 'root' when self-signed, else 'intermediate'. */
  kind: 'root' | 'intermediate';
}

export interface ForChainResult {
  schemaVersion: number;
  now: string;
  host: string | null;
  leaf: { sha256: string; subject: string } | null;
  stores: Array<{ name: string; trusted: boolean; lead: string | null; fixes: StoreFix[]; lacks: MissingIssuer | null }>;
}

/** What a failing store lacks, from its MISSING_INTERMEDIATE or UNKNOWN_ROOT finding: where to get it when no store has it. */
export interface MissingIssuer {
  /** 'issuer': the issuer of `of` is nowhere; 'root': the chain ends at the root `subject`, which the store lacks. */
  kind: 'issuer' | 'root';
  /** The missing issuer's DN, or the root's subject. */
  subject: string;
  /** The certificate whose issuer is missing (for 'issuer'). */
  of: string | null;
  /** caIssuers URLs that should serve it. */
  caIssuers: string[];
}

/** Most candidate certificates tried per failing store (each costs one validation run). */
const MAX_CANDIDATES = 16;

/**
 * `diff --for`: which of the stores validate this chain, and for each that does not, which certificate held by
 * another store would make it succeed. Every proposed fix is checked by validating again with it added.
 */
export function forChain(report: Report, sent: Certificate[], stores: TrustStore[], now: Date, host: string | null): ForChainResult {
  const byName = new Map(stores.map((s) => [s.name, s] as const));
  const rows = report.stores.map((verdict) => {
    const store = byName.get(verdict.name)!;
    // The cause, not a client's verdict restating it: this store's first error, or a chain-wide one (an expired leaf).
    const lead =
      report.findings.find((f) => (f.store === verdict.name || f.store === null) && f.severity === 'error' && !f.code.endsWith('_VERDICT'))?.code ??
      null;
    if (verdict.trusted) return { name: verdict.name, trusted: true, lead: null, fixes: [], lacks: null };
    const fixes: StoreFix[] = [];
    for (const cand of candidates(sent, stores, store, report)) {
      const extended: TrustStore = { ...store, anchors: [...store.anchors, { ...cand.anchor, store: store.name }] };
      const retry = analyzeToReport({ sent, stores: [extended], now, host });
      if (retry.stores[0]!.trusted) {
        fixes.push({
          sha256: cand.anchor.fingerprint,
          subject: cand.anchor.cert.subject.text,
          from: cand.from,
          kind: cand.anchor.cert.selfIssued ? 'root' : 'intermediate',
        });
      }
    }
    return { name: verdict.name, trusted: false, lead, fixes, lacks: lacksOf(report, verdict.name) };
  });
  const leaf = report.sent[0];
  return {
    schemaVersion: SCHEMA_VERSION,
    now: report.now,
    host,
    leaf: leaf ? { sha256: leaf.sha256, subject: leaf.subject } : null,
    stores: rows,
  };
}

function lacksOf(report: Report, store: string): MissingIssuer | null {
  const f = report.findings.find((x) => x.store === store && (x.code === 'MISSING_INTERMEDIATE' || x.code === 'UNKNOWN_ROOT'));
  const missing = evidenceOf(f, 'MISSING_INTERMEDIATE');
  if (missing) return { kind: 'issuer', subject: String(missing.issuer), of: String(missing.child), caIssuers: (missing.caIssuers ?? []).map(String) };
  const root = evidenceOf(f, 'UNKNOWN_ROOT');
  if (root) return { kind: 'root', subject: String(root.root ?? root.subject), of: null, caIssuers: (root.caIssuers ?? []).map(String) };
  return null;
}

/** Anchors of the other stores that end their valid paths, or that issued a sent certificate. */
function candidates(sent: Certificate[], stores: TrustStore[], self: TrustStore, report: Report): Array<{ anchor: TrustAnchor; from: string }> {
  const out: Array<{ anchor: TrustAnchor; from: string }> = [];
  const seen = new Set(self.anchors.map((a) => a.fingerprint));
  const add = (anchor: TrustAnchor | undefined, from: string) => {
    if (!anchor || seen.has(anchor.fingerprint) || out.length >= MAX_CANDIDATES) return;
    seen.add(anchor.fingerprint);
    out.push({ anchor, from });
  };
  for (const other of stores) {
    if (other === self) continue;
    const end = report.stores.find((v) => v.name === other.name)?.path.at(-1);
    if (end) add(other.anchors.find((a) => a.fingerprint === end), other.name);
  }
  stores.forEach((other) => {
    if (other === self) return;
    for (const cert of sent) for (const a of findBySubject(other, cert.issuer)) add(a, other.name);
  });
  return out;
}
