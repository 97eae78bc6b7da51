/**
 * The store diff model: JSON-ready as it stands (strings, numbers, booleans, null, arrays), keys in a fixed order,
 * schemaVersion first. Dates are ISO 8601; the only "current" time is `now`.
 */

import { SCHEMA_VERSION } from '../model/report.js';

/** Every chaindbg JSON document carries the one schema version (docs/json.md). */
export const STORE_DIFF_SCHEMA_VERSION = SCHEMA_VERSION;

/** What one store says about one root. */
export interface DiffPresence {
  /** Websites trust bit in that store (stores without trust bits say true). */
  serverAuth: boolean;
  /** Distrust-after date (ISO) in that store, or null. */
  distrustAfter: string | null;
  /** Where the store read it. */
  source: string;
}

/** One root certificate (by sha256) and where it appears. */
export interface DiffRoot {
  sha256: string;
  subject: string;
  /** "RSA 2048", "EC P-384" */
  key: string;
  notBefore: string;
  notAfter: string;
  /** notAfter before now. */
  expired: boolean;
  /** Subject DER + SPKI: equal for a root re-issued with the same key. */
  keyIdentity: string;
  /** Label from a store that has one (certdata CKA_LABEL), else null. */
  label: string | null;
  /** One cell per store, in the order of `stores`: null when the store lacks this exact certificate. */
  presence: (DiffPresence | null)[];
  /**
   * Per store: 'cert' (this certificate), 'key' (another certificate with the same subject and key: a re-issue),
   * or 'none'.
   */
  membership: ('cert' | 'key' | 'none')[];
}

export interface DiffStoreInfo {
  name: string;
  description: string;
  count: number;
  serverAuth: number;
}

/** A CA whose key is in both stores, but at least one of its certificates is in only one of them (a re-issue). */
export interface SameKeyPair {
  subject: string;
  keyIdentity: string;
  /** Its certificates only in A. */
  a: DiffRoot[];
  /** Its certificates only in B. */
  b: DiffRoot[];
  /** Its certificates in both (a store may hold two issues of one root). */
  both: DiffRoot[];
}

/** The two-store view (present when exactly two stores are compared). */
export interface PairDiff {
  a: string;
  b: string;
  onlyInA: DiffRoot[];
  onlyInB: DiffRoot[];
  sameKeyDifferentCert: SameKeyPair[];
  /** In both stores, same certificate, but the websites trust bit or the distrust-after date differs. */
  trustDiffers: DiffRoot[];
  common: { count: number; roots: DiffRoot[] };
}

export interface StoreDiff {
  schemaVersion: number;
  now: string;
  stores: DiffStoreInfo[];
  pair: PairDiff | null;
  /** Every root of every store (the membership matrix), sorted by subject then sha256. */
  roots: DiffRoot[];
}
