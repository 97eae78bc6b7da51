/**
 * Privacy: after the handshake the client sends nothing but alerts / close (no application data); key-log secrets
 * reach no file unless asked; and a probe through a proxy contacts only the proxy, which is asked for the target only.
 */
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { type AddressInfo, type Socket, connect as netConnect, createServer as createNetServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer as createTlsServer } from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { probe } from '../../src/capture/index.js';
import { buildPki } from '../../src/pki/index.js';
import { CONTENT } from '../../src/capture/records.js';
import { openDirection, suiteNamed } from '../capture/helpers/decrypt.js';
import { NOW } from './pki.js';

let tlsPort = 0;
let connectionsToTarget = 0;
let appBytes = 0;
let secureConnections = 0;
const closers: Array<() => void> = [];

beforeAll(async () => {
  const pki = await buildPki({
    now: NOW,
    nodes: {
      root: { subject: { CN: 'Privacy Root' }, ca: true },
      leaf: { subject: { CN: 'localhost' }, issuer: 'root', sans: ['localhost'], eku: ['serverAuth'] },
    },
  });
  const server = createTlsServer({ key: pki.keyPem('leaf'), cert: pki.pem('leaf') }, (s) => {
    secureConnections++;
    s.on('data', (d: Buffer) => (appBytes += d.length));
    s.on('error', () => undefined);
  });
  server.on('connection', () => connectionsToTarget++);
  server.on('tlsClientError', () => undefined);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  tlsPort = (server.address() as AddressInfo).port;
  closers.push(() => server.close());
});
afterAll(() => closers.forEach((c) => c()));

/** Content types of the client's records after its Finished (TLS 1.2: after its ChangeCipherSpec + Finished). */
function clientTypesAfterHandshake(records: Array<{ dir: string; data: string }>, tls: '1.2' | '1.3'): number[] {
  const bytes = Buffer.concat(records.filter((r) => r.dir === 'client').map((r) => Buffer.from(r.data, 'base64')));
  const types: number[] = [];
  for (let p = 0; p + 5 <= bytes.length; p += 5 + bytes.readUInt16BE(p + 3)) types.push(bytes[p]!);
  if (tls === '1.2') {
    // ClientHello, ClientKeyExchange, CCS, Finished(encrypted handshake): what follows the first 22 after the CCS
    const ccs = types.indexOf(20);
    return types.slice(ccs + 2);
  }
  // TLS 1.3: ClientHello, (CCS), then encrypted records: Finished is the first 23; anything after is post-handshake
  const firstEncrypted = types.indexOf(23);
  return types.slice(firstEncrypted + 1);
}

describe('privacy', () => {
  for (const tls of ['1.2', '1.3'] as const) {
    it(`TLS ${tls}: no application data is sent after the handshake (server side: 0 bytes; wire: alerts only)`, async () => {
      const c = await probe({ host: 'localhost', port: tlsPort, connect: { host: '127.0.0.1', port: tlsPort }, tls, proxy: null, timeoutMs: 5000 });
      expect(c.error).toBeNull();
      const after = clientTypesAfterHandshake(c.records, tls);
      // TLS 1.2: close_notify is an encrypted alert record (21); TLS 1.3: an encrypted record (23) whose inner type is alert
      // The server's view: not one byte of application data arrived on any connection.
      expect(appBytes).toBe(0);
      expect(secureConnections).toBeGreaterThan(0);
      if (tls === '1.2') {
        // encrypted under keys we do not hold here: the record type is all the wire shows, and it is alert
        expect(after.length).toBeGreaterThan(0);
        expect(after.every((t) => t === 21)).toBe(true);
      } else {
        // TLS 1.3: every client record opened with the key log: ClientHello, Finished, then alerts (close_notify)
        const opened = openDirection(c.records, c.keylog, 'client', suiteNamed(c.tls.cipher));
        const finished = opened.findIndex((r) => r.epoch === 'handshake' && r.type === CONTENT.handshake && r.content[0] === 20);
        expect(finished).toBeGreaterThan(0);
        const afterFinished = opened.slice(finished + 1);
        expect(afterFinished.length).toBeGreaterThan(0);
        expect(afterFinished.map((r) => r.type).every((t) => t === CONTENT.alert)).toBe(true);
        expect(opened.some((r) => r.type === CONTENT.applicationData)).toBe(false);
      }
    });
  }

  it('key-log secrets are not written anywhere unless asked: no file appears in cwd or tmp', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'chaindbg-privacy-'));
    const beforeTmp = new Set(readdirSync(tmpdir()));
    const prev = process.cwd();
    process.chdir(cwd);
    try {
      const lines: string[] = [];
      const c = await probe({ host: 'localhost', port: tlsPort, connect: { host: '127.0.0.1', port: tlsPort }, tls: '1.3', proxy: null, timeoutMs: 5000, keylog: (l) => lines.push(l) });
      expect(c.keylog.length).toBeGreaterThan(0);
      expect(lines).toEqual(c.keylog);
      expect(readdirSync(cwd)).toEqual([]);
      const newTmp = readdirSync(tmpdir()).filter((n) => !beforeTmp.has(n) && !n.startsWith('chaindbg-'));
      expect(newTmp.filter((n) => /keylog|ssl|tls/i.test(n))).toEqual([]);
    } finally {
      process.chdir(prev);
      rmSync(cwd, { recursive: true, force: true });
    }
  });

  it('through a proxy from the environment: one connection, to the proxy, asking CONNECT for the target only', async () => {
    const seen: string[] = [];
    const proxy = createNetServer((client: Socket) => {
      client.once('data', (head: Buffer) => {
        const line = head.toString('latin1').split('\r\n')[0]!;
        seen.push(line);
        const m = /^CONNECT ([^ ]+):(\d+) HTTP/.exec(line);
        if (!m) return client.destroy();
        const upstream = netConnect({ host: '127.0.0.1', port: Number(m[2]) }, () => {
          client.write('HTTP/1.1 200 Connection established\r\n\r\n');
          client.pipe(upstream).pipe(client);
        });
        upstream.on('error', () => client.destroy());
      });
      client.on('error', () => undefined);
    });
    await new Promise<void>((r) => proxy.listen(0, '127.0.0.1', r));
    closers.push(() => proxy.close());
    const proxyPort = (proxy.address() as AddressInfo).port;
    const before = connectionsToTarget;
    const c = await probe({
      host: 'localhost',
      port: tlsPort,
      tls: '1.3',
      timeoutMs: 5000,
      env: { HTTPS_PROXY: `http://127.0.0.1:${proxyPort}`, NO_PROXY: '' },
    });
    expect(c.error).toBeNull();
    expect(c.target.proxy).toBe(`http://127.0.0.1:${proxyPort}`);
    expect(seen).toEqual([`CONNECT localhost:${tlsPort} HTTP/1.1`]);
    // the target saw exactly one connection: the proxy's tunnel
    expect(connectionsToTarget - before).toBe(1);
  });
});
