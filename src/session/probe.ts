import { probe, type Capture } from '../capture/index.js';
import { parseCertificate } from '../x509/index.js';
import type { Certificate } from '../x509/types.js';
import type { Finding } from '../diagnose/types.js';
import { makeFinding } from '../diagnose/index.js';

/** One probe request as the CLI and the TUI state it (strings as typed by the user). */
export interface ProbeRequest {
  host: string;
  port: number;
  /** SNI override; null = send none; undefined = the target's name. */
  servername?: string | null;
  connect?: { host: string; port: number } | null;
  tls: '1.2' | '1.3' | 'auto';
  alpn?: string[];
  timeoutMs: number;
  /** Explicit proxy URL; undefined = from env. */
  proxy?: string | null;
  env: Record<string, string | undefined>;
  keylog?: (line: string) => void;
}

/** A capture with its certificates parsed: what the analysis takes. */
export interface ParsedCapture {
  capture: Capture;
  /** Parsed certificates, in sent order (a certificate that does not parse is left out and reported). */
  sent: Certificate[];
  /** Connection problems and unparseable certificates, as findings. */
  findings: Finding[];
}

export async function probeAndParse(req: ProbeRequest): Promise<ParsedCapture> {
  const capture = await probe({
    host: req.host,
    port: req.port,
    servername: req.servername,
    connect: req.connect ?? null,
    tls: req.tls,
    alpn: req.alpn,
    timeoutMs: req.timeoutMs,
    proxy: req.proxy,
    env: req.env,
    keylog: req.keylog,
  });
  return parseCapture(capture);
}

/** Parses what a capture holds (live or read back from a capture file) into certificates and findings. */
export function parseCapture(capture: Capture): ParsedCapture {
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
  if (capture.error) {
    // After the Certificate message the chain can still be judged: a later abort (a server demanding a client
    // certificate, say) is a warning about the connection, not an error in the chain.
    const e = capture.error;
    const severity = capture.certificates.length > 0 ? 'warning' : 'error';
    findings.push(makeFinding(e.code, severity, null, null, { ...e.evidence, detail: e.message }));
  }
  return { capture, sent, findings };
}
