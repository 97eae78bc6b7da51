/**
 * Just enough TLS, by hand, for hostile loopback servers: records, handshake messages, a TLS 1.2 ServerHello and
 * Certificate, a TLS 1.3 HelloRetryRequest. Every server binds 127.0.0.1:0.
 */
import { randomBytes } from 'node:crypto';
import { type AddressInfo, type Socket, createServer } from 'node:net';

export interface Running {
  port: number;
  /** Connections accepted so far. */
  readonly connections: number;
  close(): Promise<void>;
}

export function u16(n: number): Buffer {
  return Buffer.from([(n >> 8) & 0xff, n & 0xff]);
}
export function u24(n: number): Buffer {
  return Buffer.from([(n >> 16) & 0xff, (n >> 8) & 0xff, n & 0xff]);
}

/** TLS records of one content type, the body cut in fragments of at most 16384 bytes. */
export function records(type: number, body: Buffer, version = 0x0303): Buffer {
  const out: Buffer[] = [];
  for (let i = 0; i < body.length || i === 0; i += 16384) {
    const frag = body.subarray(i, i + 16384);
    out.push(Buffer.from([type]), u16(version), u16(frag.length), frag);
    if (body.length === 0) break;
  }
  return Buffer.concat(out);
}

export function handshake(type: number, body: Buffer): Buffer {
  return Buffer.concat([Buffer.from([type]), u24(body.length), body]);
}

/** A TLS 1.2 ServerHello choosing ECDHE-ECDSA-AES128-GCM-SHA256, no extensions. */
export function serverHello12(): Buffer {
  return handshake(2, Buffer.concat([u16(0x0303), randomBytes(32), Buffer.from([0]), u16(0xc02b), Buffer.from([0])]));
}

/** A TLS 1.2 Certificate message. */
export function certificate12(ders: Uint8Array[]): Buffer {
  const list = Buffer.concat(ders.flatMap((d) => [u24(d.length), Buffer.from(d)]));
  return handshake(11, Buffer.concat([u24(list.length), list]));
}

const HRR_RANDOM = Buffer.from('cf21ad74e59a6111be1d8c021e65b891c2a211167abb8c5e079e09e2c8a8339c', 'hex');

/** A TLS 1.3 HelloRetryRequest asking for `group` (default secp256r1), echoing the client's session id. */
export function helloRetryRequest(sessionId: Buffer, group = 0x0017): Buffer {
  const ext = Buffer.concat([u16(43), u16(2), u16(0x0304), u16(51), u16(2), u16(group)]);
  return handshake(
    2,
    Buffer.concat([u16(0x0303), HRR_RANDOM, Buffer.from([sessionId.length]), sessionId, u16(0x1301), Buffer.from([0]), u16(ext.length), ext]),
  );
}

/** The legacy_session_id of the ClientHello at the start of `first` (record header + handshake header + 34). */
export function clientSessionId(first: Buffer): Buffer {
  const len = first[43] ?? 0;
  return first.subarray(44, 44 + len);
}

/**
 * A TCP server that waits for each complete client record and hands it to `onRecord` (first = the ClientHello).
 * Sockets are destroyed on close; socket errors are ignored (the client may hang up on us: that is the point).
 */
export function rawTlsServer(onRecord: (sock: Socket, record: Buffer, index: number) => void): Promise<Running> {
  const sockets = new Set<Socket>();
  let connections = 0;
  const server = createServer((sock) => {
    connections++;
    sockets.add(sock);
    sock.on('close', () => sockets.delete(sock));
    sock.on('error', () => undefined);
    let buf = Buffer.alloc(0);
    let index = 0;
    sock.on('data', (chunk) => {
      buf = Buffer.concat([buf, chunk]);
      while (buf.length >= 5 && buf.length >= 5 + buf.readUInt16BE(3)) {
        const len = 5 + buf.readUInt16BE(3);
        const rec = buf.subarray(0, len);
        buf = buf.subarray(len);
        onRecord(sock, rec, index++);
      }
    });
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () =>
      resolve({
        port: (server.address() as AddressInfo).port,
        get connections() {
          return connections;
        },
        close: () =>
          new Promise<void>((done) => {
            for (const s of sockets) s.destroy();
            server.close(() => done());
          }),
      }),
    );
  });
}

/** A raw TLS 1.2 server that answers every ClientHello with ServerHello + Certificate(ders) and then `after`. */
export function chainServer(ders: Uint8Array[], after: 'close' | 'hold' = 'close'): Promise<Running> {
  return rawTlsServer((sock, _rec, index) => {
    if (index !== 0) return;
    sock.write(records(22, Buffer.concat([serverHello12(), certificate12(ders)])));
    if (after === 'close') sock.end();
  });
}
