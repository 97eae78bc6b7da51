import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { completeWithAia, fetchIssuers, type FetchOptions } from '../../src/aia/index.js';
import { makePki, type Pki } from '../support/pki.js';
import { certsOnlyPkcs7 as certsOnlyP7 } from '../../src/pki/index.js';
import { proxy, serve, type Route, type TestServer } from './server.js';

/*
 *   root (anchor)
 *    └── int1           served at /int1.p7c (PKCS#7)
 *         └── int2      served at /int2.der (DER), via leaf's caIssuers
 *              └── leaf (sent alone)
 *   other               a CA that signs nothing here, served at /other.der
 */
let pki: Pki<'root' | 'int1' | 'int2' | 'leaf' | 'other' | 'orphan'>;
let srv: TestServer;
const MB10 = 10 * 1024 * 1024;

const opts = (o: Partial<FetchOptions> = {}): FetchOptions => ({ timeoutMs: 2000, maxBytes: 1024 * 1024, allowLoopback: true, ...o });
const hex = (list: Uint8Array[]) => list.map((d) => Buffer.from(d).toString('hex'));

beforeAll(async () => {
  // The server must exist before the certificates name it: reserve it first, fill the routes after.
  const routes: Record<string, Route> = {};
  srv = await serve(routes);
  pki = await makePki({
    root: { cn: 'AIA Root' },
    int1: { cn: 'AIA Int 1', issuer: 'root', caIssuers: `http://127.0.0.1:${srv.port}/root.der` },
    int2: { cn: 'AIA Int 2', issuer: 'int1', caIssuers: `http://127.0.0.1:${srv.port}/int1.p7c` },
    leaf: { cn: 'leaf', issuer: 'int2', sans: ['a.example'], caIssuers: `http://127.0.0.1:${srv.port}/int2.der` },
    other: { cn: 'Other CA' },
    orphan: { cn: 'orphan', issuer: 'other', caIssuers: `http://127.0.0.1:${srv.port}/int2.der` },
  });
  const filled: Record<string, Route> = {
    '/int2.der': { headers: { 'content-type': 'application/pkix-cert' }, body: pki.int2.der },
    '/int2.pem': { headers: { 'content-type': 'text/plain' }, body: pki.int2.pem },
    '/int2.html': { headers: { 'content-type': 'text/html' }, body: pki.int2.der },
    '/int1.p7c': { headers: { 'content-type': 'application/pkcs7-mime' }, body: certsOnlyP7([pki.int1.der]) },
    '/root.der': { body: pki.root.der },
    '/garbage': { headers: { 'content-type': 'application/pkix-cert' }, body: '<html>maintenance</html>' },
    '/hang': {
      handle: (_req, res) => {
        res.writeHead(200, { 'content-type': 'application/pkix-cert' });
        res.write(pki.int2.der.subarray(0, 20)); // then nothing, forever
      },
    },
    '/big': {
      handle: (_req, res) => {
        res.writeHead(200); // no Content-Length: the limit must hold while streaming
        const chunk = Buffer.alloc(64 * 1024, 0x41);
        let sent = 0;
        const pump = (): void => {
          while (sent < MB10) {
            sent += chunk.length;
            if (!res.write(chunk)) return void res.once('drain', pump);
          }
          res.end();
        };
        res.on('close', () => (sent = MB10));
        pump();
      },
    },
    '/big-declared': { handle: (_req, res) => res.writeHead(200, { 'content-length': String(MB10) }).write('x') },
    '/r1': { status: 302, headers: { location: '/r2' } },
    '/r2': { status: 301, headers: { location: `http://127.0.0.1:${srv.port}/r3` } },
    '/r3': { status: 307, headers: { location: '/int2.der' } },
    '/r0': { status: 302, headers: { location: '/r1' } },
    '/to-https': { status: 302, headers: { location: 'https://127.0.0.1:1/x.der' } },
  };
  Object.assign(routes, filled);
});
afterAll(async () => {
  await srv.close();
});

