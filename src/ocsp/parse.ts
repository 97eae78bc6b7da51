/**
 * Reads an OCSPResponse (RFC 6960 4.2.1) with pkijs into the plain model of `types.ts`. Pure: bytes in, values out;
 * anything malformed raises `OcspParseError`, never another error type.
 */
import type * as Asn1js from 'asn1js';
import { asn1js } from '../util/lazy-asn1js.js';
import type * as Pkijs from 'pkijs';
import { pkijs } from '../util/lazy-pkijs.js';
import { HASH_OIDS } from '../x509/oids.js';
import { hex, parseName, serialHex } from '../x509/parse-common.js';
import { parseSignatureAlgorithm } from '../x509/parse-reference.js';
import { OcspParseError } from './errors.js';
import {
  CRL_REASON_NAMES,
  RESPONSE_STATUS_NAMES,
  type BasicResponse,
  type OcspResponse,
  type ResponderId,
  type SingleResponse,
} from './types.js';

const ID_PKIX_OCSP_BASIC = '1.3.6.1.5.5.7.48.1.1';
/** RFC 6962 3.3: SCTs delivered in the OCSP single response. */
const OCSP_SCT_LIST = '1.3.6.1.4.1.11129.2.4.5';

export function parseOcspResponse(der: Uint8Array): OcspResponse {
  try {
    return parse(der);
  } catch (err) {
    if (err instanceof OcspParseError) throw err;
    throw new OcspParseError(`malformed OCSP response: ${firstLine(err)}`);
  }
}

function parse(der: Uint8Array): OcspResponse {
  const outer = decodeWhole(der, 'OCSPResponse');
  const response = new pkijs.OCSPResponse({ schema: outer });
  const responseStatus = response.responseStatus.valueBlock.valueDec;
  const responseStatusName = RESPONSE_STATUS_NAMES[responseStatus] ?? `status-${responseStatus}`;
  if (responseStatus !== 0) return { responseStatus, responseStatusName, basic: null };
  if (!response.responseBytes) throw new OcspParseError('successful OCSP response without responseBytes');
  if (response.responseBytes.responseType !== ID_PKIX_OCSP_BASIC) {
    throw new OcspParseError(`unsupported OCSP response type ${response.responseBytes.responseType}`);
  }
  const basicDer = response.responseBytes.response.valueBlock.valueHexView;
  return { responseStatus, responseStatusName, basic: parseBasic(basicDer) };
}

function parseBasic(der: Uint8Array): BasicResponse {
  const schema = decodeWhole(der, 'BasicOCSPResponse');
  const basic = new pkijs.BasicOCSPResponse({ schema });
  const data = basic.tbsResponseData;
  const unused = basic.signature.valueBlock.unusedBits;
  if (unused !== 0) throw new OcspParseError('OCSP signature BIT STRING has unused bits');
  return {
    tbs: new Uint8Array(data.tbsView),
    signatureAlgorithm: parseSignatureAlgorithm(basic.signatureAlgorithm),
    signature: new Uint8Array(basic.signature.valueBlock.valueHexView),
    responder: responderOf(data),
    producedAt: validDate(data.producedAt, 'producedAt'),
    responses: data.responses.map(single),
    certs: rawCerts(schema),
  };
}

function responderOf(data: Pkijs.ResponseData): ResponderId {
  const id: unknown = data.responderID;
  if (id instanceof pkijs.RelativeDistinguishedNames) {
    return { byName: parseName(new Uint8Array(id.valueBeforeDecode), id) };
  }
  if (id instanceof asn1js.OctetString) return { byKeyHash: hex(id.valueBlock.valueHexView) };
  throw new OcspParseError('OCSP responderID is neither byName nor byKey');
}

