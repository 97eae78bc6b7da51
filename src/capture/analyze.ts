import type { TlsAlertInfo, TlsInfo } from '../model/report.js';
import {
  type CertificateEntry,
  HS,
  type HandshakeMessage,
  type ServerHelloInfo,
  parseCertificate12,
  parseCertificate13,
  parseCertificateStatus,
  parseClientHello,
  parseEncryptedExtensions,
  parseServerHello,
  parseServerKeyExchangeGroup,
} from './handshake.js';
import { type CertificateMessageSize, certificateMessageSize } from './limits.js';
import { cipherSuiteName, versionName } from './names.js';
import { toHex } from './reader.js';
import { looksLikeTlsRecord } from './records.js';
import { parseSctList, readStaple } from './stapled.js';
import { equalBytes, finishedVerifyData, messageHash, tls13Suite, transcriptHash } from './tls13.js';
import { MAX_ALERT_ENTRIES, SECRET_LABELS, type ServerProgress, TranscriptRecords } from './transcript-records.js';
import type { AnalyzeOptions, CaptureRecord, Direction, TranscriptAnalysis } from './types.js';

export {
  ALERT_FLOOD_LIMIT,
  DEFAULT_MAX_MESSAGE_BYTES,
  MAX_ALERT_ENTRIES,
  type ServerProgress,
} from './transcript-records.js';

/**
 * Reads a TLS 1.2 / 1.3 handshake from the raw bytes of both directions plus the NSS key log. It is incremental so
 * that the live probe can stop early (message too large, not TLS) and know when the server has answered; the
 * offline analysis feeds everything and calls result(). It never throws on bad input: problems become `error`
 * and `notes`.
 */
export class TranscriptAnalyzer extends TranscriptRecords {
  private clientHellos: HandshakeMessage[] = [];
  private sni: string | null = null;
  private hrr: HandshakeMessage | null = null;
  private serverHello: HandshakeMessage | null = null;
  private sh: ServerHelloInfo | null = null;
  private group: string | null = null;
  private alpn: string | null = null;
  private entries: CertificateEntry[] | null = null;
  private ocspDer: Uint8Array | null = null;
  private serverFlight: HandshakeMessage[] = [];
  private serverFinished: HandshakeMessage | null = null;
  private serverMessages = 0;
  /** Body length of the server's (first) Certificate message, once read whole. */
  private certificateBytes: number | null = null;
  /** The server sent CertificateRequest (it may abort after the client's empty Certificate). */
  certificateRequested = false;

  /** True once the server Finished (TLS 1.3) was read. */
  get serverFinishedSeen(): boolean {
    return this.serverFinished !== null;
  }

  /** Server records after its Finished (TLS 1.3), or after its ChangeCipherSpec (TLS 1.2). */
  get serverRecordsAfterFinished(): number {
    return this.dirs.server.recordsAfterFinished;
  }

  /** Alerts read so far from both sides, collapsed or not (for the live probe's flood limit). */
  get alertCount(): number {
    return this.alertTotal;
  }

  get serverAlerted(): boolean {
    return this.alerts.some((a) => a.from === 'server');
  }

  /** The first fatal alert the client sent, once its record was read (TLS 1.3: decrypted). */
  get clientFatalAlert(): TlsAlertInfo | null {
    const a = this.alerts.find((x) => x.from === 'client' && x.level === 'fatal');
    return a ? { from: a.from, level: a.level, code: a.code, name: a.name, count: a.count } : null;
  }

  get serverProgress(): ServerProgress {
    const s = this.dirs.server;
    return {
      messagesRead: this.serverMessages,
      midMessage: s.reassembler.buffered > 0 || s.framer.buffered > 0,
      waitingForKeys: s.queue.length > s.queueHead,
      stopped: s.stopped,
      pending: s.reassembler.pending,
    };
  }

