import { createPublicKey, hash } from 'node:crypto';
import type * as Asn1js from 'asn1js';
import { asn1js } from '../util/lazy-asn1js.js';
import { pkijs } from '../util/lazy-pkijs.js';
import { NOT_CANONICAL, checkTree, children, content, element, latin1, notCanonical, oidString, readTlv, readWhole, type Tlv } from './der.js';
import { ATTRIBUTE_NAMES, CURVE_NAMES, EXT, KEY_USAGE_BITS, KNOWN_EXTENSIONS, OTHER_EXTENSION_NAMES, SIGNATURE_ALGORITHMS } from './oids.js';
import {
  NON_CONTEXT,
  generalNameKind,
  attributeValue,
  bytesEqual,
  escapeValue,
  formatCidr,
  formatIp,
  hex,
  parseCertificateReference,
  parseSignatureAlgorithm,
  serialHex,
} from './parse-reference.js';
import type {
  Certificate,
  DistinguishedName,
  ExtensionInfo,
  KeyType,
  NameAttribute,
  NameConstraintSet,
  NameConstraints,
  PublicKeyInfo,
  SignatureAlgorithm,
  SubjectAltNames,
} from '../model/certificate.js';

export { formatIp };

/**
 * Parses one DER certificate into the plain `Certificate` model; malformed input raises `CertParseError`.
 *
 * Two paths, one behaviour. Canonical DER in the shapes real certificates use is read here directly (about 0.1 ms);
 * anything else (BER, odd tags, unusual key encodings, every malformed or rejected input) goes to the asn1js/pkijs
 * reference parser (`parse-reference.ts`, about 3.5 ms), which gives the value or the error. The fast path never
 * decides an error itself: where it would, it steps aside (`NOT_CANONICAL`). `test/x509/fast-path.test.ts` holds the
 * two equal on every certificate under `certs/` and on damaged copies of them.
 */
export function parseCertificate(der: Uint8Array): Certificate {
  try {
    return parseCanonical(der);
  } catch (err) {
    if (err !== NOT_CANONICAL) throw err;
    return parseCertificateReference(der);
  }
}

/**
 * asn1js (and so the reference parser) refuses inputs of more than 10,000 nodes, embedded OCTET/BIT STRING contents
 * included. Every node takes at least two header bytes of its own, so below 20,000 bytes that limit cannot be reached.
 */
const MAX_FAST_LENGTH = 20_000;

const RSA = '1.2.840.113549.1.1.1';
const RSA_PSS = '1.2.840.113549.1.1.10';
const EC = '1.2.840.10045.2.1';
const KEY_TYPES: Readonly<Record<string, KeyType>> = {
  [RSA]: 'rsa',
  [RSA_PSS]: 'rsa-pss',
  [EC]: 'ec',
  '1.3.101.112': 'ed25519',
  '1.3.101.113': 'ed448',
  '1.2.840.10040.4.1': 'dsa',
};
const CURVE_BITS: Readonly<Record<string, number>> = { 'P-256': 256, 'P-384': 384, 'P-521': 521, 'P-192': 192, 'P-224': 224 };