function single(s: Pkijs.SingleResponse): SingleResponse {
  const hash = HASH_OIDS[s.certID.hashAlgorithm.algorithmId] ?? 'unknown';
  const tag = (s.certStatus as { idBlock?: { tagNumber?: number } }).idBlock?.tagNumber;
  let status: SingleResponse['status'];
  let revokedAt: Date | null = null;
  let revocationReason: string | null = null;
  if (tag === 0) status = 'good';
  else if (tag === 2) status = 'unknown';
  else if (tag === 1) {
    status = 'revoked';
    // RevokedInfo ::= SEQUENCE { revocationTime GeneralizedTime, revocationReason [0] EXPLICIT CRLReason OPTIONAL }
    const parts = (s.certStatus as Asn1js.Constructed).valueBlock.value;
    const time = parts[0];
    if (!(time instanceof asn1js.GeneralizedTime)) throw new OcspParseError('RevokedInfo without a revocationTime');
    revokedAt = validDate(time.toDate(), 'revocationTime');
    const reason = parts[1] as Asn1js.Constructed | undefined;
    const value = reason?.valueBlock.value[0];
    if (value instanceof asn1js.Enumerated) {
      const n = value.valueBlock.valueDec;
      revocationReason = CRL_REASON_NAMES[n] ?? `reason-${n}`;
    }
  } else throw new OcspParseError('unknown certStatus in OCSP single response');
  const sct = s.singleExtensions?.find((e) => e.extnID === OCSP_SCT_LIST);
  return {
    certId: {
      hash,
      issuerNameHash: hex(s.certID.issuerNameHash.valueBlock.valueHexView),
      issuerKeyHash: hex(s.certID.issuerKeyHash.valueBlock.valueHexView),
      serial: serialHex(s.certID.serialNumber.valueBlock.valueHexView),
    },
    status,
    revokedAt,
    revocationReason,
    thisUpdate: validDate(s.thisUpdate, 'thisUpdate'),
    nextUpdate: s.nextUpdate === undefined ? null : validDate(s.nextUpdate, 'nextUpdate'),
    sctList: sct ? sctListOf(sct.extnValue.valueBlock.valueHexView) : null,
  };
}

/** The extension value is an OCTET STRING holding the TLS-encoded SignedCertificateTimestampList. */
function sctListOf(extnValue: Uint8Array): Uint8Array | null {
  const inner = asn1js.fromBER(extnValue);
  return inner.offset !== -1 && inner.result instanceof asn1js.OctetString
    ? new Uint8Array(inner.result.valueBlock.valueHexView)
    : null;
}

/** The `certs [0] EXPLICIT SEQUENCE OF Certificate` field, each as its exact bytes (pkijs would re-encode them). */
function rawCerts(schema: Asn1js.AsnType): Uint8Array[] {
  const fields = (schema as Asn1js.Sequence).valueBlock.value;
  const tagged = fields.find((f) => f.idBlock.tagClass === 3 && f.idBlock.tagNumber === 0) as Asn1js.Constructed | undefined;
  const list = tagged?.valueBlock.value[0] as Asn1js.Sequence | undefined;
  return (list?.valueBlock.value ?? []).map((c) => new Uint8Array(c.valueBeforeDecodeView));
}

function decodeWhole(der: Uint8Array, what: string): Asn1js.AsnType {
  let asn1: ReturnType<typeof asn1js.fromBER>;
  try {
    asn1 = asn1js.fromBER(der);
  } catch (err) {
    throw new OcspParseError(`malformed ${what}: ${firstLine(err)}`);
  }
  if (asn1.offset === -1) throw new OcspParseError(`malformed ${what}: ${asn1.result.error || 'not DER'}`);
  if (asn1.offset !== der.length) throw new OcspParseError(`${what} is followed by ${der.length - asn1.offset} extra bytes`);
  return asn1.result;
}

function validDate(d: Date | undefined, field: string): Date {
  if (!(d instanceof Date) || Number.isNaN(d.getTime())) throw new OcspParseError(`OCSP ${field} is not a valid time`);
  return d;
}

function firstLine(err: unknown): string {
  return (err instanceof Error ? err.message : String(err)).split('\n')[0] ?? 'error';
}
