import type { TlsInfo } from '../model/report.js';
import { analyzeTranscript } from './analyze.js';
import { CaptureFileError } from './errors.js';
import { CAPTURE_ERROR_CODES, type Capture, type CaptureError, type CaptureRecord, type CaptureTarget } from './types.js';

export const CAPTURE_FORMAT = 'chaindbg-capture';
export const CAPTURE_VERSION = 1;

/** What `--save` writes: the raw bytes and key log, from which everything else is re-derived on read. */
export interface CaptureFile {
  format: typeof CAPTURE_FORMAT;
  version: typeof CAPTURE_VERSION;
  /** Caller's metadata (tool version, the `now` of the run, options): plain JSON values. */
  meta: Record<string, unknown>;
  target: CaptureTarget;
  records: CaptureRecord[];
  keylog: string[];
  /** Measured live; not derivable from the bytes. */
  timings: TlsInfo['timings'];
  error: CaptureError | null;
}

export function toCaptureFile(capture: Capture, meta: Record<string, unknown> = {}): CaptureFile {
  return {
    format: CAPTURE_FORMAT,
    version: CAPTURE_VERSION,
    meta,
    target: { ...capture.target },
    records: capture.records.map((r) => ({ dir: r.dir, t: r.t, data: r.data })),
    keylog: [...capture.keylog],
    timings: { ...capture.tls.timings },
    error: capture.error,
  };
}

function bad(message: string, evidence: Record<string, unknown> = {}): never {
  throw new CaptureFileError(`not a valid chaindbg capture: ${message}`, evidence);
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

function nullableString(v: unknown, field: string): string | null {
  if (v === null || typeof v === 'string') return v;
  return bad(`${field} must be a string or null`, { field });
}

function readTarget(v: unknown): CaptureTarget {
  if (!isObject(v)) bad('target must be an object', { field: 'target' });
  const { host, port } = v;
  if (typeof host !== 'string') bad('target.host must be a string', { field: 'target.host' });
  if (typeof port !== 'number' || !Number.isInteger(port) || port < 0 || port > 65535)
    bad('target.port must be an integer 0-65535', { field: 'target.port' });
  return {
    host,
    port,
    servername: nullableString(v['servername'] ?? null, 'target.servername'),
    connect: nullableString(v['connect'] ?? null, 'target.connect'),
    proxy: nullableString(v['proxy'] ?? null, 'target.proxy'),
  };
}

function readRecords(v: unknown): CaptureRecord[] {
  if (!Array.isArray(v)) bad('records must be an array', { field: 'records' });
  return v.map((r: unknown, i): CaptureRecord => {
    const field = `records[${i}]`;
    if (!isObject(r)) bad(`${field} must be an object`, { field });
    if (r['dir'] !== 'client' && r['dir'] !== 'server') bad(`${field}.dir must be "client" or "server"`, { field });
    if (typeof r['t'] !== 'number' || !Number.isFinite(r['t'])) bad(`${field}.t must be a number`, { field });
    if (typeof r['data'] !== 'string' || r['data'].length % 4 !== 0 || !BASE64.test(r['data']))
      bad(`${field}.data must be base64`, { field });
    return { dir: r['dir'], t: r['t'], data: r['data'] };
  });
}

/** Deepest nesting kept in a saved error's evidence (chaindbg writes 2 or 3 levels): a deeper one is refused. */
export const MAX_EVIDENCE_DEPTH = 16;

/** The nesting depth of a JSON value, counted no further than `limit + 1` (so a 1,000,000-deep one costs little). */
function depthOf(v: unknown, limit: number, depth = 0): number {
  if (typeof v !== 'object' || v === null) return depth;
  if (depth > limit) return depth;
  let max = depth + 1;
  for (const x of Object.values(v)) {
    max = Math.max(max, depthOf(x, limit, depth + 1));
    if (max > limit) break;
  }
  return max;
}

function readError(v: unknown): CaptureError | null {
  if (v === null || v === undefined) return null;
  if (!isObject(v)) bad('error must be an object or null', { field: 'error' });
  const code = v['code'];
  if (typeof code !== 'string' || !(CAPTURE_ERROR_CODES as readonly string[]).includes(code))
    bad(`error.code ${JSON.stringify(code)} is not a capture error code`, { field: 'error.code' });
  // The evidence is copied into the report: a hostile file nesting it 200,000 deep overflowed JSON.stringify's stack.
  if (depthOf(v['evidence'], MAX_EVIDENCE_DEPTH) > MAX_EVIDENCE_DEPTH) {
    bad(`error.evidence is nested deeper than ${MAX_EVIDENCE_DEPTH} levels (limit)`, { field: 'error.evidence' });
  }
  return {
    code: code as CaptureError['code'],
    message: typeof v['message'] === 'string' ? v['message'] : '',
    evidence: isObject(v['evidence']) ? v['evidence'] : {},
  };
}

function readTimings(v: unknown): TlsInfo['timings'] {
  const num = (x: unknown): number | null => (typeof x === 'number' && Number.isFinite(x) ? x : null);
  if (!isObject(v)) return { connectMs: null, handshakeMs: null, totalMs: 0 };
  return { connectMs: num(v['connectMs']), handshakeMs: num(v['handshakeMs']), totalMs: num(v['totalMs']) ?? 0 };
}

/**
 * Reads a capture file (JSON text or the parsed value), validates it, and re-derives certificates and TLS details
 * from the recorded bytes. Throws CaptureFileError with a one-line message on anything malformed.
 */
export function fromCaptureFile(json: string | unknown): { capture: Capture; meta: Record<string, unknown>; notes: string[] } {
  let value: unknown = json;
  if (typeof json === 'string') {
    try {
      value = JSON.parse(json);
    } catch (e) {
      bad(`JSON does not parse (${(e as Error).message})`);
    }
  }
  if (!isObject(value)) bad('expected a JSON object');
  if (value['format'] !== CAPTURE_FORMAT)
    bad(`format is ${JSON.stringify(value['format'] ?? null)}, expected "${CAPTURE_FORMAT}"`, { format: value['format'] ?? null });
  if (value['version'] !== CAPTURE_VERSION)
    bad(`version ${JSON.stringify(value['version'] ?? null)} is not supported (this chaindbg reads version ${CAPTURE_VERSION})`, {
      version: value['version'] ?? null,
    });
  const meta = value['meta'] === undefined ? {} : value['meta'];
  if (!isObject(meta)) bad('meta must be an object', { field: 'meta' });
  const target = readTarget(value['target']);
  const records = readRecords(value['records']);
  const keylog = value['keylog'] ?? [];
  if (!Array.isArray(keylog) || !keylog.every((l) => typeof l === 'string')) bad('keylog must be an array of strings', { field: 'keylog' });
  const savedError = readError(value['error']);
  const maxMessageBytes = typeof meta['maxMessageBytes'] === 'number' ? meta['maxMessageBytes'] : undefined;
  const analysis = analyzeTranscript(records, keylog, maxMessageBytes === undefined ? {} : { maxMessageBytes });
  const capture: Capture = {
    target,
    certificates: analysis.certificates,
    certificateExtensions: analysis.certificateExtensions,
    tls: { ...analysis.tls, timings: readTimings(value['timings']) },
    records,
    keylog,
    error: savedError ?? analysis.error,
    certificateMessage: analysis.certificateMessage,
    notes: analysis.notes,
  };
  return { capture, meta, notes: analysis.notes };
}
