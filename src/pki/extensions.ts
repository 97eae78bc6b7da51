/** The extensions of one certificate, from its node's description. */
import { isIP } from 'node:net';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { rdnsOf } from './names.js';
import { PkiError } from './errors.js';
import type { AltNameSpec, KeySpec, KeyUsageName, NameConstraintSpec, PkiNodeSpec } from './types.js';

const EKU_OIDS: Readonly<Record<string, string>> = {
  serverAuth: '1.3.6.1.5.5.7.3.1',
  clientAuth: '1.3.6.1.5.5.7.3.2',
  codeSigning: '1.3.6.1.5.5.7.3.3',
  emailProtection: '1.3.6.1.5.5.7.3.4',
  timeStamping: '1.3.6.1.5.5.7.3.8',
  ocspSigning: '1.3.6.1.5.5.7.3.9',
  any: '2.5.29.37.0',
  netscapeSGC: '2.16.840.1.113730.4.1',
  msSGC: '1.3.6.1.4.1.311.10.3.3',
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
  nameConstraints: '2.5.29.30',
  subjectKeyIdentifier: '2.5.29.14',
  authorityKeyIdentifier: '2.5.29.35',
  authorityInfoAccess: '1.3.6.1.5.5.7.1.1',
  tlsFeature: '1.3.6.1.5.5.7.1.24',
  caIssuers: '1.3.6.1.5.5.7.48.2',
} as const;

export interface ExtensionInputs {
  id: string;
  node: PkiNodeSpec;
  keySpec: KeySpec;
  /** Hex key identifiers to write (null: the extension is left out). */
  ski: string | null;
  aki: string | null;
}

export function extensionsOf({ id, node, keySpec, ski, aki }: ExtensionInputs): pkijs.Extension[] {
  const ca = node.ca ?? false;
  const out: pkijs.Extension[] = [];
  const add = (extnID: string, critical: boolean, value: ArrayBuffer): void => {
    out.push(new pkijs.Extension({ extnID, critical, extnValue: value }));
  };
  const bc = node.basicConstraints ?? (ca ? 'critical' : 'noncritical');
  if (bc !== 'omit') {
    const value = new pkijs.BasicConstraints({
      cA: ca,
      ...(node.pathLen !== undefined ? { pathLenConstraint: node.pathLen } : {}),
    });
    add(OID.basicConstraints, bc === 'critical', value.toSchema().toBER(false));
  }
  const usages = node.keyUsage ?? defaultKeyUsage(ca, keySpec);
  if (usages !== 'omit') add(OID.keyUsage, true, keyUsageDer(usages, id));
  if (node.eku !== undefined) {
    const keyPurposes = node.eku.map((e) => EKU_OIDS[e] ?? e);
    add(OID.extKeyUsage, false, new pkijs.ExtKeyUsage({ keyPurposes }).toSchema().toBER(false));
  }
  const altNames: AltNameSpec[] = [...(node.sans ?? []).map((s) => (isIP(s) === 0 ? { dns: s } : { ip: s })), ...(node.altNames ?? [])];
  if (altNames.length > 0) {
    add(OID.subjectAltName, node.sanCritical ?? false, sequenceDer(altNames.map(generalNameDer)));
  }
  const nc = node.nameConstraints;
  if (nc !== undefined) add(OID.nameConstraints, true, nameConstraintsDer(nc.permitted, nc.excluded, id));
  if (ski !== null) add(OID.subjectKeyIdentifier, false, new asn1js.OctetString({ valueHex: hexBytes(ski) }).toBER(false));
  if (aki !== null) {
    const value = new pkijs.AuthorityKeyIdentifier({ keyIdentifier: new asn1js.OctetString({ valueHex: hexBytes(aki) }) });
    add(OID.authorityKeyIdentifier, false, value.toSchema().toBER(false));
  }
  if (node.mustStaple) {
    // Features ::= SEQUENCE OF INTEGER; 5 is status_request.
    add(OID.tlsFeature, false, new asn1js.Sequence({ value: [new asn1js.Integer({ value: 5 })] }).toBER(false));
  }
  if (node.aiaIssuers !== undefined && node.aiaIssuers.length > 0) {
    const accessDescriptions = node.aiaIssuers.map(
      (url) =>
        new pkijs.AccessDescription({
          accessMethod: OID.caIssuers,
          accessLocation: new pkijs.GeneralName({ type: 6, value: url }),
        }),
    );
    add(OID.authorityInfoAccess, false, new pkijs.InfoAccess({ accessDescriptions }).toSchema().toBER(false));
  }
  for (const e of node.extensions ?? []) add(e.oid, e.critical, e.der.slice().buffer);
  return out;
}

function defaultKeyUsage(ca: boolean, key: KeySpec): KeyUsageName[] {
  if (ca) return ['digitalSignature', 'keyCertSign', 'cRLSign'];
  return key.startsWith('rsa') ? ['digitalSignature', 'keyEncipherment'] : ['digitalSignature'];
}

