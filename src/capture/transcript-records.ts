/** The record layer of a transcript: framing, TLS 1.3 decryption with the key log, alerts; handshake messages go to a subclass. */
import type { TlsAlertInfo } from '../model/report.js';
import { MessageTooLargeError, TlsParseError } from './errors.js';
import { HS, type HandshakeMessage, HandshakeReassembler, parseAlerts } from './handshake.js';
import { certificateMessageSize, limitEvidence } from './limits.js';
import { describeNotTls, notTlsMessage } from './nottls.js';
import { CONTENT, RecordFramer, type TlsRecord } from './records.js';
import { RecordDecryptor, type Tls13Suite, parseKeylog } from './tls13.js';
import type { AnalyzeOptions, CaptureError, Direction } from './types.js';

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
export type Epoch = 'plain' | 'handshake' | 'application' | 'opaque';

export const SECRET_LABELS: Record<Direction, Record<'handshake' | 'application', string>> = {
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

export interface DirState {
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
 * Frames both directions into records, decrypts TLS 1.3 records with the key-log secrets, and collects alerts; the
 * handshake messages it reassembles go to handleMessage (TranscriptAnalyzer). It never throws on bad input.
 */
export abstract class TranscriptRecords {
  private readonly max: number;
  protected readonly dirs: Record<Direction, DirState>;
  protected keys: Map<string, Map<string, Buffer>> = new Map();
  protected final = false;
  protected firstServerBytes: Buffer = Buffer.alloc(0);
  protected lastT = 0;
  private alertSeq = 0;

  error: CaptureError | null = null;
  readonly notes: string[] = [];

  protected clientRandom: string | null = null;
  protected version: number | null = null;
  protected suite13: Tls13Suite | null = null;
  protected alerts: Array<TlsAlertInfo & { t: number; seq: number }> = [];
  /** Every alert read, kept or not. */
  protected alertTotal = 0;
  protected alertsNotKept = 0;
  private lastAlert: Record<Direction, (TlsAlertInfo & { t: number; seq: number }) | null> = { client: null, server: null };

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

  protected setNotTls(): void {
    if (this.error?.code === 'NOT_TLS') return;
    const d = describeNotTls(this.firstServerBytes);
    this.error = { code: 'NOT_TLS', message: notTlsMessage(d), evidence: { ...d } };
  }

  protected fail(code: CaptureError['code'], message: string, evidence: Record<string, unknown>): void {
    if (!this.error) this.error = { code, message, evidence };
  }

  protected note(line: string): void {
    if (!this.notes.includes(line)) this.notes.push(line);
  }

  protected pump(): void {
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

  protected get isTls13(): boolean | null {
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

  protected abstract handleMessage(dir: Direction, m: HandshakeMessage, encrypted: boolean): void;
}
