import { parseSctList, probe, type Capture, type ProbeOptions } from '../capture/index.js';
import { parseCertificate } from '../x509/index.js';
import { content, readWhole } from '../x509/der.js';
import type { Certificate } from '../model/certificate.js';
import type { Finding } from '../model/finding.js';
import { makeFinding } from '../diagnose/index.js';

/** One probe request: the capture's options, with the timeout and the environment always given by the caller. */
export type ProbeRequest = Omit<ProbeOptions, 'timeoutMs' | 'env' | 'maxMessageBytes'> & {
  timeoutMs: number;
  env: Record<string, string | undefined>;
};

/** A capture with its certificates parsed: what the analysis takes. */
export interface ParsedCapture {
  capture: Capture;
  /** Parsed certificates, in sent order (a certificate that does not parse is left out and reported). */
  sent: Certificate[];
  /** Connection problems and unparseable certificates, as findings. */
  findings: Finding[];
}

export async function probeAndParse(req: ProbeRequest): Promise<ParsedCapture> {
  const capture = await probe(req);
  return parseCapture(capture);
}

/** Parses what a capture holds (live or read back from a capture file) into certificates and findings. */
export function parseCapture(input: Capture): ParsedCapture {
  let capture = input;
  const findings: Finding[] = [];
  const sent: Certificate[] = [];
  capture.certificates.forEach((der, index) => {
    try {
      sent.push(parseCertificate(der));
    } catch (err) {
      findings.push(
        makeFinding('MALFORMED_CERT', 'error', index, null, {
          index,
          bytes: der.length,
          error: (err as Error).message,
        }),
      );
    }
  });
  // SCTs embedded in the leaf (RFC 6962 3.3) join those from the TLS extension and the stapled OCSP response.
  // Timings to a tenth of a millisecond: finer digits are float noise, not measurement.
  const tenth = (v: number | null) => (v === null ? null : Math.round(v * 10) / 10);
  const t = capture.tls.timings;
  capture = { ...capture, tls: { ...capture.tls, timings: { connectMs: tenth(t.connectMs), handshakeMs: tenth(t.handshakeMs), totalMs: tenth(t.totalMs)! } } };
  const embedded = sent[0]?.sctList ? parseSctList(octetStringContents(sent[0].sctList), 'certificate') : [];
  if (embedded.length) capture = { ...capture, tls: { ...capture.tls, scts: [...capture.tls.scts, ...embedded] } };
  const size = capture.certificateMessage;
  if (!capture.error && size && (size.exceedsGoMaxHandshake || size.exceedsOpensslMaxCertList)) {
    // chaindbg read the chain, but common clients would not: say which ones.
    findings.push(
      makeFinding('MESSAGE_TOO_LARGE', 'warning', null, null, {
        certificateMessageBytes: size.bytes,
        opensslMaxCertListBytes: size.opensslMaxCertListBytes,
        goMaxHandshakeBytes: size.goMaxHandshakeBytes,
        goMaxCertificateMessageBytes: size.goMaxCertificateMessageBytes,
        detail: `the server's Certificate message is ${size.bytes} bytes: ${refusedBy(size)}`,
      }),
    );
  }
  if (capture.tls.version === 'TLSv1.3' && sent.length > 0 && !capture.tls.chainAuthenticated) {
    // The TLS 1.3 chain is only proven to come from the key holder once the server Finished verifies over it.
    findings.push(
      makeFinding('FINISHED_UNVERIFIED', 'warning', null, null, {
        version: capture.tls.version,
        detail: capture.notes?.find((n) => /Finished/.test(n)) ?? 'the server Finished was not verified',
      }),
    );
  }
  if (capture.error) {
    // After the Certificate message the chain can still be judged: a later abort (a server demanding a client
    // certificate, say) is a warning about the connection, not an error in the chain.
    const e = capture.error;
    const severity = capture.certificates.length > 0 ? 'warning' : 'error';
    const limits = typeof e.evidence.certificateMessageBytes === 'number' ? `; ${refusedBy(sizeFrom(e.evidence))}` : '';
    findings.push(makeFinding(e.code, severity, null, null, { ...e.evidence, detail: `${e.message}${limits}` }));
  }
  return { capture, sent, findings };
}

/** The extension value is a DER OCTET STRING holding the TLS-encoded SignedCertificateTimestampList. */
function octetStringContents(der: Uint8Array): Uint8Array {
  try {
    const t = readWhole(der);
    return t.tag === 0x04 ? content(der, t) : der;
  } catch {
    return der; // not canonical DER: let the SCT parser read what it can
  }
}

interface SizeVerdict {
  bytes: number;
  exceedsOpensslMaxCertList: boolean;
  exceedsGoMaxHandshake: boolean;
  exceedsGoMaxCertificateMessage: boolean;
}

function sizeFrom(e: Record<string, unknown>): SizeVerdict {
  return {
    bytes: Number(e.certificateMessageBytes),
    exceedsOpensslMaxCertList: e.exceedsOpensslMaxCertList === true,
    exceedsGoMaxHandshake: e.exceedsGoMaxHandshake === true,
    exceedsGoMaxCertificateMessage: e.exceedsGoMaxCertificateMessage === true,
  };
}

/** Which real clients refuse a Certificate message of that size (limits and sources in src/capture/limits.ts). */
function refusedBy(size: SizeVerdict): string {
  const who: string[] = [];
  if (size.exceedsOpensslMaxCertList) who.push('OpenSSL and node clients (100 KiB)');
  if (size.exceedsGoMaxCertificateMessage) who.push('every Go release (256 KiB)');
  else if (size.exceedsGoMaxHandshake) who.push('Go up to 1.22 (64 KiB; later Go accepts up to 256 KiB)');
  return who.length ? `refused by ${who.join(' and ')}` : 'within the limits of OpenSSL, node and Go clients';
}
