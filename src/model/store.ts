import type { Certificate } from './certificate.js';

/**
 * A trust anchor is not just a certificate: it carries where it came from and what the store says about it.
 */
export interface TrustAnchor {
  cert: Certificate;
  /** The store's name (the SPEC as given, e.g. "mozilla", "system", "./corp-roots.pem"). */
  store: string;
  /** The file (and block) it was read from, or "certdata.txt:<label>" for the Mozilla data. */
  source: string;
  /** sha256 of the DER, lowercase hex (same as cert.sha256; repeated for provenance output). */
  fingerprint: string;
  /** Websites trust bit. Stores without trust bits (PEM bundles, node) say true. */
  serverAuth: boolean;
  /** Mozilla CKA_NSS_SERVER_DISTRUST_AFTER: leaves issued (notBefore) after this are not anchored. */
  distrustAfter?: Date;
  /** Free-form label from the store (certdata CKA_LABEL), when known. */
  label?: string;
  /**
   * The subject's raw DER in hex, and the key identity (`keyIdentity(cert)`), set by the store loaders without
   * parsing the certificate, so indexing a store costs no parse (`cert` of a loaded anchor is parsed on first read).
   * Absent on anchors made by hand; readers fall back to the certificate.
   */
  subjectKey?: string;
  identity?: string;
}

export interface StoreSourceFile {
  path: string;
  /** Certificates read from it. */
  certificates: number;
  /** Set when the file could not be read or parsed (the store still loads what it could). */
  error?: string;
}

export type StoreKind = 'system' | 'mozilla' | 'node' | 'file' | 'folder' | 'certdata';

export interface TrustStore {
  /** The SPEC as the user gave it (also the name used in reports). */
  name: string;
  kind: StoreKind;
  /** One line: "Mozilla NSS 3.123.1 (certdata.txt)", "Go's system roots on linux: /etc/ssl/certs/ca-certificates.crt", ... */
  description: string;
  /** Every anchor, including ones without the websites trust bit (serverAuth false): they are not TLS anchors. */
  anchors: TrustAnchor[];
  /** Files read or tried, in order. */
  sources: StoreSourceFile[];
  /** Problems found while loading (unreadable file, parse errors, duplicates, not supported on this OS). */
  problems: string[];
  /** NSS version for Mozilla data, platform notes, etc. */
  meta: Record<string, string>;
}
