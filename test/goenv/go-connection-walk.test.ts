/**
 * `chaindbg go` stops where go get stops on a connection Go cannot complete: a module proxy that demands a client
 * certificate ends go get there (","), or is fallen through ("|"). Lab servers reached by their real names through a
 * loopback CONNECT proxy (HTTPS_PROXY, chosen by Go's rules); nothing leaves 127.0.0.1.
 *
 *   proxy.golang.org -> lab client-cert-required      goproxy.cn -> lab must-staple-missing (Go accepts it)
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { memoryIO } from '../../src/cli/io.js';
import { run } from '../../src/cli/run.js';
import { startLab, type Lab } from '../../src/lab/index.js';
import { connectProxy, type ConnectProxy } from '../support/connect-proxy.js';

const NOW = new Date('2026-06-01T12:00:00Z');
let lab: Lab;
let proxy: ConnectProxy;
let emptyPath: string;

beforeAll(async () => {
  lab = await startLab({ now: NOW, scenarios: ['client-cert-required', 'must-staple-missing'] });
  const port = (name: string) => lab.scenarios.find((s) => s.name === name)!.connect;
  const names: Record<string, string> = { 'proxy.golang.org:443': port('client-cert-required'), 'goproxy.cn:443': port('must-staple-missing') };
  proxy = await connectProxy((authority) => names[authority] ?? null);
  emptyPath = mkdtempSync(join(tmpdir(), 'chaindbg-nogo-'));
});
afterAll(async () => {
  await proxy?.close();
  await lab?.close();
  rmSync(emptyPath, { recursive: true, force: true });
});

async function go(env: Record<string, string>) {
  const base = { PATH: emptyPath, HTTPS_PROXY: proxy.url, GOSUMDB: 'off', SSL_CERT_FILE: lab.stores.find((s) => s.name === 'lab-roots')!.path!, SSL_CERT_DIR: join(lab.dir, 'empty-cert-dir') };
  const io = memoryIO({ env: { ...base, ...env }, now: () => NOW });
  const code = await run(['go', '--timeout', '5000', '--format', 'json'], io);
  return { code, json: JSON.parse(io.output) };
}

describe('chaindbg go on a proxy that demands a client certificate', () => {
  it('",": go get fails there, exit 1, with "remote error: tls: certificate required"', async () => {
    const { code, json } = await go({ GOPROXY: 'https://proxy.golang.org,direct' });
    expect(code).toBe(1);
    expect(json.goGet).toMatchObject({ ok: false, breaksAt: 'proxy.golang.org:443' });
    expect(json.endpoints[0]).toMatchObject({ goAccepts: false, goError: 'remote error: tls: certificate required' });
    expect(json.endpoints[0].report.stores[0].trusted).toBe(true); // the chain itself is fine
  });
  it('"|": go falls through to the next proxy and gets through', async () => {
    const { code, json } = await go({ GOPROXY: 'https://proxy.golang.org|https://goproxy.cn' });
    expect([code, json.goGet.ok]).toEqual([0, true]);
  });
  it('NO_PROXY=*.proxy.golang.org exempts only subdomains, as Go reads it: proxy.golang.org still goes through the proxy', async () => {
    const { json } = await go({ GOPROXY: 'https://proxy.golang.org', NO_PROXY: '*.proxy.golang.org,.golang.org.test' });
    expect(json.endpoints[0].report.target.proxy).toBe(proxy.url);
  });
});