  /** The server's Certificate message against the clients' limits: whole, or as announced by a header read so far. */
  get certificateMessage(): CertificateMessageSize | null {
    if (this.certificateBytes !== null) return certificateMessageSize(this.certificateBytes, true);
    const p = this.dirs.server.reassembler.pending;
    if (p && p.type === HS.certificate && this.serverHello !== null) return certificateMessageSize(p.length, false);
    return null;
  }

  protected handleMessage(dir: Direction, m: HandshakeMessage, encrypted: boolean): void {
    if (dir === 'client') {
      this.handleClientMessage(m);
      return;
    }
    this.serverMessages++;
    if (encrypted && this.serverFinished === null) this.serverFlight.push(m);
    switch (m.type) {
      case HS.serverHello:
        this.handleServerHello(m);
        break;
      case HS.encryptedExtensions:
        this.alpn = parseEncryptedExtensions(m.body).alpn;
        break;
      case HS.certificate:
        if (this.certificateBytes === null) this.certificateBytes = m.body.length;
        if (this.entries === null) this.entries = this.isTls13 ? parseCertificate13(m.body) : parseCertificate12(m.body);
        break;
      case HS.serverKeyExchange:
        if (this.sh) this.group = parseServerKeyExchangeGroup(m.body, cipherSuiteName(this.sh.cipherSuite));
        break;
      case HS.certificateStatus:
        this.ocspDer = parseCertificateStatus(m.body);
        break;
      case HS.certificateRequest:
        this.certificateRequested = true;
        break;
      case HS.finished:
        if (encrypted && this.serverFinished === null) {
          this.serverFinished = m;
          this.dirs.server.epoch = 'application';
          this.dirs.server.decryptor = null;
        }
        break;
      case HS.keyUpdate:
        this.note('server sent KeyUpdate: later records not decrypted');
        this.dirs.server.epoch = 'opaque';
        break;
      default:
        break;
    }
  }

  private handleClientMessage(m: HandshakeMessage): void {
    if (m.type === HS.clientHello) {
      const info = parseClientHello(m.body);
      if (this.clientHellos.length === 0) {
        this.clientRandom = toHex(info.random);
        this.sni = info.sni;
      }
      this.clientHellos.push(m);
    } else if (m.type === HS.finished && this.dirs.client.epoch === 'handshake') {
      this.dirs.client.epoch = 'application';
      this.dirs.client.decryptor = null;
    }
  }

  private handleServerHello(m: HandshakeMessage): void {
    const info = parseServerHello(m.body);
    this.version = info.version;
    if (info.helloRetryRequest) {
      if (this.hrr === null) this.hrr = m;
      this.group = info.group;
      return;
    }
    if (this.serverHello !== null) return;
    this.serverHello = m;
    this.sh = info;
    if (info.alpn !== null) this.alpn = info.alpn;
    if (info.version === 0x0304) {
      this.group = info.group;
      this.suite13 = tls13Suite(info.cipherSuite);
      this.dirs.server.epoch = this.suite13 ? 'handshake' : 'opaque';
      if (!this.suite13) this.note(`TLS 1.3 cipher suite ${cipherSuiteName(info.cipherSuite)} is not supported for decryption`);
    }
  }

  /** RFC 8446 4.4.4: the server Finished over CH1 [HRR CH2] SH EE [CR] Certificate CertificateVerify. */
  private verifyServerFinished(): boolean {
    const suite = this.suite13;
    if (!suite || !this.serverFinished || !this.serverHello || !this.clientRandom) return false;
    const secret = this.keys.get(SECRET_LABELS.server.handshake)?.get(this.clientRandom);
    const ch1 = this.clientHellos[0];
    if (!secret || !ch1) return false;
    const messages: Uint8Array[] = [];
    if (this.hrr) {
      const ch2 = this.clientHellos[1];
      if (!ch2) {
        this.note('HelloRetryRequest without a second ClientHello: Finished not checked');
        return false;
      }
      messages.push(messageHash(suite.hash, ch1.raw), this.hrr.raw, ch2.raw);
    } else {
      messages.push(ch1.raw);
    }
    messages.push(this.serverHello.raw, ...this.serverFlight.filter((m) => m !== this.serverFinished).map((m) => m.raw));
    const expected = finishedVerifyData(suite.hash, suite.hashLength, secret, transcriptHash(suite.hash, messages));
    const ok = equalBytes(expected, this.serverFinished.body);
    if (!ok) this.note('the server Finished does not verify against the transcript');
    return ok;
  }

