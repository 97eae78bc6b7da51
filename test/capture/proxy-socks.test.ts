/**
 * Probing through a SOCKS5 proxy (socks5:// and socks5h://), as Go's net/http dials one: a real SOCKS5 server written
 * in the test (helpers/socks-server.ts) on 127.0.0.1, which dials 127.0.0.1:<tls server> whatever name it is asked
 * for, so target names that resolve nowhere (*.chaindbg.test) prove the proxy, not chaindbg, resolves them.
 *
 *   root -> intermediate -> leaf (proxied.chaindbg.test), served by a node TLS server on 127.0.0.1
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { probe } from '../../src/capture/index.js';
import { Socks5Handshake, SocksError, socksConnectRequest } from '../../src/net/socks.js';
import { memoryIO } from '../../src/cli/io.js';
import { run } from '../../src/cli/run.js';
import type { Capture } from '../../src/capture/types.js';
import type { Report } from '../../src/report/index.js';
import { type Chain, NOW, makeChain } from './helpers/pki.js';
import { type Running, nodeTlsServer, tcpServer } from './helpers/servers.js';
import { type SocksServer, type SocksSession, socksServer } from './helpers/socks-server.js';
import { reportOf } from '../support/reports.js';

const NAME = 'proxied.chaindbg.test';
const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');
const bytes = (c: Capture, dir: 'client' | 'server'): Buffer =>
  Buffer.concat(c.records.filter((r) => r.dir === dir).map((r) => Buffer.from(r.data, 'base64')));

let chain: Chain;
let target: Running;
let dir: string;
const servers: Running[] = [];

beforeAll(async () => {
  chain = await makeChain('ec-p256', [NAME]);
  target = await nodeTlsServer(chain.leaf.keyPem, [chain.leaf.pem, chain.intermediate.pem]);
  servers.push(target);
  dir = mkdtempSync(join(tmpdir(), 'chaindbg-socks-'));
  writeFileSync(join(dir, 'root.pem'), chain.root.pem);
});
afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
  rmSync(dir, { recursive: true, force: true });
});

async function socks(options: Parameters<typeof socksServer>[0] = {}): Promise<SocksServer> {
  const s = await socksServer({ upstreamPort: target.port, ...options });
  servers.push(s);
  return s;
}

/** A server that answers each connection with `script` (after the client's first bytes). */
async function scripted(script: (client: Socket, first: Buffer) => void): Promise<SocksServer> {
  return socks({ script });
}

/** The recording is exactly the tunnel: what the client sent is what the proxy relayed, what the server sent arrived. */
async function expectTunnelOnly(c: Capture, session: SocksSession): Promise<void> {
  await Promise.race([session.closed, new Promise((r) => setTimeout(r, 2000))]);
  const client = bytes(c, 'client');
  const server = bytes(c, 'server');
  expect(client[0]).toBe(0x16); // a TLS handshake record: no SOCKS byte was recorded
  expect(hex(client)).toBe(hex(Buffer.concat(session.toUpstream)));
  expect(server.length).toBeGreaterThan(0);
  expect(hex(Buffer.concat(session.fromUpstream)).startsWith(hex(server))).toBe(true);
}

