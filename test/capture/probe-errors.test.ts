import { createServer as createHttpServer } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyzeTranscript, probe } from '../../src/capture/index.js';
import { type Chain, makeChain } from './helpers/pki.js';
import { type Running, nodeTlsServer, tcpServer } from './helpers/servers.js';

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');

let ec: Chain;
let big: Chain;
const servers: Running[] = [];
const keep = <T extends Running>(s: T): T => {
  servers.push(s);
  return s;
};

beforeAll(async () => {
  // The big leaf carries 900 DNS names: its Certificate message spans several 16 KiB records.
  const sans = Array.from({ length: 900 }, (_, i) => `host-${i}.a-rather-long-subdomain.example.test`);
  [ec, big] = await Promise.all([makeChain('ec-p256'), makeChain('ec-p256', sans)]);
});
afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
});

describe('chains that span records', () => {
  for (const tls of ['1.2', '1.3'] as const) {
    it(`TLS ${tls}: a Certificate message over 16 KiB is reassembled`, async () => {
      expect(big.leaf.der.length).toBeGreaterThan(16 * 1024);
      const s = keep(await nodeTlsServer(big.leaf.keyPem, [big.leaf.pem, big.intermediate.pem]));
      const c = await probe({ host: '127.0.0.1', port: s.port, tls, timeoutMs: 5000 });
      expect(c.error).toBeNull();
      expect(c.certificates.map(hex)).toEqual([hex(big.leaf.der), hex(big.intermediate.der)]);
      expect(c.tls.chainAuthenticated).toBe(true);
      // the same bytes cut into 1-byte reads give the same answer
      const oneByte = c.records.flatMap((r) =>
        [...Buffer.from(r.data, 'base64')].map((b) => ({ dir: r.dir, t: r.t, data: Buffer.of(b).toString('base64') })),
      );
      expect(analyzeTranscript(oneByte, c.keylog).certificates.map(hex)).toEqual(c.certificates.map(hex));
    });

    it(`TLS ${tls}: maxMessageBytes gives MESSAGE_TOO_LARGE with evidence`, async () => {
      const s = keep(await nodeTlsServer(big.leaf.keyPem, [big.leaf.pem, big.intermediate.pem]));
      const c = await probe({ host: '127.0.0.1', port: s.port, tls, timeoutMs: 5000, maxMessageBytes: 8192 });
      expect(c.error?.code).toBe('MESSAGE_TOO_LARGE');
      expect(c.error?.evidence).toMatchObject({ from: 'server', type: 11, max: 8192 });
      expect(c.error?.evidence['length']).toBeGreaterThan(16 * 1024);
    });
  }
});

describe('HelloRetryRequest with a node server', () => {
  it('ecdhCurve secp384r1 forces a HelloRetryRequest; Finished still verifies', async () => {
    const s = keep(await nodeTlsServer(ec.leaf.keyPem, [ec.leaf.pem, ec.intermediate.pem], { ecdhCurve: 'secp384r1' }));
    const c = await probe({ host: '127.0.0.1', port: s.port, tls: '1.3', timeoutMs: 5000 });
    expect(c.error).toBeNull();
    expect(c.tls.helloRetryRequest).toBe(true);
    expect(c.tls.group).toBe('secp384r1');
    expect(c.tls.chainAuthenticated).toBe(true);
  });
});

