import { isIP } from 'node:net';
import { performance } from 'node:perf_hooks';
import { TranscriptAnalyzer, analyzeTranscript } from './analyze.js';
import { type ProxyEndpoint, ProxyConfigError, parseProxyUrl, resolveProxy } from '../net/proxy.js';
import { connection } from './probe-connection.js';
import { type Outcome, hostPort } from './probe-run.js';
import type { Capture, CaptureRecord, CaptureTarget, ProbeOptions } from './types.js';

export { DEFAULT_TIMEOUT_MS } from './probe-connection.js';

/** SNI: the target's DNS name by default, never an IP literal, none when null or empty. */
export function effectiveServername(opts: Pick<ProbeOptions, 'host' | 'servername'>): string | null {
  const name = opts.servername === undefined ? opts.host : opts.servername;
  if (name === null || name === '' || isIP(name) !== 0) return null;
  return name;
}

function round(ms: number): number {
  return Math.round(ms * 1000) / 1000;
}

/**
 * Connects, performs one TLS handshake pinned to one version, records every byte both ways plus the key log, and
 * reads certificates and details from those bytes (analyzeTranscript). Never throws for network conditions: the
 * Capture then carries `error` (and whatever was captured before it).
 *
 * The recording holds the client's whole side: its Finished and close_notify are flushed through the tap before the
 * probe resolves. When node's TLS gives up in the middle of a server handshake message (a Certificate message over
 * OpenSSL's 100 KiB max_cert_list, or a fault of its own), the probe holds back the client's alert and reads the rest
 * of that message from the socket itself, up to `maxMessageBytes` (MESSAGE_TOO_LARGE past it), the server closing,
 * or the deadline; the capture then has the certificates plus a HANDSHAKE_FAILED error saying what the client refused
 * and which clients would (`limits.ts`). TLS 1.2 Certificate messages are plaintext; TLS 1.3 ones are read with the
 * server handshake secret, which node logs as soon as it has processed the ServerHello, so before any Certificate.
 */
export async function probe(opts: ProbeOptions): Promise<Capture> {
  const start = performance.now();
  const elapsed = (): number => round(performance.now() - start);
  const dial = opts.connect ?? { host: opts.host, port: opts.port };
  const servername = effectiveServername(opts);
  const records: CaptureRecord[] = [];
  const keylog: string[] = [];
  const maxMessageBytes = opts.maxMessageBytes;
  const analyzeOpts = maxMessageBytes === undefined ? {} : { maxMessageBytes };
  const target: CaptureTarget = {
    host: opts.host,
    port: opts.port,
    servername,
    connect: opts.connect ? hostPort(opts.connect.host, opts.connect.port) : null,
    proxy: null,
  };

  // Reads the bytes as they arrive (to stop early) and, at the end, gives the same result analyzeTranscript would over
  // the same records and key log: the offline `analyze` runs that function, and a test holds the two equal.
  const live = new TranscriptAnalyzer(analyzeOpts);
  let proxy: ProxyEndpoint | null = null;
  let outcome: Outcome;
  try {
    const url = resolveProxy(dial.host, dial.port, opts.proxy, opts.env ?? process.env);
    proxy = url === null ? null : parseProxyUrl(url);
    target.proxy = proxy?.display ?? null;
    outcome = await connection({
      opts,
      dial,
      proxy,
      servername,
      elapsed,
      records,
      keylog,
      live,
    });
  } catch (e) {
    if (!(e instanceof ProxyConfigError)) throw e;
    outcome = {
      error: { code: 'PROXY_FAILED', message: e.message, evidence: { ...e.evidence, statusLine: null, phase: 'dial' } },
      phase: 'dial',
      connectMs: null,
      handshakeMs: null,
    };
  }

  // The live analyzer has seen every recorded byte; only a drained abort fed it bytes that were never sent (the held
  // client alert, read to name it), so that case re-reads the records as they are.
  const analysis = outcome.drained ? analyzeTranscript(records, keylog, analyzeOpts) : live.result();
  const early = outcome.phase === 'dial' || outcome.phase === 'tunnel';
  // A drained abort outranks the client alert the bytes show; the server's own faults (too large, malformed) stay first.
  const fromBytes = outcome.drained && analysis.error?.code === 'TLS_ALERT' ? null : analysis.error;
  const error = early ? outcome.error : (fromBytes ?? outcome.error);
  return {
    target,
    certificates: analysis.certificates,
    certificateExtensions: analysis.certificateExtensions,
    tls: { ...analysis.tls, timings: { connectMs: outcome.connectMs, handshakeMs: outcome.handshakeMs, totalMs: elapsed() } },
    records,
    keylog,
    error,
    certificateMessage: analysis.certificateMessage,
    notes: analysis.notes,
  };
}
