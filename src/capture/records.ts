import { TlsParseError } from './errors.js';

/** TLS record content types (RFC 8446 5.1). */
export const CONTENT = {
  changeCipherSpec: 20,
  alert: 21,
  handshake: 22,
  applicationData: 23,
} as const;

/** Largest record body allowed on the wire: 2^14 plaintext + 256 of AEAD expansion (RFC 8446 5.2). */
export const MAX_RECORD_BODY = 16384 + 256;

export interface TlsRecord {
  type: number;
  /** legacy_record_version, e.g. 0x0303. */
  version: number;
  /** The 5-byte header (the AAD of a TLS 1.3 record). */
  header: Uint8Array;
  body: Uint8Array;
  /** Time (ms since start) of the chunk that completed this record. */
  t: number;
  /** Offset of the header in this direction's byte stream. */
  offset: number;
}

/** True when the first bytes of a stream could start a TLS record (type 20..23, version major 3). */
export function looksLikeTlsRecord(first: Uint8Array): boolean {
  if (first.length === 0) return true;
  if (first[0]! < 20 || first[0]! > 23) return false;
  return first.length < 2 || first[1] === 3;
}

/**
 * Cuts one direction's byte stream into TLS records, whatever the chunking (1-byte reads, several records per
 * chunk). Memory is bounded by one record plus the current chunk.
 */
export class RecordFramer {
  private buf: Buffer = Buffer.alloc(0);
  private streamOffset = 0;

  /** Bytes received but not yet part of a complete record. */
  get buffered(): number {
    return this.buf.length;
  }

  push(chunk: Uint8Array, t: number): TlsRecord[] {
    this.buf = this.buf.length === 0 ? Buffer.from(chunk) : Buffer.concat([this.buf, chunk]);
    const out: TlsRecord[] = [];
    let pos = 0;
    while (this.buf.length - pos >= 5) {
      const type = this.buf[pos]!;
      const version = this.buf.readUInt16BE(pos + 1);
      const length = this.buf.readUInt16BE(pos + 3);
      const offset = this.streamOffset + pos;
      if (type < 20 || type > 23 || version >> 8 !== 3) {
        throw new TlsParseError(`not a TLS record header at stream offset ${offset}`, {
          offset,
          headerHex: this.buf.subarray(pos, pos + 5).toString('hex'),
        });
      }
      if (length > MAX_RECORD_BODY) {
        throw new TlsParseError(`record of ${length} bytes exceeds the TLS maximum ${MAX_RECORD_BODY}`, {
          offset,
          length,
          max: MAX_RECORD_BODY,
        });
      }
      if (this.buf.length - pos < 5 + length) break;
      out.push({
        type,
        version,
        header: this.buf.subarray(pos, pos + 5),
        body: this.buf.subarray(pos + 5, pos + 5 + length),
        t,
        offset,
      });
      pos += 5 + length;
    }
    this.streamOffset += pos;
    this.buf = this.buf.subarray(pos);
    return out;
  }
}
