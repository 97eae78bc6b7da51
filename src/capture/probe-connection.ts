/** The connection of one probe: dial, proxy tunnel, the TLS handshake through the tap, and how each phase ends. */
import type { Socket } from 'node:net';
import { type ConnectionOptions, type SecureContext, type TLSSocket, connect as tlsConnect, createSecureContext } from 'node:tls';
import { ALERT_FLOOD_LIMIT } from './analyze.js';
import { type ProxyTrust, proxyTlsFailure, proxyTrust } from '../net/proxy.js';
import { CONTENT } from './records.js';
import { dial as dialSocket } from '../net/dial.js';
import { openTunnel } from '../net/tunnel.js';
import { RecordingDuplex } from './tap.js';
import type { CaptureError, Direction } from './types.js';
import { type Drain, type DrainEnd, type Outcome, type Run, drainError, errorEvidence, hostPort } from './probe-run.js';

export const DEFAULT_TIMEOUT_MS = 10_000;
/** Share of the total budget the TCP connect (and proxy tunnel) may use; the handshake gets the rest. */
const CONNECT_SHARE = 0.5;
/** After a TLS 1.3 handshake in which the server asked for a client certificate, wait this long for its verdict. */
const CLIENT_CERT_VERDICT_MS = 2_000;
/** After a completed handshake, how long node's TLS may take to flush its last flight and close_notify through the tap. */
const GRACEFUL_CLOSE_MS = 200;

