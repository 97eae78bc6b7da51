/**
 * Hostile certificate sets, made at test time by the certificate builder (src/pki) with a pinned `now`.
 *
 *   longChain(n):   root -> c1 -> c2 -> ... -> c(n-2) -> leaf        (n certificates, one shared CA key)
 *   bigSubject:     root -> leaf whose subject is ~64 KiB of OU attributes
 *   nestedExtensionChain(d): root -> c1 -> leaf with a nameConstraints value of d nested SEQUENCEs
 *   exponential:    root -> L1 {m certs} -> L2 {m certs} -> ... -> Lk {m certs} -> leaf
 *                   every certificate of layer i has the same subject and key, so each one verifies every
 *                   certificate of layer i+1: m^k candidate paths; the root is NOT in the store.
 */
import { nestedSequences } from '../../src/fuzz/arbitraries.js';
import { buildPki, type PkiNodeSpec } from '../../src/pki/index.js';
import type { TrustStore } from '../../src/model/store.js';
import { parseCertificate } from '../../src/x509/index.js';

export const NOW = new Date('2025-06-01T00:00:00Z');

export async function longChain(n: number): Promise<{ ders: Uint8Array[]; root: Uint8Array }> {
  const nodes: Record<string, PkiNodeSpec> = { root: { subject: { CN: 'Long Root' }, ca: true } };
  let prev = 'root';
  for (let i = 1; i <= n - 2; i++) {
    nodes[`c${i}`] = { subject: { CN: `Long CA ${i}` }, issuer: prev, ca: true, sameKeyAs: 'root' };
    prev = `c${i}`;
  }
  nodes['leaf'] = { subject: { CN: 'localhost' }, issuer: prev, sans: ['localhost'], eku: ['serverAuth'] };
  const pki = await buildPki({ now: NOW, nodes });
  const ids = ['leaf', ...Array.from({ length: n - 2 }, (_, i) => `c${n - 2 - i}`), 'root'];
  return { ders: ids.map((id) => pki.der(id)), root: pki.der('root') };
}

export async function bigSubject(bytes = 64 * 1024): Promise<{ leaf: Uint8Array; root: Uint8Array }> {
  const ou = 'x'.repeat(60);
  const attrs: Array<[string, string]> = [['CN', 'localhost']];
  for (let i = 0; i * 64 < bytes; i++) attrs.push(['OU', `${i}-${ou}`.slice(0, 60)]);
  const pki = await buildPki({
    now: NOW,
    nodes: {
      root: { subject: { CN: 'Big Subject Root' }, ca: true },
      leaf: { subject: attrs, issuer: 'root', sans: ['localhost'], eku: ['serverAuth'] },
    },
  });
  return { leaf: pki.der('leaf'), root: pki.der('root') };
}

export async function exponential(layers: number, width: number): Promise<{ sent: Uint8Array[]; root: Uint8Array }> {
  const nodes: Record<string, PkiNodeSpec> = { root: { subject: { CN: 'Exp Root' }, ca: true } };
  for (let l = layers; l >= 1; l--) {
    for (let j = 0; j < width; j++) {
      nodes[`l${l}-${j}`] = {
        subject: { CN: `Exp Layer ${l}` },
        issuer: l === layers ? 'root' : `l${l + 1}-0`,
        ca: true,
        ...(j > 0 ? { sameKeyAs: `l${l}-0` } : {}),
        validity: [-1000 - j, 1000 + j],
      };
    }
  }
  nodes['leaf'] = { subject: { CN: 'localhost' }, issuer: 'l1-0', sans: ['localhost'], eku: ['serverAuth'] };
  const pki = await buildPki({ now: NOW, nodes });
  const inter = pki.ids.filter((id) => /^l\d/.test(id));
  return { sent: [pki.der('leaf'), ...inter.map((id) => pki.der(id))], root: pki.der('root') };
}

/** root -> c1 -> leaf whose nameConstraints extension value is `depth` nested SEQUENCEs (validly signed). */
export async function nestedExtensionChain(depth: number): Promise<{ ders: Uint8Array[]; root: Uint8Array }> {
  const pki = await buildPki({
    now: NOW,
    nodes: {
      root: { subject: { CN: 'Nested Root' }, ca: true },
      c1: { subject: { CN: 'Nested CA 1' }, issuer: 'root', ca: true },
      leaf: {
        subject: { CN: 'localhost' },
        issuer: 'c1',
        sans: ['localhost'],
        eku: ['serverAuth'],
        extensions: [{ oid: '2.5.29.30', critical: true, der: nestedSequences(depth) }],
      },
    },
  });
  return { ders: ['leaf', 'c1', 'root'].map((id) => pki.der(id)), root: pki.der('root') };
}

/** A store holding the given roots (websites trust bit set). */
export function storeOf(name: string, roots: Uint8Array[]): TrustStore {
  return {
    name,
    kind: 'file',
    description: `test store ${name}`,
    anchors: roots.map((der, i) => {
      const cert = parseCertificate(der);
      return { cert, store: name, source: `${name}#${i + 1}`, fingerprint: cert.sha256, serverAuth: true };
    }),
    sources: [],
    problems: [],
    meta: {},
  };
}
