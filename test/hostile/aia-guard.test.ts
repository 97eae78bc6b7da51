/**
 * Issue 17, item 6: `--aia` does not reach where no CA would be. A caIssuers URL (or a redirect) naming cloud
 * metadata (169.254.169.254), a link-local or unspecified address, or this machine is refused, and the finding says
 * what was refused and why. Loopback is allowed only for a chain that came from loopback (the lab) or when the user
 * sets CHAINDBG_AIA_ALLOW_LOOPBACK=1. Every server here is on 127.0.0.1.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fetchIssuers } from '../../src/aia/index.js';
import { addressClass, guardAddress, hostClass } from '../../src/aia/address-guard.js';
import { run } from '../../src/cli/run.js';
import { memoryIO } from '../../src/cli/io.js';
import { buildPki } from '../../src/pki/index.js';
import { proxy, serve, type TestServer } from '../aia/server.js';
import { NOW } from './pki.js';
import { reportOf } from '../support/reports.js';

let dir = '';
let srv: TestServer;
let intDer: Uint8Array;
const opts = { timeoutMs: 2000, maxBytes: 1 << 20 };

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'chaindbg-aia-guard-'));
  srv = await serve({});
  const pki = await buildPki({
    now: NOW,
    nodes: {
      root: { subject: { CN: 'Guard Root' }, ca: true },
      int: { subject: { CN: 'Guard Int' }, issuer: 'root', ca: true },
      leaf: { subject: { CN: 'localhost' }, issuer: 'int', sans: ['localhost'], eku: ['serverAuth'], aiaIssuers: [`${srv.base}/int.der`] },
      meta: { subject: { CN: 'metadata' }, issuer: 'int', sans: ['localhost'], eku: ['serverAuth'], aiaIssuers: ['http://169.254.169.254/latest/meta-data/'] },
    },
  });
  intDer = pki.der('int');
  writeFileSync(join(dir, 'leaf.pem'), pki.pem('leaf'));
  writeFileSync(join(dir, 'meta.pem'), pki.pem('meta'));
  writeFileSync(join(dir, 'root.pem'), pki.pem('root'));
  await srv.close();
  // The leaf names the first server's port (the URL is in the certificate): serve the routes on that same port.
  srv = await serveOn(srv.port, { '/int.der': { body: intDer }, '/to-loopback': { status: 302, headers: { location: `${'http://127.0.0.1'}:${srv.port}/int.der` } } });
});
afterAll(async () => {
  await srv?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** serve() on a given port (the leaf names it): retried by binding the same port again. */
async function serveOn(port: number, routes: Parameters<typeof serve>[0]): Promise<TestServer> {
  const { createServer } = await import('node:http');
  const hits: string[] = [];
  const server = createServer((req, res) => {
    hits.push(req.url ?? '/');
    const r = routes[req.url ?? '/'];
    if (!r) return void res.writeHead(404).end();
    res.writeHead(r.status ?? 200, r.headers ?? {}).end(r.body ?? '');
  });
  await new Promise<void>((resolve, reject) => server.once('error', reject).listen(port, '127.0.0.1', resolve));
  return { base: `http://127.0.0.1:${port}`, port, hits, closed: new Set(), close: () => new Promise<void>((r) => server.close(() => r())) };
}

describe('address classes', () => {
  it.each([
    ['169.254.169.254', 'link-local'],
    ['fe80::1', 'link-local'],
    ['[fe80::abcd]', 'link-local'],
    ['0.0.0.0', 'unspecified'],
    ['::', 'unspecified'],
    ['127.0.0.1', 'loopback'],
    ['127.9.9.9', 'loopback'],
    ['::1', 'loopback'],
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:7f00:1', 'loopback'],
    ['::ffff:169.254.169.254', 'link-local'],
    ['fd00:ec2::254', 'metadata'],
    ['[FD00:0EC2:0:0::254]', 'metadata'],
    ['100.100.100.200', 'metadata'],
    ['::ffff:100.100.100.200', 'metadata'],
    ['100.100.100.201', 'other'],
    ['10.1.2.3', 'other'],
    ['192.168.1.1', 'other'],
    ['172.16.0.1', 'other'],
    ['fd00::1', 'other'],
    ['8.8.8.8', 'other'],
  ])('%s is %s', (a, cls) => expect(addressClass(a)).toBe(cls));

  it('names: localhost and *.localhost are loopback; other names are judged by what they resolve to', () => {
    expect(hostClass('localhost')).toBe('loopback');
    expect(hostClass('a.localhost.')).toBe('loopback');
    expect(hostClass('ca.corp.example')).toBe('other');
    expect(() => guardAddress('metadata.internal', false, '169.254.169.254')).toThrow(/metadata.internal \(169.254.169.254\) is a link-local address/);
    expect(() => guardAddress('ca.corp.example', false, '10.0.0.5')).not.toThrow();
  });
});

