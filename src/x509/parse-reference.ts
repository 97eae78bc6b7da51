import { createHash, createPublicKey } from 'node:crypto';
import type * as Asn1js from 'asn1js';
import { asn1js } from '../util/lazy-asn1js.js';
import type * as Pkijs from 'pkijs';
import { pkijs } from '../util/lazy-pkijs.js';
import { CertParseError } from './errors.js';
import {
  ATTRIBUTE_NAMES,
  CURVE_NAMES,
  EXT,
  HASH_OIDS,
  KEY_USAGE_BITS,
  KNOWN_EXTENSIONS,
  OTHER_EXTENSION_NAMES,
  SIGNATURE_ALGORITHMS,
} from './oids.js';
import type {
  BasicConstraints,
  Certificate,
  DistinguishedName,
  ExtensionInfo,
  HashName,
  KeyType,
  NameAttribute,
  NameConstraintSet,
  NameConstraints,
  PublicKeyInfo,
  SignatureAlgorithm,
  SubjectAltNames,
} from '../model/certificate.js';

/**
 * The limits asn1js applies (its defaults, which chaindbg keeps), by the error text it reports. Reaching one is not
 * malformed DER: a valid certificate with 20,000 SANs has more than 10,000 nodes. Say which limit, and its value.
 */
const asn1Limits = (): ReadonlyArray<{ error: string; what: string; value: number; unit: string }> => [
  { error: 'Maximum ASN.1 node count exceeded', what: 'ASN.1 node count', value: asn1js.DEFAULT_MAX_NODES, unit: 'nodes' },
  { error: 'Maximum ASN.1 nesting depth exceeded', what: 'ASN.1 nesting depth', value: asn1js.DEFAULT_MAX_DEPTH, unit: 'levels' },
  { error: 'Maximum ASN.1 content length exceeded', what: 'ASN.1 content length', value: asn1js.DEFAULT_MAX_CONTENT_LENGTH, unit: 'bytes' },
];

/** "refused: limit reached: ..." for an asn1js limit error, else null. */
export function limitMessage(error: string | undefined): string | null {
  // Read only when an error is reported: asn1js itself loads on first use (util/lazy-asn1js.ts).
  const limit = asn1Limits().find((l) => l.error === error);
  return limit ? `refused: limit reached: more than ${limit.value} ${limit.unit} (chaindbg's ${limit.what} limit; the certificate may be valid, but it is too large to read)` : null;
}

/**
 * The reference parser: one DER certificate into the plain `Certificate` model through asn1js/pkijs schemas; the checks
 * that Go's `x509.ParseCertificate` applies on top (matching signature algorithms, no duplicate extensions, well-formed
 * known extensions, strict UTCTime/GeneralizedTime) raise `CertParseError`. About 3.5 ms a certificate: `parse.ts`
 * reads well-formed DER itself and comes here only for what it does not accept, so that every error and every odd
 * encoding keeps exactly this behaviour.
 */
