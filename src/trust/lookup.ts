import { keyIdentity } from '../x509/identity.js';
import type { Certificate, DistinguishedName } from '../model/certificate.js';
import type { TrustAnchor, TrustStore } from '../model/store.js';

export { keyIdentity };

/** Anchors of the store with the same subject and key as cert (the certificate itself included when present). */
export function findByKeyIdentity(store: TrustStore, cert: Certificate): TrustAnchor[] {
  const id = keyIdentity(cert);
  return store.anchors.filter((a) => (a.identity ?? keyIdentity(a.cert)) === id);
}

/** Anchors whose subject DER equals the name (candidate issuers for a certificate with that issuer). */
export function findBySubject(store: TrustStore, name: DistinguishedName | Uint8Array): TrustAnchor[] {
  const der = name instanceof Uint8Array ? name : name.der;
  const hex = Buffer.from(der).toString('hex');
  return store.anchors.filter((a) => (a.subjectKey !== undefined ? a.subjectKey === hex : equalBytes(a.cert.subject.der, der)));
}

/** The anchor with this sha256 (lowercase hex), if the store has it. */
export function findBySha256(store: TrustStore, sha256: string): TrustAnchor | undefined {
  const want = sha256.toLowerCase();
  return store.anchors.find((a) => a.fingerprint === want);
}

function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}
