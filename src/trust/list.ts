import { SCHEMA_VERSION } from '../model/report.js';
import { auditStore, type StoreAudit } from './audit.js';
import type { StoreContext } from './context.js';
import { BUILTIN_STORES, loadStore } from './load.js';
import type { StoreKind, StoreSourceFile, TrustStore } from '../model/store.js';

/** Every chaindbg JSON document carries the one schema version (docs/json.md). */
/** Every chaindbg JSON document carries the one schema version (docs/json.md). */
export const STORE_LISTING_SCHEMA_VERSION = SCHEMA_VERSION;

export interface StoreListingEntry {
  name: string;
  kind: StoreKind | null;
  description: string;
  /** Anchors in the store. */
  count: number;
  /** Anchors with the websites trust bit. */
  serverAuth: number;
  nssVersion: string | null;
  sources: StoreSourceFile[];
  /** Load problems (unreadable files, duplicates, unsupported platform), then one line per expired root at now. */
  problems: string[];
  audit: StoreAudit | null;
  meta: Record<string, string>;
  /** Set when the store could not be loaded at all. */
  error: string | null;
}

/** JSON-ready: schemaVersion first, `now` the only time. */
export interface StoreListing {
  schemaVersion: number;
  now: string;
  stores: StoreListingEntry[];
}

/** For `chaindbg stores`: load each built-in store (or the given specs) and audit it at now. */
export async function listStores(ctx: StoreContext, now: Date, specs: readonly string[] = BUILTIN_STORES): Promise<StoreListing> {
  const stores: StoreListingEntry[] = [];
  for (const spec of specs) {
    try {
      stores.push(listingEntry(await loadStore(spec, ctx), now));
    } catch (err) {
      stores.push({
        name: spec,
        kind: null,
        description: '',
        count: 0,
        serverAuth: 0,
        nssVersion: null,
        sources: [],
        problems: [],
        audit: null,
        meta: {},
        error: (err as Error).message.split('\n')[0]!,
      });
    }
  }
  return { schemaVersion: STORE_LISTING_SCHEMA_VERSION, now: now.toISOString(), stores };
}

/** Pure: one store's listing entry at now. */
export function listingEntry(store: TrustStore, now: Date): StoreListingEntry {
  const audit = auditStore(store, now);
  const problems = [...store.problems];
  for (const e of audit.expired) problems.push(`expired root: ${e.subject} (notAfter ${e.notAfter}, sha256 ${e.sha256.slice(0, 16)}) from ${e.source}`);
  for (const e of audit.notYetValid) problems.push(`root not yet valid: ${e.subject} (notBefore ${e.notBefore}, sha256 ${e.sha256.slice(0, 16)})`);
  const meta: Record<string, string> = {};
  for (const k of Object.keys(store.meta).sort()) meta[k] = store.meta[k]!;
  return {
    name: store.name,
    kind: store.kind,
    description: store.description,
    count: store.anchors.length,
    serverAuth: audit.serverAuth,
    nssVersion: store.meta.nssVersion ?? null,
    sources: store.sources.map((s) => ({ ...s })),
    problems,
    audit,
    meta,
    error: null,
  };
}
