/** Raw TLS 1.2 / 1.3 capture: probe a server, record both directions, and read the handshake from the bytes. */
export { probe, effectiveServername, DEFAULT_TIMEOUT_MS } from './probe.js';
export { analyzeTranscript, TranscriptAnalyzer, DEFAULT_MAX_MESSAGE_BYTES } from './analyze.js';
export { parseTarget, type Target } from './target.js';
export { toCaptureFile, fromCaptureFile, CAPTURE_FORMAT, CAPTURE_VERSION, type CaptureFile } from './file.js';
export { TargetError, CaptureFileError } from './errors.js';
export { cipherSuiteName, groupName, alertName } from './names.js';
export { parseSctList, readStaple } from './stapled.js';
export { describeNotTls, type NotTlsDescription } from './nottls.js';
export { CAPTURE_ERROR_CODES } from './types.js';
export { CLIENT_LIMITS, certificateMessageSize, type CertificateMessageSize } from './limits.js';
export type {
  AnalyzeOptions,
  Capture,
  CaptureError,
  CaptureErrorCode,
  CaptureRecord,
  CaptureTarget,
  CertificateEntryExtensions,
  Direction,
  ProbeOptions,
  TranscriptAnalysis,
} from './types.js';
