/**
 * Test PKIs for capture tests, made at test time by the lab's generator (src/lab) with a pinned `now`. Capture does
 * not validate, so only the bytes and their order matter.
 *
 *   root (self-signed CA) -> intermediate (CA) -> leaf (localhost, 127.0.0.1)
 *   unrelated (self-signed, no link to the others)
 */
import { type KeySpec, buildPki } from '../../../src/lab/pki.js';

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