export function parseCertificateReference(der: Uint8Array): Certificate {
  const bytes = new Uint8Array(der);
  const asn1 = fromBerSafe(bytes);
  if (asn1 === null) throw new CertParseError('not DER: malformed time or string value', 0);
  if (asn1.offset === -1) throw new CertParseError(limitMessage(asn1.result.error) ?? `not DER: ${asn1.result.error || 'ASN.1 decoding failed'}`, 0);
  if (asn1.offset !== bytes.length) {
    throw new CertParseError(`trailing data after the certificate (${bytes.length - asn1.offset} bytes)`, asn1.offset);
  }
  const root = asn1.result;
  let cert: Pkijs.Certificate;
  try {
    cert = new pkijs.Certificate({ schema: root });
  } catch (err) {
    throw new CertParseError(`not an X.509 certificate: ${oneLine(err)}`, 0);
  }

  const rootItems = (root as Asn1js.Sequence).valueBlock.value;
  const tbsSeq = rootItems[0] as Asn1js.Sequence;
  const tbsItems = tbsSeq.valueBlock.value;
  const hasVersion = tbsItems[0]?.idBlock.tagClass === 3 && tbsItems[0]?.idBlock.tagNumber === 0;
  const at = (i: number): Asn1js.AsnType => {
    const item = tbsItems[i + (hasVersion ? 1 : 0)];
    if (!item) throw new CertParseError('truncated TBSCertificate');
    return item;
  };
  const innerSigAlg = at(1).valueBeforeDecodeView;
  const outerSigAlg = rootItems[1]!.valueBeforeDecodeView;
  if (!bytesEqual(innerSigAlg, outerSigAlg)) {
    throw new CertParseError('inner and outer signature algorithm identifiers do not match');
  }
  const validity = (at(3) as Asn1js.Sequence).valueBlock.value;
  if (validity.length !== 2) throw new CertParseError('validity is not two times');
  const notBefore = parseTime(validity[0]!, 'notBefore');
  const notAfter = parseTime(validity[1]!, 'notAfter');

  const subject = parseName(at(4).valueBeforeDecodeView, cert.subject);
  const issuer = parseName(at(2).valueBeforeDecodeView, cert.issuer);
  const spki = copy(at(5).valueBeforeDecodeView);

  const signatureBits = cert.signatureValue.valueBlock;
  if (signatureBits.unusedBits !== 0) throw new CertParseError('signature BIT STRING has unused bits');

  const result: Certificate = {
    der: bytes,
    sha256: hash('sha256', bytes),
    sha1: hash('sha1', bytes),
    version: cert.version + 1,
    serial: serialHex(cert.serialNumber.valueBlock.valueHexView),
    subject,
    issuer,
    notBefore,
    notAfter,
    publicKey: parsePublicKey(spki, cert.subjectPublicKeyInfo),
    signatureAlgorithm: parseSignatureAlgorithm(cert.signatureAlgorithm),
    tbs: copy(cert.tbsView),
    signature: copy(signatureBits.valueHexView),
    aia: { caIssuers: [], ocsp: [] },
    extensions: [],
    selfIssued: bytesEqual(subject.der, issuer.der),
  };
  if (cert.version !== 2 && cert.extensions && cert.extensions.length > 0) {
    throw new CertParseError(`version ${cert.version + 1} certificate carries extensions`);
  }
  parseExtensions(cert.extensions ?? [], result);
  return result;
}

