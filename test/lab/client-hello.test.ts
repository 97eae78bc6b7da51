/** The ClientHello peek, fed with real ClientHellos that node's TLS client sends to a loopback socket. */
import { createServer, type AddressInfo } from 'node:net';
import { connect, type ConnectionOptions } from 'node:tls';
import { describe, expect, test } from 'vitest';
import { peekClientHello } from '../../src/lab/index.js';

/** Captures the first bytes a TLS client sends (its ClientHello), then hangs up. */
async function captureHello(opts: ConnectionOptions): Promise<Buffer> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  const got = new Promise<Buffer>((resolve) => {
    server.once('connection', (s) => {
      let buf = Buffer.alloc(0);
      s.on('data', (c: Buffer) => {
        buf = Buffer.concat([buf, c]);
        if (buf.length >= 5 && buf.length >= 5 + buf.readUInt16BE(3)) {
          s.destroy();
          resolve(buf);
        }
      });
    });
  });
  const client = connect({ host: '127.0.0.1', port, servername: 'proxy.golang.org', ...opts });
  client.on('error', () => undefined);
  const hello = await got;
  client.destroy();
  server.close();
  return hello;
}

describe('peekClientHello', () => {
  test('a default client offers TLS 1.3; a client capped at 1.2 does not', async () => {
    const [def, only12] = await Promise.all([captureHello({}), captureHello({ maxVersion: 'TLSv1.2' })]);
    const a = peekClientHello(def);
    expect(a).toMatchObject({ kind: 'client-hello', offersTls13: true });
    expect(a.kind === 'client-hello' && a.versions).toContain(0x0303);
    expect(peekClientHello(only12)).toEqual({ kind: 'client-hello', offersTls13: false, versions: [] });
  });

  test('partial input asks for more; the same hello split over two records still parses', async () => {
    const hello = await captureHello({});
    for (const cut of [0, 3, 5, 40, hello.length - 1]) expect(peekClientHello(hello.subarray(0, cut)).kind).toBe('incomplete');
    // Re-frame the handshake message as two records.
    const msg = hello.subarray(5);
    const rec = (b: Buffer): Buffer => Buffer.concat([Buffer.from([22, 3, 1, b.length >> 8, b.length & 0xff]), b]);
    const split = Buffer.concat([rec(msg.subarray(0, 30)), rec(msg.subarray(30))]);
    expect(peekClientHello(split)).toMatchObject({ kind: 'client-hello', offersTls13: true });
    expect(peekClientHello(split.subarray(0, 40)).kind).toBe('incomplete');
  });

  test('HTTP and garbage are not TLS', () => {
    expect(peekClientHello(Buffer.from('GET / HTTP/1.1\r\nHost: x\r\n\r\n')).kind).toBe('not-tls');
    expect(peekClientHello(Buffer.from([22, 3, 1, 0, 4, 2, 0, 0, 0])).kind).toBe('not-tls'); // ServerHello type
    expect(peekClientHello(Buffer.from([22, 3, 1, 0, 6, 1, 0, 0, 2, 3, 3])).kind).toBe('not-tls'); // truncated body
  });
});
