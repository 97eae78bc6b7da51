import type { TrustStore } from '../model/store.js';
import { listStores, loadStore, type StoreListing } from '../trust/index.js';
import { packageRoot } from '../util/package-root.js';
import { SessionError } from './errors.js';

/** Where stores are read from: the environment, the platform, the folder relative paths start from, and `now`. */
export interface StoreContext {
  env: Record<string, string | undefined>;
  platform: NodeJS.Platform;
  cwd: string;
  now: Date;
}

/** What Go users mean by "trusted": the store Go reads, and Mozilla's for comparison. */
export const DEFAULT_STORES = ['system', 'mozilla'] as const;

/** Loads every --store SPEC (or the defaults). A SPEC that cannot be loaded at all is a one-line user error. */
export async function loadStores(specs: readonly string[] | undefined, io: StoreContext): Promise<TrustStore[]> {
  const list = specs && specs.length ? specs : [...DEFAULT_STORES];
  const seen = new Set<string>();
  for (const spec of list) {
    if (seen.has(spec)) throw new SessionError(`--store "${spec}" given twice`);
    seen.add(spec);
  }
  const ctx = { env: io.env, platform: io.platform, packageRoot: packageRoot(), cwd: io.cwd, now: io.now };
  try {
    return await Promise.all(list.map((spec) => loadStore(spec, ctx)));
  } catch (err) {
    if (err instanceof SessionError) throw err;
    const e = err as Error;
    if (e && (e.name === 'StoreError' || e.name === 'CertInputError')) throw new SessionError(e.message);
    throw err;
  }
}

/**
 * The public store that suspected interception is judged against: Mozilla's, from the chosen stores when it is
 * one of them, else loaded for the comparison alone. Null when it cannot be loaded (the check is then left out).
 */
export async function loadReference(stores: readonly TrustStore[], io: StoreContext): Promise<TrustStore | null> {
  const chosen = stores.find((s) => s.kind === 'mozilla');
  if (chosen) return chosen;
  try {
    return (await loadStores(['mozilla'], io))[0] ?? null;
  } catch {
    return null;
  }
}

/** `chaindbg stores`: each store with its files, counts and problems (a SPEC that fails is a row, not an error). */
export function storeListing(specs: readonly string[], io: StoreContext): Promise<StoreListing> {
  return listStores({ env: io.env, platform: io.platform, packageRoot: packageRoot(), cwd: io.cwd }, io.now, [...specs]);
}
