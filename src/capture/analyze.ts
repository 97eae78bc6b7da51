import type { TlsAlertInfo, TlsInfo } from '../model/report.js';
import { MessageTooLargeError, TlsParseError } from './errors.js';
import {
  type CertificateEntry,
  HS,
  type HandshakeMessage,
  HandshakeReassembler,
  type ServerHelloInfo,
  parseAlerts,
  parseCertificate12,
  parseCertificate13,
  parseCertificateStatus,
  parseClientHello,
  parseEncryptedExtensions,
  parseServerHello,
  parseServerKeyExchangeGroup,
} from './handshake.js';
import { type CertificateMessageSize, certificateMessageSize, limitEvidence } from './limits.js';
import { cipherSuiteName, versionName } from './names.js';
import { describeNotTls, notTlsMessage } from './nottls.js';
import { toHex } from './reader.js';
import { CONTENT, RecordFramer, type TlsRecord, looksLikeTlsRecord } from './records.js';
import { parseSctList, readStaple } from './stapled.js';
import {
  RecordDecryptor,
  type Tls13Suite,
  equalBytes,
  finishedVerifyData,
  messageHash,
  parseKeylog,
  tls13Suite,
  transcriptHash,
} from './tls13.js';
import type {
  AnalyzeOptions,
  CaptureError,
  CaptureRecord,
  Direction,
  TranscriptAnalysis,
} from './types.js';

export const DEFAULT_MAX_MESSAGE_BYTES = 1024 * 1024;
/**
 * Alerts kept per connection: identical alerts in a row from one side are one entry with a count; past this many
 * entries alerts are only counted (and a note says so). Fatal alerts are always kept (one ends the connection).
 */
export const MAX_ALERT_ENTRIES = 32;
/**
 * A live probe stops reading after this many alerts (a server answering with an endless stream of warnings). Go
 * gives up far sooner: crypto/tls conn.go `maxUselessRecords = 16` ("tls: too many ignored records").
 */
export const ALERT_FLOOD_LIMIT = 256;

/**
 * Where one direction's records stand: plaintext, encrypted under handshake or application traffic keys (TLS 1.3,
 * readable from the key log), or opaque (TLS 1.2 after ChangeCipherSpec, or keys we do not have).
 */
type Epoch = 'plain' | 'handshake' | 'application' | 'opaque';

const SECRET_LABELS: Record<Direction, Record<'handshake' | 'application', string>> = {
  client: { handshake: 'CLIENT_HANDSHAKE_TRAFFIC_SECRET', application: 'CLIENT_TRAFFIC_SECRET_0' },
  server: { handshake: 'SERVER_HANDSHAKE_TRAFFIC_SECRET', application: 'SERVER_TRAFFIC_SECRET_0' },
};

/** Where the server's byte stream stands, for the live probe to decide whether to keep reading after the client aborts. */
export interface ServerProgress {
  /** Whole server handshake messages read so far. */
  messagesRead: number;
  /** Inside a record or a handshake message (more bytes are needed to finish it). */
  midMessage: boolean;
  /** Records wait for a key-log secret (TLS 1.3): what follows cannot be read yet. */
  waitingForKeys: boolean;
  /** Reading stopped on an error. */
  stopped: boolean;
  /** The handshake message being reassembled, once its header is in. */
  pending: { type: number; length: number; have: number } | null;
}

interface DirState {
  framer: RecordFramer;
  /** Records framed but not yet handled, from `queueHead` on (an index, not shift(): a shift per record was quadratic). */
  queue: TlsRecord[];
  queueHead: number;
  reassembler: HandshakeReassembler;
  epoch: Epoch;
  decryptor: RecordDecryptor | null;
  stopped: boolean;
  /** Records seen under application keys (TLS 1.3) or after ChangeCipherSpec (TLS 1.2). */
  recordsAfterFinished: number;
}

/**
 * Reads a TLS 1.2 / 1.3 handshake from the raw bytes of both directions plus the NSS key log. It is incremental so
 * that the live probe can stop early (message too large, not TLS) and know when the server has answered; the
 * offline analysis feeds everything and calls result(). It never throws on bad input: problems become `error`
 * and `notes`.
 */
export class TranscriptAnalyzer {
  private readonly max: number;
  private readonly dirs: Record<Direction, DirState>;
  private keys: Map<string, Map<string, Buffer>> = new Map();
  private final = false;
  private firstServerBytes: Buffer = Buffer.alloc(0);
  private lastT = 0;
  private alertSeq = 0;

  error: CaptureError | null = null;
  readonly notes: string[] = [];

