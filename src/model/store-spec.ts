/**
 * The one grammar of a store SPEC (`--store`, the TUI's store switcher, the lab's stores): a built-in name, an NSS
 * certdata.txt as `certdata:PATH`, or a PEM/DER file or folder PATH. The loader (trust/load.ts) and the TUI's
 * normalisation (tui/session-engine.ts storeLocation) both read it from here.
 */

/** The store names that are not paths. */
export const BUILTIN_STORES = ['system', 'mozilla', 'node'] as const;
export type BuiltinStore = (typeof BUILTIN_STORES)[number];

/** The prefix of an NSS certdata.txt SPEC. */
export const CERTDATA_PREFIX = 'certdata:';

export type StoreSpec =
  | { kind: 'builtin'; name: BuiltinStore }
  | { kind: 'certdata'; path: string }
  | { kind: 'path'; path: string };

/** Reads a SPEC as written (no trimming, no path resolution: that is the reader's business). */
export function parseStoreSpec(spec: string): StoreSpec {
  if ((BUILTIN_STORES as readonly string[]).includes(spec)) return { kind: 'builtin', name: spec as BuiltinStore };
  if (spec.startsWith(CERTDATA_PREFIX)) return { kind: 'certdata', path: spec.slice(CERTDATA_PREFIX.length) };
  return { kind: 'path', path: spec };
}

/** A store's own name in `--store NAME=PATH`: a letter, then letters, digits, `.`, `_` or `-` (at most 32). */
const STORE_NAME = /^([A-Za-z][A-Za-z0-9._-]{0,31})=(.+)$/s;

/**
 * Splits `NAME=PATH` (a name given to a store) from the SPEC it names; a SPEC without a name is returned whole with
 * name null. A path that itself holds `=` before any `/` is written with a `./` in front (`./a=b.pem`): `.` cannot
 * start a name. The name is only a label: findings and JSON keep the whole SPEC as the store's `name`.
 */
export function splitStoreName(spec: string): { name: string | null; spec: string } {
  const m = STORE_NAME.exec(spec);
  return m ? { name: m[1]!, spec: m[2]! } : { name: null, spec };
}
