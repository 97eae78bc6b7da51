import { MessageTooLargeError } from './errors.js';
import { alertName, groupName } from './names.js';
import { Reader, toHex } from './reader.js';

/** Handshake message types (RFC 8446 4, RFC 5246 7.4, RFC 6066 8). */
export const HS = {
  clientHello: 1,
  serverHello: 2,
  newSessionTicket: 4,
  endOfEarlyData: 5,
  encryptedExtensions: 8,
  certificate: 11,
  serverKeyExchange: 12,
  certificateRequest: 13,
  serverHelloDone: 14,
  certificateVerify: 15,
  clientKeyExchange: 16,
  finished: 20,
  certificateStatus: 22,
  keyUpdate: 24,
  messageHash: 254,
} as const;

/** Extension code points used here. */
export const EXT = {
  serverName: 0,
  statusRequest: 5,
  alpn: 16,
  signedCertificateTimestamp: 18,
  supportedVersions: 43,
  keyShare: 51,
} as const;

export interface HandshakeMessage {
  type: number;
  body: Uint8Array;
  /** Header and body: what goes into the transcript hash. */
  raw: Uint8Array;
  t: number;
}

/**
 * Reassembles handshake messages from record fragments: a message may span records and a record may hold several
 * messages. A header announcing more than `maxMessageBytes` throws MessageTooLargeError before anything is buffered.
 */
export class HandshakeReassembler {
  /**
   * Fragments not yet part of a whole message, concatenated only once a header or a whole message is there: a
   * message of 1,000,000 one-byte records used to be copied once per record (quadratic: minutes, with the event loop
   * blocked so no --timeout could fire); now each byte is copied at most twice.
   */
  private parts: Buffer[] = [];
  private length = 0;
  /** Size (header + body) of the message being collected, once its header is known. */
  private need: number | null = null;

  constructor(
    private readonly maxMessageBytes: number,
    private readonly dir: string,
  ) {}

  get buffered(): number {
    return this.length;
  }

  private flatten(): Buffer {
    if (this.parts.length !== 1) this.parts = [Buffer.concat(this.parts, this.length)];
    return this.parts[0]!;
  }

  /** The message being reassembled, once its 4-byte header is in: type, announced body length, body bytes held. */
  get pending(): { type: number; length: number; have: number } | null {
    if (this.length < 4) return null;
    const head = this.header();
    return { type: head[0]!, length: head.readUIntBE(1, 3), have: this.length - 4 };
  }

  /** The first 4 bytes held, copied from the first parts without joining the rest (`pending` is read per record). */
  private header(): Buffer {
    if (this.parts[0]!.length >= 4) return this.parts[0]!;
    const head = Buffer.alloc(4);
    let at = 0;
    for (const part of this.parts) {
      at += part.copy(head, at, 0, Math.min(part.length, 4 - at));
      if (at === 4) break;
    }
    return head;
  }

  push(fragment: Uint8Array, t: number): HandshakeMessage[] {
    if (fragment.length > 0) {
      this.parts.push(Buffer.from(fragment));
      this.length += fragment.length;
    }
    const out: HandshakeMessage[] = [];
    for (;;) {
      if (this.need === null) {
        if (this.length < 4) break;
        const head = this.header();
        const type = head[0]!;
        const length = head.readUIntBE(1, 3);
        if (length > this.maxMessageBytes) {
          throw new MessageTooLargeError(
            `${this.dir} handshake message type ${type} announces ${length} bytes, more than the ${this.maxMessageBytes} allowed`,
            { from: this.dir, type, length, max: this.maxMessageBytes },
          );
        }
        this.need = 4 + length;
      }
      if (this.length < this.need) break;
      const buf = this.flatten();
      const raw = buf.subarray(0, this.need);
      out.push({ type: raw[0]!, body: raw.subarray(4), raw, t });
      this.parts = this.need < buf.length ? [buf.subarray(this.need)] : [];
      this.length -= this.need;
      this.need = null;
    }
    return out;
  }
}

/** Extensions in wire order; a repeated extension keeps its first value. */
export function readExtensions(r: Reader): Map<number, Uint8Array> {
  const out = new Map<number, Uint8Array>();
  if (r.remaining === 0) return out;
  const block = new Reader(r.vec16(), 'extensions');
  while (block.remaining > 0) {
    const type = block.u16();
    const data = block.vec16();
    if (!out.has(type)) out.set(type, data);
  }
  return out;
}

export interface ClientHelloInfo {
  random: Uint8Array;
  sni: string | null;
}

export function parseClientHello(body: Uint8Array): ClientHelloInfo {
  const r = new Reader(body, 'ClientHello');
  r.u16();
  const random = r.bytes(32);
  r.vec8(); // legacy_session_id
  r.vec16(); // cipher_suites
  r.vec8(); // legacy_compression_methods
  const ext = readExtensions(r);
  let sni: string | null = null;
  const sn = ext.get(EXT.serverName);
  if (sn) {
    const list = new Reader(new Reader(sn, 'server_name').vec16(), 'server_name list');
    while (list.remaining > 0) {
      const kind = list.u8();
      const name = list.vec16();
      if (kind === 0 && sni === null) sni = Buffer.from(name).toString('latin1');
    }
  }
  return { random, sni };
}