  private clientHellos: HandshakeMessage[] = [];
  private clientRandom: string | null = null;
  private sni: string | null = null;
  private hrr: HandshakeMessage | null = null;
  private serverHello: HandshakeMessage | null = null;
  private sh: ServerHelloInfo | null = null;
  private version: number | null = null;
  private suite13: Tls13Suite | null = null;
  private group: string | null = null;
  private alpn: string | null = null;
  private entries: CertificateEntry[] | null = null;
  private ocspDer: Uint8Array | null = null;
  private serverFlight: HandshakeMessage[] = [];
  private serverFinished: HandshakeMessage | null = null;
  private alerts: Array<TlsAlertInfo & { t: number; seq: number }> = [];
  /** Every alert read, kept or not. */
  private alertTotal = 0;
  private alertsNotKept = 0;
  private lastAlert: Record<Direction, (TlsAlertInfo & { t: number; seq: number }) | null> = { client: null, server: null };
  private serverMessages = 0;
  /** Body length of the server's (first) Certificate message, once read whole. */
  private certificateBytes: number | null = null;
  /** The server sent CertificateRequest (it may abort after the client's empty Certificate). */
  certificateRequested = false;

  constructor(opts: AnalyzeOptions = {}) {
    this.max = opts.maxMessageBytes ?? DEFAULT_MAX_MESSAGE_BYTES;
    const dir = (name: Direction): DirState => ({
      framer: new RecordFramer(),
      queue: [],
      queueHead: 0,
      reassembler: new HandshakeReassembler(this.max, name),
      epoch: 'plain',
      decryptor: null,
      stopped: false,
      recordsAfterFinished: 0,
    });
    this.dirs = { client: dir('client'), server: dir('server') };
  }

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

  addKeylog(line: string): void {
    // Only the new line is parsed, merged so that a later line wins as in parseKeylog: re-parsing every line on each
    // call was quadratic (a capture file of 5,000 key-log lines took 26 s to analyse, 20,000 took 8 minutes).
    for (const [label, byRandom] of parseKeylog([line])) {
      let into = this.keys.get(label);
      if (!into) this.keys.set(label, (into = new Map()));
      for (const [random, secret] of byRandom) into.set(random, secret);
    }
    this.pump();
  }

  push(dir: Direction, bytes: Uint8Array, t: number): void {
    this.lastT = Math.max(this.lastT, t);
    if (dir === 'server' && this.firstServerBytes.length < 512) {
      this.firstServerBytes = Buffer.concat([this.firstServerBytes, bytes.subarray(0, 512 - this.firstServerBytes.length)]);
    }
    const state = this.dirs[dir];
    if (state.stopped) return;
    try {
      // One by one, not push(...records): a capture record of a million 1-byte TLS records overflowed the stack.
      for (const rec of state.framer.push(bytes, t)) state.queue.push(rec);
    } catch (e) {
      if (!(e instanceof TlsParseError)) throw e;
      state.stopped = true;
      if (dir === 'server' && e.evidence['offset'] === 0) this.setNotTls();
      else this.fail('HANDSHAKE_FAILED', `${dir} sent a malformed TLS record: ${e.message}`, { from: dir, ...e.evidence });
    }
    this.pump();
  }

  private setNotTls(): void {
    if (this.error?.code === 'NOT_TLS') return;
    const d = describeNotTls(this.firstServerBytes);
    this.error = { code: 'NOT_TLS', message: notTlsMessage(d), evidence: { ...d } };
  }

  private fail(code: CaptureError['code'], message: string, evidence: Record<string, unknown>): void {
    if (!this.error) this.error = { code, message, evidence };
  }

  private note(line: string): void {
    if (!this.notes.includes(line)) this.notes.push(line);
  }

  private pump(): void {
    for (;;) {
      let progressed = false;
      while (this.step('client')) progressed = true;
      while (this.step('server')) progressed = true;
      if (!progressed) return;
    }
  }

  /** Handles the next queued record of one direction; false when there is none or it must wait for keys. */
  private step(dir: Direction): boolean {
    const state = this.dirs[dir];
    const rec = state.queue[state.queueHead];
    if (state.stopped || !rec) return false;
    const after = state.epoch === 'application' || state.epoch === 'opaque';
    try {
      if (!this.handleRecord(dir, state, rec)) return false;
      if (after && rec.type !== CONTENT.changeCipherSpec) state.recordsAfterFinished++;
    } catch (e) {
      state.stopped = true;
      if (e instanceof MessageTooLargeError) {
        // A Certificate message: say which clients would refuse it too (all of them, past 1 MiB).
        const limits = e.evidence['type'] === HS.certificate && dir === 'server' ? certificateMessageSize(Number(e.evidence['length']), false) : null;
        this.fail('MESSAGE_TOO_LARGE', e.message, limits ? { ...e.evidence, ...limitEvidence(limits) } : e.evidence);
      }
      else if (e instanceof TlsParseError)
        this.fail('HANDSHAKE_FAILED', `${dir} sent a malformed handshake: ${e.message}`, { from: dir, ...e.evidence });
      else throw e;
    }
    state.queueHead++;
    // Drop handled records now and then (at most as much work again as the records themselves: linear overall).
    if (state.queueHead >= 1024 && state.queueHead * 2 >= state.queue.length) {
      state.queue = state.queue.slice(state.queueHead);
      state.queueHead = 0;
    }
    return true;
  }