/** One GeneralName as written in the spec, as DER: text as its Latin-1 bytes under its context tag, unchecked. */
function generalNameDer(name: AltNameSpec): Uint8Array {
  if ('rawDer' in name) return name.rawDer;
  const tagged = (tag: number, bytes: Uint8Array): Uint8Array =>
    new Uint8Array(new asn1js.Primitive({ idBlock: { tagClass: 3, tagNumber: tag }, valueHex: bytes }).toBER(false));
  const text = (s: string): Uint8Array => new Uint8Array(Buffer.from(s, 'latin1'));
  if ('dns' in name) return tagged(2, text(name.dns));
  if ('email' in name) return tagged(1, text(name.email));
  if ('uri' in name) return tagged(6, text(name.uri));
  if ('ip' in name) return tagged(7, ipBytes(name.ip));
  return tagged(7, name.ipBytes);
}

/** SEQUENCE { items } from already-encoded items (DER definite length). */
function sequenceDer(items: readonly Uint8Array[]): ArrayBuffer {
  const body = Buffer.concat(items);
  const n = body.length;
  const len = n < 0x80 ? [n] : n < 0x100 ? [0x81, n] : n < 0x10000 ? [0x82, n >> 8, n & 0xff] : [0x83, n >> 16, (n >> 8) & 0xff, n & 0xff];
  return new Uint8Array([0x30, ...len, ...body]).buffer;
}

/** KeyUsage BIT STRING with trailing zero bits trimmed (DER). */
function keyUsageDer(usages: readonly KeyUsageName[], id: string): ArrayBuffer {
  let bits = 0;
  for (const u of usages) {
    const bit = KEY_USAGE_BITS[u];
    if (bit === undefined) throw new PkiError('PKI_BAD_SPEC', `node "${id}": unknown key usage "${String(u)}"`, { node: id, keyUsage: String(u) });
    bits |= 1 << bit;
  }
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

/** NameConstraints ::= SEQUENCE { permittedSubtrees [0] GeneralSubtrees OPTIONAL, excludedSubtrees [1] ... } */
function nameConstraintsDer(permitted: NameConstraintSpec | undefined, excluded: NameConstraintSpec | undefined, id: string): ArrayBuffer {
  const subtrees = (s: NameConstraintSpec): asn1js.Sequence[] => {
    const bases: asn1js.AsnType[] = [];
    const general = (g: pkijs.GeneralName): asn1js.AsnType => g.toSchema() as asn1js.AsnType;
    for (const d of s.dns ?? []) bases.push(general(new pkijs.GeneralName({ type: 2, value: d })));
    for (const cidr of s.ip ?? []) {
      const [addr = '', bits = '0'] = cidr.split('/');
      const a = ipBytes(addr);
      const mask = new Uint8Array(a.length);
      for (let i = 0; i < Number(bits); i++) mask[i >> 3]! |= 0x80 >> (i & 7);
      bases.push(general(new pkijs.GeneralName({ type: 7, value: new asn1js.OctetString({ valueHex: new Uint8Array([...a, ...mask]) }) })));
    }
    for (const dn of s.dn ?? []) bases.push(general(new pkijs.GeneralName({ type: 4, value: rdnsOf(dn, id) })));
    for (const e of s.email ?? []) bases.push(general(new pkijs.GeneralName({ type: 1, value: e })));
    for (const u of s.uri ?? []) bases.push(general(new pkijs.GeneralName({ type: 6, value: u })));
    if (s.otherName) {
      // otherName [0] { type-id UPN, [0] EXPLICIT UTF8String }: pkijs cannot encode it, so it is written directly.
      bases.push(
        new asn1js.Constructed({
          idBlock: { tagClass: 3, tagNumber: 0 },
          value: [
            new asn1js.ObjectIdentifier({ value: '1.3.6.1.4.1.311.20.2.3' }),
            new asn1js.Constructed({ idBlock: { tagClass: 3, tagNumber: 0 }, value: [new asn1js.Utf8String({ value: 'x' })] }),
          ],
        }),
      );
    }
    return bases.map((base) => new asn1js.Sequence({ value: [base] }));
  };
  const parts: asn1js.AsnType[] = [];
  if (permitted) parts.push(new asn1js.Constructed({ idBlock: { tagClass: 3, tagNumber: 0 }, value: subtrees(permitted) }));
  if (excluded) parts.push(new asn1js.Constructed({ idBlock: { tagClass: 3, tagNumber: 1 }, value: subtrees(excluded) }));
  return new asn1js.Sequence({ value: parts }).toBER(false);
}

export function ipBytes(ip: string): Uint8Array {
  if (isIP(ip) === 4) return new Uint8Array(ip.split('.').map((p) => Number(p)));
  const v4Tail = /^(.*:)(\d+\.\d+\.\d+\.\d+)$/.exec(ip);
  if (v4Tail) {
    // An embedded IPv4 tail ("::ffff:1.2.3.4") is the last two 16-bit groups.
    const q = ipBytes(v4Tail[2]!);
    return ipBytes(`${v4Tail[1]}${((q[0]! << 8) | q[1]!).toString(16)}:${((q[2]! << 8) | q[3]!).toString(16)}`);
  }
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

export function hexBytes(hex: string): Uint8Array {
  return new Uint8Array(Buffer.from(hex, 'hex'));
}
