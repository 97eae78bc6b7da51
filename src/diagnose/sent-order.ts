import { checkValidity, identity, indexAnchors } from '../path/index.js';
import type { TrustStore } from '../model/store.js';
import { compareNames, sameNameDer } from '../x509/names.js';
import { verifySignature } from '../x509/verify.js';
import type { Certificate } from '../model/certificate.js';
import type { Finding } from '../model/finding.js';
import { makeFinding } from './findings.js';

const issues = (issuer: Certificate, child: Certificate): boolean =>
  sameNameDer(child.issuer, issuer.subject) &&
  verifySignature(child, issuer.publicKey).ok;

/** Findings about the list as sent: duplicates, order, links that do not issue, roots sent. */
export function sentOrderFindings(sent: Certificate[], stores: TrustStore[], now: Date): Finding[] {
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
