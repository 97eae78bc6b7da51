/**
 * Probing through an https:// proxy, as Go's net/http dials one: TLS to the proxy (SNI and name check = the proxy's
 * host, its certificate verified against node's roots plus NODE_EXTRA_CA_CERTS of the given environment), then
 * CONNECT inside that TLS connection. The recording holds only the inner TLS with the target.
 *
 * The proxy is a node TLS server on 127.0.0.1 with its own PKI (valid now: node checks the proxy's certificate
 * against the wall clock). It answers CONNECT by dialling 127.0.0.1:<target> whatever name it was asked for.
 *
 *   proxy root -> proxy leaf (127.0.0.1, localhost)      proxy root -> wrong-name leaf (elsewhere.chaindbg.test)
 *   capture root -> intermediate -> leaf (proxied.chaindbg.test), the target
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { connect as netConnect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer as createTlsServer, type TLSSocket } from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { probe } from '../../src/capture/index.js';
import type { Capture } from '../../src/capture/types.js';
import { memoryIO } from '../../src/cli/io.js';
import { run } from '../../src/cli/run.js';
import { buildPki, type Pki } from '../../src/pki/index.js';
import type { Report } from '../../src/report/index.js';
import { type Chain, NOW, makeChain } from './helpers/pki.js';
import { type Running, nodeTlsServer, tcpServer } from './helpers/servers.js';
import { reportsOf } from '../support/reports.js';

const NAME = 'proxied.chaindbg.test';
const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');
const bytes = (c: Capture, dir: 'client' | 'server'): Buffer =>
  Buffer.concat(c.records.filter((r) => r.dir === dir).map((r) => Buffer.from(r.data, 'base64')));

interface Tunnel {
  head: string;
  toUpstream: Buffer[];
  fromUpstream: Buffer[];
  closed: Promise<void>;
}

interface HttpsProxy extends Running {
  tunnels: Tunnel[];
  /** SNI of each TLS connection to the proxy (null when none was sent). */
  sni: Array<string | null>;
}

let chain: Chain;
let proxyPki: Pki;
let target: Running;
let dir: string;
let caFile: string;
const servers: Running[] = [];

beforeAll(async () => {
  chain = await makeChain('ec-p256', [NAME]);
  target = await nodeTlsServer(chain.leaf.keyPem, [chain.leaf.pem, chain.intermediate.pem]);
  servers.push(target);
  proxyPki = await buildPki({
    now: new Date(),
    nodes: {
      root: { subject: { CN: 'Proxy Test Root' }, ca: true },
      proxy: { subject: { CN: 'proxy' }, issuer: 'root', sans: ['127.0.0.1', 'localhost'], eku: ['serverAuth'] },
      wrong: { subject: { CN: 'wrong' }, issuer: 'root', sans: ['elsewhere.chaindbg.test'], eku: ['serverAuth'] },
    },
  });
  dir = mkdtempSync(join(tmpdir(), 'chaindbg-https-proxy-'));
  caFile = join(dir, 'proxy-ca.pem');
  writeFileSync(caFile, proxyPki.pem('root'));
  writeFileSync(join(dir, 'root.pem'), chain.root.pem);
});
afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
  rmSync(dir, { recursive: true, force: true });
});

/** An https:// CONNECT proxy on 127.0.0.1: `reply` replaces the tunnel with a fixed answer. */
async function httpsProxy(opts: { leaf?: string; reply?: string; maxVersion?: 'TLSv1.2' | 'TLSv1.3'; silent?: boolean } = {}): Promise<HttpsProxy> {
  const leaf = opts.leaf ?? 'proxy';
  const tunnels: Tunnel[] = [];
  const sni: Array<string | null> = [];
  const server = createTlsServer(
    { key: proxyPki.keyPem(leaf), cert: `${proxyPki.pem(leaf)}`, ...(opts.maxVersion ? { maxVersion: opts.maxVersion } : {}) },
    (client: TLSSocket) => {
      sni.push(client.servername || null);
      client.on('error', () => undefined);
      if (opts.silent) return;
      let buf = '';
      const onData = (d: Buffer): void => {
        buf += d.toString('latin1');
        const end = buf.indexOf('\r\n\r\n');
        if (end === -1) return;
        client.off('data', onData);
        let markClosed!: () => void;
        const t: Tunnel = { head: buf.slice(0, end), toUpstream: [], fromUpstream: [], closed: new Promise((r) => (markClosed = r)) };
        tunnels.push(t);
        client.once('close', () => markClosed());
        if (opts.reply !== undefined) return void client.end(opts.reply);
        const upstream = netConnect({ host: '127.0.0.1', port: target.port }, () => {
          client.write('HTTP/1.1 200 Connection established\r\n\r\n');
          client.on('data', (x: Buffer) => {
            t.toUpstream.push(x);
            upstream.write(x);
          });
          upstream.on('data', (x: Buffer) => {
            t.fromUpstream.push(x);
            client.write(x);
          });
          client.on('end', () => upstream.end());
          upstream.on('end', () => client.end());
        });
        upstream.on('error', () => client.destroy());
        client.on('close', () => upstream.destroy());
      };
      client.on('data', onData);
    },
  );
  server.on('tlsClientError', () => undefined);
  const sockets = new Set<Socket>();
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const running: HttpsProxy = {
    port: (server.address() as { port: number }).port,
    tunnels,
    sni,
    close: () =>
      new Promise<void>((done) => {
        for (const s of sockets) s.destroy();
        server.close(() => done());
      }),
  };
  servers.push(running);
  return running;
}

