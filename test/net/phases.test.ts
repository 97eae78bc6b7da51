import { createServer, type Server } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { probe } from '../../src/capture/index.js';
import { NET_PHASES } from '../../src/net/phases.js';
import { connectProxy, type ConnectProxy } from '../support/connect-proxy.js';

/**
 * A connection runs in named phases (dial, tunnel, handshake, capture) and a failure names the phase it happened in
 * (`evidence.phase`). Everything on 127.0.0.1: a port just closed, a CONNECT proxy that refuses, a server that
 * accepts and hangs up.
 */
const servers: Server[] = [];
const proxies: ConnectProxy[] = [];
afterAll(async () => {
  for (const p of proxies) await p.close();
  for (const s of servers) await new Promise<void>((r) => s.close(() => r()));
});

async function listen(onSocket: (s: import('node:net').Socket) => void): Promise<{ server: Server; port: number }> {
  const server = createServer(onSocket);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  servers.push(server);
  return { server, port: (server.address() as { port: number }).port };
}

describe('connection phases', () => {
  it('are four, in order', () => {
    expect(NET_PHASES).toEqual(['dial', 'tunnel', 'handshake', 'capture']);
  });

  it('dial: nothing listens', async () => {
    const { server, port } = await listen(() => undefined);
    await new Promise<void>((r) => server.close(() => r()));
    servers.splice(servers.indexOf(server), 1);
    const c = await probe({ host: '127.0.0.1', port, tls: 'auto', timeoutMs: 2000, env: {} });
    expect(c.error?.code).toBe('CONNECT_FAILED');
    expect(c.error?.evidence.phase).toBe('dial');
  });

  it('tunnel: the proxy refuses CONNECT', async () => {
    const proxy = await connectProxy(() => ({ reply: 'HTTP/1.1 403 Forbidden\r\n\r\n' }));
    proxies.push(proxy);
    const c = await probe({ host: 'lab.test', port: 443, tls: 'auto', timeoutMs: 2000, proxy: proxy.url, env: {} });
    expect(c.error?.code).toBe('PROXY_FAILED');
    expect(c.error?.message).toContain('refused CONNECT lab.test:443: HTTP/1.1 403 Forbidden');
    expect(c.error?.evidence.phase).toBe('tunnel');
  });

  it('handshake: the server hangs up on the ClientHello', async () => {
    const { port } = await listen((s) => s.once('data', () => s.destroy()));
    const c = await probe({ host: '127.0.0.1', port, tls: 'auto', timeoutMs: 2000, env: {} });
    expect(c.error?.code).toBe('HANDSHAKE_FAILED');
    expect(c.error?.evidence.phase).toBe('handshake');
  });
});
