import * as asn1js from 'asn1js';
import type * as Pkijs from 'pkijs';
import { pkijs } from '../util/lazy-pkijs.js';
import type { OcspInfo, SctInfo } from '../report/types.js';
import { Reader, toHex } from './reader.js';

/** Short names for the responder's distinguished name. */
const DN_NAMES: Readonly<Record<string, string>> = {
  '2.5.4.3': 'CN',
  '2.5.4.6': 'C',
  '2.5.4.7': 'L',
  '2.5.4.8': 'ST',
  '2.5.4.10': 'O',
  '2.5.4.11': 'OU',
};

function rdnText(rdn: Pkijs.RelativeDistinguishedNames): string {
  return rdn.typesAndValues
    .map((tv) => {
      const value = (tv.value as { valueBlock?: { value?: unknown } }).valueBlock?.value;
      return `${DN_NAMES[tv.type] ?? tv.type}=${typeof value === 'string' ? value : '#' + toHex(new Uint8Array(tv.value.toBER()))}`;
    })
    .reverse()
    .join(', ');
}

function iso(d: Date | undefined): string | null {
  return d instanceof Date && !Number.isNaN(d.getTime()) ? d.toISOString() : null;
}

/**
 * Reads a stapled OCSPResponse: the status of the first single response (the leaf's, as servers staple one), the
 * times and the responder. Anything that does not parse gives status 'unparsed' with the bytes kept.
 */
export function parseOcspResponse(der: Uint8Array): OcspInfo {
  const base: OcspInfo = {
    status: 'unparsed',
    producedAt: null,
    thisUpdate: null,
    nextUpdate: null,
    responder: null,
    der: Buffer.from(der).toString('base64'),
  };
  try {
    const response = pkijs.OCSPResponse.fromBER(der);
    const responseStatus = response.responseStatus.valueBlock.valueDec;
    if (responseStatus !== 0 || !response.responseBytes) return { ...base, status: 'unparsed' };
    const basic = pkijs.BasicOCSPResponse.fromBER(response.responseBytes.response.valueBlock.valueHexView);
    const data = basic.tbsResponseData;
    const responderID: unknown = data.responderID;
    const responder =
      responderID instanceof pkijs.RelativeDistinguishedNames
        ? rdnText(responderID)
        : responderID instanceof asn1js.OctetString
          ? `keyHash:${toHex(responderID.valueBlock.valueHexView)}`
          : null;
    const single = data.responses[0];
    let status = 'unparsed';
    if (single) {
      const tag = (single.certStatus as { idBlock?: { tagNumber?: number } }).idBlock?.tagNumber;
      status = tag === 0 ? 'good' : tag === 1 ? 'revoked' : tag === 2 ? 'unknown' : 'unparsed';
    }
    return {
      ...base,
      status,
      producedAt: iso(data.producedAt),
      thisUpdate: iso(single?.thisUpdate),
      nextUpdate: iso(single?.nextUpdate),
      responder,
    };
  } catch {
    return base;
  }
}

/**
 * A SignedCertificateTimestampList (RFC 6962 3.3) as carried in a TLS extension: version, log id and timestamp of
 * each SCT. Malformed entries end the list (what was read is kept).
 */
export function parseSctList(list: Uint8Array, source: SctInfo['source']): SctInfo[] {
  const out: SctInfo[] = [];
  try {
    const outer = new Reader(new Reader(list, 'SignedCertificateTimestampList').vec16(), 'sct_list');
    while (outer.remaining > 0) {
      const sct = new Reader(outer.vec16(), 'SerializedSCT');
      const version = sct.u8();
      const logId = toHex(sct.bytes(32));
      const ms = sct.u64();
      const date = new Date(Number(ms));
      out.push({
        source,
        version,
        logId,
        timestamp: Number.isNaN(date.getTime()) ? String(ms) : date.toISOString(),
      });
    }
  } catch {
    // keep what was read
  }
  return out;
}
