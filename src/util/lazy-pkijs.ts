import { createRequire } from 'node:module';
import type * as Pkijs from 'pkijs';

const load = createRequire(import.meta.url);
let mod: typeof Pkijs | undefined;

/**
 * pkijs, loaded on first use. Evaluating pkijs costs about 110 ms, and most runs never need it: the fast parser
 * reads ordinary certificates itself, and OCSP staples and PKCS#7 bundles are rare. Node >= 20.19 loads the ES
 * module synchronously through require(), so callers stay synchronous.
 */
export const pkijs: typeof Pkijs = new Proxy({} as typeof Pkijs, {
  get: (_target, key) => (mod ??= load('pkijs') as typeof Pkijs)[key as keyof typeof Pkijs],
});
