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
 * A node without `issuer` is self-signed; a node without `ca` is a CA when something names it as issuer or when it is
 * self-signed, else a leaf. `sameAs: 'x'` makes a cross-sign: the subject and key of node x, issued by `issuer`.
 * Certificates are assembled with pkijs and signed with node:crypto (so SHA-1 and MD5 work too); keys are cached per (node name, key type) for the life of the test file.
 */
import { createHash, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { parseCertificate, toPem } from '../../src/x509/index.js';
import type { Certificate } from '../../src/model/certificate.js';

export type KeyKind = 'p256' | 'p384' | 'rsa2048' | 'rsa1024' | 'ed25519' | 'p224' | `rsa${number}`;
export type KeyIdMode = 'present' | 'absent' | 'wrong';

export interface NameConstraintSpec {
  dns?: string[];
  /** CIDR: "10.0.0.0/8", "2001:db8::/32". */
  ip?: string[];
  /** Directory names as attribute lists, e.g. [['O', 'Acme']]. */
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
  /** EKU OIDs (or 'serverAuth' / 'clientAuth' / 'any'); null = no extension. Default: leaves serverAuth, CAs none. */
  eku?: string[] | null;
  /** DNS names and IP addresses (detected by shape). */
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

const keyCache = new Map<string, KeyPair>();
let serialCounter = 1;

export async function makePki<K extends string>(spec: Record<K, NodeSpec>, options: PkiOptions = {}): Promise<Pki<K>> {
  const names = Object.keys(spec) as K[];
  const out = {} as Pki<K>;
  const issuersOf = new Set(names.map((n) => (spec[n] as NodeSpec).issuer).filter(Boolean));
  const pending = new Set(names);
  while (pending.size > 0) {
    let progressed = false;
    for (const name of [...pending]) {
      const node = spec[name] as NodeSpec;
      const deps = [node.issuer, node.sameAs].filter((d): d is string => !!d && d !== name);
      if (deps.some((d) => !(d in spec))) throw new Error(`pki: ${name} refers to an unknown node`);
      if (deps.some((d) => pending.has(d as K))) continue;
      out[name] = await makeNode(name, spec, out as Record<string, PkiNode>, issuersOf.has(name), options);
      pending.delete(name);
      progressed = true;
    }
    if (!progressed) throw new Error('pki: issuer cycle in the description');
  }
  return out;
}

function subjectOf(name: string, spec: Record<string, NodeSpec>): Array<[string, string]> {
  const node = spec[name]!;
  if (node.sameAs) return subjectOf(node.sameAs, spec);
  return node.subject ?? [['CN', node.cn ?? name]];
}

function keyNameOf(name: string, spec: Record<string, NodeSpec>): string {
  const node = spec[name]!;
  return node.sameAs ? keyNameOf(node.sameAs, spec) : name;
}

function keyKindOf(name: string, spec: Record<string, NodeSpec>): KeyKind {
  return spec[keyNameOf(name, spec)]!.key ?? 'p256';
}

const ATTR_OIDS: Record<string, string> = {
  CN: '2.5.4.3',
  C: '2.5.4.6',
  L: '2.5.4.7',
  ST: '2.5.4.8',
  O: '2.5.4.10',
  OU: '2.5.4.11',
  serialNumber: '2.5.4.5',
  DC: '0.9.2342.19200300.100.1.25',
};

function rdns(attrs: Array<[string, string]>): pkijs.RelativeDistinguishedNames {
  return new pkijs.RelativeDistinguishedNames({
    typesAndValues: attrs.map(
      ([k, v]) =>
        new pkijs.AttributeTypeAndValue({
          type: ATTR_OIDS[k] ?? k,
          value: k === 'C' ? new asn1js.PrintableString({ value: v }) : new asn1js.Utf8String({ value: v }),
        }),
    ),
  });
}

/** DER of a Name made of the given attributes, one per RDN, in order. */
export function nameDer(attrs: Array<[string, string]>): Uint8Array {
  return der(rdns(attrs).toSchema());
}

function keysFor(name: string, kind: KeyKind): KeyPair {
  const id = `${name}/${kind}`;
  let k = keyCache.get(id);
  if (!k) {
    k = generate(kind);
    keyCache.set(id, k);
  }
  return k;
}

function generate(kind: KeyKind): KeyPair {
  switch (kind) {
    case 'p256':
      return generateKeyPairSync('ec', { namedCurve: 'P-256' });
    case 'p384':
      return generateKeyPairSync('ec', { namedCurve: 'P-384' });
    case 'ed25519':
      return generateKeyPairSync('ed25519');
    case 'rsa1024':
      return generateKeyPairSync('rsa', { modulusLength: 1024 });
    case 'p224':
      return generateKeyPairSync('ec', { namedCurve: 'P-224' });
    default:
      if (kind !== 'rsa2048' && kind.startsWith('rsa')) return generateKeyPairSync('rsa', { modulusLength: Number(kind.slice(3)) });
      return generateKeyPairSync('rsa', { modulusLength: 2048 });
  }
}

const SIG_OIDS: Record<string, Record<string, string>> = {
  rsa: {
    'SHA-1': '1.2.840.113549.1.1.5',
    'SHA-256': '1.2.840.113549.1.1.11',
    'SHA-384': '1.2.840.113549.1.1.12',
    MD5: '1.2.840.113549.1.1.4',
  },
  ec: { 'SHA-1': '1.2.840.10045.4.1', 'SHA-256': '1.2.840.10045.4.3.2', 'SHA-384': '1.2.840.10045.4.3.3' },
};

function signatureAlgorithm(kind: KeyKind, hash: string): pkijs.AlgorithmIdentifier {
  if (kind === 'ed25519') return new pkijs.AlgorithmIdentifier({ algorithmId: '1.3.101.112' });
  const family = kind === 'p256' || kind === 'p384' || kind === 'p224' ? 'ec' : 'rsa';
  const oid = SIG_OIDS[family]![hash];
  if (!oid) throw new Error(`pki: no ${hash} signature for ${kind}`);
  return new pkijs.AlgorithmIdentifier({
    algorithmId: oid,
    ...(family === 'rsa' ? { algorithmParams: new asn1js.Null() } : {}),
  });
}

function ext(oid: string, critical: boolean, value: Uint8Array): pkijs.Extension {
  return new pkijs.Extension({ extnID: oid, critical, extnValue: value.slice().buffer });
}

function keyUsageBits(names: string[]): Uint8Array {
  const order = ['digitalSignature', 'nonRepudiation', 'keyEncipherment', 'dataEncipherment', 'keyAgreement', 'keyCertSign', 'cRLSign', 'encipherOnly', 'decipherOnly'];
  const bits = names.map((n) => {
    const i = order.indexOf(n);
    if (i < 0) throw new Error(`pki: unknown key usage ${n}`);
    return i;
  });
  const bytes = new Uint8Array(bits.some((b) => b >= 8) ? 2 : 1);
  for (const b of bits) bytes[b >> 3]! |= 0x80 >> (b & 7);
  return der(new asn1js.BitString({ valueHex: bytes, unusedBits: 0 }));
}

async function makeNode(
  name: string,
  spec: Record<string, NodeSpec>,
  done: Record<string, PkiNode>,
  isIssuer: boolean,
  options: PkiOptions,
): Promise<PkiNode> {
  const node = spec[name]!;
  const keys = keysFor(keyNameOf(name, spec), keyKindOf(name, spec));
  const issuerName = node.issuer ?? name;
  const issuerKeys = node.issuer ? done[node.issuer]!.keys : keys;
  const issuerKind = keyKindOf(issuerName, spec);
  const original = node.sameAs ? spec[node.sameAs]! : node;
  const ca = node.ca ?? original.ca ?? (isIssuer || !node.issuer || node.sameAs !== undefined);
  const spki = new Uint8Array(keys.publicKey.export({ type: 'spki', format: 'der' }));
  const issuerSpki = new Uint8Array(issuerKeys.publicKey.export({ type: 'spki', format: 'der' }));

  const extensions: pkijs.Extension[] = [];
  if (node.basicConstraints !== 'absent') {
    const bc = new pkijs.BasicConstraints({ cA: ca, ...(node.pathLen !== undefined ? { pathLenConstraint: node.pathLen } : {}) });
    extensions.push(ext('2.5.29.19', node.basicConstraints !== 'noncritical', der(bc.toSchema())));
  }
  const ku = node.keyUsage === undefined ? (ca ? ['digitalSignature', 'keyCertSign', 'cRLSign'] : ['digitalSignature']) : node.keyUsage;
  if (ku) extensions.push(ext('2.5.29.15', true, keyUsageBits(ku)));
  const eku = node.eku === undefined ? (ca ? null : ['serverAuth']) : node.eku;
  if (eku) {
    const map: Record<string, string> = {
      serverAuth: '1.3.6.1.5.5.7.3.1',
      clientAuth: '1.3.6.1.5.5.7.3.2',
      email: '1.3.6.1.5.5.7.3.4',
      any: '2.5.29.37.0',
      netscapeSGC: '2.16.840.1.113730.4.1',
      msSGC: '1.3.6.1.4.1.311.10.3.3',
      other: '2.4.1.2.3',
    };
    const value = new pkijs.ExtKeyUsage({ keyPurposes: eku.map((e) => map[e] ?? e) });
    extensions.push(ext('2.5.29.37', false, der(value.toSchema())));
  }
  if ((node.sans && node.sans.length > 0) || (node.sanEntries && node.sanEntries.length > 0)) {
    const altNames: Uint8Array[] = (node.sans ?? []).map((v) =>
      /^[\d.]+$/.test(v) || v.includes(':')
        ? der(new pkijs.GeneralName({ type: 7, value: new asn1js.OctetString({ valueHex: new Uint8Array(ipToBytes(v)) }) }).toSchema() as asn1js.AsnType)
        : der(new pkijs.GeneralName({ type: 2, value: v }).toSchema() as asn1js.AsnType),
    );
    for (const e of node.sanEntries ?? []) altNames.push(sanEntry(e));
    extensions.push(ext('2.5.29.17', node.sanCritical ?? false, sequenceOf(altNames)));
  }
  const skiMode = node.ski ?? 'present';
  if (skiMode !== 'absent') {
    const id = skiMode === 'wrong' ? randomId(name) : keyId(spki);
    extensions.push(ext('2.5.29.14', false, der(new asn1js.OctetString({ valueHex: id }))));
  }
  const akiMode = node.aki ?? (node.issuer ? 'present' : 'absent');
  if (akiMode !== 'absent') {
    const id = akiMode === 'wrong' ? randomId(`${name}-aki`) : keyId(issuerSpki);
    const aki = new asn1js.Sequence({
      value: [new asn1js.Primitive({ idBlock: { tagClass: 3, tagNumber: 0 }, valueHex: id })],
    });
    extensions.push(ext('2.5.29.35', false, der(aki)));
  }
  if (node.permitted || node.excluded) extensions.push(nameConstraints(node.permitted, node.excluded));
  for (const x of node.extraExtensions ?? []) extensions.push(ext(x.oid, x.critical, x.value));
  if (node.unknownCriticalExtension) {
    extensions.push(ext('1.3.6.1.4.1.55738.666.1', true, new Uint8Array([0x05, 0x00])));
  }
  if (node.caIssuers) {
    const aia = new asn1js.Sequence({
      value: [
        new asn1js.Sequence({
          value: [
            new asn1js.ObjectIdentifier({ value: '1.3.6.1.5.5.7.48.2' }),
            new asn1js.Primitive({ idBlock: { tagClass: 3, tagNumber: 6 }, valueHex: Buffer.from(node.caIssuers) }),
          ],
        }),
      ],
    });
    extensions.push(ext('1.3.6.1.5.5.7.1.1', false, der(aia)));
  }

  const hash = node.hash ?? 'SHA-256';
  const alg = signatureAlgorithm(issuerKind, hash);
  const cert = new pkijs.Certificate({
    version: node.v1 ? 0 : 2,
    serialNumber: new asn1js.Integer({ valueHex: new Uint8Array([0x01, (serialCounter >> 16) & 0xff, (serialCounter >> 8) & 0xff, serialCounter & 0xff]) }),
    signature: alg,
    issuer: rdns(subjectOf(issuerName, spec)),
    subject: rdns(subjectOf(name, spec)),
    notBefore: new pkijs.Time({ type: 1, value: new Date(node.notBefore ?? options.notBefore ?? DEFAULT_NOT_BEFORE) }),
    notAfter: new pkijs.Time({ type: 1, value: new Date(node.notAfter ?? options.notAfter ?? DEFAULT_NOT_AFTER) }),
    subjectPublicKeyInfo: pkijs.PublicKeyInfo.fromBER(spki),
    ...(node.v1 ? {} : { extensions }),
  });
  serialCounter++;
  const tbs = new Uint8Array(cert.encodeTBS().toBER());
  const nodeHash = issuerKind === 'ed25519' ? null : hash.replace('SHA-', 'sha').replace('MD5', 'md5');
  const signature = sign(nodeHash, tbs, { key: issuerKeys.privateKey, dsaEncoding: 'der' });
  const seq = new asn1js.Sequence({
    value: [asn1js.fromBER(tbs).result, alg.toSchema(), new asn1js.BitString({ valueHex: signature })],
  });
  const bytes = der(seq);
  return { name, der: bytes, cert: parseCertificate(bytes), keys, pem: toPem(bytes) };
}

function nameConstraints(permitted?: NameConstraintSpec, excluded?: NameConstraintSpec): pkijs.Extension {
  const subtrees = (s: NameConstraintSpec): pkijs.GeneralSubtree[] => {
    const out: pkijs.GeneralSubtree[] = [];
    for (const d of s.dns ?? []) out.push(new pkijs.GeneralSubtree({ base: new pkijs.GeneralName({ type: 2, value: d }) }));
    for (const cidr of s.ip ?? []) {
      const [addr, bits] = cidr.split('/') as [string, string];
      const a = ipToBytes(addr);
      const mask = new Uint8Array(a.length);
      for (let i = 0; i < Number(bits); i++) mask[i >> 3]! |= 0x80 >> (i & 7);
      out.push(
        new pkijs.GeneralSubtree({
          base: new pkijs.GeneralName({ type: 7, value: new asn1js.OctetString({ valueHex: new Uint8Array([...a, ...mask]) }) }),
        }),
      );
    }
    for (const dn of s.dn ?? []) {
      const rdn = new pkijs.RelativeDistinguishedNames({ schema: asn1js.fromBER(nameDer(dn)).result });
      out.push(new pkijs.GeneralSubtree({ base: new pkijs.GeneralName({ type: 4, value: rdn }) }));
    }
    for (const e of s.email ?? []) out.push(new pkijs.GeneralSubtree({ base: new pkijs.GeneralName({ type: 1, value: e }) }));
    for (const u of s.uri ?? []) out.push(new pkijs.GeneralSubtree({ base: new pkijs.GeneralName({ type: 6, value: u }) }));
    if (s.otherName) {
      const other = new asn1js.Constructed({
        idBlock: { tagClass: 3, tagNumber: 0 },
        value: [
          new asn1js.ObjectIdentifier({ value: '1.3.6.1.4.1.311.20.2.3' }),
          new asn1js.Constructed({ idBlock: { tagClass: 3, tagNumber: 0 }, value: [new asn1js.Utf8String({ value: 'x' })] }),
        ],
      });
      // pkijs cannot encode an otherName GeneralName: hand it a subtree that encodes itself.
      const raw = new asn1js.Sequence({ value: [other] });
      out.push({ toSchema: () => raw } as unknown as pkijs.GeneralSubtree);
    }
    return out;
  };
  const nc = new pkijs.NameConstraints({
    ...(permitted ? { permittedSubtrees: subtrees(permitted) } : {}),
    ...(excluded ? { excludedSubtrees: subtrees(excluded) } : {}),
  });
  return ext('2.5.29.30', true, der(nc.toSchema()));
}

/** One GeneralName of a SAN from Go's test notation (see NodeSpec.sanEntries), as DER. */
function sanEntry(entry: string): Uint8Array {
  const colon = entry.indexOf(':');
  const kind = entry.slice(0, colon);
  const v = entry.slice(colon + 1);
  const tlv = (tag: number, body: Uint8Array) => der(new asn1js.Primitive({ idBlock: { tagClass: 3, tagNumber: tag }, valueHex: body }));
  switch (kind) {
    case 'dns':
      return tlv(2, Buffer.from(v, 'latin1'));
    case 'email':
      return tlv(1, Buffer.from(v, 'latin1'));
    case 'uri':
      return tlv(6, Buffer.from(v, 'latin1'));
    case 'ip':
      return tlv(7, new Uint8Array(ipToBytes(v)));
    case 'invalidip':
      return tlv(7, Buffer.from(v, 'hex'));
    case 'raw':
      return Buffer.from(v, 'hex');
    default:
      throw new Error(`pki: unknown SAN entry ${entry}`);
  }
}

function sequenceOf(items: Uint8Array[]): Uint8Array {
  const body = Buffer.concat(items);
  const len = body.length < 128 ? [body.length] : body.length < 256 ? [0x81, body.length] : [0x82, body.length >> 8, body.length & 0xff];
  return new Uint8Array([0x30, ...len, ...body]);
}

function ipToBytes(addr: string): number[] {
  if (!addr.includes(':')) return addr.split('.').map(Number);
  const v4 = /^(.*:)(\d+\.\d+\.\d+\.\d+)$/.exec(addr);
  if (v4) {
    // An embedded IPv4 tail (::ffff:1.2.3.4) is the last two groups.
    const q = v4[2]!.split('.').map(Number);
    return ipToBytes(`${v4[1]}${((q[0]! << 8) | q[1]!).toString(16)}:${((q[2]! << 8) | q[3]!).toString(16)}`);
  }
  const [head, tail] = addr.split('::') as [string, string | undefined];
  const h = head ? head.split(':') : [];
  const t = tail ? tail.split(':') : [];
  const groups = [...h, ...Array(8 - h.length - t.length).fill('0'), ...t].map((g) => parseInt(g, 16));
  return groups.flatMap((g) => [g >> 8, g & 0xff]);
}

function der(v: asn1js.AsnType): Uint8Array {
  return new Uint8Array(v.toBER());
}

function keyId(spki: Uint8Array): Uint8Array {
  return new Uint8Array(createHash('sha1').update(spki).digest());
}

function randomId(seed: string): Uint8Array {
  return new Uint8Array(createHash('sha1').update(`wrong:${seed}`).digest());
}

/** "CN=leaf -> CN=int -> CN=root" */
export function pathString(certs: Certificate[]): string {
  return certs.map((c) => c.subject.text).join(' -> ');
}
