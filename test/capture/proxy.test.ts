import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { probe } from '../../src/capture/index.js';
import { connectRequest, parseProxyResponseHead, redact, resolveProxy } from '../../src/net/proxy.js';
import { type Chain, makeChain } from './helpers/pki.js';
import { connectProxy } from '../support/connect-proxy.js';
import { type Running, nodeTlsServer, tcpServer } from './helpers/servers.js';

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');

let ec: Chain;
let tlsServer: Running;
const servers: Running[] = [];

beforeAll(async () => {
  ec = await makeChain('ec-p256');
  tlsServer = await nodeTlsServer(ec.leaf.keyPem, [ec.leaf.pem, ec.intermediate.pem]);
  servers.push(tlsServer);
});
afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
});

describe('CONNECT proxies', () => {
  it('explicit proxy URL with credentials: CONNECT, Host and Basic Proxy-Authorization; password not reported', async () => {
    const proxy = await connectProxy();
    servers.push(proxy);
    const c = await probe({
      host: '127.0.0.1',
      port: tlsServer.port,
      tls: '1.3',
      proxy: `http://alice:s3cret@127.0.0.1:${proxy.port}`,
      timeoutMs: 5000,
    });
    expect(c.error).toBeNull();
    expect(c.certificates.map(hex)).toEqual([hex(ec.leaf.der), hex(ec.intermediate.der)]);
    const head = proxy.heads[0]!.split('\r\n');
    expect(head[0]).toBe(`CONNECT 127.0.0.1:${tlsServer.port} HTTP/1.1`);
    expect(head).toContain(`Host: 127.0.0.1:${tlsServer.port}`);
    expect(head).toContain(`Proxy-Authorization: Basic ${Buffer.from('alice:s3cret').toString('base64')}`);
    expect(c.target.proxy).toBe(`http://alice@127.0.0.1:${proxy.port}`);
  });

  it('proxy from the given environment (https_proxy), and NO_PROXY bypasses it', async () => {
    const proxy = await connectProxy();
    servers.push(proxy);
    const env = { https_proxy: `http://127.0.0.1:${proxy.port}` };
    const via = await probe({ host: '127.0.0.1', port: tlsServer.port, tls: '1.2', env, timeoutMs: 5000 });
    expect(via.error).toBeNull();
    expect(via.target.proxy).toBe(`http://127.0.0.1:${proxy.port}`);
    expect(proxy.heads).toHaveLength(1);
    const direct = await probe({ host: '127.0.0.1', port: tlsServer.port, tls: '1.2', env: { ...env, NO_PROXY: '127.0.0.1' }, timeoutMs: 5000 });
    expect(direct.error).toBeNull();
    expect(direct.target.proxy).toBeNull();
    expect(proxy.heads).toHaveLength(1);
  });

  it('PROXY_FAILED with the status line when the proxy answers 403', async () => {
    const proxy = await connectProxy(() => ({ reply: 'HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n' }));
    servers.push(proxy);
    const c = await probe({ host: 'example.test', port: 443, tls: '1.3', proxy: `http://127.0.0.1:${proxy.port}`, timeoutMs: 5000 });
    expect(c.error?.code).toBe('PROXY_FAILED');
    expect(c.error?.evidence).toMatchObject({ statusLine: 'HTTP/1.1 403 Forbidden', status: 403 });
    expect(c.records).toEqual([]);
    expect(proxy.heads[0]).toMatch(/^CONNECT example\.test:443 HTTP\/1\.1\r\nHost: example\.test:443$/);
  });

  it('keeps bytes that follow the proxy response head (here an SSH banner: NOT_TLS)', async () => {
    const proxy = await connectProxy(() => ({ reply: 'HTTP/1.1 200 OK\r\n\r\nSSH-2.0-OpenSSH_9.6\r\n' }));
    servers.push(proxy);
    const c = await probe({ host: 'example.test', port: 22, tls: '1.3', proxy: `http://127.0.0.1:${proxy.port}`, timeoutMs: 5000 });
    expect(c.error?.code).toBe('NOT_TLS');
    expect(c.error?.evidence).toMatchObject({ looksLike: 'ssh' });
  });

  it('CONNECT_TIMEOUT when the proxy never answers CONNECT', async () => {
    const silent = await tcpServer(() => undefined);
    servers.push(silent);
    const c = await probe({ host: 'example.test', port: 443, tls: '1.3', proxy: `http://127.0.0.1:${silent.port}`, timeoutMs: 300 });
    expect(c.error?.code).toBe('CONNECT_TIMEOUT');
    expect(c.error?.evidence).toMatchObject({ phase: 'tunnel', timeoutMs: 150 });
  });

  it('PROXY_FAILED for an unsupported proxy scheme', async () => {
    const c = await probe({ host: 'example.test', port: 443, tls: '1.3', proxy: 'ftp://127.0.0.1:21', timeoutMs: 300 });
    expect(c.error?.code).toBe('PROXY_FAILED');
    expect(c.error?.message).toMatch(/unsupported proxy scheme "ftp"/);
  });
});

describe('proxy helpers', () => {
  it('resolveProxy: explicit wins, null disables, env follows Go rules (plus ALL_PROXY)', () => {
    const env = { HTTPS_PROXY: 'http://p:1', NO_PROXY: '.internal' };
    expect(resolveProxy('a.example', 443, 'http://x:2', env)).toBe('http://x:2');
    expect(resolveProxy('a.example', 443, null, env)).toBeNull();
    expect(resolveProxy('a.example', 443, undefined, env)).toBe('http://p:1');
    expect(resolveProxy('db.internal', 443, undefined, env)).toBeNull();
    expect(resolveProxy('a.example', 443, undefined, { ALL_PROXY: 'http://all:3' })).toBe('http://all:3');
    expect(resolveProxy('::1', 8443, undefined, { https_proxy: 'http://p6:1', no_proxy: '::1' })).toBeNull();
    expect(resolveProxy('sum.golang.org', 443, undefined, { ...env, NO_PROXY: 'golang.org' })).toBeNull();
    expect(resolveProxy('a.example', 443, undefined, {})).toBeNull();
  });

  it('connectRequest brackets IPv6; parseProxyResponseHead splits head and tunnel bytes; redact drops passwords', () => {
    expect(connectRequest('::1', 443, null)).toBe('CONNECT [::1]:443 HTTP/1.1\r\nHost: [::1]:443\r\n\r\n');
    const buf = Buffer.from('HTTP/1.1 200 OK\r\nX: y\r\n\r\n\x16\x03\x03');
    const head = parseProxyResponseHead(buf)!;
    expect(head).toEqual({ statusLine: 'HTTP/1.1 200 OK', status: 200, headLength: buf.length - 3 });
    expect(parseProxyResponseHead(Buffer.from('HTTP/1.1 200 OK\r\n'))).toBeNull();
    expect(redact('http://u:p@h:8080')).toBe('http://u@h:8080');
  });
});
