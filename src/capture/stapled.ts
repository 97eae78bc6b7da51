import { OcspParseError, parseOcspResponse, responderText } from '../ocsp/index.js';
import type { OcspInfo, SctInfo } from '../model/report.js';
import { Reader, toHex } from './reader.js';

/**
 * What a stapled OCSPResponse says: the status of the first single response (the leaf's, as servers staple one), the
 * times, the responder, and the SCTs it carries (RFC 6962 3.3). A response that does not parse gives status
 * 'unparsed' with the error and the bytes kept; whether it is valid for the leaf is judged later (ocsp/check.ts),
 * against the chain.
 */
export function readStaple(der: Uint8Array): { info: OcspInfo; scts: SctInfo[] } {
  const info: OcspInfo = {
    status: 'unparsed',
    responseStatus: null,
    producedAt: null,
    thisUpdate: null,
    nextUpdate: null,
    revokedAt: null,
    revocationReason: null,
    serial: null,
    responder: null,
    error: null,
    der: Buffer.from(der).toString('base64'),
  };
  let parsed;
  try {
    parsed = parseOcspResponse(der);
  } catch (err) {
    return { info: { ...info, error: err instanceof OcspParseError ? err.message : String(err) }, scts: [] };
  }
  const basic = parsed.basic;
  if (basic === null) return { info: { ...info, status: 'no-status', responseStatus: parsed.responseStatusName }, scts: [] };
  const single = basic.responses[0];
  return {
    info: {
      ...info,
      status: single?.status ?? 'unparsed',
      responseStatus: parsed.responseStatusName,
      producedAt: basic.producedAt.toISOString(),
      thisUpdate: single?.thisUpdate.toISOString() ?? null,
      nextUpdate: single?.nextUpdate?.toISOString() ?? null,
      revokedAt: single?.revokedAt?.toISOString() ?? null,
      revocationReason: single?.revocationReason ?? null,
      serial: single?.certId.serial ?? null,
      responder: responderText(basic.responder),
      error: single ? null : 'the response holds no single response',
    },
    scts: single?.sctList ? parseSctList(single.sctList, 'ocsp') : [],
  };
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
