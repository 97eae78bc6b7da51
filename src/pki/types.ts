/**
 * The description of a PKI the builder makes (src/pki/build.ts), and what it returns. One description language for
 * the lab, the tests, the fuzzer's seeds and the bench: every field a test needs to break a certificate on purpose.
 */
import type { KeyObject } from 'node:crypto';

/**
 * `rsa` followed by the modulus size in bits: rsa2048, rsa4096, or a size that breaks a chain on purpose (rsa1024,
 * rsa768, rsa2047: not a multiple of 8). ec-p224 is a curve Go and the Web PKI refuse.
 */
export type KeySpec = `rsa${number}` | 'ec-p224' | 'ec-p256' | 'ec-p384' | 'ed25519';

/**
 * A distinguished name written as in RFC 4514 text: most specific attribute first (`{ CN, O, C }` reads
 * "CN=x, O=y, C=z"). It is encoded in DER in the reverse order (C first), one attribute per RDN, the way real
 * certificates are. Keys are short names (CN, O, OU, C, L, ST, serialNumber, emailAddress, DC) or dotted OIDs; use
 * the pair-list form to repeat a type (e.g. two OUs or DCs).
 */
export type NameSpec = Readonly<Record<string, string>> | ReadonlyArray<readonly [string, string]>;

export type KeyUsageName =
  | 'digitalSignature'
  | 'nonRepudiation'
  | 'keyEncipherment'
  | 'dataEncipherment'
  | 'keyAgreement'
  | 'keyCertSign'
  | 'cRLSign'
  | 'encipherOnly'
  | 'decipherOnly';

/** 'default' derives the value (SKI from the key, AKI from the issuer's key), 'omit' leaves the extension out. */
export type KeyIdSpec = 'default' | 'omit' | { hex: string };

/** One side of a NameConstraints extension (RFC 5280 4.2.1.10). */
export interface NameConstraintSpec {
  dns?: string[];
  /** CIDR: "10.0.0.0/8", "2001:db8::/32". */
  ip?: string[];
  /** Directory names. */
  dn?: NameSpec[];
  /** rfc822Name subtrees: a mailbox ("a@example.com"), a host ("example.com") or a domain (".example.com"). */
  email?: string[];
  /** uniformResourceIdentifier subtrees: a host ("example.com") or a domain (".example.com"). */
  uri?: string[];
  /** Adds an otherName subtree (UPN), a kind chaindbg cannot evaluate. */
  otherName?: boolean;
}

/**
 * One GeneralName of a subjectAltName, written as given (text as its bytes, unchecked), so a test can write what a
 * CA should not: an rfc822Name that is no address, an iPAddress of the wrong length, a GeneralName of any tag.
 */
export type AltNameSpec =
  | { dns: string }
  | { email: string }
  | { uri: string }
  /** An IPv4 or IPv6 literal (an IPv4-mapped "::ffff:1.2.3.4" is written as 16 bytes). */
  | { ip: string }
  /** iPAddress with these exact bytes (any length). */
  | { ipBytes: Uint8Array }
  /** A whole GeneralName, tag and all, as DER. */
  | { rawDer: Uint8Array };

/** An extension written as given: its value is the DER that goes inside extnValue. */
export interface RawExtension {
  oid: string;
  critical: boolean;
  der: Uint8Array;
}

export interface PkiNodeSpec {
  subject: NameSpec;
  /** The issuing node's id; absent for a self-signed certificate. */
  issuer?: string;
  /** Key type (default ec-p256). Ignored when sameKeyAs is set or the PKI's `keys` gives this node's key. */
  key?: KeySpec;
  /** Reuse another node's key pair: a cross-sign or a re-issue of the same CA. */
  sameKeyAs?: string;
  /** Basic constraints CA flag. */
  ca?: boolean;
  /** Written whenever given (on a leaf too, to break it on purpose). */
  pathLen?: number;
  /** Default: present, critical on CAs and non-critical on leaves. */
  basicConstraints?: 'omit' | 'critical' | 'noncritical';
  /** Default: CAs get keyCertSign + cRLSign + digitalSignature; leaves digitalSignature (+ keyEncipherment for RSA). */
  keyUsage?: KeyUsageName[] | 'omit';
  /**
   * 'serverAuth', 'clientAuth', 'codeSigning', 'emailProtection', 'timeStamping', 'ocspSigning', 'any', 'netscapeSGC',
   * 'msSGC', or dotted OIDs. Omitted when absent.
   */
  eku?: string[];
  /** DNS names and IP literals. */
  sans?: string[];
  /** More subjectAltName entries, written after `sans` exactly as given. */
  altNames?: AltNameSpec[];
  /** Marks subjectAltName critical (default non-critical). */
  sanCritical?: boolean;
  /** 1 writes a version 1 certificate: no extensions at all, whatever else the node says. Default 3. */
  version?: 1 | 3;
  /** A critical NameConstraints extension. */
  nameConstraints?: { permitted?: NameConstraintSpec; excluded?: NameConstraintSpec };
  /** Day offsets from now ([-30, 60]) or absolute dates. Default: CAs [-3650, 3650], leaves [-30, 60]. */
  validity?: readonly [number, number] | { notBefore: Date; notAfter: Date };
  /** Hex serial; default derived from the node id (stable, positive, at most 16 bytes). */
  serial?: string;
  ski?: KeyIdSpec;
  /** 'wrong' writes a key id that matches no key (derived from the node id). */
  aki?: KeyIdSpec | 'wrong';
  /** AIA caIssuers URLs. */
  aiaIssuers?: string[];
  /** Adds the TLS feature extension with status_request (RFC 7633, "OCSP must-staple"). */
  mustStaple?: boolean;
  /** More extensions, written last as given (an unknown critical extension, for instance). */
  extensions?: RawExtension[];
  /** Signature hash; default sha384 for P-384 issuers, sha256 otherwise (ignored for Ed25519). */
  hash?: 'md5' | 'sha1' | 'sha256' | 'sha384' | 'sha512';
}

export interface PkiSpec {
  now: Date;
  nodes: Readonly<Record<string, PkiNodeSpec>>;
  /**
   * Private keys to use instead of generating them, by node id (a node that owns its key: not one with sameKeyAs).
   * Lets a caller reuse keys across builds (a re-issued root, or a test file that keeps its RSA keys).
   */
  keys?: Readonly<Record<string, KeyObject>>;
}

export interface PkiNode {
  id: string;
  spec: PkiNodeSpec;
  der: Uint8Array;
  pem: string;
  /** PKCS#8 PEM of the node's private key. */
  keyPem: string;
  privateKey: KeyObject;
  /** The type of the node's key (its own, or the sameKeyAs owner's). */
  keySpec: KeySpec;
  /** RFC 4514-style text of the subject, as written in the spec ("CN=x, O=y, C=z"). */
  subjectText: string;
  /** Issuer node id (the node's own id when self-signed). */
  issuer: string;
  sha256: string;
  serial: string;
  notBefore: Date;
  notAfter: Date;
  ski: string | null;
  aki: string | null;
}

export interface Pki {
  readonly now: Date;
  /** Node ids in spec order. */
  readonly ids: readonly string[];
  node(id: string): PkiNode;
  der(id: string): Uint8Array;
  pem(id: string): string;
  keyPem(id: string): string;
  /** The PEM blocks of the given nodes concatenated in the order given. */
  chainPem(ids: readonly string[]): string;
}