/** The fast path; throws `NOT_CANONICAL` for anything it does not read exactly as the reference parser would. */
export function parseCanonical(input: Uint8Array): Certificate {
  if (input.length === 0 || input.length > MAX_FAST_LENGTH) notCanonical();
  const b = new Uint8Array(input);
  const root = readWhole(b);
  if (root.tag !== 0x30) notCanonical();
  checkTree(b, root);
  const top = children(b, root);
  if (top.length !== 3) notCanonical();
  const [tbs, outerAlg, sigBits] = top as [Tlv, Tlv, Tlv];
  if (tbs.tag !== 0x30 || sigBits.tag !== 0x03 || b[sigBits.body] !== 0) notCanonical();

  const items = children(b, tbs);
  let i = 0;
  let version = 0;
  if (items[0]?.tag === 0xa0) {
    const v = children(b, items[0]);
    if (v.length !== 1 || v[0]!.tag !== 0x02 || v[0]!.end - v[0]!.body !== 1) notCanonical();
    version = (b[v[0]!.body]! << 24) >> 24;
    i = 1;
  }
  const [serial, innerAlg, issuerT, validityT, subjectT, spkiT] = items.slice(i, i + 6);
  if (!spkiT || serial!.tag !== 0x02 || validityT!.tag !== 0x30 || spkiT.tag !== 0x30) notCanonical();
  if (!bytesEqual(element(b, innerAlg!), element(b, outerAlg))) notCanonical();
  const sigAlg = algorithm(b, outerAlg);

  let rest = items.slice(i + 6);
  if (rest[0]?.tag === 0x81) rest = rest.slice(1);
  if (rest[0]?.tag === 0x82) rest = rest.slice(1);
  let extensions: Tlv[] | undefined;
  if (rest[0]?.tag === 0xa3) {
    const wrapped = children(b, rest[0]);
    if (wrapped.length !== 1 || wrapped[0]!.tag !== 0x30) notCanonical();
    extensions = children(b, wrapped[0]!);
    if (extensions.length === 0) notCanonical();
    rest = rest.slice(1);
  }
  if (rest.length !== 0) notCanonical();
  if (extensions && version !== 2) notCanonical();

  const validity = children(b, validityT!);
  if (validity.length !== 2) notCanonical();
  const subject = readName(b, subjectT!);
  const issuer = readName(b, issuerT!);
  const result: Certificate = {
    der: b,
    // crypto.hash: one call, no Hash object (about 2.5x faster than createHash for certificate-sized input).
    sha256: hash('sha256', b, 'hex'),
    sha1: hash('sha1', b, 'hex'),
    version: version + 1,
    serial: serialHex(content(b, serial!)),
    subject,
    issuer,
    notBefore: readTime(b, validity[0]!),
    notAfter: readTime(b, validity[1]!),
    publicKey: readPublicKey(b, spkiT),
    signatureAlgorithm: readSignatureAlgorithm(b, outerAlg, sigAlg),
    tbs: b.slice(tbs.start, tbs.end),
    signature: b.slice(sigBits.body + 1, sigBits.end),
    aia: { caIssuers: [], ocsp: [] },
    extensions: [],
    selfIssued: bytesEqual(subject.der, issuer.der),
  };
  if (extensions) readExtensions(b, extensions, result);
  return result;
}

/** AlgorithmIdentifier ::= SEQUENCE { OID, parameters ANY OPTIONAL }: the OID and the parameters element. */
function algorithm(b: Uint8Array, t: Tlv): { oid: string; params?: Tlv } {
  if (t.tag !== 0x30) notCanonical();
  const parts = children(b, t);
  if (parts.length < 1 || parts.length > 2) notCanonical();
  return { oid: oidString(b, parts[0]!), params: parts[1] };
}

function readSignatureAlgorithm(b: Uint8Array, t: Tlv, alg: { oid: string }): SignatureAlgorithm {
  if (alg.oid === RSA_PSS) {
    // Rare: the reference code reads the RSASSA-PSS parameters through pkijs.
    try {
      const node = asn1js.fromBER(element(b, t)).result;
      return parseSignatureAlgorithm(new pkijs.AlgorithmIdentifier({ schema: node }));
    } catch {
      notCanonical();
    }
  }
  const known = SIGNATURE_ALGORITHMS[alg.oid];
  return { oid: alg.oid, name: known?.name ?? alg.oid, hash: known?.hash ?? 'unknown' };
}

/** UTCTime YYMMDDHHMMSSZ or GeneralizedTime YYYYMMDDHHMMSSZ that name a real instant; else the reference decides. */
function readTime(b: Uint8Array, t: Tlv): Date {
  const raw = latin1(b, t);
  let year: number;
  let at: number;
  if (t.tag === 0x17 && raw.length === 13) {
    const yy = Number(raw.slice(0, 2));
    year = yy >= 50 ? 1900 + yy : 2000 + yy;
    at = 2;
  } else if (t.tag === 0x18 && raw.length === 15) {
    year = Number(raw.slice(0, 4));
    at = 4;
  } else {
    return notCanonical();
  }
  if (!/^\d+Z$/.test(raw)) notCanonical();
  const [mo, d, h, mi, s] = [0, 2, 4, 6, 8].map((k) => Number(raw.slice(at + k, at + k + 2))) as [number, number, number, number, number];
  const date = new Date(Date.UTC(year, mo - 1, d, h, mi, s));
  date.setUTCFullYear(year);
  if (date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d || h > 23 || mi > 59 || s > 59) notCanonical();
  return date;
}

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** Name ::= SEQUENCE OF SET OF SEQUENCE { type OID, value ANY }, attributes in order of appearance. */
function readName(b: Uint8Array, t: Tlv): DistinguishedName {
  if (t.tag !== 0x30) notCanonical();
  const attributes: NameAttribute[] = [];
  for (const set of children(b, t)) {
    if (set.tag !== 0x31) notCanonical();
    const atvs = children(b, set);
    if (atvs.length === 0) notCanonical();
    for (const atv of atvs) {
      if (atv.tag !== 0x30) notCanonical();
      const pair = children(b, atv);
      if (pair.length !== 2) notCanonical();
      const oid = oidString(b, pair[0]!);
      attributes.push({ oid, type: ATTRIBUTE_NAMES[oid] ?? oid, value: attributeText(b, pair[1]!) });
    }
  }
  let text = '';
  for (let k = attributes.length - 1; k >= 0; k--) {
    const a = attributes[k]!;
    text += `${k === attributes.length - 1 ? '' : ', '}${a.type}=${escapeValue(a.value)}`;
  }
  return { der: b.slice(t.start, t.end), text, attributes };
}

