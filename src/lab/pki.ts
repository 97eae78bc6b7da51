/**
 * The runtime PKI generator: certificates are minted at start time from a small trust-graph description, so the lab
 * never ships keys or certificates that expire. Pure apart from key generation: every validity window is relative to
 * the given `now`, serials are derived from the node id, and nothing reads the clock.
 *
 * pkijs builds the ASN.1 structures and node:crypto signs the TBSCertificate (node's ECDSA signatures are already the
 * DER Ecdsa-Sig-Value X.509 wants). @peculiar/x509's generator is not used: it needs a global reflect-metadata
 * polyfill that is not installed, and it cannot sign with Ed25519 keys held by node.
 */
import { createHash, generateKeyPair, sign, type KeyObject } from 'node:crypto';
import { isIP } from 'node:net';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { LabError } from './errors.js';

export type KeySpec = 'rsa2048' | 'rsa4096' | 'ec-p256' | 'ec-p384' | 'ed25519';

/**
 * A distinguished name written as in RFC 4514 text: most specific attribute first (`{ CN, O, C }` reads
 * "CN=x, O=y, C=z"). It is encoded in DER in the reverse order (C first), the way real certificates are. Keys are
 * short names (CN, O, OU, C, L, ST, serialNumber, emailAddress, DC) or dotted OIDs; use the pair-list form to repeat
 * a type (e.g. two OUs or DCs).
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

export interface PkiNodeSpec {
  subject: NameSpec;
  /** The issuing node's id; absent for a self-signed certificate. */
  issuer?: string;
  /** Key type (default ec-p256). Ignored when sameKeyAs is set. */
  key?: KeySpec;
  /** Reuse another node's key pair: a cross-sign or a re-issue of the same CA. */
  sameKeyAs?: string;
  /** Basic constraints CA flag (the extension is always present, critical, on CAs; present non-critical on leaves). */
  ca?: boolean;
  pathLen?: number;
  /** Default: CAs get keyCertSign + cRLSign + digitalSignature; leaves digitalSignature (+ keyEncipherment for RSA). */
  keyUsage?: KeyUsageName[] | 'omit';
  /** 'serverAuth', 'clientAuth', 'codeSigning', 'emailProtection', 'ocspSigning', or dotted OIDs. Omitted when absent. */
  eku?: string[];
  /** DNS names and IP literals. */
  sans?: string[];
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
  /** Signature hash; default sha384 for P-384 issuers, sha256 otherwise (ignored for Ed25519). */
  hash?: 'sha256' | 'sha384' | 'sha512';
}