describe('SOCKS5 proxies', () => {
  for (const tls of ['1.2', '1.3'] as const) {
    it(`TLS ${tls}, no authentication: the target name goes to the proxy (ATYP 3) and the chain is byte-identical`, async () => {
      const s = await socks();
      const c = await probe({ host: NAME, port: 443, tls, proxy: `socks5://127.0.0.1:${s.port}`, timeoutMs: 5000 });
      expect(c.error).toBeNull();
      expect(c.tls.version).toBe(`TLSv${tls}`);
      expect(c.certificates.map(hex)).toEqual([hex(chain.leaf.der), hex(chain.intermediate.der)]);
      expect(c.target.proxy).toBe(`socks5://127.0.0.1:${s.port}`);
      expect(s.sessions).toHaveLength(1);
      expect(s.sessions[0]).toMatchObject({ methods: [0], auth: null, request: { atyp: 3, host: NAME, port: 443 } });
      await expectTunnelOnly(c, s.sessions[0]!);
    });
  }

  it('socks5h:// behaves the same (the proxy resolves the name), with username/password (RFC 1929)', async () => {
    const s = await socks({ credentials: { username: 'alice', password: 'p@ss:w' } });
    const c = await probe({ host: NAME, port: 8443, tls: '1.3', proxy: `socks5h://alice:p%40ss%3Aw@127.0.0.1:${s.port}`, timeoutMs: 5000 });
    expect(c.error).toBeNull();
    expect(c.certificates.map(hex)).toEqual([hex(chain.leaf.der), hex(chain.intermediate.der)]);
    // Go offers "no authentication" and "username/password" when the URL has credentials; the proxy chose the latter
    expect(s.sessions[0]).toMatchObject({ methods: [0, 2], auth: { username: 'alice', password: 'p@ss:w' }, request: { atyp: 3, host: NAME, port: 8443 } });
    expect(c.target.proxy).toBe(`socks5h://alice@127.0.0.1:${s.port}`);
    await expectTunnelOnly(c, s.sessions[0]!);
  });

  it('IP literals go as ATYP 1 and ATYP 4', async () => {
    const s = await socks();
    const v4 = await probe({ host: '127.0.0.1', port: 4443, tls: '1.2', proxy: `socks5://127.0.0.1:${s.port}`, timeoutMs: 5000 });
    expect(v4.error).toBeNull();
    const v6 = await probe({ host: '2001:db8::7', port: 443, tls: '1.2', proxy: `socks5://127.0.0.1:${s.port}`, timeoutMs: 5000 });
    expect(v6.error).toBeNull();
    expect(s.sessions.map((x) => x.request)).toEqual([
      { atyp: 1, host: '127.0.0.1', port: 4443 },
      { atyp: 4, host: '20010db8000000000000000000000007', port: 443 },
    ]);
  });

  it('bytes that come with the CONNECT reply belong to the tunnel (a domain BND.ADDR, then an SSH banner: NOT_TLS)', async () => {
    const s = await socks({ bound: Buffer.concat([Buffer.of(3, 9), Buffer.from('relay.lan'), Buffer.of(0x1f, 0x90)]), afterReply: Buffer.from('SSH-2.0-OpenSSH_9.6\r\n') });
    const c = await probe({ host: NAME, port: 22, tls: '1.3', proxy: `socks5://127.0.0.1:${s.port}`, timeoutMs: 5000 });
    expect(c.error?.code).toBe('NOT_TLS');
    expect(c.error?.evidence).toMatchObject({ looksLike: 'ssh' });
  });

  it('PROXY_FAILED with the reply code when the proxy refuses CONNECT; nothing is recorded', async () => {
    const s = await socks({ reply: 5 });
    const c = await probe({ host: NAME, port: 443, tls: '1.3', proxy: `socks5://127.0.0.1:${s.port}`, timeoutMs: 5000 });
    expect(c.error?.code).toBe('PROXY_FAILED');
    expect(c.error?.message).toBe(`SOCKS5 proxy socks5://127.0.0.1:${s.port} refused CONNECT ${NAME}:443: connection refused (5)`);
    expect(c.error?.evidence).toMatchObject({ proxy: `socks5://127.0.0.1:${s.port}`, proxyStage: 'connect', socksReply: 5, statusLine: null });
    expect(c.records).toEqual([]);
  });

  it('PROXY_FAILED when the username/password is rejected, without printing the password', async () => {
    const s = await socks({ credentials: { username: 'alice', password: 'right' } });
    const c = await probe({ host: NAME, port: 443, tls: '1.3', proxy: `socks5://alice:wrong@127.0.0.1:${s.port}`, timeoutMs: 5000 });
    expect(c.error?.code).toBe('PROXY_FAILED');
    expect(c.error?.message).toBe(`SOCKS5 proxy socks5://alice@127.0.0.1:${s.port} rejected the username/password (status 1)`);
    expect(c.error?.evidence).toMatchObject({ proxyStage: 'auth', socksReply: null });
    expect(JSON.stringify(c.error)).not.toContain('wrong');
  });

  it('PROXY_FAILED when the proxy wants credentials the URL does not have', async () => {
    const s = await socks({ credentials: { username: 'alice', password: 'right' } });
    const c = await probe({ host: NAME, port: 443, tls: '1.3', proxy: `socks5://127.0.0.1:${s.port}`, timeoutMs: 5000 });
    expect(c.error?.code).toBe('PROXY_FAILED');
    expect(c.error?.message).toMatch(/accepts no authentication-free connection/);
    expect(c.error?.evidence).toMatchObject({ proxyStage: 'greeting', receivedHex: '05ff' });
  });

  // Hostile proxies: each answer is bounded, checked as it arrives, and ends in one PROXY_FAILED line.
  const hostile: Array<[string, (client: Socket) => void, RegExp, string]> = [
    ['an HTTP answer', (cl) => cl.end('HTTP/1.1 400 Bad Request\r\n\r\n'), /answered the greeting with version 72, not 5 \(it sent "HTTP\/1\.1 400 Bad Request": not a SOCKS5 proxy\?\)$/, 'greeting'],
    ['a megabyte of garbage', (cl) => cl.write(Buffer.alloc(1024 * 1024, 0xee)), /answered the greeting with version 238, not 5$/, 'greeting'],
    ['one byte, then close', (cl) => cl.end(Buffer.of(5)), /closed the connection during the greeting$/, 'greeting'],
    ['an authentication method never offered', (cl) => cl.end(Buffer.of(5, 0x80)), /chose authentication method 128, which was not offered$/, 'greeting'],
    ['username/password asked of a URL without credentials', (cl) => cl.end(Buffer.of(5, 2)), /asks for username\/password authentication, but the proxy URL has no credentials$/, 'greeting'],
    ['bytes before the CONNECT request', (cl) => cl.end(Buffer.of(5, 0, 5, 0)), /sent bytes before the CONNECT request$/, 'greeting'],
    ['a short CONNECT reply, then close', (cl) => twoStep(cl, Buffer.of(5, 0, 0)), /closed the connection during the CONNECT$/, 'connect'],
    ['a wrong version in the CONNECT reply', (cl) => twoStep(cl, Buffer.of(4, 0x5a, 0, 0, 0, 0, 0, 0)), /answered CONNECT with version 4, not 5$/, 'connect'],
    ['a non-zero reserved byte', (cl) => twoStep(cl, Buffer.of(5, 0, 7, 1, 0, 0, 0, 0, 0, 0)), /non-zero reserved byte \(7\)$/, 'connect'],
    ['an unknown address type', (cl) => twoStep(cl, Buffer.of(5, 0, 0, 9, ...Buffer.alloc(64 * 1024, 0x41))), /unknown address type 9$/, 'connect'],
    ['an unassigned reply code', (cl) => twoStep(cl, Buffer.of(5, 200, 0, 1, 0, 0, 0, 0, 0, 0)), /refused CONNECT proxied\.chaindbg\.test:443: unassigned reply code \(200\)$/, 'connect'],
  ];
  for (const [what, answer, message, stage] of hostile) {
    it(`PROXY_FAILED, quickly, for ${what}`, async () => {
      const s = await scripted((client) => answer(client));
      const started = Date.now();
      const c = await probe({ host: NAME, port: 443, tls: '1.3', proxy: `socks5://127.0.0.1:${s.port}`, timeoutMs: 4000 });
      expect(Date.now() - started).toBeLessThan(1500);
      expect(c.error?.code).toBe('PROXY_FAILED');
      expect(c.error?.message).toMatch(new RegExp(`^SOCKS5 proxy socks5://127\\.0\\.0\\.1:${s.port} `));
      expect(c.error?.message).toMatch(message);
      expect(c.error?.message).not.toContain('\n');
      expect(c.error?.evidence).toMatchObject({ proxyStage: stage });
      expect(String(c.error?.evidence.receivedHex).length).toBeLessThanOrEqual(64);
      expect(c.records).toEqual([]);
    });
  }

  it('CONNECT_TIMEOUT within half of --timeout when the proxy never answers the greeting, or never answers CONNECT', async () => {
    const silent = await tcpServer(() => undefined);
    servers.push(silent);
    const mute = await scripted((client) => client.write(Buffer.of(5, 0)));
    for (const port of [silent.port, mute.port]) {
      const started = Date.now();
      const c = await probe({ host: NAME, port: 443, tls: '1.3', proxy: `socks5://127.0.0.1:${port}`, timeoutMs: 400 });
      expect(Date.now() - started).toBeLessThan(1000);
      expect(c.error?.code).toBe('CONNECT_TIMEOUT');
      expect(c.error?.evidence).toMatchObject({ phase: 'tunnel', timeoutMs: 200, proxy: `socks5://127.0.0.1:${port}` });
    }
  });

  it('PROXY_FAILED when nothing listens on the proxy port (loopback)', async () => {
    const closed = await tcpServer(() => undefined);
    const port = closed.port;
    await closed.close();
    const c = await probe({ host: NAME, port: 443, tls: '1.3', proxy: `socks5://127.0.0.1:${port}`, timeoutMs: 2000 });
    expect(c.error?.code).toBe('PROXY_FAILED');
    expect(c.error?.evidence).toMatchObject({ nodeCode: 'ECONNREFUSED' });
  });
});