function parseExtensions(extensions: Pkijs.Extension[], out: Certificate): void {
  const seen = new Set<string>();
  for (const ext of extensions) {
    const oid = ext.extnID;
    if (seen.has(oid)) throw new CertParseError(`duplicate extension ${oid}`);
    seen.add(oid);
    const known = oid in KNOWN_EXTENSIONS;
    const info: ExtensionInfo = {
      oid,
      name: KNOWN_EXTENSIONS[oid] ?? OTHER_EXTENSION_NAMES[oid] ?? oid,
      critical: ext.critical,
      known,
    };
    out.extensions.push(info);
    const raw = ext.extnValue.valueBlock.valueHexView;
    switch (oid) {
      case EXT.subjectKeyIdentifier: {
        const v = decode(raw, info.name);
        if (!(v instanceof asn1js.OctetString)) throw new CertParseError('subjectKeyIdentifier is not an OCTET STRING');
        out.ski = hex(v.valueBlock.valueHexView);
        break;
      }
      case EXT.authorityKeyIdentifier: {
        const aki = typed(raw, info.name, pkijs.AuthorityKeyIdentifier);
        if (aki.keyIdentifier) out.aki = hex(aki.keyIdentifier.valueBlock.valueHexView);
        out.akiFields = {
          keyIdentifier: aki.keyIdentifier !== undefined,
          authorityCertIssuer: aki.authorityCertIssuer !== undefined,
          authorityCertSerialNumber: aki.authorityCertSerialNumber !== undefined,
        };
        break;
      }
      case EXT.basicConstraints: {
        const bc = typed(raw, info.name, pkijs.BasicConstraints);
        const constraints: BasicConstraints = { ca: bc.cA === true, critical: ext.critical };
        if (bc.pathLenConstraint !== undefined) {
          const n =
            typeof bc.pathLenConstraint === 'number' ? bc.pathLenConstraint : bc.pathLenConstraint.valueBlock.valueDec;
          if (n < 0) throw new CertParseError('basicConstraints pathLenConstraint is negative');
          constraints.pathLen = n;
        }
        out.basicConstraints = constraints;
        break;
      }
      case EXT.keyUsage: {
        const v = decode(raw, info.name);
        if (!(v instanceof asn1js.BitString)) throw new CertParseError('keyUsage is not a BIT STRING');
        const bits = v.valueBlock.valueHexView;
        const names: string[] = [];
        KEY_USAGE_BITS.forEach((name, i) => {
          const byte = bits[i >> 3] ?? 0;
          if (byte & (0x80 >> (i & 7))) names.push(name);
        });
        out.keyUsage = names;
        break;
      }
      case EXT.extKeyUsage: {
        if (raw.length === 2 && raw[0] === 0x30 && raw[1] === 0) {
          out.extKeyUsage = [];
          break;
        }
        const eku = typed(raw, info.name, pkijs.ExtKeyUsage);
        out.extKeyUsage = [...eku.keyPurposes];
        break;
      }
      case EXT.subjectAltName: {
        out.san = parseSans(generalNames(decode(raw, info.name), info.name));
        out.sanCritical = ext.critical;
        break;
      }
      case EXT.nameConstraints: {
        const seq = decode(raw, info.name);
        if (!(seq instanceof asn1js.Sequence)) throw new CertParseError('malformed nameConstraints extension');
        const constraints: NameConstraints = { critical: ext.critical };
        for (const part of seq.valueBlock.value) {
          if (part.idBlock.tagClass !== 3 || !(part instanceof asn1js.Constructed)) {
            throw new CertParseError('malformed nameConstraints extension');
          }
          // GeneralSubtree ::= SEQUENCE { base GeneralName, minimum [0] DEFAULT 0, maximum [1] OPTIONAL }
          const bases = part.valueBlock.value.map((st) => {
            const first = st instanceof asn1js.Sequence ? st.valueBlock.value[0] : undefined;
            if (!first) throw new CertParseError('malformed nameConstraints subtree');
            return first;
          });
          const set = parseSubtrees(bases.map((b) => rawGeneralName(b)));
          if (part.idBlock.tagNumber === 0) constraints.permitted = set;
          else if (part.idBlock.tagNumber === 1) constraints.excluded = set;
          else throw new CertParseError('malformed nameConstraints extension');
        }
        out.nameConstraints = constraints;
        break;
      }
      case EXT.authorityInfoAccess: {
        const ia = typed(raw, info.name, pkijs.InfoAccess);
        for (const d of ia.accessDescriptions) {
          if (d.accessLocation.type !== 6) continue;
          const url = String(d.accessLocation.value);
          if (d.accessMethod === '1.3.6.1.5.5.7.48.2') out.aia.caIssuers.push(url);
          else if (d.accessMethod === '1.3.6.1.5.5.7.48.1') out.aia.ocsp.push(url);
        }
        break;
      }
      case EXT.certificatePolicies:
      case EXT.crlDistributionPoints:
      case EXT.policyConstraints:
      case EXT.policyMappings:
        decode(raw, info.name);
        break;
      case EXT.sctList:
        out.sctList = copy(raw);
        break;
      case EXT.tlsFeature:
        out.tlsFeature = copy(raw);
        break;
      default:
        break;
    }
  }
}

interface RawGeneralName {
  type: number;
  value: unknown;
}

function generalNames(node: Asn1js.AsnType, name: string): RawGeneralName[] {
  if (!(node instanceof asn1js.Sequence)) throw new CertParseError(`malformed ${name} extension`);
  return node.valueBlock.value.map((n) => rawGeneralName(n));
}

/** GeneralName straight from asn1js (pkijs's schema matching is too slow for certificates with thousands of names). */
function rawGeneralName(node: Asn1js.AsnType): RawGeneralName {
  // Not context-tagged: no GeneralName chaindbg or Go knows. Go (forEachSAN, parseNameConstraintsExtension) skips
  // such an entry rather than refusing the certificate, so it is kept as an unknown kind (see generalNameKind).
  if (node.idBlock.tagClass !== 3) return { type: NON_CONTEXT | (node.idBlock.tagNumber & 0xff), value: null };
  const type = node.idBlock.tagNumber;
  const bytes = (node as Asn1js.Primitive).valueBlock.valueHexView;
  switch (type) {
    case 1:
    case 2:
    case 6:
      if (node.idBlock.isConstructed) throw new CertParseError('malformed GeneralName string');
      return { type, value: Buffer.from(bytes).toString('latin1') };
    case 7:
      if (node.idBlock.isConstructed) throw new CertParseError('malformed GeneralName IP address');
      return { type, value: new asn1js.OctetString({ valueHex: bytes }) };
    case 4: {
      const inner = (node as Asn1js.Constructed).valueBlock.value?.[0];
      if (!inner) throw new CertParseError('malformed directoryName');
      try {
        return { type, value: { der: inner.valueBeforeDecodeView, rdn: new pkijs.RelativeDistinguishedNames({ schema: inner }) } };
      } catch {
        throw new CertParseError('malformed directoryName');
      }
    }
    default:
      return { type, value: null };
  }
}