describe('fetchIssuers', () => {
  it('accepts DER, PEM and PKCS#7 bodies, by content whatever the content-type', async () => {
    const urls = ['/int2.der', '/int2.pem', '/int2.html', '/int1.p7c'].map((p) => srv.base + p);
    const results = await fetchIssuers(urls, opts());
    expect(results.map((r) => [r.ok, r.code])).toEqual(urls.map(() => [true, undefined]));
    expect(hex(results[0]!.certificates)).toEqual(hex([pki.int2.der]));
    expect(hex(results[1]!.certificates)).toEqual(hex([pki.int2.der]));
    expect(hex(results[2]!.certificates)).toEqual(hex([pki.int2.der]));
    expect(hex(results[3]!.certificates)).toEqual(hex([pki.int1.der]));
    expect(results[3]!.contentType).toBe('application/pkcs7-mime');
    expect(results[0]!.bytes).toBe(pki.int2.der.length);
  });

  it('gives up on a server that hangs mid-body within the timeout', async () => {
    const t0 = Date.now();
    const [r] = await fetchIssuers([`${srv.base}/hang`], opts({ timeoutMs: 300 }));
    const elapsed = Date.now() - t0;
    expect(r!.ok).toBe(false);
    expect(r!.code).toBe('timeout');
    expect(elapsed).toBeGreaterThanOrEqual(250);
    expect(elapsed).toBeLessThan(1500);
    await waitFor(() => srv.closed.has('/hang'));
    expect(srv.closed.has('/hang')).toBe(true);
  });

  it('aborts a 10 MB body past maxBytes and closes the socket', async () => {
    const [r] = await fetchIssuers([`${srv.base}/big`], opts({ maxBytes: 256 * 1024 }));
    expect(r!.ok).toBe(false);
    expect(r!.code).toBe('too-large');
    expect(r!.error).toContain(String(256 * 1024));
    await waitFor(() => srv.closed.has('/big'));
    expect(srv.closed.has('/big')).toBe(true);
    const [d] = await fetchIssuers([`${srv.base}/big-declared`], opts({ maxBytes: 256 * 1024 }));
    expect(d!.code).toBe('too-large');
  });

  it('reports garbage, 404, and refuses https and other schemes', async () => {
    const [g, nf, https, ftp, bad] = await fetchIssuers(
      [`${srv.base}/garbage`, `${srv.base}/nope`, 'https://127.0.0.1:1/x.crt', 'ftp://127.0.0.1/x.crt', 'not a url'],
      opts(),
    );
    expect(g!.code).toBe('not-certificate');
    expect(nf!.code).toBe('http-status');
    expect(nf!.error).toContain('404');
    expect(https!.code).toBe('unsupported-scheme');
    expect(https!.error).toContain('https');
    expect(ftp!.code).toBe('unsupported-scheme');
    expect(bad!.code).toBe('bad-url');
    const [refused] = await fetchIssuers(['http://127.0.0.1:1/x.crt'], opts());
    expect(refused!.code).toBe('network');
    expect(refused!.error).toContain('ECONNREFUSED');
  });

  it('follows up to 3 redirects, not 4, and not to https', async () => {
    const [ok, tooMany, https] = await fetchIssuers([`${srv.base}/r1`, `${srv.base}/r0`, `${srv.base}/to-https`], opts());
    expect(ok!.ok).toBe(true);
    expect(ok!.redirects).toEqual([`${srv.base}/r2`, `${srv.base}/r3`, `${srv.base}/int2.der`]);
    expect(hex(ok!.certificates)).toEqual(hex([pki.int2.der]));
    expect(tooMany!.code).toBe('too-many-redirects');
    expect(https!.code).toBe('unsupported-scheme');
  });

  it('fetches each URL once per run through the cache', async () => {
    const cache = new Map();
    const before = srv.hits.filter((h) => h === '/int1.p7c').length;
    await fetchIssuers([`${srv.base}/int1.p7c`, `${srv.base}/int1.p7c`], opts({ cache }));
    const again = await fetchIssuers([`${srv.base}/int1.p7c`], opts({ cache }));
    expect(again[0]!.ok).toBe(true);
    expect(srv.hits.filter((h) => h === '/int1.p7c').length - before).toBe(1);
  });

  it('goes through an HTTP proxy from the given env (absolute-form), and not when no_proxy matches', async () => {
    const px = await proxy(srv.port);
    const before = process.env.http_proxy;
    try {
      // The host does not resolve: only the proxy can answer it.
      const env = { http_proxy: `http://user:p%40ss@127.0.0.1:${px.port}` };
      const [r] = await fetchIssuers(['http://aia.chaindbg.invalid/int2.der'], opts({ proxyEnv: env }));
      expect(r!.ok).toBe(true);
      expect(px.hits).toEqual(['http://aia.chaindbg.invalid/int2.der']);
      expect(px.auth).toEqual([`Basic ${Buffer.from('user:p@ss').toString('base64')}`]);
      const [direct] = await fetchIssuers([`${srv.base}/int2.der`], opts({ proxyEnv: { ...env, NO_PROXY: '127.0.0.1' } }));
      expect(direct!.ok).toBe(true);
      expect(px.hits).toHaveLength(1);
      // process.env is left as it was
      expect(process.env.http_proxy).toBe(before);
    } finally {
      await px.close();
    }
    const [down] = await fetchIssuers(['http://aia.chaindbg.invalid/x'], opts({ proxyEnv: { HTTP_PROXY: `http://127.0.0.1:${px.port}` } }));
    expect(down!.code).toBe('proxy');
  });
});