  private get isTls13(): boolean | null {
    return this.version === null ? null : this.version === 0x0304;
  }

  /** Returns false to wait (live mode) for something not yet known: the version or a key-log secret. */
  private handleRecord(dir: Direction, state: DirState, rec: TlsRecord): boolean {
    switch (rec.type) {
      case CONTENT.changeCipherSpec:
        if (this.isTls13 === null && dir === 'client' && !this.final) return false;
        // TLS 1.3: middlebox-compatibility CCS, meaningless. TLS 1.2: what follows is encrypted.
        if (this.isTls13 === false) state.epoch = 'opaque';
        return true;
      case CONTENT.alert:
        if (state.epoch === 'opaque') this.note(`${dir} sent an encrypted TLS 1.2 alert (not decrypted)`);
        else this.addAlerts(dir, rec.body, rec.t);
        return true;
      case CONTENT.handshake:
        if (state.epoch === 'opaque') return true; // TLS 1.2 encrypted Finished
        for (const m of state.reassembler.push(rec.body, rec.t)) this.handleMessage(dir, m, false);
        return true;
      case CONTENT.applicationData:
        return this.handleEncrypted(dir, state, rec);
      default:
        return true;
    }
  }

  private handleEncrypted(dir: Direction, state: DirState, rec: TlsRecord): boolean {
    if (this.isTls13 === null) {
      if (!this.final) return false;
      this.note(`${dir} sent encrypted records before any ServerHello`);
      return true;
    }
    if (!this.isTls13 || state.epoch === 'opaque') return true; // TLS 1.2 application data: never ours to read
    if (state.epoch === 'plain') state.epoch = 'handshake'; // the client encrypts once it has the ServerHello
    const decryptor = this.decryptorFor(dir, state);
    if (!decryptor) {
      if (!this.final) return false;
      const label = SECRET_LABELS[dir][state.epoch];
      this.note(`no ${label} in the key log for client_random ${this.clientRandom ?? '?'}: ${dir} records not decrypted`);
      state.epoch = 'opaque';
      return true;
    }
    const opened = decryptor.open(rec.header, rec.body);
    if (!opened) {
      this.note(`a ${dir} record at stream offset ${rec.offset} does not decrypt with the ${state.epoch} traffic key`);
      state.epoch = 'opaque';
      return true;
    }
    if (opened.type === CONTENT.handshake) {
      const epochBefore = state.epoch;
      for (const m of state.reassembler.push(opened.content, rec.t)) {
        if (state.epoch === epochBefore) this.handleMessage(dir, m, true);
      }
    } else if (opened.type === CONTENT.alert) {
      this.addAlerts(dir, opened.content, rec.t);
    }
    return true;
  }

  private decryptorFor(dir: Direction, state: DirState): RecordDecryptor | null {
    if (state.decryptor) return state.decryptor;
    if (!this.suite13 || !this.clientRandom || (state.epoch !== 'handshake' && state.epoch !== 'application')) return null;
    const secret = this.keys.get(SECRET_LABELS[dir][state.epoch])?.get(this.clientRandom);
    if (!secret) return null;
    state.decryptor = new RecordDecryptor(this.suite13, secret);
    return state.decryptor;
  }

  private addAlerts(dir: Direction, body: Uint8Array, t: number): void {
    for (const a of parseAlerts(body)) {
      this.alertTotal++;
      const last = this.lastAlert[dir];
      if (last && last.level === a.level && last.code === a.code) {
        last.count++;
        continue;
      }
      if (this.alerts.length >= MAX_ALERT_ENTRIES && a.level !== 'fatal') {
        this.alertsNotKept++;
        this.lastAlert[dir] = null; // what follows is not "in a row" with the last kept entry
        continue;
      }
      const entry = { from: dir, ...a, count: 1, t, seq: this.alertSeq++ };
      this.alerts.push(entry);
      this.lastAlert[dir] = entry;
    }
  }

  private handleMessage(dir: Direction, m: HandshakeMessage, encrypted: boolean): void {
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
