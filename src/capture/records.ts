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
  /** Pending chunks, concatenated only once a whole record is there (1-byte reads stay linear). */
  private parts: Buffer[] = [];
  private length = 0;
  /** Total size (header + body) of the record being collected, once its header is known. */
  private need: number | null = null;
  private streamOffset = 0;

  /** Bytes received but not yet part of a complete record. */
  get buffered(): number {
    return this.length;
  }

  private flatten(): Buffer {
    if (this.parts.length !== 1) this.parts = [Buffer.concat(this.parts, this.length)];
    return this.parts[0]!;
  }

  push(chunk: Uint8Array, t: number): TlsRecord[] {
    if (chunk.length > 0) {
      this.parts.push(Buffer.from(chunk));
      this.length += chunk.length;
    }
    const out: TlsRecord[] = [];
    for (;;) {
      if (this.need === null) {
        if (this.length < 5) break;
        const head = this.parts[0]!.length >= 5 ? this.parts[0]! : this.flatten();
        const type = head[0]!;
        const version = head.readUInt16BE(1);
        const length = head.readUInt16BE(3);
        const offset = this.streamOffset;
        if (type < 20 || type > 23 || version >> 8 !== 3) {
          throw new TlsParseError(`not a TLS record header at stream offset ${offset}`, {
            offset,
            headerHex: head.subarray(0, 5).toString('hex'),
          });
        }
        if (length > MAX_RECORD_BODY) {
          throw new TlsParseError(`record of ${length} bytes exceeds the TLS maximum ${MAX_RECORD_BODY}`, {
            offset,
            length,
            max: MAX_RECORD_BODY,
          });
        }
        this.need = 5 + length;
      }
      if (this.length < this.need) break;
      const buf = this.flatten();
      const size = this.need;
      out.push({
        type: buf[0]!,
        version: buf.readUInt16BE(1),
        header: buf.subarray(0, 5),
        body: buf.subarray(5, size),
        t,
        offset: this.streamOffset,
      });
      this.parts = size < buf.length ? [buf.subarray(size)] : [];
      this.length -= size;
      this.streamOffset += size;
      this.need = null;
    }
    return out;
  }
}