function attributeText(b: Uint8Array, t: Tlv): string {
  switch (t.tag) {
    // One char per byte in asn1js: Numeric, Printable, Teletex, Videotex, IA5, Graphic, Visible, General, Character.
    case 0x12:
    case 0x13:
    case 0x14:
    case 0x15:
    case 0x16:
    case 0x19:
    case 0x1a:
    case 0x1b:
    case 0x1d:
      return latin1(b, t);
    case 0x0c:
      try {
        return utf8.decode(content(b, t));
      } catch {
        break;
      }
    default:
      break;
  }
  // Times (asn1js throws on some) go to the reference parser; other types as asn1js decodes them there.
  if (t.tag === 0x17 || t.tag === 0x18) notCanonical();
  let node: ReturnType<typeof asn1js.fromBER>;
  try {
    node = asn1js.fromBER(element(b, t));
  } catch {
    return notCanonical();
  }
  if (node.offset !== t.end - t.start) notCanonical();
  return attributeValue(node.result);
}

function readPublicKey(b: Uint8Array, t: Tlv): PublicKeyInfo {
  const parts = children(b, t);
  if (parts.length !== 2 || parts[1]!.tag !== 0x03) notCanonical();
  const alg = algorithm(b, parts[0]!);
  const spki = b.slice(t.start, t.end);
  const out: PublicKeyInfo = {
    type: KEY_TYPES[alg.oid] ?? 'unknown',
    bits: 0,
    spki,
    spkiSha256: hash('sha256', spki, 'hex'),
  };
  switch (out.type) {
    case 'ec':
      if (alg.params?.tag === 0x06) {
        const curveOid = oidString(b, alg.params);
        out.curve = CURVE_NAMES[curveOid] ?? curveOid;
        out.bits = CURVE_BITS[out.curve] ?? 0;
      } else {
        out.curve = 'explicit';
      }
      break;
    case 'ed25519':
      out.bits = 256;
      break;
    case 'ed448':
      out.bits = 456;
      break;
    case 'rsa':
    case 'rsa-pss':
    case 'dsa': {
      const bits = alg.oid === RSA ? rsaModulusBits(b, parts[1]!, alg.params) : 0;
      if (bits > 0) {
        out.bits = bits;
        break;
      }
      // Anything but a plain rsaEncryption key: OpenSSL decides, as in the reference parser.
      try {
        out.bits = createPublicKey({ key: Buffer.from(spki), format: 'der', type: 'spki' }).asymmetricKeyDetails?.modulusLength ?? 0;
      } catch {
        out.type = 'unknown';
      }
      break;
    }
    default:
      break;
  }
  return out;
}

/**
 * Bit length of the modulus of a plain rsaEncryption key (NULL parameters, RSAPublicKey of two positive minimal
 * INTEGERs, 512 to 16384 bits): what OpenSSL reports as modulusLength for such a key. 0 for anything else.
 */
function rsaModulusBits(b: Uint8Array, bits: Tlv, params: Tlv | undefined): number {
  if (!params || params.tag !== 0x05 || params.end !== params.body || b[bits.body] !== 0) return 0;
  try {
    const seq = readTlv(b, bits.body + 1, bits.end);
    if (seq.tag !== 0x30 || seq.end !== bits.end) return 0;
    const ints = children(b, seq);
    if (ints.length !== 2 || !positiveMinimal(b, ints[0]!) || !positiveMinimal(b, ints[1]!)) return 0;
    const n = ints[0]!;
    let first = n.body;
    if (b[first] === 0) first++;
    const top = b[first]!;
    const result = (n.end - first - 1) * 8 + (32 - Math.clz32(top));
    return result >= 512 && result <= 16384 ? result : 0;
  } catch (err) {
    if (err === NOT_CANONICAL) return 0;
    throw err;
  }
}

