import { createHash, createPublicKey } from 'node:crypto';
import type * as Asn1js from 'asn1js';
import { asn1js } from '../util/lazy-asn1js.js';
import type * as Pkijs from 'pkijs';
import { pkijs } from '../util/lazy-pkijs.js';
import { CertParseError } from './errors.js';
import { CURVE_NAMES, HASH_OIDS, SIGNATURE_ALGORITHMS } from './oids.js';
import { bytesEqual, copy, parseName, serialHex } from './parse-common.js';
import { fromBerSafe, parseExtensions } from './parse-reference-extensions.js';
import type { Certificate, HashName, KeyType, PublicKeyInfo, SignatureAlgorithm } from '../model/certificate.js';

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
function hash(alg: 'sha256' | 'sha1', b: Uint8Array): string {
  return createHash(alg).update(b).digest('hex');
}

function oneLine(err: unknown): string {
  return (err instanceof Error ? err.message : String(err)).split('\n')[0] ?? 'unknown error';
}