describe('https:// proxies', () => {
  for (const tls of ['1.2', '1.3'] as const) {
    it(`TLS ${tls} inside TLS to the proxy: CONNECT with Basic credentials; the recording is the inner TLS only`, async () => {
      const p = await httpsProxy();
      const c = await probe({
        host: NAME,
        port: 443,
        tls,
        proxy: `https://alice:s3cret@127.0.0.1:${p.port}`,
        env: { NODE_EXTRA_CA_CERTS: caFile },
        timeoutMs: 5000,
      });
      expect(c.error).toBeNull();
      expect(c.tls.version).toBe(`TLSv${tls}`);
      expect(c.certificates.map(hex)).toEqual([hex(chain.leaf.der), hex(chain.intermediate.der)]);
      expect(c.target.proxy).toBe(`https://alice@127.0.0.1:${p.port}`);
      expect(p.sni).toEqual([null]); // an IP literal is never sent as SNI
      const head = p.tunnels[0]!.head.split('\r\n');
      expect(head[0]).toBe(`CONNECT ${NAME}:443 HTTP/1.1`);
      expect(head).toContain(`Host: ${NAME}:443`);
      expect(head).toContain(`Proxy-Authorization: Basic ${Buffer.from('alice:s3cret').toString('base64')}`);
      // the proxy's own TLS is not in the recording: the client bytes are exactly what the proxy relayed, the server
      // bytes what the target sent, and the proxy's certificate appears nowhere
      await Promise.race([p.tunnels[0]!.closed, new Promise((r) => setTimeout(r, 2000))]);
      const client = bytes(c, 'client');
      const server = bytes(c, 'server');
      expect(client[0]).toBe(0x16);
      expect(hex(client)).toBe(hex(Buffer.concat(p.tunnels[0]!.toUpstream)));
      expect(server.length).toBeGreaterThan(0);
      expect(hex(Buffer.concat(p.tunnels[0]!.fromUpstream)).startsWith(hex(server))).toBe(true);
      if (tls === '1.2') expect(server.includes(Buffer.from(chain.leaf.der))).toBe(true);
      expect(server.includes(Buffer.from(proxyPki.der('proxy')))).toBe(false);
    });
  }

  it('the proxy name is its SNI and is checked (https://localhost:PORT; a certificate for another name fails)', async () => {
    const p = await httpsProxy();
    const c = await probe({ host: NAME, port: 443, tls: '1.3', proxy: `https://localhost:${p.port}`, env: { NODE_EXTRA_CA_CERTS: caFile }, timeoutMs: 5000 });
    expect(c.error).toBeNull();
    expect(p.sni).toEqual(['localhost']);
    const wrong = await httpsProxy({ leaf: 'wrong' });
    const w = await probe({ host: NAME, port: 443, tls: '1.3', proxy: `https://127.0.0.1:${wrong.port}`, env: { NODE_EXTRA_CA_CERTS: caFile }, timeoutMs: 5000 });
    expect(w.error?.code).toBe('PROXY_FAILED');
    expect(w.error?.evidence).toMatchObject({ proxyStage: 'tls', nodeCode: 'ERR_TLS_CERT_ALTNAME_INVALID' });
    expect(wrong.tunnels).toEqual([]);
  });

  it('PROXY_FAILED naming the roots used when the proxy CA is not trusted (no CONNECT is sent)', async () => {
    const p = await httpsProxy();
    const c = await probe({ host: NAME, port: 443, tls: '1.3', proxy: `https://127.0.0.1:${p.port}`, env: {}, timeoutMs: 5000 });
    expect(c.error?.code).toBe('PROXY_FAILED');
    expect(c.error?.message).toMatch(
      new RegExp(`^proxy https://127\\.0\\.0\\.1:${p.port} failed: TLS handshake with the proxy: .+ \\(UNABLE_TO_VERIFY_LEAF_SIGNATURE\\); its certificate was checked against node's bundled roots \\(NODE_EXTRA_CA_CERTS=FILE adds a private CA\\)$`),
    );
    expect(c.error?.evidence).toMatchObject({ proxyStage: 'tls', extraCaFile: null, statusLine: null });
    const missing = join(dir, 'missing.pem');
    const m = await probe({ host: NAME, port: 443, tls: '1.3', proxy: `https://127.0.0.1:${p.port}`, env: { NODE_EXTRA_CA_CERTS: missing }, timeoutMs: 5000 });
    expect(m.error?.message).toContain(`checked against node's bundled roots only (NODE_EXTRA_CA_CERTS ${missing}: ENOENT)`);
    expect(m.error?.evidence).toMatchObject({ extraCaFile: missing });
    expect(p.tunnels).toEqual([]);
    expect(c.records).toEqual([]);
  });

  it('PROXY_FAILED with the status line when the proxy answers 407 inside TLS', async () => {
    const p = await httpsProxy({ reply: 'HTTP/1.1 407 Proxy Authentication Required\r\nContent-Length: 0\r\n\r\n' });
    const c = await probe({ host: NAME, port: 443, tls: '1.3', proxy: `https://127.0.0.1:${p.port}`, env: { NODE_EXTRA_CA_CERTS: caFile }, timeoutMs: 5000 });
    expect(c.error?.code).toBe('PROXY_FAILED');
    expect(c.error?.message).toBe(`proxy https://127.0.0.1:${p.port} refused CONNECT ${NAME}:443: HTTP/1.1 407 Proxy Authentication Required`);
    expect(c.error?.evidence).toMatchObject({ statusLine: 'HTTP/1.1 407 Proxy Authentication Required', status: 407 });
    expect(c.records).toEqual([]);
  });

  it('keeps bytes that follow the proxy response head inside TLS (an SSH banner: NOT_TLS)', async () => {
    const p = await httpsProxy({ reply: 'HTTP/1.1 200 OK\r\n\r\nSSH-2.0-OpenSSH_9.6\r\n', maxVersion: 'TLSv1.2' });
    const c = await probe({ host: NAME, port: 22, tls: '1.3', proxy: `https://127.0.0.1:${p.port}`, env: { NODE_EXTRA_CA_CERTS: caFile }, timeoutMs: 5000 });
    expect(c.error?.code).toBe('NOT_TLS');
    expect(c.error?.evidence).toMatchObject({ looksLike: 'ssh' });
  });

  it('a plain HTTP proxy written as https:// fails in one line that says so', async () => {
    const plain = await tcpServer((s) => s.once('data', () => s.end('HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n')));
    servers.push(plain);
    const c = await probe({ host: NAME, port: 443, tls: '1.3', proxy: `https://127.0.0.1:${plain.port}`, env: {}, timeoutMs: 5000 });
    expect(c.error?.code).toBe('PROXY_FAILED');
    expect(c.error?.message).toBe(
      `proxy https://127.0.0.1:${plain.port} failed: TLS handshake with the proxy: ERR_SSL_WRONG_VERSION_NUMBER (it does not answer in TLS: an http:// proxy?)`,
    );
  });

  it('CONNECT_TIMEOUT when the proxy completes TLS but never answers CONNECT, or never answers TLS', async () => {
    const p = await httpsProxy({ silent: true });
    const silent = await tcpServer(() => undefined);
    servers.push(silent);
    // TLS to the proxy up, CONNECT unanswered: the tunnel phase; TLS to the proxy never answered: still dialling.
    for (const [port, phase] of [[p.port, 'tunnel'], [silent.port, 'dial']] as const) {
      const started = Date.now();
      const c = await probe({ host: NAME, port: 443, tls: '1.3', proxy: `https://127.0.0.1:${port}`, env: { NODE_EXTRA_CA_CERTS: caFile }, timeoutMs: 400 });
      expect(Date.now() - started).toBeLessThan(1000);
      expect(c.error?.code).toBe('CONNECT_TIMEOUT');
      expect(c.error?.evidence).toMatchObject({ phase, timeoutMs: 200 });
    }
  });
});

