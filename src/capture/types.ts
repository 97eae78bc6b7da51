import type { FindingCode } from '../model/finding.js';
import type { TlsInfo } from '../model/report.js';
import type { CertificateMessageSize } from './limits.js';

/** What one probe connects to and how. One connection pins one TLS version. */
export interface ProbeOptions {
  /** The TARGET name (DNS name or IP literal, IPv6 without brackets). */
  host: string;
  port: number;
  /** SNI. Default: host when host is a DNS name; null sends none. An IP is never sent as SNI. */
  servername?: string | null;
  /** Dial this instead of host:port (like `s_client -connect`); the SNI stays the target's. */
  connect?: { host: string; port: number } | null;
  /** '1.2' or '1.3' pin one version; 'auto' offers both (Go's default) and the server chooses. */
  tls: '1.2' | '1.3' | 'auto';
  alpn?: string[];
  /** Total budget in ms (default 10000): half for the TCP connect (and proxy tunnel), the rest for the handshake. */
  timeoutMs?: number;
  /** Explicit proxy URL (http://, https:// or socks5:// / socks5h://, with user:pass@ if needed); undefined = from `env`; null = no proxy. */
  proxy?: string | null;
  /** Environment to read HTTPS_PROXY / https_proxy / ALL_PROXY / NO_PROXY from (default process.env). */
  env?: Record<string, string | undefined>;
  /** Largest handshake message accepted (default 1 MiB); larger gives MESSAGE_TOO_LARGE. */
  maxMessageBytes?: number;
  /** NSS key-log lines as they arrive. */
  keylog?: (line: string) => void;
}

/** The connection-level finding codes a capture can end with (each is also a finding code: the type says so). */
export const CAPTURE_ERROR_CODES = [
  'CONNECT_FAILED',
  'CONNECT_TIMEOUT',
  'HANDSHAKE_TIMEOUT',
  'TLS_ALERT',
  'NOT_TLS',
  'PROXY_FAILED',
  'HANDSHAKE_FAILED',
  'MESSAGE_TOO_LARGE',
] as const satisfies readonly FindingCode[];

export type CaptureErrorCode = (typeof CAPTURE_ERROR_CODES)[number];

export interface CaptureError {
  code: CaptureErrorCode;
  /** One line. */
  message: string;
  /** Plain JSON values only. */
  evidence: Record<string, unknown>;
}

export type Direction = 'client' | 'server';

/** One chunk of raw bytes as it crossed the wire (not necessarily one TLS record). */
export interface CaptureRecord {
  dir: Direction;
  /** ms since the probe started. */
  t: number;
  /** base64 */
  data: string;
}

/** TLS 1.3 per-entry extensions of the Certificate message (null when absent, always null in TLS 1.2). */
export interface CertificateEntryExtensions {
  /** The OCSPResponse DER from the status_request entry extension. */
  ocsp: Uint8Array | null;
  /** The SignedCertificateTimestampList from the signed_certificate_timestamp entry extension. */
  scts: Uint8Array | null;
}

export interface CaptureTarget {
  host: string;
  port: number;
  servername: string | null;
  /** "host:port" actually dialled when it differs from the target, else null. */
  connect: string | null;
  /** Proxy URL used (password removed), or null. */
  proxy: string | null;
}

export interface Capture {
  target: CaptureTarget;
  /** Exactly as sent, in order, duplicates and extras kept. */
  certificates: Uint8Array[];
  certificateExtensions: CertificateEntryExtensions[];
  tls: TlsInfo;
  /** Raw bytes both directions, ms since start. */
  records: CaptureRecord[];
  /** NSS key-log lines (persisted only by --save). */
  keylog: string[];
  error: CaptureError | null;
  /**
   * The server's Certificate message against the clients' limits (node/OpenSSL 100 KiB, Go 64 KiB or 256 KiB), or
   * null when none was seen. Optional for captures built by hand; probe and fromCaptureFile always set it.
   */
  certificateMessage?: CertificateMessageSize | null;
  /** What the analysis of the bytes could not do, one line each (see TranscriptAnalysis.notes). Optional likewise. */
  notes?: string[];
}

export interface AnalyzeOptions {
  /** Default 1 MiB. */
  maxMessageBytes?: number;
}

/** What the recorded bytes say, computed by analyzeTranscript without any I/O. */
export interface TranscriptAnalysis {
  certificates: Uint8Array[];
  certificateExtensions: CertificateEntryExtensions[];
  /** timings: connectMs and handshakeMs are null (only the live probe measures them); totalMs is the last record's t. */
  tls: TlsInfo;
  /** The SNI the (first) ClientHello carried, or null. */
  sni: string | null;
  /** What the bytes show went wrong (NOT_TLS, TLS_ALERT, MESSAGE_TOO_LARGE, HANDSHAKE_FAILED), or null. */
  error: CaptureError | null;
  /** Things the analysis could not do, one line each (missing key-log secret, undecryptable record, ...). */
  notes: string[];
  /** The server's Certificate message size (announced, even when it was not read whole) and the clients' limits. */
  certificateMessage: CertificateMessageSize | null;
}