function parseSans(names: RawGeneralName[]): SubjectAltNames {
  const san: SubjectAltNames = { dns: [], ip: [], email: [], uri: [], other: [] };
  for (const n of names) {
    switch (n.type) {
      case 1:
        san.email.push(String(n.value));
        break;
      case 2:
        san.dns.push(String(n.value));
        break;
      case 6:
        san.uri.push(String(n.value));
        break;
      case 7: {
        const ip = ipBytes(n.value);
        if (ip.length !== 4 && ip.length !== 16) throw new CertParseError(`subjectAltName IP address of ${ip.length} bytes`);
        san.ip.push(formatIp(ip));
        break;
      }
      default:
        san.other.push(generalNameKind(n.type));
    }
  }
  return san;
}

/** GeneralName "types" at or above this are entries that are not context-tagged (the low byte is their tag). */
export const NON_CONTEXT = 0x100;

/** The name of a GeneralName kind chaindbg only counts: "otherName", ..., "type9", "tag 0x09" (not context-tagged). */
export function generalNameKind(type: number): string {
  if (type >= NON_CONTEXT) return `tag 0x${(type & 0xff).toString(16).padStart(2, '0')}`;
  return GENERAL_NAME_KINDS[type] ?? `type${type}`;
}

export const GENERAL_NAME_KINDS: Record<number, string> = {
  0: 'otherName',
  1: 'email',
  2: 'dns',
  3: 'x400Address',
  4: 'directoryName',
  5: 'ediPartyName',
  6: 'uri',
  7: 'ip',
  8: 'registeredID',
};

function parseSubtrees(bases: RawGeneralName[]): NameConstraintSet {
  const set: NameConstraintSet = { dns: [], ip: [], email: [], uri: [], dn: [], unsupported: [] };
  for (const base of bases) {
    switch (base.type) {
      case 1:
        set.email.push(String(base.value));
        break;
      case 2:
        set.dns.push(String(base.value));
        break;
      case 6:
        set.uri.push(String(base.value));
        break;
      case 7: {
        const b = ipBytes(base.value);
        set.ip.push(formatCidr(b));
        break;
      }
      case 4: {
        const dn = base.value as { der: Uint8Array; rdn: Pkijs.RelativeDistinguishedNames };
        set.dn.push(parseName(dn.der, dn.rdn));
        break;
      }
      default:
        set.unsupported.push(generalNameKind(base.type));
    }
  }
  return set;
}

function ipBytes(value: unknown): Uint8Array {
  if (value instanceof asn1js.OctetString) return value.valueBlock.valueHexView;
  throw new CertParseError('IP address GeneralName is not an OCTET STRING');
}

/** "10.0.0.0/8" or "2001:db8::/32" from address+mask bytes; a non-contiguous mask is a parse error (as in Go). */
export function formatCidr(b: Uint8Array): string {
  if (b.length !== 8 && b.length !== 32) throw new CertParseError(`name constraint IP range of ${b.length} bytes`);
  const half = b.length / 2;
  const addr = b.subarray(0, half);
  const mask = b.subarray(half);
  let prefix = 0;
  let ended = false;
  for (const byte of mask) {
    for (let bit = 7; bit >= 0; bit--) {
      const set = (byte >> bit) & 1;
      if (set && ended) throw new CertParseError('name constraint IP mask is not contiguous');
      if (set) prefix++;
      else ended = true;
    }
  }
  return `${formatIp(addr)}/${prefix}`;
}