describe('chaindbg probe with HTTPS_PROXY=https://...', () => {
  it('goes through the proxy from the environment, trusting the proxy CA given by NODE_EXTRA_CA_CERTS', async () => {
    const p = await httpsProxy();
    const io = memoryIO({ env: { HTTPS_PROXY: `https://127.0.0.1:${p.port}`, NODE_EXTRA_CA_CERTS: caFile }, now: () => NOW });
    const code = await run(['probe', `${NAME}:443`, '--store', join(dir, 'root.pem'), '--tls', 'both', '--format', 'json'], io);
    expect(code).toBe(0);
    const reports = reportsOf(io.output);
    expect(reports.map((r) => [r.target?.proxy, r.tls?.version, r.stores[0]!.trusted])).toEqual([
      [`https://127.0.0.1:${p.port}`, 'TLSv1.2', true],
      [`https://127.0.0.1:${p.port}`, 'TLSv1.3', true],
    ]);
    expect(p.tunnels.map((t) => t.head.split('\r\n')[0])).toEqual([`CONNECT ${NAME}:443 HTTP/1.1`, `CONNECT ${NAME}:443 HTTP/1.1`]);
  });

  it('an untrusted proxy: exit 3 and one line, no stack trace', async () => {
    const p = await httpsProxy();
    const io = memoryIO({ env: { HTTPS_PROXY: `https://127.0.0.1:${p.port}` }, now: () => NOW });
    const code = await run(['probe', `${NAME}:443`, '--store', join(dir, 'root.pem'), '--tls', '1.3'], io);
    expect(code).toBe(3);
    expect(io.output).toMatch(/failed: TLS handshake with the proxy: .*UNABLE_TO_VERIFY_LEAF_SIGNATURE/);
    expect(`${io.output}${io.errors}`).not.toMatch(/\n\s+at /);
  });
});