  /** Ends the analysis: records still waiting for keys are skipped with a note. */
  result(): TranscriptAnalysis {
    this.final = true;
    this.pump();
    const server = this.dirs.server;
    if (!server.stopped && server.framer.buffered > 0 && !looksLikeTlsRecord(this.firstServerBytes)) this.setNotTls();
    else if (!server.stopped && server.framer.buffered > 0) this.note(`server stream ends inside a record (${server.framer.buffered} bytes)`);
    const entries = this.entries ?? [];
    const tls13 = this.isTls13 === true;
    const chainAuthenticated = entries.length > 0 && (tls13 ? this.verifyServerFinished() : true);
    if (tls13 && entries.length > 0 && !chainAuthenticated && !this.serverFinished)
      this.note('no server Finished was read: the chain is not authenticated by the transcript');
    const leaf = entries[0];
    const ocspDer = tls13 ? (leaf?.ocsp ?? null) : this.ocspDer;
    const sctList = tls13 ? (leaf?.scts ?? null) : (this.sh?.sctList ?? null);
    const staple = ocspDer ? readStaple(ocspDer) : null;
    const alerts = [...this.alerts].sort((a, b) => a.t - b.t || a.seq - b.seq);
    if (this.alertsNotKept > 0) {
      this.note(`${this.alertsNotKept} more alerts were read but not kept (limit: ${MAX_ALERT_ENTRIES} alert entries, identical ones in a row counted as one)`);
    }
    const tls: TlsInfo = {
      version: this.sh ? versionName(this.sh.version) : this.version !== null ? versionName(this.version) : null,
      cipher: this.sh ? cipherSuiteName(this.sh.cipherSuite) : null,
      group: this.group,
      alpn: this.alpn,
      helloRetryRequest: this.hrr !== null,
      chainAuthenticated,
      alerts: alerts.map(({ from, level, code, name, count }) => ({ from, level, code, name, count })),
      ocsp: staple?.info ?? null,
      scts: [...(sctList ? parseSctList(sctList, 'tls-extension') : []), ...(staple?.scts ?? [])],
      timings: { connectMs: null, handshakeMs: null, totalMs: this.lastT },
    };
    const fatal = alerts.find((a) => a.level === 'fatal');
    if (fatal && !this.error) {
      this.error = {
        code: 'TLS_ALERT',
        message: `${fatal.from} sent fatal alert ${fatal.name} (${fatal.code})`,
        evidence: { from: fatal.from, level: fatal.level, code: fatal.code, name: fatal.name },
      };
    }
    return {
      certificates: entries.map((e) => new Uint8Array(e.der)),
      certificateExtensions: entries.map((e) => ({
        ocsp: e.ocsp ? new Uint8Array(e.ocsp) : null,
        scts: e.scts ? new Uint8Array(e.scts) : null,
      })),
      tls,
      sni: this.sni,
      error: this.error,
      notes: [...this.notes],
      certificateMessage: this.certificateMessage,
    };
  }
}

/**
 * Re-reads a recorded handshake offline: pure over the recorded chunks and key-log lines (what `chaindbg analyze`
 * runs and what the fuzzer targets). Malformed chunks (bad base64) are treated as the bytes they decode to.
 */
export function analyzeTranscript(
  records: CaptureRecord[],
  keylog: string[],
  opts: AnalyzeOptions = {},
): TranscriptAnalysis {
  const analyzer = new TranscriptAnalyzer(opts);
  for (const line of keylog) analyzer.addKeylog(line);
  for (const r of records) analyzer.push(r.dir, Buffer.from(r.data, 'base64'), r.t);
  return analyzer.result();
}