describe('completeWithAia', () => {
  it('follows missing issuers hop by hop until a store anchor, logging where each came from', async () => {
    const fetch = (urls: string[]) => fetchIssuers(urls, opts());
    const r = await completeWithAia([pki.leaf.cert], fetch, { anchors: [pki.root.cert] });
    expect(r.extra.map((c) => c.subject.text)).toEqual([pki.int2.cert.subject.text, pki.int1.cert.subject.text]);
    expect(r.stop).toEqual({ reason: 'anchored', cert: pki.int1.cert.sha256 });
    expect(r.log).toEqual([
      { url: `${srv.base}/int2.der`, ok: true, certificates: [pki.int2.cert.sha256], forCert: pki.leaf.cert.sha256 },
      { url: `${srv.base}/int1.p7c`, ok: true, certificates: [pki.int1.cert.sha256], forCert: pki.int2.cert.sha256 },
    ]);
  });

  it('fetches nothing when the chain is complete, and only what is missing otherwise', async () => {
    const asked: string[] = [];
    const fetch = (urls: string[]) => (asked.push(...urls), fetchIssuers(urls, opts()));
    const full = await completeWithAia([pki.leaf.cert, pki.int2.cert, pki.int1.cert], fetch, { anchors: [pki.root.cert] });
    expect(full.extra).toEqual([]);
    expect(full.stop.reason).toBe('anchored');
    const partial = await completeWithAia([pki.leaf.cert, pki.int2.cert], fetch, { anchors: [pki.root.cert] });
    expect(partial.extra.map((c) => c.sha256)).toEqual([pki.int1.cert.sha256]);
    expect(asked).toEqual([`${srv.base}/int1.p7c`]);
  });

  it('walks to the self-signed root when no store has it, and stops at the hop limit', async () => {
    const fetch = (urls: string[]) => fetchIssuers(urls, opts());
    const r = await completeWithAia([pki.leaf.cert], fetch, {});
    expect(r.extra.map((c) => c.sha256)).toEqual([pki.int2.cert.sha256, pki.int1.cert.sha256, pki.root.cert.sha256]);
    expect(r.stop.reason).toBe('self-signed');
    const limited = await completeWithAia([pki.leaf.cert], fetch, { maxHops: 1 });
    expect(limited.extra).toHaveLength(1);
    expect(limited.stop).toEqual({ reason: 'max-hops', cert: pki.int2.cert.sha256 });
  });

  it('keeps but does not follow a fetched certificate that does not sign the child', async () => {
    const fetch = (urls: string[]) => fetchIssuers(urls, opts());
    const r = await completeWithAia([pki.orphan.cert], fetch, { anchors: [pki.root.cert] });
    expect(r.stop).toEqual({ reason: 'not-issuer', cert: pki.orphan.cert.sha256 });
    expect(r.log[0]!.certificates).toEqual([pki.int2.cert.sha256]);
  });

  it('logs failed fetches against the child', async () => {
    const fetch = async (urls: string[]) => urls.map((url) => ({ url, ok: false, certificates: [], contentType: null, bytes: 0, error: 'HTTP 404', code: 'http-status' as const, redirects: [] }));
    const r = await completeWithAia([pki.leaf.cert], fetch, { anchors: [pki.root.cert] });
    expect(r.stop.reason).toBe('fetch-failed');
    expect(r.log).toEqual([{ url: pki.leaf.cert.aia.caIssuers[0], ok: false, error: 'HTTP 404', certificates: [], forCert: pki.leaf.cert.sha256 }]);
  });
});

async function waitFor(cond: () => boolean, ms = 2000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond() && Date.now() < end) await new Promise((r) => setTimeout(r, 10));
}
