import type { TrustAnchor, TrustStore } from '../model/store.js';

export interface AnchorNote {
  subject: string;
  sha256: string;
  /** ISO 8601 */
  notBefore: string;
  notAfter: string;
  source: string;
}

export interface StoreAudit {
  /** Anchors whose notAfter is before now (Go checks the anchor's validity period too: a chain through it fails). */
  expired: AnchorNote[];
  notYetValid: AnchorNote[];
  /** Anchors with a distrust-after date already passed at now (leaves issued later are not anchored). */
  distrustedAfter: (AnchorNote & { distrustAfter: string })[];
  /** Anchors without the websites trust bit. */
  notForTls: number;
  serverAuth: number;
}

/** Pure: what is wrong with a store's anchors at `now`. */
export function auditStore(store: TrustStore, now: Date): StoreAudit {
  const t = now.getTime();
  const note = (a: TrustAnchor): AnchorNote => ({
    subject: a.cert.subject.text,
    sha256: a.fingerprint,
    notBefore: a.cert.notBefore.toISOString(),
    notAfter: a.cert.notAfter.toISOString(),
    source: a.source,
  });
  const sorted = [...store.anchors].sort(
    (x, y) => cmp(x.cert.subject.text, y.cert.subject.text) || cmp(x.fingerprint, y.fingerprint),
  );
  return {
    expired: sorted.filter((a) => a.cert.notAfter.getTime() < t).map(note),
    notYetValid: sorted.filter((a) => a.cert.notBefore.getTime() > t).map(note),
    distrustedAfter: sorted
      .filter((a) => a.distrustAfter !== undefined && a.distrustAfter.getTime() < t)
      .map((a) => ({ ...note(a), distrustAfter: a.distrustAfter!.toISOString() })),
    notForTls: store.anchors.filter((a) => !a.serverAuth).length,
    serverAuth: store.anchors.filter((a) => a.serverAuth).length,
  };
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
