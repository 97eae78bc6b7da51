import type { StoreVerdict } from '../model/report.js';
import type { TrustStore } from '../model/store.js';
import type { Certificate } from '../model/certificate.js';
import { identity } from '../path/index.js';
import { makeFinding } from './findings.js';
import type { Finding } from '../model/finding.js';

/**
 * Issuers public hosts are known to use. Go's endpoints at Google (proxy.golang.org, sum.golang.org,
 * index.golang.org, golang.org, go.dev) are served by Google's front ends with Google Trust Services certificates.
 * A leaf for one of them from another issuer that no public store trusts is what a TLS-inspecting proxy produces.
 */
export const KNOWN_ISSUERS: ReadonlyArray<{ hosts: RegExp; organizations: string[]; note: string }> = [
  {
    hosts: /^(proxy\.golang\.org|sum\.golang\.org|index\.golang\.org|golang\.org|go\.dev|pkg\.go\.dev|storage\.googleapis\.com)$/i,
    organizations: ['Google Trust Services', 'Google Trust Services LLC'],
    note: "Google's Go endpoints use Google Trust Services certificates",
  },
];

export interface InterceptionInput {
  sent: Certificate[];
  host: string | null;
  stores: TrustStore[];
  verdicts: StoreVerdict[];
  /** A public store to compare against (Mozilla's), with its verdict on this chain; null when unavailable. */
  reference: { store: TrustStore; verdict: StoreVerdict } | null;
}


/**
 * INTERCEPTION_SUSPECTED (pure): the chain validates only to a root that the system store holds and the public
 * store does not (TLS-inspecting middleboxes install such roots), or a well-known host presents a leaf from an issuer
 * it is not known to use while no public store trusts the chain.
 */
export function interceptionFindings(input: InterceptionInput): Finding[] {
  const { reference } = input;
  const out: Finding[] = [];
  const leaf = input.sent[0];
  if (!leaf || !reference) return out;
  // Only a trusted system store needs the public store's key identities: built on first use, not per report.
  let publicKeys: Set<string> | null = null;
  const isPublic = (cert: Certificate): boolean =>
    (publicKeys ??= new Set(reference.store.anchors.filter((a) => a.serverAuth).map((a) => a.identity ?? identity(a.cert)))).has(identity(cert));
  const expected = input.host ? KNOWN_ISSUERS.find((k) => k.hosts.test(input.host!)) : undefined;
  const issuerOrg = leaf.issuer.attributes.find((a) => a.type === 'O')?.value ?? null;
  const unexpectedIssuer = !!expected && !expected.organizations.includes(issuerOrg ?? '');
  input.verdicts.forEach((verdict) => {
    const store = input.stores.find((s) => s.name === verdict.name);
    if (!store || store.kind !== 'system' || !verdict.trusted) return;
    const anchorSha = verdict.path.at(-1);
    const anchor = store.anchors.find((a) => a.fingerprint === anchorSha);
    if (!anchor || reference.verdict.trusted || isPublic(anchor.cert)) return;
    out.push(
      makeFinding('INTERCEPTION_SUSPECTED', 'warning', null, verdict.name, {
        reason: 'root-not-public',
        root: anchor.cert.subject.text,
        rootSha256: anchor.fingerprint,
        rootSource: anchor.source,
        reference: reference.store.name,
        host: input.host,
        issuer: leaf.issuer.text,
        expectedIssuers: unexpectedIssuer ? expected!.organizations : null,
      }),
    );
  });
  if (out.length === 0 && unexpectedIssuer && !reference.verdict.trusted) {
    out.push(
      makeFinding('INTERCEPTION_SUSPECTED', 'warning', 0, null, {
        reason: 'unexpected-issuer',
        root: input.sent.at(-1)!.selfIssued ? input.sent.at(-1)!.subject.text : null,
        host: input.host,
        issuer: leaf.issuer.text,
        expectedIssuers: expected!.organizations,
        reference: reference.store.name,
        note: expected!.note,
      }),
    );
  }
  return out;
}

/**
 * Whether interceptionFindings could say anything with a public store to compare against: a leaf, and a system
 * store among those chosen or a host whose issuers are known. Without either the reference store is not needed,
 * and the session does not load it.
 */
export function interceptionNeedsReference(input: { sent: Certificate[]; host: string | null; stores: readonly TrustStore[] }): boolean {
  if (input.sent.length === 0) return false;
  if (input.stores.some((s) => s.kind === 'system')) return true;
  return input.host !== null && KNOWN_ISSUERS.some((k) => k.hosts.test(input.host!));
}
