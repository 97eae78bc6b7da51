import { createRequire } from 'node:module';
import type * as Asn1js from 'asn1js';

const load = createRequire(import.meta.url);
let mod: typeof Asn1js | undefined;

/**
 * asn1js, loaded on first use (as pkijs is, src/util/lazy-pkijs.ts): the fast DER reader handles ordinary
 * certificates without it, so most runs never load its 50 KB. Loaded from node_modules, never bundled, so it is the
 * one instance pkijs uses too (schemas compare by class). Node >= 20.19 loads the ES module through require().
 */
export const asn1js: typeof Asn1js = new Proxy({} as typeof Asn1js, {
  get: (_target, key) => (mod ??= load('asn1js') as typeof Asn1js)[key as keyof typeof Asn1js],
});