function positiveMinimal(b: Uint8Array, t: Tlv): boolean {
  const len = t.end - t.body;
  if (t.tag !== 0x02 || len === 0) return false;
  const first = b[t.body]!;
  if (first & 0x80) return false;
  if (first === 0) return len > 1 && (b[t.body + 1]! & 0x80) !== 0;
  return true;
}

function readExtensions(b: Uint8Array, extensions: Tlv[], out: Certificate): void {
  const seen = new Set<string>();
  for (const ext of extensions) {
    if (ext.tag !== 0x30) notCanonical();
    const parts = children(b, ext);
    let critical = false;
    if (parts.length === 3) {
      if (parts[1]!.tag !== 0x01) notCanonical();
      critical = b[parts[1]!.body] !== 0;
    } else if (parts.length !== 2) {
      notCanonical();
    }
    const valueT = parts[parts.length - 1]!;
    if (valueT.tag !== 0x04) notCanonical();
    const oid = oidString(b, parts[0]!);
    if (seen.has(oid)) notCanonical();
    seen.add(oid);
    const info: ExtensionInfo = {
      oid,
      name: KNOWN_EXTENSIONS[oid] ?? OTHER_EXTENSION_NAMES[oid] ?? oid,
      critical,
      known: oid in KNOWN_EXTENSIONS,
    };
    out.extensions.push(info);
    const raw = content(b, valueT);
    switch (oid) {
      case EXT.subjectKeyIdentifier: {
        const v = value(raw);
        if (v.tag !== 0x04) notCanonical();
        out.ski = hex(content(raw, v));
        break;
      }
      case EXT.authorityKeyIdentifier: {
        const v = value(raw);
        if (v.tag !== 0x30) notCanonical();
        const fields = { keyIdentifier: false, authorityCertIssuer: false, authorityCertSerialNumber: false };
        let last = -1;
        for (const f of children(raw, v)) {
          const order = f.tag === 0x80 ? 0 : f.tag === 0xa1 ? 1 : f.tag === 0x82 ? 2 : -1;
          if (order <= last) notCanonical();
          last = order;
          if (order === 0) {
            fields.keyIdentifier = true;
            out.aki = hex(content(raw, f));
          } else if (order === 1) {
            // GeneralNames that pkijs reads: directory names and the primitive string/address kinds.
            const names = children(raw, f);
            if (names.length === 0) notCanonical();
            for (const n of names) if (![0x81, 0x82, 0x86, 0x87, 0xa4].includes(n.tag)) notCanonical();
            names.forEach((n) => generalName(raw, n));
            fields.authorityCertIssuer = true;
          } else {
            fields.authorityCertSerialNumber = true;
          }
        }
        out.akiFields = fields;
        break;
      }
      case EXT.basicConstraints: {
        const v = value(raw);
        if (v.tag !== 0x30) notCanonical();
        const fields = children(raw, v);
        let k = 0;
        let ca = false;
        if (fields[k]?.tag === 0x01) ca = raw[fields[k++]!.body] !== 0;
        const constraints: NonNullable<Certificate['basicConstraints']> = { ca, critical };
        if (fields[k]?.tag === 0x02) {
          const n = fields[k++]!;
          if (n.end - n.body > 2) notCanonical();
          const pathLen = n.end - n.body === 1 ? (raw[n.body]! << 24) >> 24 : ((raw[n.body]! << 24) >> 16) | raw[n.body + 1]!;
          if (pathLen < 0) notCanonical();
          constraints.pathLen = pathLen;
        }
        if (k !== fields.length) notCanonical();
        out.basicConstraints = constraints;
        break;
      }
      case EXT.keyUsage: {
        const v = value(raw);
        if (v.tag !== 0x03) notCanonical();
        const bits = raw.subarray(v.body + 1, v.end);
        const names: string[] = [];
        KEY_USAGE_BITS.forEach((name, bit) => {
          if ((bits[bit >> 3] ?? 0) & (0x80 >> (bit & 7))) names.push(name);
        });
        out.keyUsage = names;
        break;
      }
      case EXT.extKeyUsage: {
        const v = value(raw);
        if (v.tag !== 0x30) notCanonical();
        // An empty list is against RFC 5280 but Go reads it (as no restriction): kept as [] for each client to judge.
        out.extKeyUsage = children(raw, v).map((p) => oidString(raw, p));
        break;
      }
      case EXT.subjectAltName: {
        const v = value(raw);
        if (v.tag !== 0x30) notCanonical();
        out.san = readSans(raw, children(raw, v));
        out.sanCritical = critical;
        break;
      }
      case EXT.nameConstraints: {
        const v = value(raw);
        if (v.tag !== 0x30) notCanonical();
        const constraints: NameConstraints = { critical };
        for (const part of children(raw, v)) {
          if (part.tag !== 0xa0 && part.tag !== 0xa1) notCanonical();
          const set = readSubtrees(
            raw,
            children(raw, part).map((st) => {
              if (st.tag !== 0x30) notCanonical();
              const base = children(raw, st)[0];
              return base ?? notCanonical();
            }),
          );
          if (part.tag === 0xa0) constraints.permitted = set;
          else constraints.excluded = set;
        }
        out.nameConstraints = constraints;
        break;
      }
      case EXT.authorityInfoAccess: {
        const v = value(raw);
        if (v.tag !== 0x30) notCanonical();
        const descriptions = children(raw, v);
        if (descriptions.length === 0) notCanonical();
        for (const d of descriptions) {
          if (d.tag !== 0x30) notCanonical();
          const pair = children(raw, d);
          if (pair.length !== 2 || pair[1]!.tag !== 0x86) notCanonical();
          const method = oidString(raw, pair[0]!);
          const url = latin1(raw, pair[1]!);
          if (method === '1.3.6.1.5.5.7.48.2') out.aia.caIssuers.push(url);
          else if (method === '1.3.6.1.5.5.7.48.1') out.aia.ocsp.push(url);
        }
        break;
      }
      case EXT.certificatePolicies:
      case EXT.crlDistributionPoints:
      case EXT.policyConstraints:
      case EXT.policyMappings:
        value(raw);
        break;
      case EXT.sctList:
        out.sctList = raw.slice();
        break;
      case EXT.tlsFeature:
        out.tlsFeature = raw.slice();
        break;
      default:
        break;
    }
  }
}