/** SHA-256("HelloRetryRequest"): the ServerHello.random of a HelloRetryRequest (RFC 8446 4.1.3). */
const HRR_RANDOM = 'cf21ad74e59a6111be1d8c021e65b891c2a211167abb8c5e079e09e2c8a8339c';

export interface ServerHelloInfo {
  helloRetryRequest: boolean;
  /** supported_versions when present, else legacy_version. */
  version: number;
  cipherSuite: number;
  /** Group of the key_share (selected_group in a HelloRetryRequest). */
  group: string | null;
  alpn: string | null;
  /** TLS 1.2: the server will send CertificateStatus. */
  statusRequest: boolean;
  /** TLS 1.2: SignedCertificateTimestampList from extension 18. */
  sctList: Uint8Array | null;
}

export function parseServerHello(body: Uint8Array): ServerHelloInfo {
  const r = new Reader(body, 'ServerHello');
  const legacyVersion = r.u16();
  const random = r.bytes(32);
  r.vec8(); // legacy_session_id_echo
  const cipherSuite = r.u16();
  r.u8(); // legacy_compression_method
  const ext = readExtensions(r);
  const sv = ext.get(EXT.supportedVersions);
  const version = sv && sv.length >= 2 ? new Reader(sv, 'supported_versions').u16() : legacyVersion;
  const ks = ext.get(EXT.keyShare);
  const group = ks && ks.length >= 2 ? groupName(new Reader(ks, 'key_share').u16()) : null;
  const alpnData = ext.get(EXT.alpn);
  return {
    helloRetryRequest: toHex(random) === HRR_RANDOM,
    version,
    cipherSuite,
    group,
    alpn: alpnData ? parseAlpn(alpnData) : null,
    statusRequest: ext.has(EXT.statusRequest),
    sctList: ext.get(EXT.signedCertificateTimestamp) ?? null,
  };
}

/** The (single) protocol of a server's ALPN extension. */
export function parseAlpn(data: Uint8Array): string | null {
  const list = new Reader(new Reader(data, 'ALPN').vec16(), 'ALPN list');
  if (list.remaining === 0) return null;
  return Buffer.from(list.vec8()).toString('latin1');
}

/** ALPN from TLS 1.3 EncryptedExtensions. */
export function parseEncryptedExtensions(body: Uint8Array): { alpn: string | null } {
  const ext = readExtensions(new Reader(body, 'EncryptedExtensions'));
  const alpnData = ext.get(EXT.alpn);
  return { alpn: alpnData ? parseAlpn(alpnData) : null };
}

export interface CertificateEntry {
  der: Uint8Array;
  ocsp: Uint8Array | null;
  scts: Uint8Array | null;
}

/** TLS 1.2 Certificate: a list of DER certificates. */
export function parseCertificate12(body: Uint8Array): CertificateEntry[] {
  const list = new Reader(new Reader(body, 'Certificate').vec24(), 'certificate_list');
  const out: CertificateEntry[] = [];
  while (list.remaining > 0) out.push({ der: list.vec24(), ocsp: null, scts: null });
  return out;
}

/** TLS 1.3 Certificate: request context, then entries each with their extensions (RFC 8446 4.4.2). */
export function parseCertificate13(body: Uint8Array): CertificateEntry[] {
  const r = new Reader(body, 'Certificate');
  r.vec8(); // certificate_request_context
  const list = new Reader(r.vec24(), 'certificate_list');
  const out: CertificateEntry[] = [];
  while (list.remaining > 0) {
    const der = list.vec24();
    const ext = readExtensions(list);
    const status = ext.get(EXT.statusRequest);
    out.push({
      der,
      ocsp: status ? parseCertificateStatus(status) : null,
      scts: ext.get(EXT.signedCertificateTimestamp) ?? null,
    });
  }
  return out;
}

/** CertificateStatus (RFC 6066 8): status_type ocsp(1) then the OCSPResponse DER; null for other types. */
export function parseCertificateStatus(body: Uint8Array): Uint8Array | null {
  const r = new Reader(body, 'CertificateStatus');
  if (r.u8() !== 1) return null;
  return r.vec24();
}

/** The key-exchange group of a TLS 1.2 ServerKeyExchange: named curve, or "ffdhe<bits>"-like for finite-field DH. */
export function parseServerKeyExchangeGroup(body: Uint8Array, cipherName: string): string | null {
  const r = new Reader(body, 'ServerKeyExchange');
  if (cipherName.includes('_ECDHE_')) {
    const curveType = r.u8();
    return curveType === 3 ? groupName(r.u16()) : `curve_type(${curveType})`;
  }
  if (cipherName.includes('_DHE_')) {
    const p = r.vec16();
    let bits = p.length * 8;
    if (p.length > 0) bits -= Math.clz32(p[0]!) - 24;
    return `dhe${bits}`;
  }
  return null;
}

export interface AlertMessage {
  level: 'warning' | 'fatal';
  code: number;
  name: string;
}

/** One alert record body may hold several 2-byte alerts. */
export function parseAlerts(body: Uint8Array): AlertMessage[] {
  const r = new Reader(body, 'Alert');
  const out: AlertMessage[] = [];
  while (r.remaining >= 2) {
    const level = r.u8();
    const code = r.u8();
    out.push({ level: level === 1 ? 'warning' : 'fatal', code, name: alertName(code) });
  }
  return out;
}