describe('fetchIssuers refuses before connecting', () => {
  it('link-local and unspecified always, even with loopback allowed', async () => {
    const [meta, zero, v6] = await fetchIssuers(
      ['http://169.254.169.254/latest/meta-data/', 'http://0.0.0.0:' + srv.port + '/int.der', 'http://[fe80::1]/x'],
      { ...opts, allowLoopback: true },
    );
    expect(meta).toMatchObject({ ok: false, code: 'refused-address' });
    expect(meta!.error).toMatch(/^refused: 169\.254\.169\.254 is a link-local address \(where cloud metadata services answer\)/);
    expect(zero).toMatchObject({ ok: false, code: 'refused-address' });
    expect(v6).toMatchObject({ ok: false, code: 'refused-address' });
  });

  it('cloud metadata outside link-local (AWS fd00:ec2::254, Alibaba 100.100.100.200) always, even with loopback allowed', async () => {
    const got = await fetchIssuers(['http://[fd00:ec2::254]/latest/meta-data/', 'http://100.100.100.200/latest/meta-data/'], { ...opts, allowLoopback: true });
    for (const r of got) {
      expect(r).toMatchObject({ ok: false, code: 'refused-address' });
      expect(r.error).toMatch(/is a cloud metadata service address/);
    }
  });

  it('loopback written as the URL parser normalises it (decimal, hex, octal, short, IPv4-mapped, trailing dot, 0, [::]) is refused', async () => {
    const before = srv.hits.length;
    const forms = ['2130706433', '0x7f.1', '0177.0.0.1', '127.1', '[::ffff:127.0.0.1]', '[::ffff:7f00:1]', 'localhost.', 'LOCALHOST', '0', '[::]'];
    const got = await fetchIssuers(forms.map((h) => `http://${h}:${srv.port}/int.der`), opts);
    for (const [i, r] of got.entries()) expect(r, forms[i]).toMatchObject({ ok: false, code: 'refused-address' });
    expect(srv.hits.length).toBe(before);
  });

  it('loopback unless allowed: nothing reaches the loopback server when refused', async () => {
    const before = srv.hits.length;
    const [no] = await fetchIssuers([`${srv.base}/int.der`, `http://localhost:${srv.port}/int.der`], opts);
    expect(no).toMatchObject({ ok: false, code: 'refused-address' });
    expect(no!.error).toMatch(/loopback address .* CHAINDBG_AIA_ALLOW_LOOPBACK=1/);
    expect(srv.hits.length).toBe(before);
    const [yes] = await fetchIssuers([`${srv.base}/int.der`], { ...opts, allowLoopback: true });
    expect(yes).toMatchObject({ ok: true });
  });

  it('a redirect never moves to loopback: a non-loopback URL (through a proxy) redirected to 127.0.0.1 is refused', async () => {
    const px = await proxy(srv.port);
    try {
      const env = { HTTP_PROXY: px.base };
      const before = srv.hits.filter((h) => h === '/int.der').length;
      const [r] = await fetchIssuers(['http://ca.chaindbg.invalid/to-loopback'], { ...opts, proxyEnv: env, allowLoopback: true });
      expect(r).toMatchObject({ ok: false, code: 'refused-address' });
      expect(r!.error).toMatch(/after redirect to http:\/\/127\.0\.0\.1/);
      expect(srv.hits.filter((h) => h === '/int.der').length).toBe(before);
      // A URL on loopback from the start (the lab) may redirect within loopback.
      const [lab] = await fetchIssuers([`${srv.base}/to-loopback`], { ...opts, allowLoopback: true });
      expect(lab).toMatchObject({ ok: true });
    } finally {
      await px.close();
    }
  });
});

describe('the finding says what was refused and why', () => {
  const cli = async (args: string[], env: Record<string, string> = {}) => {
    const io = memoryIO({ cwd: dir, env, now: () => NOW });
    const code = await run(args, io);
    return { code, out: io.output };
  };

  it('verify --aia on a certificate pointing at cloud metadata: AIA_FETCH_FAILED with the refusal', async () => {
    const r = await cli(['verify', 'meta.pem', '--store', 'root.pem', '--aia', '--format', 'json']);
    const doc = reportOf(r.out);
    const f = doc.findings.find((x) => x.code === 'AIA_FETCH_FAILED');
    expect(f?.evidence).toMatchObject({ url: 'http://169.254.169.254/latest/meta-data/' });
    expect(String(f?.evidence.error)).toMatch(/^refused: 169\.254\.169\.254 is a link-local address/);
  });

  it('verify --aia from files: a loopback caIssuers is refused unless CHAINDBG_AIA_ALLOW_LOOPBACK=1', async () => {
    const codes = (out: string) => reportOf(out).findings.map((f) => f.code);
    const before = srv.hits.length;
    const refused = await cli(['verify', 'leaf.pem', '--store', 'root.pem', '--aia', '--format', 'json']);
    expect(refused.out).toMatch(/refused: 127\.0\.0\.1 is a loopback address/);
    expect(codes(refused.out)).toContain('AIA_FETCH_FAILED');
    expect(srv.hits.length).toBe(before);
    const allowed = await cli(['verify', 'leaf.pem', '--store', 'root.pem', '--aia', '--format', 'json'], { CHAINDBG_AIA_ALLOW_LOOPBACK: '1' });
    expect(codes(allowed.out)).toContain('AIA_FETCHED');
    expect(codes(allowed.out)).not.toContain('AIA_FETCH_FAILED');
  });
});
