/**
 * Reads one direction of a recorded TLS 1.3 handshake independently of the analyzer: frames the records, opens the
 * encrypted ones with the key-log secrets (handshake secret until that side's Finished, then traffic secret 0), and
 * returns each record's (inner) content type and content in order.
 */
import { CONTENT, RecordFramer } from '../../../src/capture/records.js';
import { RecordDecryptor, parseKeylog, type Tls13Suite, tls13Suite } from '../../../src/capture/tls13.js';
import type { CaptureRecord, Direction } from '../../../src/capture/types.js';

export interface OpenedRecord {
  /** Outer record type (23 for every encrypted record). */
  outer: number;
  /** Inner content type (the outer one for plaintext records). */
  type: number;
  content: Buffer;
  /** Which secret opened it, or null for plaintext. */
  epoch: 'handshake' | 'application' | null;
}

const LABELS: Record<Direction, { handshake: string; application: string }> = {
  client: { handshake: 'CLIENT_HANDSHAKE_TRAFFIC_SECRET', application: 'CLIENT_TRAFFIC_SECRET_0' },
  server: { handshake: 'SERVER_HANDSHAKE_TRAFFIC_SECRET', application: 'SERVER_TRAFFIC_SECRET_0' },
};

export function bytesOf(records: CaptureRecord[], dir: Direction): Buffer {
  return Buffer.concat(records.filter((r) => r.dir === dir).map((r) => Buffer.from(r.data, 'base64')));
}

/** The client_random of the ClientHello at the start of the client stream. */
export function clientRandom(records: CaptureRecord[]): string {
  return bytesOf(records, 'client').subarray(11, 43).toString('hex');
}

/**
 * Opens `dir`'s records. Switches from the handshake to the application secret after the first encrypted record
 * that holds a Finished message (type 20) of that direction.
 */
export function openDirection(records: CaptureRecord[], keylog: string[], dir: Direction, suite: Tls13Suite): OpenedRecord[] {
  const keys = parseKeylog(keylog);
  const random = clientRandom(records);
  const secret = (label: string): Buffer => {
    const s = keys.get(label)?.get(random);
    if (!s) throw new Error(`no ${label} for ${random}`);
    return s;
  };
  const framed = new RecordFramer().push(bytesOf(records, dir), 0);
  const out: OpenedRecord[] = [];
  let epoch: 'handshake' | 'application' = 'handshake';
  let decryptor: RecordDecryptor | null = null;
  let handshake: Buffer = Buffer.alloc(0);
  for (const rec of framed) {
    if (rec.type !== CONTENT.applicationData) {
      out.push({ outer: rec.type, type: rec.type, content: Buffer.from(rec.body), epoch: null });
      continue;
    }
    decryptor ??= new RecordDecryptor(suite, secret(LABELS[dir][epoch]));
    const opened = decryptor.open(rec.header, rec.body);
    if (!opened) throw new Error(`a ${dir} record at ${rec.offset} does not open under the ${epoch} secret`);
    out.push({ outer: rec.type, type: opened.type, content: opened.content, epoch });
    if (epoch !== 'handshake' || opened.type !== CONTENT.handshake) continue;
    // whole messages only: a Certificate may span records
    handshake = Buffer.concat([handshake, opened.content]);
    let finished = false;
    while (handshake.length >= 4 && handshake.length >= 4 + handshake.readUIntBE(1, 3)) {
      finished ||= handshake[0] === 20;
      handshake = handshake.subarray(4 + handshake.readUIntBE(1, 3));
    }
    if (finished) {
      epoch = 'application';
      decryptor = null;
    }
  }
  return out;
}

/** Handshake messages (header included) in a run of handshake-record contents. */
export function handshakeMessages(contents: Buffer[]): Buffer[] {
  const all = Buffer.concat(contents);
  const out: Buffer[] = [];
  for (let p = 0; p + 4 <= all.length; ) {
    const len = all.readUIntBE(p + 1, 3);
    out.push(all.subarray(p, p + 4 + len));
    p += 4 + len;
  }
  return out;
}

const SUITE_CODES: Record<string, number> = {
  TLS_AES_128_GCM_SHA256: 0x1301,
  TLS_AES_256_GCM_SHA384: 0x1302,
  TLS_CHACHA20_POLY1305_SHA256: 0x1303,
};

/** The TLS 1.3 suite parameters for a capture's `tls.cipher` name. */
export function suiteNamed(name: string | null): Tls13Suite {
  const suite = tls13Suite(SUITE_CODES[name ?? ''] ?? -1);
  if (!suite) throw new Error(`not a TLS 1.3 suite: ${name}`);
  return suite;
}
