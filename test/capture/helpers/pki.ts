/**
 * Test PKIs for capture tests, made at test time by the certificate builder (src/pki) with a pinned `now`. Capture does
 * not validate, so only the bytes and their order matter.
 *
 *   root (self-signed CA) -> intermediate (CA) -> leaf (localhost, 127.0.0.1)
 *   unrelated (self-signed, no link to the others)
 */
import { type KeySpec, type PkiNodeSpec, buildPki } from '../../../src/pki/index.js';

export const NOW = new Date('2025-06-01T00:00:00Z');

export interface Issued {
  der: Uint8Array;
  pem: string;
  keyPem: string;
}

export interface Chain {
  root: Issued;
  intermediate: Issued;
  leaf: Issued;
  unrelated: Issued;
}

/** root -> intermediate -> leaf (+ an unrelated self-signed certificate), all with one key type. */
export async function makeChain(key: KeySpec, leafSans: string[] = ['localhost', '127.0.0.1']): Promise<Chain> {
  const pki = await buildPki({
    now: NOW,
    nodes: {
      root: { subject: { CN: `Capture ${key} Root` }, key, ca: true },
      intermediate: { subject: { CN: `Capture ${key} Intermediate` }, issuer: 'root', key, ca: true },
      leaf: { subject: { CN: 'localhost' }, issuer: 'intermediate', key, sans: leafSans, eku: ['serverAuth'] },
      unrelated: { subject: { CN: 'Capture Unrelated' }, key: 'ec-p256', ca: true },
    },
  });
  const get = (id: string): Issued => ({ der: pki.der(id), pem: pki.pem(id), keyPem: pki.keyPem(id) });
  return { root: get('root'), intermediate: get('intermediate'), leaf: get('leaf'), unrelated: get('unrelated') };
}

export interface BigChain {
  /** leaf first, then c(k) ... c1, then root: the order a server sends. */
  ders: Uint8Array[];
  pems: string[];
  leafKeyPem: string;
}

/**
 * A chain whose Certificate message is large, for the client-limit tests:
 *
 *   root -> c1 -> c2 -> ... -> c(cas) -> leaf (localhost)
 *
 * Every CA subject carries `subjectBytes` of OU attributes (distinct per CA), so each CA certificate is about twice
 * that (its subject, and its issuer's). One shared key (sameKeyAs) keeps generation fast.
 */
export async function bigChain(cas: number, subjectBytes: number): Promise<BigChain> {
  const subject = (i: number): Array<[string, string]> => {
    const attrs: Array<[string, string]> = [['CN', `Big CA ${i}`]];
    for (let j = 0; j * 64 < subjectBytes; j++) attrs.push(['OU', `${i}.${j}-${'x'.repeat(60)}`.slice(0, 60)]);
    return attrs;
  };
  const nodes: Record<string, PkiNodeSpec> = { root: { subject: { CN: 'Big Root' }, ca: true } };
  let prev = 'root';
  for (let i = 1; i <= cas; i++) {
    nodes[`c${i}`] = { subject: subject(i), issuer: prev, ca: true, sameKeyAs: 'root' };
    prev = `c${i}`;
  }
  nodes['leaf'] = { subject: { CN: 'localhost' }, issuer: prev, sans: ['localhost'], eku: ['serverAuth'], sameKeyAs: 'root' };
  const pki = await buildPki({ now: NOW, nodes });
  const ids = ['leaf', ...Array.from({ length: cas }, (_, i) => `c${cas - i}`), 'root'];
  return { ders: ids.map((id) => pki.der(id)), pems: ids.map((id) => pki.pem(id)), leafKeyPem: pki.keyPem('leaf') };
}
