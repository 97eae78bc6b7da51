/**
 * The shape of `certs/mozilla/roots.json`: Mozilla's root store as generated from NSS's certdata.txt by
 * `mozilla-generate.ts`, shipped inside the package so the `mozilla` store loads without network or NSS.
 */

/** 2: each root also carries its index fields (subject DER in hex, SPKI sha256), so loading parses nothing. */
export const MOZILLA_DATA_SCHEMA_VERSION = 2;

/** Where the generated data lives, relative to the package root. */
export const MOZILLA_DATA_PATH = 'certs/mozilla/roots.json';

export interface MozillaRootRecord {
  /** CKA_LABEL. */
  label: string;
  /** sha256 of the DER, lowercase hex. */
  sha256: string;
  /** Websites trust bit (CKA_TRUST_SERVER_AUTH is CKT_NSS_TRUSTED_DELEGATOR). */
  serverAuth: boolean;
  /** Email trust bit (CKA_TRUST_EMAIL_PROTECTION is CKT_NSS_TRUSTED_DELEGATOR). */
  emailProtection: boolean;
  /** CKA_NSS_SERVER_DISTRUST_AFTER as ISO 8601, or null. */
  serverDistrustAfter: string | null;
  /** CKA_NSS_EMAIL_DISTRUST_AFTER as ISO 8601, or null. */
  emailDistrustAfter: string | null;
  /** The subject's raw DER, lowercase hex: the store's index key, so loading the store parses no certificate. */
  subject: string;
  /** sha256 of the SubjectPublicKeyInfo, lowercase hex (with the subject, the key identity). */
  spkiSha256: string;
  /** The certificate, base64 DER (decoded and parsed only when a path or a listing reaches it). */
  der: string;
}

export interface MozillaData {
  schemaVersion: number;
  /** "3.123.1" */
  nssVersion: string;
  /** The certdata file it was generated from (base name). */
  source: string;
  counts: { roots: number; serverAuth: number; emailProtection: number; serverDistrustAfter: number };
  /** What the certdata parser could not reconcile (trust objects without certificates, ...). */
  problems: string[];
  /** Sorted by label, then sha256. */
  roots: MozillaRootRecord[];
}

/** Thrown when roots.json is not what the generator writes. */
export class MozillaDataError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MozillaDataError';
  }
}

/** Check the parsed JSON has the generator's shape (it is shipped data, but a user may point at an edited copy). */
export function validateMozillaData(value: unknown, where: string): MozillaData {
  const v = value as Partial<MozillaData> | null;
  if (!v || typeof v !== 'object') throw new MozillaDataError(`${where}: not a JSON object`);
  if (v.schemaVersion !== MOZILLA_DATA_SCHEMA_VERSION) {
    throw new MozillaDataError(`${where}: schemaVersion ${String(v.schemaVersion)}, expected ${MOZILLA_DATA_SCHEMA_VERSION}`);
  }
  if (typeof v.nssVersion !== 'string' || !Array.isArray(v.roots)) {
    throw new MozillaDataError(`${where}: missing nssVersion or roots`);
  }
  v.roots.forEach((r, i) => {
    const hex = (x: unknown, n?: number): boolean => typeof x === 'string' && /^[0-9a-f]*$/.test(x) && (n === undefined || x.length === n);
    if (
      typeof r?.label !== 'string' ||
      typeof r.der !== 'string' ||
      typeof r.serverAuth !== 'boolean' ||
      !hex(r.sha256, 64) ||
      !hex(r.spkiSha256, 64) ||
      !hex(r.subject) ||
      r.subject.length === 0
    ) {
      throw new MozillaDataError(`${where}: roots[${i}] is malformed`);
    }
  });
  return v as MozillaData;
}
