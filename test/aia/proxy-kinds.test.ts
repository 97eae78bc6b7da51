/**
 * AIA fetches through the proxies probe takes: socks5:// / socks5h:// (a SOCKS5 CONNECT to the caIssuers host, which
 * the proxy resolves, then the ordinary request) and https:// (the absolute-form request over TLS to the proxy, whose
 * certificate is checked against node's roots plus NODE_EXTRA_CA_CERTS). A proxy that cannot be used fails the fetch
 * in one line; the fetch never falls back to a direct connection. Every server is on 127.0.0.1, and the proxies
 * forward to it whatever host the URL names (aia.chaindbg.invalid resolves nowhere: only a proxy can answer it).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fetchIssuers, type FetchOptions } from '../../src/aia/index.js';
import { buildPki, type Pki } from '../../src/pki/index.js';
import { socksServer, type SocksServer } from '../capture/helpers/socks-server.js';
import type { Running } from '../capture/helpers/servers.js';
import { serve, type TestServer } from './server.js';

let pki: Pki;
let srv: TestServer;
let dir: string;
let caFile: string;
const closers: Array<() => Promise<void>> = [];
const opts = (proxyEnv: Record<string, string>): FetchOptions => ({ timeoutMs: 2000, maxBytes: 1024 * 1024, proxyEnv, allowLoopback: true });
const URL_ = 'http://aia.chaindbg.invalid/int.der';

beforeAll(async () => {
  pki = await buildPki({
    now: new Date(), // node checks the https proxy's certificate against the wall clock
    nodes: {
      root: { subject: { CN: 'AIA Proxy Root' }, ca: true },
      int: { subject: { CN: 'AIA Proxy Int' }, issuer: 'root', ca: true },
      proxy: { subject: { CN: 'proxy' }, issuer: 'root', sans: ['127.0.0.1'], eku: ['serverAuth'] },
    },
  });
  srv = await serve({ '/int.der': { headers: { 'content-type': 'application/pkix-cert' }, body: pki.der('int') } });
  closers.push(srv.close);
  dir = mkdtempSync(join(tmpdir(), 'chaindbg-aia-proxy-'));
  caFile = join(dir, 'ca.pem');
  writeFileSync(caFile, pki.pem('root'));
});
afterAll(async () => {
  await Promise.all(closers.map((c) => c()));
  rmSync(dir, { recursive: true, force: true });
});

async function socks(options: Parameters<typeof socksServer>[0] = {}): Promise<SocksServer> {
  const s = await socksServer({ upstreamPort: srv.port, ...options });
  closers.push(s.close);
  return s;
}

/** An https:// forward proxy: absolute-form requests over TLS, answered from `srv`. */
async function httpsProxy(): Promise<Running & { hits: string[] }> {
  const hits: string[] = [];
  const server = createHttpsServer({ key: pki.keyPem('proxy'), cert: pki.pem('proxy') }, (req, res) => {
    hits.push(req.url ?? '');
    const u = new URL(req.url ?? '/', 'http://x');
    const up = http.request({ host: '127.0.0.1', port: srv.port, path: u.pathname, agent: false }, (r) => {
      res.writeHead(r.statusCode ?? 502, r.headers);
      r.pipe(res);
    });
    up.on('error', () => res.writeHead(502).end());
    up.end();
  });
  server.on('tlsClientError', () => undefined);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const close = () =>
    new Promise<void>((r) => {
      server.closeAllConnections();
      server.close(() => r());
    });
  closers.push(close);
  return { port: (server.address() as { port: number }).port, hits, close };
}

const der = (r: { certificates: Uint8Array[] }) => r.certificates.map((c) => Buffer.from(c).toString('hex'));

describe('AIA fetches through socks5:// and https:// proxies', () => {
  it('socks5:// (with credentials) and socks5h://: the proxy is asked for the URL host, the request is origin-form', async () => {
    const s = await socks({ credentials: { username: 'u', password: 'p@ss' } });
    const before = srv.hits.length;
    const [r] = await fetchIssuers([URL_], opts({ http_proxy: `socks5://u:p%40ss@127.0.0.1:${s.port}` }));
    expect(r).toMatchObject({ ok: true, contentType: 'application/pkix-cert' });
    expect(der(r!)).toEqual([Buffer.from(pki.der('int')).toString('hex')]);
    expect(s.sessions[0]).toMatchObject({ methods: [0, 2], auth: { username: 'u', password: 'p@ss' }, request: { atyp: 3, host: 'aia.chaindbg.invalid', port: 80 } });
    expect(srv.hits.slice(before)).toEqual(['/int.der']);
    const h = await socks();
    const [r2] = await fetchIssuers(['http://aia.chaindbg.invalid:8080/int.der'], opts({ ALL_PROXY: `socks5h://127.0.0.1:${h.port}` }));
    expect(r2!.ok).toBe(true);
    expect(h.sessions[0]!.request).toEqual({ atyp: 3, host: 'aia.chaindbg.invalid', port: 8080 });
  });

  it('https://: absolute-form over TLS to the proxy, trusting its CA through NODE_EXTRA_CA_CERTS', async () => {
    const p = await httpsProxy();
    const [r] = await fetchIssuers([URL_], opts({ http_proxy: `https://127.0.0.1:${p.port}`, NODE_EXTRA_CA_CERTS: caFile }));
    expect(r!.ok).toBe(true);
    expect(der(r!)).toEqual([Buffer.from(pki.der('int')).toString('hex')]);
    expect(p.hits).toEqual([URL_]);
  });

  it('fails in one line, never directly, when the proxy refuses, is untrusted, or is of an unsupported kind', async () => {
    const before = srv.hits.length;
    const refusing = await socks({ reply: 5 });
    const [a] = await fetchIssuers([URL_], opts({ http_proxy: `socks5://127.0.0.1:${refusing.port}` }));
    expect(a).toMatchObject({ ok: false, code: 'proxy' });
    expect(a!.error).toBe(`through proxy socks5://127.0.0.1:${refusing.port}: refused CONNECT aia.chaindbg.invalid:80: connection refused (5)`);

    const p = await httpsProxy();
    const [b] = await fetchIssuers([URL_], opts({ http_proxy: `https://127.0.0.1:${p.port}` }));
    expect(b).toMatchObject({ ok: false, code: 'proxy' });
    expect(b!.error).toMatch(/^through proxy https:\/\/127\.0\.0\.1:\d+: TLS handshake with the proxy: .*\(UNABLE_TO_VERIFY_LEAF_SIGNATURE\); its certificate was checked against node's bundled roots/);
    expect(p.hits).toEqual([]);

    const [c] = await fetchIssuers([`${srv.base}/int.der`], opts({ http_proxy: 'socks4://127.0.0.1:1080' }));
    expect(c).toMatchObject({ ok: false, code: 'proxy' });
    expect(c!.error).toBe('unsupported proxy scheme "socks4": http://, https://, socks5:// or socks5h:// proxies only');

    const mute = await socks({ script: () => undefined });
    const started = Date.now();
    const [d] = await fetchIssuers([URL_], { ...opts({ http_proxy: `socks5://127.0.0.1:${mute.port}` }), timeoutMs: 300 });
    expect(d).toMatchObject({ ok: false, code: 'timeout' });
    expect(Date.now() - started).toBeLessThan(1500);

    for (const r of [a, b, c, d]) expect(r!.error).not.toContain('\n');
    expect(srv.hits.length).toBe(before);
  });
});