export interface PkiSpec {
  now: Date;
  nodes: Readonly<Record<string, PkiNodeSpec>>;
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

const DAY_MS = 86_400_000;

const ATTRIBUTE_OIDS: Readonly<Record<string, string>> = {
  CN: '2.5.4.3',
  SN: '2.5.4.4',
  serialNumber: '2.5.4.5',
  C: '2.5.4.6',
  L: '2.5.4.7',
  ST: '2.5.4.8',
  street: '2.5.4.9',
  O: '2.5.4.10',
  OU: '2.5.4.11',
  emailAddress: '1.2.840.113549.1.9.1',
  DC: '0.9.2342.19200300.100.1.25',
};

const EKU_OIDS: Readonly<Record<string, string>> = {
  serverAuth: '1.3.6.1.5.5.7.3.1',
  clientAuth: '1.3.6.1.5.5.7.3.2',
  codeSigning: '1.3.6.1.5.5.7.3.3',
  emailProtection: '1.3.6.1.5.5.7.3.4',
  timeStamping: '1.3.6.1.5.5.7.3.8',
  ocspSigning: '1.3.6.1.5.5.7.3.9',
};

/** Bit positions of KeyUsage (RFC 5280 4.2.1.3). */
const KEY_USAGE_BITS: Readonly<Record<KeyUsageName, number>> = {
  digitalSignature: 0,
  nonRepudiation: 1,
  keyEncipherment: 2,
  dataEncipherment: 3,
  keyAgreement: 4,
  keyCertSign: 5,
  cRLSign: 6,
  encipherOnly: 7,
  decipherOnly: 8,
};

const OID = {
  basicConstraints: '2.5.29.19',
  keyUsage: '2.5.29.15',
  extKeyUsage: '2.5.29.37',
  subjectAltName: '2.5.29.17',
  subjectKeyIdentifier: '2.5.29.14',
  authorityKeyIdentifier: '2.5.29.35',
  authorityInfoAccess: '1.3.6.1.5.5.7.1.1',
  tlsFeature: '1.3.6.1.5.5.7.1.24',
  caIssuers: '1.3.6.1.5.5.7.48.2',
} as const;

interface KeyPair {
  spec: KeySpec;
  privateKey: KeyObject;
  spkiDer: Uint8Array;
  /** RFC 5280 method 1: sha1 of the subjectPublicKey BIT STRING contents. */
  keyId: string;
}

/** Builds every certificate of the graph. Keys are generated in parallel, one per node (or shared via sameKeyAs). */
export async function buildPki(spec: PkiSpec): Promise<Pki> {
  const now = new Date(Math.floor(spec.now.getTime() / 1000) * 1000);
  const ids = Object.keys(spec.nodes);
  const order = signingOrder(spec.nodes);

  const keyOwner = (id: string): string => {
    let cur = id;
    const seen = new Set<string>();
    for (;;) {
      const next = spec.nodes[cur]?.sameKeyAs;
      if (next === undefined) return cur;
      if (spec.nodes[next] === undefined) {
        throw new LabError('PKI_UNKNOWN_NODE', `node "${cur}" has sameKeyAs "${next}", which is not a node`, {
          node: cur,
          sameKeyAs: next,
        });
      }
      if (seen.has(cur)) throw new LabError('PKI_CYCLE', `sameKeyAs loops through "${cur}"`, { node: cur });
      seen.add(cur);
      cur = next;
    }
  };

  const owners = [...new Set(ids.map(keyOwner))];
  const generated = await Promise.all(owners.map((o) => newKeyPair(spec.nodes[o]!.key ?? 'ec-p256')));
  const keyByOwner = new Map(owners.map((o, i) => [o, generated[i]!]));
  const keyOf = (id: string): KeyPair => keyByOwner.get(keyOwner(id))!;

  const built = new Map<string, PkiNode>();
  for (const id of order) {
    built.set(id, issue(id, spec.nodes, now, keyOf, built));
  }

  const get = (id: string): PkiNode => {
    const n = built.get(id);
    if (n === undefined) throw new LabError('PKI_UNKNOWN_NODE', `no node "${id}" in this PKI`, { node: id, known: ids });
    return n;
  };
  return {
    now,
    ids,
    node: get,
    der: (id) => get(id).der,
    pem: (id) => get(id).pem,
    keyPem: (id) => get(id).keyPem,
    chainPem: (chain) => chain.map((id) => get(id).pem).join(''),
  };
}

/** Issuers before the certificates they sign; unknown references and issuer loops are typed errors. */
function signingOrder(nodes: Readonly<Record<string, PkiNodeSpec>>): string[] {
  const order: string[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (id: string, path: string[]): void => {
    const s = state.get(id);
    if (s === 'done') return;
    if (s === 'visiting') {
      throw new LabError('PKI_CYCLE', `issuer loop: ${[...path, id].join(' -> ')}`, { path: [...path, id] });
    }
    const node = nodes[id];
    if (node === undefined) {
      throw new LabError('PKI_UNKNOWN_NODE', `node "${path.at(-1)}" refers to "${id}", which is not a node`, {
        node: path.at(-1) ?? null,
        ref: id,
      });
    }
    state.set(id, 'visiting');
    if (node.issuer !== undefined && node.issuer !== id) visit(node.issuer, [...path, id]);
    state.set(id, 'done');
    order.push(id);
  };
  for (const id of Object.keys(nodes)) visit(id, []);
  return order;
}

function newKeyPair(spec: KeySpec): Promise<KeyPair> {
  const done = (resolve: (k: KeyPair) => void, reject: (e: unknown) => void) =>
    (err: Error | null, publicKey: KeyObject, privateKey: KeyObject): void => {
      if (err) {
        reject(err);
        return;
      }
      const spkiDer = new Uint8Array(publicKey.export({ format: 'der', type: 'spki' }));
      resolve({ spec, privateKey, spkiDer, keyId: keyIdOf(spkiDer) });
    };
  return new Promise((resolve, reject) => {
    const cb = done(resolve, reject);
    switch (spec) {
      case 'rsa2048':
      case 'rsa4096':
        generateKeyPair('rsa', { modulusLength: spec === 'rsa2048' ? 2048 : 4096 }, cb);
        return;
      case 'ec-p256':
      case 'ec-p384':
        generateKeyPair('ec', { namedCurve: spec === 'ec-p256' ? 'prime256v1' : 'secp384r1' }, cb);
        return;
      case 'ed25519':
        generateKeyPair('ed25519', {}, cb);
        return;
      default:
        reject(new LabError('PKI_BAD_SPEC', `unknown key type "${String(spec)}"`, { key: String(spec) }));
    }
  });
}

function keyIdOf(spkiDer: Uint8Array): string {
  const spki = pkijs.PublicKeyInfo.fromBER(toArrayBuffer(spkiDer));
  return createHash('sha1').update(spki.subjectPublicKey.valueBlock.valueHexView).digest('hex');
}

function issue(
  id: string,
  nodes: Readonly<Record<string, PkiNodeSpec>>,
  now: Date,
  keyOf: (id: string) => KeyPair,
  built: ReadonlyMap<string, PkiNode>,
): PkiNode {
  const node = nodes[id]!;
  const issuerId = node.issuer ?? id;
  const issuerSpec = nodes[issuerId]!;
  const subjectKey = keyOf(id);
  const issuerKey = keyOf(issuerId);
  const ca = node.ca ?? false;

  const [notBefore, notAfter] = validityOf(node, now, id);
  const serialDer = serialBytes(node.serial ?? createHash('sha256').update(`chaindbg-lab:${id}`).digest('hex').slice(0, 32), id);
  const sigAlg = signatureAlgorithmFor(issuerKey.spec, node.hash);

  const ski = keyIdValue(node.ski ?? 'default', subjectKey.keyId);
  const issuerSki = issuerSpec.ski !== undefined && typeof issuerSpec.ski === 'object' ? issuerSpec.ski.hex : issuerKey.keyId;
  const aki =
    node.aki === 'wrong'
      ? createHash('sha1').update(`chaindbg-lab:wrong-aki:${id}`).digest('hex')
      : keyIdValue(node.aki ?? 'default', issuerSki);

  const extensions: pkijs.Extension[] = [];
  extensions.push(
    new pkijs.Extension({
      extnID: OID.basicConstraints,
      critical: ca,
      extnValue: new pkijs.BasicConstraints({
        cA: ca,
        ...(ca && node.pathLen !== undefined ? { pathLenConstraint: node.pathLen } : {}),
      })
        .toSchema()
        .toBER(false),
    }),
  );
  const usages = node.keyUsage ?? defaultKeyUsage(ca, subjectKey.spec);
  if (usages !== 'omit') {
    extensions.push(new pkijs.Extension({ extnID: OID.keyUsage, critical: true, extnValue: keyUsageDer(usages) }));
  }
  if (node.eku !== undefined) {
    const keyPurposes = node.eku.map((e) => EKU_OIDS[e] ?? e);
    extensions.push(
      new pkijs.Extension({
        extnID: OID.extKeyUsage,
        critical: false,
        extnValue: new pkijs.ExtKeyUsage({ keyPurposes }).toSchema().toBER(false),
      }),
    );
  }
  if (node.sans !== undefined && node.sans.length > 0) {
    const names = node.sans.map((s) =>
      isIP(s) === 0
        ? new pkijs.GeneralName({ type: 2, value: s })
        : new pkijs.GeneralName({ type: 7, value: new asn1js.OctetString({ valueHex: ipBytes(s) }) }),
    );
    extensions.push(
      new pkijs.Extension({
        extnID: OID.subjectAltName,
        critical: false,
        extnValue: new pkijs.GeneralNames({ names }).toSchema().toBER(false),
      }),
    );
  }
  if (ski !== null) {
    extensions.push(
      new pkijs.Extension({
        extnID: OID.subjectKeyIdentifier,
        critical: false,
        extnValue: new asn1js.OctetString({ valueHex: hexToBytes(ski) }).toBER(false),
      }),
    );
  }
  if (aki !== null) {
    extensions.push(
      new pkijs.Extension({
        extnID: OID.authorityKeyIdentifier,
        critical: false,
        extnValue: new pkijs.AuthorityKeyIdentifier({
          keyIdentifier: new asn1js.OctetString({ valueHex: hexToBytes(aki) }),
        })
          .toSchema()
          .toBER(false),
      }),
    );
  }
  if (node.mustStaple) {
    // Features ::= SEQUENCE OF INTEGER; 5 is status_request.
    extensions.push(
      new pkijs.Extension({
        extnID: OID.tlsFeature,
        critical: false,
        extnValue: new asn1js.Sequence({ value: [new asn1js.Integer({ value: 5 })] }).toBER(false),
      }),
    );
  }
  if (node.aiaIssuers !== undefined && node.aiaIssuers.length > 0) {
    extensions.push(
      new pkijs.Extension({
        extnID: OID.authorityInfoAccess,
        critical: false,
        extnValue: new pkijs.InfoAccess({
          accessDescriptions: node.aiaIssuers.map(
            (url) =>
              new pkijs.AccessDescription({
                accessMethod: OID.caIssuers,
                accessLocation: new pkijs.GeneralName({ type: 6, value: url }),
              }),
          ),
        })
          .toSchema()
          .toBER(false),
      }),
    );
  }

  const cert = new pkijs.Certificate();
  cert.version = 2;
  cert.serialNumber = new asn1js.Integer({ valueHex: hexToBytes(serialDer) });
  cert.signature = sigAlg.identifier();
  cert.signatureAlgorithm = sigAlg.identifier();
  cert.issuer = rdnsOf(issuerSpec.subject, issuerId);
  cert.subject = rdnsOf(node.subject, id);
  cert.notBefore = timeOf(notBefore);
  cert.notAfter = timeOf(notAfter);
  cert.subjectPublicKeyInfo = pkijs.PublicKeyInfo.fromBER(toArrayBuffer(subjectKey.spkiDer));
  cert.extensions = extensions;

  const tbs = new Uint8Array(cert.encodeTBS().toBER(false));
  const signature = sign(sigAlg.nodeHash, tbs, issuerKey.privateKey);
  cert.signatureValue = new asn1js.BitString({ valueHex: signature });
  const der = new Uint8Array(cert.toSchema(true).toBER(false));

  return {
    id,
    spec: node,
    der,
    pem: toPem('CERTIFICATE', der),
    keyPem: subjectKey.privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(),
    privateKey: subjectKey.privateKey,
    keySpec: subjectKey.spec,
    subjectText: nameText(node.subject),
    issuer: issuerId,
    sha256: createHash('sha256').update(der).digest('hex'),
    serial: serialDer.replace(/^0+(?=.)/, ''),
    notBefore,
    notAfter,
    ski,
    aki,
  };
}

function validityOf(node: PkiNodeSpec, now: Date, id: string): [Date, Date] {
  const v = node.validity ?? (node.ca ? ([-3650, 3650] as const) : ([-30, 60] as const));
  const [nb, na] = 'notBefore' in v ? [v.notBefore, v.notAfter] : [new Date(now.getTime() + v[0] * DAY_MS), new Date(now.getTime() + v[1] * DAY_MS)];
  if (!(nb.getTime() <= na.getTime())) {
    throw new LabError('PKI_BAD_SPEC', `node "${id}": notBefore is after notAfter`, {
      node: id,
      notBefore: nb.toISOString(),
      notAfter: na.toISOString(),
    });
  }
  return [nb, na];
}

function keyIdValue(spec: KeyIdSpec, derived: string): string | null {
  if (spec === 'omit') return null;
  if (spec === 'default') return derived;
  return spec.hex.toLowerCase();
}

function defaultKeyUsage(ca: boolean, key: KeySpec): KeyUsageName[] {
  if (ca) return ['digitalSignature', 'keyCertSign', 'cRLSign'];
  return key.startsWith('rsa') ? ['digitalSignature', 'keyEncipherment'] : ['digitalSignature'];
}

/** KeyUsage BIT STRING with trailing zero bits trimmed (DER). */
function keyUsageDer(usages: readonly KeyUsageName[]): ArrayBuffer {
  let bits = 0;
  for (const u of usages) bits |= 1 << KEY_USAGE_BITS[u];
  if (bits === 0) return new asn1js.BitString({ valueHex: new Uint8Array(0) }).toBER(false);
  const highest = 31 - Math.clz32(bits);
  const nBytes = Math.floor(highest / 8) + 1;
  const bytes = new Uint8Array(nBytes);
  for (let i = 0; i <= highest; i++) {
    if (bits & (1 << i)) bytes[i >> 3]! |= 0x80 >> (i & 7);
  }
  const unusedBits = nBytes * 8 - (highest + 1);
  return new asn1js.BitString({ valueHex: bytes, unusedBits }).toBER(false);
}

export interface SignatureChoice {
  identifier(): pkijs.AlgorithmIdentifier;
  /** The digest name for crypto.sign (null for Ed25519). */
  nodeHash: string | null;
}

export function signatureAlgorithmFor(key: KeySpec, hash: PkiNodeSpec['hash']): SignatureChoice {
  if (key === 'ed25519') {
    return { identifier: () => new pkijs.AlgorithmIdentifier({ algorithmId: '1.3.101.112' }), nodeHash: null };
  }
  const h = hash ?? (key === 'ec-p384' ? 'sha384' : 'sha256');
  if (key === 'ec-p256' || key === 'ec-p384') {
    const oid = { sha256: '1.2.840.10045.4.3.2', sha384: '1.2.840.10045.4.3.3', sha512: '1.2.840.10045.4.3.4' }[h];
    return { identifier: () => new pkijs.AlgorithmIdentifier({ algorithmId: oid }), nodeHash: h };
  }
  const oid = { sha256: '1.2.840.113549.1.1.11', sha384: '1.2.840.113549.1.1.12', sha512: '1.2.840.113549.1.1.13' }[h];
  return {
    identifier: () => new pkijs.AlgorithmIdentifier({ algorithmId: oid, algorithmParams: new asn1js.Null() }),
    nodeHash: h,
  };
}

function nameEntries(name: NameSpec): Array<readonly [string, string]> {
  return Array.isArray(name) ? [...(name as ReadonlyArray<readonly [string, string]>)] : Object.entries(name);
}

/** RFC 4514-style text as written in the spec. */
export function nameText(name: NameSpec): string {
  return nameEntries(name)
    .map(([t, v]) => `${t}=${v.replace(/([,+"\\<>;])/g, '\\$1')}`)
    .join(', ');
}

function rdnsOf(name: NameSpec, id: string): pkijs.RelativeDistinguishedNames {
  const entries = nameEntries(name);
  if (entries.length === 0) throw new LabError('PKI_BAD_SPEC', `node "${id}" has an empty subject`, { node: id });
  const typesAndValues = entries
    .slice()
    .reverse()
    .map(([type, value]) => {
      const oid = ATTRIBUTE_OIDS[type] ?? (/^\d+(\.\d+)+$/.test(type) ? type : undefined);
      if (oid === undefined) {
        throw new LabError('PKI_BAD_SPEC', `node "${id}": unknown name attribute "${type}"`, { node: id, type });
      }
      const v =
        type === 'C' || type === 'serialNumber'
          ? new asn1js.PrintableString({ value })
          : type === 'emailAddress' || type === 'DC'
            ? new asn1js.IA5String({ value })
            : new asn1js.Utf8String({ value });
      return new pkijs.AttributeTypeAndValue({ type: oid, value: v });
    });
  // pkijs encodes a freshly built name as one multi-valued RDN; real names are one attribute per RDN, so the DER is
  // built here (SEQUENCE OF SET OF one AttributeTypeAndValue) and handed over as the already-encoded value.
  const der = new asn1js.Sequence({
    value: typesAndValues.map((tv) => new asn1js.Set({ value: [tv.toSchema()] })),
  }).toBER(false);
  return new pkijs.RelativeDistinguishedNames({ typesAndValues, valueBeforeDecode: der });
}

function timeOf(d: Date): pkijs.Time {
  const year = d.getUTCFullYear();
  return new pkijs.Time({ type: year >= 1950 && year < 2050 ? 0 : 1, value: d });
}

/** The serial's DER INTEGER content bytes as hex: minimal, and positive. */
function serialBytes(hex: string, id: string): string {
  let h = hex.toLowerCase().replace(/^0x/, '');
  if (!/^[0-9a-f]+$/.test(h)) throw new LabError('PKI_BAD_SPEC', `node "${id}": serial is not hex`, { node: id, serial: hex });
  h = h.replace(/^0+(?=.)/, '');
  if (h.length % 2 === 1) h = `0${h}`;
  // DER INTEGER is signed: a leading byte >= 0x80 would make it negative, so prefix a zero byte.
  if (parseInt(h.slice(0, 2), 16) >= 0x80) h = `00${h}`;
  return h;
}

function ipBytes(ip: string): Uint8Array {
  if (isIP(ip) === 4) return new Uint8Array(ip.split('.').map((p) => Number(p)));
  // IPv6: expand "::" then read eight 16-bit groups.
  const [head = '', tail] = ip.split('::');
  const h = head === '' ? [] : head.split(':');
  const t = tail === undefined || tail === '' ? [] : tail.split(':');
  const groups = tail === undefined ? h : [...h, ...Array<string>(8 - h.length - t.length).fill('0'), ...t];
  const out = new Uint8Array(16);
  groups.forEach((g, i) => {
    const n = parseInt(g, 16);
    out[i * 2] = n >> 8;
    out[i * 2 + 1] = n & 0xff;
  });
  return out;
}

function hexToBytes(hex: string): Uint8Array {
  return new Uint8Array(Buffer.from(hex, 'hex'));
}

function toArrayBuffer(u: Uint8Array): ArrayBuffer {
  return u.buffer.slice(u.byteOffset, u.byteOffset + u.byteLength) as ArrayBuffer;
}

export function toPem(label: string, der: Uint8Array): string {
  const b64 = Buffer.from(der).toString('base64');
  const lines = b64.match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${label}-----\n${lines.join('\n')}\n-----END ${label}-----\n`;
}
