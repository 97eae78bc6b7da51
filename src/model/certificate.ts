/**
 * The parsed view of one X.509 certificate. Everything the path builder, the validator and the renderers need is
 * read once, at parse time, into plain values: nothing downstream touches ASN.1 again.
 */

/** One attribute of a distinguished name, in the order it appears (RDN by RDN). */
export interface NameAttribute {
  /** Dotted OID, e.g. "2.5.4.3". */
  oid: string;
  /** Short name when known ("CN", "O", "OU", "C", "L", "ST", "emailAddress", ...), else the dotted OID. */
  type: string;
  /** The value as text (strings decoded; other types as #hex). */
  value: string;
}

export interface DistinguishedName {
  /** The raw DER of the Name (the SEQUENCE), used for issuer/subject matching as Go does. */
  der: Uint8Array;
  /** RFC 4514-style rendering, most-significant RDN last as in OpenSSL's "CN=x, O=y, C=z" order of appearance reversed. */
  text: string;
  attributes: NameAttribute[];
}

export type KeyType = 'rsa' | 'rsa-pss' | 'ec' | 'ed25519' | 'ed448' | 'dsa' | 'unknown';

export interface PublicKeyInfo {
  type: KeyType;
  /** Modulus size for RSA, field size for EC (256, 384, 521), 256 for Ed25519. */
  bits: number;
  /** Named curve for EC keys: "P-256", "P-384", "P-521", or the OID when unknown. */
  curve?: string;
  /** The DER of SubjectPublicKeyInfo (what node:crypto takes as { format: 'der', type: 'spki' }). */
  spki: Uint8Array;
  /** sha256 of the SPKI, lowercase hex (key identity across re-issued certificates). */
  spkiSha256: string;
}

export type HashName = 'md5' | 'sha1' | 'sha224' | 'sha256' | 'sha384' | 'sha512' | 'none' | 'unknown';

export interface SignatureAlgorithm {
  oid: string;
  /** Human name: "sha256WithRSAEncryption", "ecdsa-with-SHA384", "rsassa-pss", "ed25519", ... */
  name: string;
  hash: HashName;
  /** For RSASSA-PSS: the parameters from the AlgorithmIdentifier. */
  pss?: { hash: HashName; mgf1Hash: HashName; saltLength: number };
}

export interface BasicConstraints {
  ca: boolean;
  pathLen?: number;
  critical: boolean;
}

/** GeneralName subtrees of a name-constraints extension, by kind. */
export interface NameConstraintSet {
  dns: string[];
  /** "10.0.0.0/8", "2001:db8::/32" */
  ip: string[];
  email: string[];
  uri: string[];
  /** Directory names as DER + text. */
  dn: DistinguishedName[];
  /** Kinds present that chaindbg cannot evaluate (otherName, x400, ...): an honest validator must fail closed on them. */
  unsupported: string[];
}

export interface NameConstraints {
  critical: boolean;
  permitted?: NameConstraintSet;
  excluded?: NameConstraintSet;
}

export interface SubjectAltNames {
  dns: string[];
  ip: string[];
  email: string[];
  uri: string[];
  /** Kinds we only count (otherName, dirName, registeredID...). */
  other: string[];
}

export interface ExtensionInfo {
  oid: string;
  name: string;
  critical: boolean;
  /** True when chaindbg understands and processes this extension (unknown critical ones are findings). */
  known: boolean;
}

export interface Certificate {
  /** The exact bytes as received or read. */
  der: Uint8Array;
  /** sha256 of der, lowercase hex: the certificate's identity everywhere in chaindbg. */
  sha256: string;
  /** sha1 of der, lowercase hex (what OpenSSL and some UIs print). */
  sha1: string;
  version: number;
  /** Serial number, lowercase hex without leading zeros (or "0"). */
  serial: string;
  subject: DistinguishedName;
  issuer: DistinguishedName;
  notBefore: Date;
  notAfter: Date;
  publicKey: PublicKeyInfo;
  signatureAlgorithm: SignatureAlgorithm;
  /** The DER of TBSCertificate: what the issuer signed. */
  tbs: Uint8Array;
  /** The signature bits (for ECDSA: the DER-encoded Ecdsa-Sig-Value). */
  signature: Uint8Array;
  /** Subject key identifier, lowercase hex. */
  ski?: string;
  /** Authority key identifier keyIdentifier, lowercase hex. */
  aki?: string;
  basicConstraints?: BasicConstraints;
  /** Key usage bit names set ("digitalSignature", "keyCertSign", ...); undefined when the extension is absent. */
  keyUsage?: string[];
  /** EKU OIDs; undefined when the extension is absent. */
  extKeyUsage?: string[];
  san?: SubjectAltNames;
  nameConstraints?: NameConstraints;
  /** AIA caIssuers and OCSP URLs. */
  aia: { caIssuers: string[]; ocsp: string[] };
  /** Embedded SCT list (1.3.6.1.4.1.11129.2.4.2), raw extension value when present. */
  sctList?: Uint8Array;
  /** TLS feature extension (RFC 7633, "must-staple"), raw extension value when present; see ocsp/must-staple.ts. */
  tlsFeature?: Uint8Array;
  extensions: ExtensionInfo[];
  /** subject.der equals issuer.der. */
  selfIssued: boolean;
  /** Whether the subjectAltName extension is marked critical (RFC 5280: required when the subject is empty). */
  sanCritical?: boolean;
  /** Which fields the authorityKeyIdentifier carries, when the extension is present. */
  akiFields?: { keyIdentifier: boolean; authorityCertIssuer: boolean; authorityCertSerialNumber: boolean };
}

/** Where a certificate came from, in the order the user (or server) gave it. */
export interface CertificateSource {
  cert: Certificate;
  /** e.g. "chain.pem#2" or "tls:certificate[1]" or "/etc/ssl/certs/ca-certificates.crt#57" */
  origin: string;
}
