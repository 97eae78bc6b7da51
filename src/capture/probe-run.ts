/** What one probe run shares between its connection and its result, and the error of a drained abort. */
import type { NetPhase } from '../net/phases.js';
import type { ProxyEndpoint } from '../net/proxy.js';
import type { ServerProgress, TranscriptAnalyzer } from './analyze.js';
import { HS } from './handshake.js';
import { CLIENT_LIMITS, limitEvidence } from './limits.js';
import type { CaptureError, CaptureRecord, ProbeOptions } from './types.js';

export function hostPort(host: string, port: number): string {
  return `${host.includes(':') ? `[${host}]` : host}:${port}`;
}

export interface Outcome {
  error: CaptureError | null;
  /** Errors of the dial / tunnel phases outrank what the bytes say (there are none, or they are not the server's). */
  phase: NetPhase;
  connectMs: number | null;
  handshakeMs: number | null;
  /**
   * The error is our own reading of a client abort (node's TLS refused a server message chaindbg then read whole):
   * it outranks the client's alert that the bytes show, not the server's own faults.
   */
  drained?: boolean;
}

/** Reading on after node's TLS gave up in the middle of a server handshake message. */
export interface Drain {
  /** The server stream when the client gave up. */
  start: ServerProgress;
  nodeError: unknown;
}

export type DrainEnd = 'read' | 'closed' | 'timeout';

export interface Run {
  opts: ProbeOptions;
  dial: { host: string; port: number };
  proxy: ProxyEndpoint | null;
  servername: string | null;
  elapsed: () => number;
  records: CaptureRecord[];
  keylog: string[];
  live: TranscriptAnalyzer;
}

export function errorEvidence(e: unknown): Record<string, unknown> {
  const err = e as NodeJS.ErrnoException;
  return { nodeCode: err?.code ?? null, nodeMessage: err?.message ?? String(e) };
}

/** The error of a drained abort: what the client refused, what chaindbg read anyway, and which clients refuse it. */
export function drainError(run: Run, d: Drain, how: DrainEnd): CaptureError {
  const { dial } = run;
  const start = d.start.pending;
  const alert = run.live.clientFatalAlert;
  const size = run.live.certificateMessage;
  const err = d.nodeError as NodeJS.ErrnoException | null;
  const certificate = start?.type === HS.certificate;
  const whole = how === 'read' && !run.live.serverProgress.stopped;
  // refused for its size: OpenSSL's "excessive message size" (alert illegal_parameter) on a message over its limit
  const sizeError = err ? err.code === 'ERR_SSL_EXCESSIVE_MESSAGE_SIZE' : alert?.code === 47;
  const refused = certificate && size?.exceedsOpensslMaxCertList === true && sizeError;
  const why = err?.code ?? (alert ? `alert ${alert.name}` : 'no reason given');
  const what = certificate ? `the server's ${start!.length}-byte Certificate message` : 'a server handshake message';
  const rest = whole ? 'chaindbg read it whole' : how === 'closed' ? 'the server closed before the rest arrived' : 'the rest did not arrive in time';
  return {
    code: 'HANDSHAKE_FAILED',
    message: refused
      ? `node's TLS client (OpenSSL) refused ${what}: over its ${CLIENT_LIMITS.opensslMaxCertListBytes}-byte max_cert_list (${why}); ${rest}`
      : `node's TLS client (OpenSSL) aborted (${why}) during ${what}; ${rest}`,
    evidence: {
      address: hostPort(dial.host, dial.port),
      from: 'client',
      reason: refused ? 'client refused the Certificate message' : 'client aborted during a server handshake message',
      messageType: start?.type ?? null,
      messageBytes: start?.length ?? null,
      readWhole: whole,
      drainEnd: how,
      alert: alert?.name ?? null,
      alertCode: alert?.code ?? null,
      nodeCode: err?.code ?? null,
      nodeMessage: err?.message?.split('\n')[0] ?? null,
      clientLimitBytes: refused ? CLIENT_LIMITS.opensslMaxCertListBytes : null,
      ...(size ? limitEvidence(size) : {}),
    },
  };
}