export function formatIp(b: Uint8Array): string {
  if (b.length === 4) return Array.from(b).join('.');
  const groups: number[] = [];
  for (let i = 0; i < 16; i += 2) groups.push((b[i]! << 8) | b[i + 1]!);
  // RFC 5952: compress the longest run (>= 2) of zero groups.
  let bestStart = -1;
  let bestLen = 0;
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLen && j - i >= 2) {
      bestStart = i;
      bestLen = j - i;
    }
    i = j;
  }
  const h = groups.map((g) => g.toString(16));
  if (bestStart < 0) return h.join(':');
  return `${h.slice(0, bestStart).join(':')}::${h.slice(bestStart + bestLen).join(':')}`;
}

export function parseName(der: Uint8Array, rdns: Pkijs.RelativeDistinguishedNames): DistinguishedName {
  const attributes: NameAttribute[] = rdns.typesAndValues.map((tv) => {
    const type = ATTRIBUTE_NAMES[tv.type] ?? tv.type;
    return { oid: tv.type, type, value: attributeValue(tv.value) };
  });
  const text = [...attributes]
    .reverse()
    .map((a) => `${a.type}=${escapeValue(a.value)}`)
    .join(', ');
  return { der: copy(der), text, attributes };
}

export function attributeValue(v: Asn1js.AsnType): string {
  const block = (v as { valueBlock?: { value?: unknown } }).valueBlock;
  if (block && typeof block.value === 'string') return block.value;
  return `#${hex(v.valueBeforeDecodeView)}`;
}

export function escapeValue(value: string): string {
  if (value.startsWith('#') && /^#[0-9a-f]*$/.test(value)) return value;
  let s = value.replace(/[\\,+"<>;=]/g, (c) => `\\${c}`);
  if (s.startsWith(' ') || s.startsWith('#')) s = `\\${s}`;
  if (s.endsWith(' ') && s.length > 1) s = `${s.slice(0, -1)}\\ `;
  return s;
}

/** UTCTime YYMMDDHHMMSSZ or GeneralizedTime YYYYMMDDHHMMSSZ, exactly (RFC 5280 4.1.2.5; no fractions, no offsets). */
function parseTime(node: Asn1js.AsnType, field: string): Date {
  const tag = node.idBlock.tagNumber;
  const raw = Buffer.from((node as Asn1js.UTCTime).valueBlock.valueHexView).toString('latin1');
  let m: RegExpExecArray | null;
  let year: number;
  if (node.idBlock.tagClass === 1 && tag === 23) {
    m = /^(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})Z$/.exec(raw);
    if (!m) throw new CertParseError(`${field}: malformed UTCTime "${raw}"`);
    const yy = Number(m[1]);
    year = yy >= 50 ? 1900 + yy : 2000 + yy;
  } else if (node.idBlock.tagClass === 1 && tag === 24) {
    m = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})Z$/.exec(raw);
    if (!m) throw new CertParseError(`${field}: malformed GeneralizedTime "${raw}"`);
    year = Number(m[1]);
  } else {
    throw new CertParseError(`${field}: not a UTCTime or GeneralizedTime`);
  }
  const [mo, d, h, mi, s] = [m[2], m[3], m[4], m[5], m[6]].map(Number) as [number, number, number, number, number];
  const date = new Date(Date.UTC(year, mo - 1, d, h, mi, s));
  date.setUTCFullYear(year);
  if (date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d || h > 23 || mi > 59 || s > 59) {
    throw new CertParseError(`${field}: invalid date "${raw}"`);
  }
  return date;
}

export function parseSignatureAlgorithm(alg: Pkijs.AlgorithmIdentifier): SignatureAlgorithm {
  const known = SIGNATURE_ALGORITHMS[alg.algorithmId];
  const out: SignatureAlgorithm = {
    oid: alg.algorithmId,
    name: known?.name ?? alg.algorithmId,
    hash: known?.hash ?? 'unknown',
  };
  if (alg.algorithmId === '1.2.840.113549.1.1.10') {
    // RSASSA-PSS-params (RFC 4055); absent fields take the SHA-1 / 20-byte defaults.
    let params: Pkijs.RSASSAPSSParams;
    try {
      params = alg.algorithmParams ? new pkijs.RSASSAPSSParams({ schema: alg.algorithmParams }) : new pkijs.RSASSAPSSParams();
    } catch (err) {
      throw new CertParseError(`malformed RSASSA-PSS parameters: ${oneLine(err)}`);
    }
    const hashName: HashName = HASH_OIDS[params.hashAlgorithm.algorithmId] ?? 'unknown';
    let mgf1Hash: HashName = 'sha1';
    if (params.maskGenAlgorithm.algorithmParams) {
      try {
        const mgfHash = new pkijs.AlgorithmIdentifier({ schema: params.maskGenAlgorithm.algorithmParams });
        mgf1Hash = HASH_OIDS[mgfHash.algorithmId] ?? 'unknown';
      } catch {
        mgf1Hash = 'unknown';
      }
    }
    out.hash = hashName;
    out.pss = { hash: hashName, mgf1Hash, saltLength: params.saltLength };
  }
  return out;
}