export function connection(run: Run): Promise<Outcome> {
  const { opts, dial, proxy, elapsed } = run;
  const timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  return new Promise<Outcome>((resolve) => {
    let phase: Outcome['phase'] = 'dial';
    let connectMs: number | null = null;
    let handshakeMs: number | null = null;
    let tlsSocket: TLSSocket | null = null;
    let lingering = false;
    let settled = false;
    const timers: NodeJS.Timeout[] = [];
    const first = proxy ?? dial;
    // An https:// proxy: `raw` is the TLS connection to the proxy, and the tunnel (and the tap) sits inside it.
    const trust: ProxyTrust | null = proxy?.kind === 'https' ? proxyTrust(opts.env ?? process.env) : null;
    let raw: Socket;
    try {
      raw = dialSocket(first, proxy, trust);
    } catch (e) {
      // bad port or address: node throws synchronously
      resolve({
        error: {
          code: 'CONNECT_FAILED',
          message: `cannot connect to ${hostPort(first.host, first.port)}: ${(e as Error).message}`,
          evidence: { address: hostPort(first.host, first.port), ...errorEvidence(e), phase },
        },
        phase,
        connectMs: null,
        handshakeMs: null,
      });
      return;
    }

    let closing = false;
    let drain: Drain | null = null;
    let drained = false;
    let tap: RecordingDuplex | null = null;

    /** Recording stops here and the probe resolves. */
    const settle = (error: CaptureError | null): void => {
      if (settled) return;
      settled = true;
      for (const t of timers) clearTimeout(t);
      // Every failure of the connection names the phase it happened in.
      resolve({ error: error && { ...error, evidence: { ...error.evidence, phase: error.evidence.phase ?? phase } }, phase, connectMs, handshakeMs, drained });
    };

    /**
     * Ends the probe. `graceful` (after a completed handshake) ends node's TLS socket and keeps recording until it
     * has flushed everything through the tap (its last flight, close_notify), at most GRACEFUL_CLOSE_MS; otherwise
     * both sockets are destroyed at once.
     */
    const finish = (error: CaptureError | null, graceful = false): void => {
      if (settled || closing) return;
      const sock = tlsSocket;
      if (graceful && sock) {
        closing = true;
        for (const t of timers) clearTimeout(t);
        const done = (): void => {
          settle(error);
          sock.destroy();
          raw.destroy();
        };
        sock.once('finish', done);
        sock.once('close', done);
        setTimeout(done, GRACEFUL_CLOSE_MS).unref();
        sock.end();
        return;
      }
      settle(error);
      sock?.destroy();
      raw.destroy();
    };

    /**
     * Ends a drain: the client's held alert goes out (and into the recording) if the socket still takes it, then
     * the probe resolves with the drained error.
     */
    const endDrain = (how: DrainEnd): void => {
      const d = drain;
      if (!d || settled) return;
      drain = null;
      const held = tap?.takeHeld() ?? Buffer.alloc(0);
      if (held.length > 0 && how !== 'closed' && !raw.destroyed && raw.writable) {
        onChunk('client', held);
        raw.end(held);
      } else if (held.length > 0) {
        run.live.push('client', held, elapsed()); // never sent: read only to name the alert in the evidence
      }
      drained = true;
      const error = drainError(run, d, how);
      settle(error);
      tlsSocket?.destroy();
      setTimeout(() => raw.destroy(), GRACEFUL_CLOSE_MS).unref();
      if (how !== 'read') raw.destroy();
    };

    /** Records a chunk and feeds the live analysis; stops the probe on what cannot go on. */
    const onChunk = (dir: Direction, chunk: Buffer): void => {
      if (settled) return;
      const t = elapsed();
      run.records.push({ dir, t, data: chunk.toString('base64') });
      run.live.push(dir, chunk, t);
      const e = run.live.error;
      if (e && (e.code === 'MESSAGE_TOO_LARGE' || e.code === 'NOT_TLS')) finish(e);
      else if (run.live.alertCount > ALERT_FLOOD_LIMIT) {
        // An endless stream of alerts: stop reading, so records, memory, JSON and a capture file stay bounded.
        finish({
          code: 'TLS_ALERT',
          message: `peer sent more than ${ALERT_FLOOD_LIMIT} alerts: chaindbg stopped reading at its limit (Go gives up after 16: "tls: too many ignored records")`,
          evidence: { alerts: run.live.alertCount, limit: ALERT_FLOOD_LIMIT },
        });
      }
      else if (drain && dir === 'server') {
        const p = run.live.serverProgress;
        if (p.stopped || p.waitingForKeys || !p.midMessage || p.messagesRead > drain.start.messagesRead) endDrain('read');
      } else if (lingering && dir === 'server' && (run.live.serverAlerted || run.live.serverRecordsAfterFinished > 0))
        setImmediate(() => finish(null, true));
    };

    /**
     * Called with each client write before it is sent. An alert (or, TLS 1.3, an encrypted record) written while the
     * server is in the middle of a handshake message means node's TLS gave up on it (its limit, or a fault of its
     * own): hold the alert back, stop feeding node's TLS, and read the server's bytes on until the message is whole.
     */
    const holdWrite = (chunk: Buffer): boolean => {
      if (phase !== 'handshake' || settled || closing || drain) return false;
      if (chunk[0] !== CONTENT.alert && chunk[0] !== CONTENT.applicationData) return false;
      // TLS 1.3: once the server Finished is in, the client's encrypted records are its own last flight
      if (run.live.serverFinishedSeen) return false;
      const p = run.live.serverProgress;
      if (!p.midMessage || p.waitingForKeys || p.stopped) return false;
      if (raw.destroyed || raw.readableEnded) return false;
      drain = { start: p, nodeError: null };
      return true;
    };

    const at = (ms: number, fn: () => void): void => {
      timers.push(setTimeout(fn, Math.max(0, ms - elapsed())));
    };

    const connectDeadline = timeoutMs * CONNECT_SHARE;
    at(connectDeadline, () => {
      if (phase !== 'dial' && phase !== 'tunnel') return;
      finish({
        code: 'CONNECT_TIMEOUT',
        message: `no connection to ${hostPort(first.host, first.port)} within ${connectDeadline} ms${proxy ? ' (through the proxy)' : ''}`,
        evidence: { address: hostPort(first.host, first.port), timeoutMs: connectDeadline, phase, proxy: proxy?.display ?? null },
      });
    });
    at(timeoutMs, () => {
      if (phase !== 'handshake') return;
      if (drain) {
        endDrain('timeout');
        return;
      }
      finish({
        code: 'HANDSHAKE_TIMEOUT',
        message: `the TLS handshake with ${hostPort(dial.host, dial.port)} did not complete within ${timeoutMs} ms`,
        evidence: {
          address: hostPort(dial.host, dial.port),
          timeoutMs,
          clientBytes: run.records.filter((r) => r.dir === 'client').length,
          serverBytes: run.records.filter((r) => r.dir === 'server').reduce((n, r) => n + Buffer.from(r.data, 'base64').length, 0),
        },
      });
    });

    raw.once('error', (e) => {
      if (phase === 'dial' && !proxy) {
        finish({
          code: 'CONNECT_FAILED',
          message: `cannot connect to ${hostPort(dial.host, dial.port)}: ${(e as NodeJS.ErrnoException).code ?? e.message}`,
          evidence: { address: hostPort(dial.host, dial.port), ...errorEvidence(e) },
        });
      } else if (phase === 'dial' && trust && proxyTcpUp && !proxyTlsUp) {
        finish({
          code: 'PROXY_FAILED',
          message: `proxy ${proxy!.display} failed: ${proxyTlsFailure(e, trust)}`,
          evidence: { proxy: proxy!.display, statusLine: null, proxyStage: 'tls', extraCaFile: trust.extraCaFile, ...errorEvidence(e) },
        });
      } else if (proxy && (phase === 'dial' || phase === 'tunnel')) {
        finish({
          code: 'PROXY_FAILED',
          message: `proxy ${proxy!.display} failed: ${(e as NodeJS.ErrnoException).code ?? e.message}`,
          evidence: { proxy: proxy!.display, statusLine: null, ...errorEvidence(e) },
        });
      }
      // during the handshake the error reaches the TLS socket through the tap
    });

    let proxyTcpUp = false;
    let proxyTlsUp = false;
    raw.once('connect', () => {
      proxyTcpUp = true;
    });
    // A TLSSocket emits 'connect' for its TCP connection and 'secureConnect' once its own handshake is done.
    raw.once(trust ? 'secureConnect' : 'connect', () => {
      proxyTlsUp = trust !== null;
      if (!proxy) {
        startTls();
        return;
      }
      phase = 'tunnel';
      openTunnel(raw, proxy, dial, {
        ready: () => startTls(),
        fail: (f) => finish({ code: 'PROXY_FAILED', message: f.message, evidence: f.evidence }),
      });
    });

    function startTls(): void {
      phase = 'handshake';
      connectMs = elapsed();
      tap = new RecordingDuplex(raw, onChunk, holdWrite);
      raw.on('end', () => endDrain('closed'));
      raw.on('close', () => endDrain('closed'));
      // 'auto' offers 1.2 and 1.3, as Go's client does by default; the server picks.
      const minVersion = opts.tls === '1.3' ? 'TLSv1.3' : 'TLSv1.2';
      const maxVersion = opts.tls === '1.2' ? 'TLSv1.2' : 'TLSv1.3';
      // requestOCSP is passed through to the TLSSocket (missing from @types/node's ConnectionOptions).
      const tlsOptions: ConnectionOptions & { requestOCSP: boolean } = {
        socket: tap,
        ...(run.servername !== null ? { servername: run.servername } : {}),
        secureContext: clientContext(minVersion, maxVersion),
        rejectUnauthorized: false,
        checkServerIdentity: () => undefined,
        requestOCSP: true,
        ...(opts.alpn && opts.alpn.length > 0 ? { ALPNProtocols: opts.alpn } : {}),
      };
      try {
        tlsSocket = tlsConnect(tlsOptions);
      } catch (e) {
        // invalid options (an ALPN name over 255 bytes, ...): node throws synchronously
        finish({
          code: 'HANDSHAKE_FAILED',
          message: `cannot start TLS: ${(e as Error).message}`,
          evidence: { address: hostPort(dial.host, dial.port), ...errorEvidence(e) },
        });
        return;
      }
      tlsSocket.on('keylog', (line: Buffer) => {
        const text = line.toString('latin1').trimEnd();
        run.keylog.push(text);
        run.live.addKeylog(text);
        opts.keylog?.(text);
      });
      tlsSocket.once('secureConnect', () => {
        handshakeMs = elapsed() - (connectMs ?? 0);
        const waitForVerdict =
          tlsSocket!.getProtocol() === 'TLSv1.3' && run.live.certificateRequested && !run.live.serverAlerted;
        if (!waitForVerdict) {
          phase = 'capture';
          finish(null, true);
          return;
        }
        // The server asked for a client certificate we do not have: its alert (if any) follows our Finished.
        phase = 'capture';
        lingering = true;
        timers.push(setTimeout(() => finish(null), Math.min(CLIENT_CERT_VERDICT_MS, Math.max(0, timeoutMs - elapsed()))));
      });
      tlsSocket.on('error', (e) => {
        if (drain) {
          drain.nodeError ??= e;
          return;
        }
        if (phase !== 'handshake') {
          finish(null);
          return;
        }
        finish({
          code: 'HANDSHAKE_FAILED',
          message: `TLS handshake with ${hostPort(dial.host, dial.port)} failed: ${(e as NodeJS.ErrnoException).code ?? e.message}`,
          evidence: { address: hostPort(dial.host, dial.port), ...errorEvidence(e) },
        });
      });
      tlsSocket.once('close', () => {
        if (drain) return;
        if (phase !== 'handshake') {
          finish(null);
          return;
        }
        finish({
          code: 'HANDSHAKE_FAILED',
          message: `${hostPort(dial.host, dial.port)} closed the connection during the TLS handshake`,
          evidence: { address: hostPort(dial.host, dial.port), nodeCode: null, nodeMessage: 'closed' },
        });
      });
    }
  });
}

/**
 * One client TLS context per version range, shared by every probe: building one costs about 0.3 ms, and a run
 * probes many targets. Sharing it never resumes a session (node resumes only when given a session, which chaindbg
 * never passes) and keeps per-connection options (SNI, ALPN, key log, OCSP request) per connection.
 */
const clientContexts = new Map<string, SecureContext>();
function clientContext(minVersion: 'TLSv1.2' | 'TLSv1.3', maxVersion: 'TLSv1.2' | 'TLSv1.3'): SecureContext {
  const key = `${minVersion}-${maxVersion}`;
  let ctx = clientContexts.get(key);
  if (!ctx) {
    ctx = createSecureContext({ minVersion, maxVersion });
    clientContexts.set(key, ctx);
  }
  return ctx;
}
