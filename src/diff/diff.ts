import { keyIdentity } from '../trust/lookup.js';
import type { TrustAnchor, TrustStore } from '../model/store.js';
import { describeKey } from '../x509/index.js';
import {
  STORE_DIFF_SCHEMA_VERSION,
  type DiffPresence,
  type DiffRoot,
  type PairDiff,
  type SameKeyPair,
  type StoreDiff,
} from './types.js';

export interface DiffOptions {
  now: Date;
}

/**
 * Pure: compare trust stores by certificate identity (sha256 of the DER) and by key identity (subject DER + SPKI),
 * so a root re-issued with the same key is "same key, different certificate" rather than one removed and one added.
 */
export function diffStores(stores: readonly TrustStore[], opts: DiffOptions): StoreDiff {
  const now = opts.now.getTime();
  const bySha = new Map<string, { anchor: TrustAnchor; presence: (DiffPresence | null)[] }>();
  const keysPerStore = stores.map((s) => new Set(s.anchors.map((a) => a.identity ?? keyIdentity(a.cert))));

  stores.forEach((store, i) => {
    for (const a of store.anchors) {
      let row = bySha.get(a.fingerprint);
      if (!row) {
        row = { anchor: a, presence: stores.map(() => null) };
        bySha.set(a.fingerprint, row);
      }
      // A store holding the same certificate twice: the first copy speaks for it (loaders already dedupe).
      row.presence[i] ??= {
        serverAuth: a.serverAuth,
        distrustAfter: a.distrustAfter?.toISOString() ?? null,
        source: a.source,
      };
      if (row.anchor.label === undefined && a.label !== undefined) row.anchor = a;
    }
  });

  const roots: DiffRoot[] = [];
  for (const { anchor, presence } of bySha.values()) {
    const cert = anchor.cert;
    const id = keyIdentity(cert);
    roots.push({
      sha256: cert.sha256,
      subject: cert.subject.text,
      key: describeKey(cert),
      notBefore: cert.notBefore.toISOString(),
      notAfter: cert.notAfter.toISOString(),
      expired: cert.notAfter.getTime() < now,
      keyIdentity: id,
      label: anchor.label ?? null,
      presence,
      membership: presence.map((p, i) => (p ? 'cert' : keysPerStore[i]!.has(id) ? 'key' : 'none')),
    });
  }
  roots.sort(compareRoots);

  return {
    schemaVersion: STORE_DIFF_SCHEMA_VERSION,
    now: opts.now.toISOString(),
    stores: stores.map((s) => ({
      name: s.name,
      description: s.description,
      count: s.anchors.length,
      serverAuth: s.anchors.filter((a) => a.serverAuth).length,
    })),
    pair: stores.length === 2 ? pairView(stores[0]!.name, stores[1]!.name, roots) : null,
    roots,
  };
}

function pairView(a: string, b: string, roots: DiffRoot[]): PairDiff {
  const onlyA = roots.filter((r) => r.presence[0] && !r.presence[1]);
  const onlyB = roots.filter((r) => !r.presence[0] && r.presence[1]);
  const both = roots.filter((r) => r.presence[0] && r.presence[1]);

  // A key (subject + SPKI) held by both stores, under at least one certificate that only one of them has.
  const sameKey = new Map<string, SameKeyPair>();
  const pairOf = (r: DiffRoot): SameKeyPair => {
    let p = sameKey.get(r.keyIdentity);
    if (!p) {
      p = { subject: r.subject, keyIdentity: r.keyIdentity, a: [], b: [], both: [] };
      sameKey.set(r.keyIdentity, p);
    }
    return p;
  };
  for (const r of onlyA) if (r.membership[1] === 'key') pairOf(r).a.push(r);
  for (const r of onlyB) if (r.membership[0] === 'key') pairOf(r).b.push(r);
  for (const r of both) sameKey.get(r.keyIdentity)?.both.push(r);
  const pairs = [...sameKey.values()].sort((x, y) => cmp(x.subject, y.subject) || cmp(x.keyIdentity, y.keyIdentity));
  const paired = new Set(pairs.flatMap((p) => [...p.a, ...p.b].map((r) => r.sha256)));

  return {
    a,
    b,
    onlyInA: onlyA.filter((r) => !paired.has(r.sha256)),
    onlyInB: onlyB.filter((r) => !paired.has(r.sha256)),
    sameKeyDifferentCert: pairs,
    trustDiffers: both.filter(
      (r) =>
        r.presence[0]!.serverAuth !== r.presence[1]!.serverAuth ||
        r.presence[0]!.distrustAfter !== r.presence[1]!.distrustAfter,
    ),
    common: { count: both.length, roots: both },
  };
}

/** Deterministic order: subject text, then sha256 (code-point order, not locale). */
export function compareRoots(x: { subject: string; sha256: string }, y: { subject: string; sha256: string }): number {
  return cmp(x.subject, y.subject) || cmp(x.sha256, y.sha256);
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