function parsePublicKey(spki: Uint8Array, info: Pkijs.PublicKeyInfo): PublicKeyInfo {
  const oid = info.algorithm.algorithmId;
  const out: PublicKeyInfo = { type: 'unknown', bits: 0, spki, spkiSha256: hash('sha256', spki) };
  const typeByOid: Record<string, KeyType> = {
    '1.2.840.113549.1.1.1': 'rsa',
    '1.2.840.113549.1.1.10': 'rsa-pss',
    '1.2.840.10045.2.1': 'ec',
    '1.3.101.112': 'ed25519',
    '1.3.101.113': 'ed448',
    '1.2.840.10040.4.1': 'dsa',
  };
  out.type = typeByOid[oid] ?? 'unknown';
  if (out.type === 'ec') {
    const params = info.algorithm.algorithmParams;
    if (params instanceof asn1js.ObjectIdentifier) {
      const curveOid = params.valueBlock.toString();
      out.curve = CURVE_NAMES[curveOid] ?? curveOid;
      out.bits = { 'P-256': 256, 'P-384': 384, 'P-521': 521, 'P-192': 192, 'P-224': 224 }[out.curve] ?? 0;
    } else {
      out.curve = 'explicit';
    }
    return out;
  }
  if (out.type === 'ed25519') out.bits = 256;
  else if (out.type === 'ed448') out.bits = 456;
  else if (out.type === 'rsa' || out.type === 'rsa-pss' || out.type === 'dsa') {
    try {
      const details = createPublicKey({ key: Buffer.from(spki), format: 'der', type: 'spki' }).asymmetricKeyDetails;
      out.bits = details?.modulusLength ?? 0;
    } catch {
      out.type = 'unknown';
    }
  }
  return out;
}

/**
 * asn1js.fromBER reports most malformed input through `offset === -1` but throws on some (a GeneralizedTime or
 * UTCTime whose text does not convert): null then, so callers raise their typed error.
 */
function fromBerSafe(bytes: Uint8Array): ReturnType<typeof asn1js.fromBER> | null {
  try {
    return asn1js.fromBER(bytes);
  } catch {
    return null;
  }
}

function decode(raw: Uint8Array, name: string): Asn1js.AsnType {
  const asn1 = fromBerSafe(raw);
  if (asn1 === null || asn1.offset === -1 || asn1.offset !== raw.length) throw new CertParseError(`malformed ${name} extension`);
  return asn1.result;
}

function typed<T>(raw: Uint8Array, name: string, Type: new (p: { schema: Asn1js.AsnType }) => T): T {
  const schema = decode(raw, name);
  try {
    return new Type({ schema });
  } catch {
    throw new CertParseError(`malformed ${name} extension`);
  }
}

export function serialHex(b: Uint8Array): string {
  const h = hex(b).replace(/^0+/, '');
  return h === '' ? '0' : h;
}

export function hex(b: Uint8Array): string {
  return Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('hex');
}

function hash(alg: 'sha256' | 'sha1', b: Uint8Array): string {
  return createHash(alg).update(b).digest('hex');
}

function copy(b: Uint8Array): Uint8Array {
  return new Uint8Array(b);
}

export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && Buffer.compare(Buffer.from(a.buffer, a.byteOffset, a.byteLength), Buffer.from(b.buffer, b.byteOffset, b.byteLength)) === 0;
}

function oneLine(err: unknown): string {
  return (err instanceof Error ? err.message : String(err)).split('\n')[0] ?? 'unknown error';
}
