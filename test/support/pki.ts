/**
 * A test PKI made by code from a small trust-graph description, with fixed dates. For example:
 *
 *   root (self-signed CA)
 *    └── int (CA, pathLen 0)
 *         └── leaf (SAN a.example)
 *
 *   const pki = await makePki({
 *     root: { cn: 'Root' },
 *     int: { cn: 'Int', issuer: 'root', ca: true, pathLen: 0 },
 *     leaf: { cn: 'leaf', issuer: 'int', sans: ['a.example'] },
 *   });
 *
 * The short form the core tests write, translated to the one certificate builder (src/pki), which mints the bytes.
 * A node without `issuer` is self-signed; a node without `ca` is a CA when something names it as issuer or when it is
 * self-signed, else a leaf. `sameAs: 'x'` makes a cross-sign: the subject and key of node x, issued by `issuer`.
 * Keys are cached per (node name, key type) for the life of the test file; serials count up across the file.
 */
import { createHash, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import {
  buildPki,
  type AltNameSpec,
  type KeySpec,
  type KeyUsageName,
  type NameConstraintSpec as BuilderConstraints,
  type PkiNodeSpec,
} from '../../src/pki/index.js';
import { parseCertificate } from '../../src/x509/index.js';
import type { Certificate } from '../../src/model/certificate.js';

export type KeyKind = 'p256' | 'p384' | 'rsa2048' | 'rsa1024' | 'ed25519' | 'p224' | `rsa${number}`;
export type KeyIdMode = 'present' | 'absent' | 'wrong';

export interface NameConstraintSpec {
  dns?: string[];
  /** CIDR: "10.0.0.0/8", "2001:db8::/32". */
  ip?: string[];
  /** Directory names as attribute lists, most significant first, e.g. [['O', 'Acme']]. */
  dn?: Array<Array<[string, string]>>;
  /** Add an otherName subtree (a kind chaindbg cannot evaluate). */
  otherName?: boolean;
  email?: string[];
  /** URI constraints are host names or domains (".example.com"). */
  uri?: string[];
}

export interface NodeSpec {
  cn?: string;
  /** Full subject as ordered attributes (most significant first), e.g. [['C','US'],['O','Acme'],['CN','Int']]. */
  subject?: Array<[string, string]>;
  /** Name of the issuing node; absent = self-signed. */
  issuer?: string;
  /** Cross-sign: reuse that node's subject and key. */
  sameAs?: string;
  key?: KeyKind;
  ca?: boolean;
  pathLen?: number;
  /** 'absent' leaves basicConstraints out; 'noncritical' marks it non-critical. */
  basicConstraints?: 'absent' | 'noncritical';
  /** Key usage names; null = no extension. Default: CAs keyCertSign+cRLSign+digitalSignature, leaves digitalSignature. */
  keyUsage?: string[] | null;
  /**
   * EKU OIDs or names (the builder's, plus Go's test names 'email' and 'other'); null = no extension. Default: leaves
   * serverAuth, CAs none.
   */
  eku?: string[] | null;
  /** DNS names and IP addresses. */
  sans?: string[];
  /**
   * SAN entries written as Go's name-constraint tests write them: "dns:x", "ip:1.2.3.4", "email:a@b", "uri:https://x",
   * "invalidip:hex" (raw iPAddress bytes), "raw:hex" (a whole GeneralName as DER). Added after `sans`.
   */
  sanEntries?: string[];
  sanCritical?: boolean;
  /** Certificate version 1: no extensions at all. */
  v1?: boolean;
  /** Extra extensions, value as DER. */
  extraExtensions?: Array<{ oid: string; critical: boolean; value: Uint8Array }>;
  permitted?: NameConstraintSpec;
  excluded?: NameConstraintSpec;
  notBefore?: string;
  notAfter?: string;
  aki?: KeyIdMode;
  ski?: KeyIdMode;
  hash?: 'SHA-1' | 'SHA-256' | 'SHA-384' | 'MD5';
  unknownCriticalExtension?: boolean;
  /** AIA caIssuers URL. */
  caIssuers?: string;
}

export interface PkiOptions {
  notBefore?: string;
  notAfter?: string;
}

export interface PkiNode {
  name: string;
  der: Uint8Array;
  cert: Certificate;
  keys: KeyPair;
  pem: string;
}

export interface KeyPair {
  publicKey: KeyObject;
  privateKey: KeyObject;
}

export type Pki<K extends string> = Record<K, PkiNode>;

const DEFAULT_NOT_BEFORE = '2024-01-01T00:00:00Z';
const DEFAULT_NOT_AFTER = '2034-01-01T00:00:00Z';
const CURVES: Partial<Record<KeyKind, KeySpec>> = { p224: 'ec-p224', p256: 'ec-p256', p384: 'ec-p384' };
/** Go's test names for EKUs the builder knows by another name (Go's "other" is the OID 2.4.1.2.3). */
const EKU_NAMES: Record<string, string> = { email: 'emailProtection', other: '2.4.1.2.3' };
const HASHES = { 'SHA-1': 'sha1', 'SHA-256': 'sha256', 'SHA-384': 'sha384', MD5: 'md5' } as const;

const keyCache = new Map<string, KeyObject>();
let serialCounter = 1;

export async function makePki<K extends string>(spec: Record<K, NodeSpec>, options: PkiOptions = {}): Promise<Pki<K>> {
  const all = spec as Record<string, NodeSpec>;
  const names = Object.keys(all);
  const issuers = new Set(names.map((n) => all[n]!.issuer).filter(Boolean));
  const nodes: Record<string, PkiNodeSpec> = {};
  const keys: Record<string, KeyObject> = {};
  for (const name of names) {
    const node = all[name]!;
    for (const d of [node.issuer, node.sameAs]) {
      if (d !== undefined && !(d in all)) throw new Error(`pki: ${name} refers to an unknown node`);
    }
    const owner = keyOwnerOf(name, all);
    if (owner === name) keys[name] = cachedKey(name, node.key ?? 'p256');
    nodes[name] = builderNode(name, all, issuers.has(name), options);
  }
  const pki = await buildPki({ now: new Date(DEFAULT_NOT_BEFORE), nodes, keys });
  const out = {} as Pki<K>;
  for (const name of names) {
    const n = pki.node(name);
    out[name as K] = {
      name,
      der: n.der,
      cert: parseCertificate(n.der),
      keys: { privateKey: n.privateKey, publicKey: createPublicKey(n.privateKey) },
      pem: n.pem,
    };
  }
  return out;
}

function keyOwnerOf(name: string, spec: Record<string, NodeSpec>, seen = new Set<string>()): string {
  const node = spec[name]!;
  if (node.sameAs === undefined) return name;
  if (seen.has(name)) throw new Error('pki: issuer cycle in the description');
  seen.add(name);
  return keyOwnerOf(node.sameAs, spec, seen);
}

function subjectOf(name: string, spec: Record<string, NodeSpec>): Array<[string, string]> {
  const node = spec[name]!;
  if (node.sameAs) return subjectOf(node.sameAs, spec);
  return node.subject ?? [['CN', node.cn ?? name]];
}

function cachedKey(name: string, kind: KeyKind): KeyObject {
  const id = `${name}/${kind}`;
  let k = keyCache.get(id);
  if (k === undefined) {
    const curve = CURVES[kind];
    k =
      kind === 'ed25519'
        ? generateKeyPairSync('ed25519').privateKey
        : curve !== undefined
          ? generateKeyPairSync('ec', { namedCurve: `P-${curve.slice(4)}` }).privateKey
          : generateKeyPairSync('rsa', { modulusLength: Number(kind.slice(3)) }).privateKey;
    keyCache.set(id, k);
  }
  return k;
}

/** One SAN entry in Go's test notation (NodeSpec.sanEntries) as the builder's GeneralName. */
function altName(entry: string): AltNameSpec {
  const colon = entry.indexOf(':');
  const v = entry.slice(colon + 1);
  switch (entry.slice(0, colon)) {
    case 'dns':
      return { dns: v };
    case 'email':
      return { email: v };
    case 'uri':
      return { uri: v };
    case 'ip':
      return { ip: v };
    case 'invalidip':
      return { ipBytes: new Uint8Array(Buffer.from(v, 'hex')) };
    case 'raw':
      return { rawDer: new Uint8Array(Buffer.from(v, 'hex')) };
    default:
      throw new Error(`pki: unknown SAN entry ${entry}`);
  }
}

function builderNode(name: string, spec: Record<string, NodeSpec>, isIssuer: boolean, options: PkiOptions): PkiNodeSpec {
  const node = spec[name]!;
  const original = node.sameAs ? spec[node.sameAs]! : node;
  const ca = node.ca ?? original.ca ?? (isIssuer || !node.issuer || node.sameAs !== undefined);
  const keyId = (mode: KeyIdMode): 'default' | 'omit' => (mode === 'absent' ? 'omit' : 'default');
  const akiMode = node.aki ?? (node.issuer ? 'present' : 'absent');
  const serial = serialCounter++;
  const constraints = (s: NameConstraintSpec | undefined): BuilderConstraints | undefined =>
    s && {
      ...(s.dns ? { dns: s.dns } : {}),
      ...(s.ip ? { ip: s.ip } : {}),
      ...(s.dn ? { dn: s.dn.map((attrs) => [...attrs].reverse()) } : {}),
      ...(s.email ? { email: s.email } : {}),
      ...(s.uri ? { uri: s.uri } : {}),
      ...(s.otherName ? { otherName: true } : {}),
    };
  const permitted = constraints(node.permitted);
  const excluded = constraints(node.excluded);
  const eku = node.eku === undefined ? (ca ? null : ['serverAuth']) : node.eku;
  const keyUsage = node.keyUsage === undefined ? (ca ? ['digitalSignature', 'keyCertSign', 'cRLSign'] : ['digitalSignature']) : node.keyUsage;
  const out: PkiNodeSpec = {
    // The builder takes names most specific first (RFC 4514 text order); these are written most significant first.
    subject: [...subjectOf(name, spec)].reverse(),
    ...(node.issuer ? { issuer: node.issuer } : {}),
    ...(node.sameAs ? { sameKeyAs: node.sameAs } : {}),
    ca,
    ...(node.pathLen !== undefined ? { pathLen: node.pathLen } : {}),
    basicConstraints: node.basicConstraints === 'absent' ? 'omit' : node.basicConstraints === 'noncritical' ? 'noncritical' : 'critical',
    keyUsage: keyUsage === null ? 'omit' : (keyUsage as KeyUsageName[]),
    ...(eku ? { eku: eku.map((e) => EKU_NAMES[e] ?? e) } : {}),
    ...(node.sans ? { sans: node.sans } : {}),
    ...(node.sanEntries ? { altNames: node.sanEntries.map(altName) } : {}),
    ...(node.sanCritical !== undefined ? { sanCritical: node.sanCritical } : {}),
    ...(node.v1 ? { version: 1 as const } : {}),
    ...(permitted || excluded ? { nameConstraints: { ...(permitted ? { permitted } : {}), ...(excluded ? { excluded } : {}) } } : {}),
    validity: {
      notBefore: new Date(node.notBefore ?? options.notBefore ?? DEFAULT_NOT_BEFORE),
      notAfter: new Date(node.notAfter ?? options.notAfter ?? DEFAULT_NOT_AFTER),
    },
    serial: (0x01000000 + serial).toString(16),
    ski: keyId(node.ski ?? 'present'),
    aki: akiMode === 'wrong' ? 'wrong' : keyId(akiMode),
    ...(node.ski === 'wrong' ? { ski: { hex: createHash('sha1').update(`wrong:${name}`).digest('hex') } } : {}),
    ...(node.caIssuers ? { aiaIssuers: [node.caIssuers] } : {}),
    extensions: [
      ...(node.extraExtensions ?? []).map((x) => ({ oid: x.oid, critical: x.critical, der: x.value })),
      ...(node.unknownCriticalExtension ? [{ oid: '1.3.6.1.4.1.55738.666.1', critical: true, der: new Uint8Array([0x05, 0x00]) }] : []),
    ],
    hash: HASHES[node.hash ?? 'SHA-256'],
  };
  return out;
}

/** "CN=leaf -> CN=int -> CN=root" */
export function pathString(certs: Certificate[]): string {
  return certs.map((c) => c.subject.text).join(' -> ');
}