/** An extension value: one element filling the OCTET STRING, canonical all the way down. */
function value(raw: Uint8Array): Tlv {
  const t = readWhole(raw);
  checkTree(raw, t);
  return t;
}

/** A GeneralName, by context tag: strings for email/dns/uri, bytes for ip, a Name for directoryName. */
type GeneralName =
  | { type: 1 | 2 | 6; text: string }
  | { type: 7; bytes: Uint8Array }
  | { type: 4; name: DistinguishedName }
  | { type: number };

function generalName(b: Uint8Array, t: Tlv): GeneralName {
  // Not context-tagged: kept as an unknown kind, as Go skips it (see generalNameKind).
  if ((t.tag & 0xc0) !== 0x80) return { type: NON_CONTEXT | t.tag };
  const type = t.tag & 0x1f;
  const constructed = (t.tag & 0x20) !== 0;
  switch (type) {
    case 1:
    case 2:
    case 6:
      if (constructed) notCanonical();
      return { type, text: latin1(b, t) };
    case 7:
      if (constructed) notCanonical();
      return { type, bytes: content(b, t) };
    case 4: {
      if (!constructed) notCanonical();
      const inner = children(b, t);
      if (inner.length !== 1) notCanonical();
      return { type, name: readName(b, inner[0]!) };
    }
    default:
      return { type };
  }
}

function readSans(b: Uint8Array, names: Tlv[]): SubjectAltNames {
  const san: SubjectAltNames = { dns: [], ip: [], email: [], uri: [], other: [] };
  for (const t of names) {
    const n = generalName(b, t);
    if ('text' in n) (n.type === 1 ? san.email : n.type === 2 ? san.dns : san.uri).push(n.text);
    else if ('bytes' in n) {
      if (n.bytes.length !== 4 && n.bytes.length !== 16) notCanonical();
      san.ip.push(formatIp(n.bytes));
    } else san.other.push(generalNameKind(n.type));
  }
  return san;
}

function readSubtrees(b: Uint8Array, bases: Tlv[]): NameConstraintSet {
  const set: NameConstraintSet = { dns: [], ip: [], email: [], uri: [], dn: [], unsupported: [] };
  for (const t of bases) {
    const n = generalName(b, t);
    if ('text' in n) (n.type === 1 ? set.email : n.type === 2 ? set.dns : set.uri).push(n.text);
    else if ('bytes' in n) {
      if (n.bytes.length !== 8 && n.bytes.length !== 32) notCanonical();
      set.ip.push(formatCidrOrStepAside(n.bytes));
    } else if ('name' in n) set.dn.push(n.name);
    else set.unsupported.push(generalNameKind(n.type));
  }
  return set;
}

function formatCidrOrStepAside(bytes: Uint8Array): string {
  try {
    return formatCidr(bytes);
  } catch {
    return notCanonical();
  }
}