describe('failures', () => {
  it('NOT_TLS: an HTTP server answers the ClientHello', async () => {
    const http = createHttpServer((_req, res) => res.end('hi'));
    await new Promise<void>((r) => http.listen(0, '127.0.0.1', () => r()));
    keep({ port: 0, close: () => new Promise<void>((r) => http.close(() => r())) });
    const port = (http.address() as AddressInfo).port;
    const c = await probe({ host: '127.0.0.1', port, tls: '1.3', timeoutMs: 5000 });
    expect(c.error?.code).toBe('NOT_TLS');
    expect(c.error?.evidence).toMatchObject({ looksLike: 'http' });
    expect(String(c.error?.evidence['firstLine'])).toMatch(/^HTTP\/1\.1 400/);
    expect(c.certificates).toEqual([]);
  });

  it('NOT_TLS: an SSH banner is recognised', async () => {
    const s = keep(await tcpServer((sock) => sock.write('SSH-2.0-OpenSSH_9.6\r\n')));
    const c = await probe({ host: '127.0.0.1', port: s.port, tls: '1.2', timeoutMs: 5000 });
    expect(c.error?.code).toBe('NOT_TLS');
    expect(c.error?.evidence).toMatchObject({ looksLike: 'ssh', firstLine: 'SSH-2.0-OpenSSH_9.6' });
  });

  it('HANDSHAKE_TIMEOUT: a server that accepts and never answers; the ClientHello is still recorded', async () => {
    const s = keep(await tcpServer(() => undefined));
    const started = Date.now();
    const c = await probe({ host: 'localhost', port: s.port, connect: { host: '127.0.0.1', port: s.port }, tls: '1.3', timeoutMs: 400 });
    expect(c.error?.code).toBe('HANDSHAKE_TIMEOUT');
    expect(c.error?.evidence).toMatchObject({ timeoutMs: 400 });
    expect(Date.now() - started).toBeLessThan(2000);
    expect(c.records.some((r) => r.dir === 'client')).toBe(true);
    expect(analyzeTranscript(c.records, c.keylog).sni).toBe('localhost');
    expect(c.tls.timings.connectMs).not.toBeNull();
  });

  it('CONNECT_FAILED: a refused port', async () => {
    const s = await tcpServer(() => undefined);
    const port = s.port;
    await s.close();
    const c = await probe({ host: '127.0.0.1', port, tls: '1.3', timeoutMs: 2000 });
    expect(c.error?.code).toBe('CONNECT_FAILED');
    expect(c.error?.evidence).toMatchObject({ nodeCode: 'ECONNREFUSED', address: `127.0.0.1:${port}` });
    expect(c.records).toEqual([]);
  });

  it('never throws for bad options: port out of range, ALPN name too long', async () => {
    const badPort = await probe({ host: '127.0.0.1', port: 70000, tls: '1.3', timeoutMs: 500 });
    expect(badPort.error?.code).toBe('CONNECT_FAILED');
    const s = keep(await tcpServer(() => undefined));
    const badAlpn = await probe({ host: '127.0.0.1', port: s.port, tls: '1.3', alpn: ['x'.repeat(300)], timeoutMs: 500 });
    expect(badAlpn.error?.code).toBe('HANDSHAKE_FAILED');
  });

  it('HANDSHAKE_FAILED: the server closes the connection without a word', async () => {
    const s = keep(await tcpServer((sock: Socket) => sock.once('data', () => sock.destroy())));
    const c = await probe({ host: '127.0.0.1', port: s.port, tls: '1.2', timeoutMs: 3000 });
    expect(c.error?.code).toBe('HANDSHAKE_FAILED');
    expect(c.records.filter((r) => r.dir === 'server')).toEqual([]);
  });

  it('TLS_ALERT: the server refuses the pinned version', async () => {
    const s = keep(await nodeTlsServer(ec.leaf.keyPem, [ec.leaf.pem], { minVersion: 'TLSv1.3' }));
    const c = await probe({ host: '127.0.0.1', port: s.port, tls: '1.2', timeoutMs: 3000 });
    expect(c.error?.code).toBe('TLS_ALERT');
    expect(c.error?.evidence).toMatchObject({ from: 'server', code: 70, name: 'protocol_version' });
  });
});

describe('SNI', () => {
  it('sends the target name by default, none for an IP target, and honours servername null', async () => {
    const seen: Array<string | undefined> = [];
    const s = keep(
      await nodeTlsServer(ec.leaf.keyPem, [ec.leaf.pem], {
        SNICallback: (name, cb) => {
          seen.push(name);
          cb(null, undefined);
        },
      }),
    );
    const viaName = await probe({ host: 'localhost', port: s.port, connect: { host: '127.0.0.1', port: s.port }, tls: '1.3' });
    const viaIp = await probe({ host: '127.0.0.1', port: s.port, tls: '1.3' });
    const none = await probe({ host: 'localhost', port: s.port, servername: null, connect: { host: '127.0.0.1', port: s.port }, tls: '1.3' });
    expect([viaName, viaIp, none].map((c) => analyzeTranscript(c.records, c.keylog).sni)).toEqual(['localhost', null, null]);
    expect(seen).toEqual(['localhost']);
  });
});