/** Answers the greeting with "no authentication", then the CONNECT request with `reply`. */
function twoStep(client: Socket, reply: Buffer): void {
  client.write(Buffer.of(5, 0));
  client.once('data', () => {
    client.write(reply);
    if (reply.length < 10) client.end();
  });
}

describe('chaindbg probe with ALL_PROXY=socks5://...', () => {
  async function probeJson(env: Record<string, string>, extra: string[] = []) {
    const io = memoryIO({ env, now: () => NOW });
    const code = await run(['probe', `${NAME}:443`, '--store', join(dir, 'root.pem'), '--tls', '1.3', '--format', 'json', ...extra], io);
    return { code, io, report: reportOf(io.output) };
  }

  it('goes through the SOCKS5 proxy from the environment and validates the chain', async () => {
    const s = await socks();
    const { code, report } = await probeJson({ ALL_PROXY: `socks5://127.0.0.1:${s.port}` });
    expect(code).toBe(0);
    expect(report.target).toMatchObject({ host: NAME, port: 443, proxy: `socks5://127.0.0.1:${s.port}` });
    expect(report.stores[0]!.trusted).toBe(true);
    expect(s.sessions.map((x) => x.request)).toEqual([{ atyp: 3, host: NAME, port: 443 }]);
  });

  it('HTTPS_PROXY wins over ALL_PROXY, and a schemeless value means http:// (as Go reads it)', async () => {
    const s = await socks();
    const { code, report } = await probeJson({ https_proxy: `socks5h://127.0.0.1:${s.port}`, ALL_PROXY: 'http://127.0.0.1:9' });
    expect(code).toBe(0);
    expect(report.target?.proxy).toBe(`socks5h://127.0.0.1:${s.port}`);
    // a schemeless proxy is an HTTP CONNECT proxy: this SOCKS server sees "CONNECT ..." and drops it (PROXY_FAILED)
    const { code: code2, report: r2 } = await probeJson({ HTTPS_PROXY: `127.0.0.1:${s.port}` });
    expect(code2).toBe(3);
    expect(r2.target?.proxy).toBe(`http://127.0.0.1:${s.port}`);
    expect(r2.findings.map((f) => f.code)).toContain('PROXY_FAILED');
  });

  it('a refusing proxy: exit 3, one line naming the reply, no stack trace', async () => {
    const s = await socks({ reply: 2 });
    const io = memoryIO({ env: { ALL_PROXY: `socks5://127.0.0.1:${s.port}` }, now: () => NOW });
    const code = await run(['probe', `${NAME}:443`, '--store', join(dir, 'root.pem'), '--tls', '1.3'], io);
    expect(code).toBe(3);
    expect(io.output).toContain(`SOCKS5 proxy socks5://127.0.0.1:${s.port} refused CONNECT ${NAME}:443: connection not allowed by ruleset (2)`);
    expect(`${io.output}${io.errors}`).not.toMatch(/\n\s+at /);
  });
});

