import { createPublicKey, hash } from 'node:crypto';
import { asn1js } from '../util/lazy-asn1js.js';
import { pkijs } from '../util/lazy-pkijs.js';
import { NOT_CANONICAL, checkTree, children, content, element, latin1, notCanonical, oidString, readTlv, readWhole, type Tlv } from './der.js';
import { CURVE_NAMES, SIGNATURE_ALGORITHMS } from './oids.js';
import { bytesEqual, formatIp, serialHex } from './parse-common.js';
import { readExtensions } from './parse-fast-extensions.js';
import { readName } from './parse-fast-name.js';
import { parseCertificateReference, parseSignatureAlgorithm } from './parse-reference.js';
import type { Certificate, KeyType, PublicKeyInfo, SignatureAlgorithm } from '../model/certificate.js';

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