describe('Socks5Handshake (pure)', () => {
  it('encodes requests as Go does and reads replies fed one byte at a time', () => {
    expect(hex(socksConnectRequest('example.test', 443))).toBe(`050100030c${hex(Buffer.from('example.test'))}01bb`);
    expect(hex(socksConnectRequest('10.1.2.3', 80))).toBe('050100010a0102030050');
    expect(hex(socksConnectRequest('::ffff:1.2.3.4', 1))).toBe('0501000400000000000000000000ffff010203040001');
    expect(() => socksConnectRequest('a'.repeat(256), 443)).toThrow(SocksError);
    const hs = new Socks5Handshake('example.test', 443, { username: 'u', password: '' });
    expect(hex(hs.greeting())).toBe('05020002');
    const steps = [...Buffer.of(5, 2)].map((b) => hs.push(Buffer.of(b)));
    expect(steps[1]).toEqual({ done: false, send: Buffer.of(1, 1, 0x75, 0) });
    expect(hs.push(Buffer.of(1, 0))).toEqual({ done: false, send: socksConnectRequest('example.test', 443) });
    const reply = Buffer.of(5, 0, 0, 4, ...Buffer.alloc(15), 1, 0x01, 0xbb);
    for (const b of reply.subarray(0, -1)) expect(hs.push(Buffer.of(b))).toEqual({ done: false, send: null });
    // the reply ends after BND.PORT: what came with its last byte belongs to the tunnel
    expect(hs.push(Buffer.of(0xbb, 0x16, 0x03))).toEqual({ done: true, rest: Buffer.of(0x16, 0x03), bound: '[0:0:0:0:0:0:0:1]:443' });
  });
});
