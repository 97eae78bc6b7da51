/**
 * go get's walk over GOPROXY and GOSUMDB: the pure rules (table), then `chaindbg go` end to end against lab servers
 * reached by their real names through a loopback CONNECT proxy that maps each name to a lab port.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { memoryIO } from '../../src/cli/io.js';
import { run } from '../../src/cli/run.js';
import { GO_DEFAULTS, GO_ENV_KEYS, goOutcome, goTargets, proxyChain, type GoSettings } from '../../src/goenv/index.js';
import { startLab, type Lab } from '../../src/lab/index.js';
import { connectProxy, type ConnectProxy } from '../support/connect-proxy.js';

const settings = (over: Partial<GoSettings>): GoSettings =>
  ({ ...Object.fromEntries(GO_ENV_KEYS.map((k) => [k, ''])), ...GO_DEFAULTS, source: 'environment', ...over }) as GoSettings;

function outcome(over: Partial<GoSettings>, failing: string[], module?: string) {
  const s = settings(over);
  const plan = goTargets(s, { module });
  return goOutcome({ settings: s, targets: plan.targets, module, passes: (t) => !failing.includes(t) });
}

describe('proxyChain', () => {
  it('keeps each entry with the separator after it', () => {
    expect(proxyChain('https://a|https://b,direct')).toEqual([
      { entry: 'https://a', fallThroughOnError: true },
      { entry: 'https://b', fallThroughOnError: false },
      { entry: 'direct', fallThroughOnError: false },
    ]);
    expect(proxyChain(' off ')).toEqual([{ entry: 'off', fallThroughOnError: false }]);
  });
});

describe('goOutcome (pure)', () => {
  it('default settings: sum.golang.org is reached through proxy.golang.org, so only the proxy matters', () => {
    const o = outcome({}, ['sum.golang.org:443']);
    expect([o.ok, o.breaksAt, o.uses['sum.golang.org:443']]).toEqual([true, null, 'via-proxy']);
    const broken = outcome({}, ['proxy.golang.org:443']);
    expect([broken.ok, broken.breaksAt]).toEqual([false, 'proxy.golang.org:443']);
  });
  it('"|" falls through on a TLS failure, "," does not', () => {
    expect(outcome({ GOPROXY: 'https://a.example|https://b.example' }, ['a.example:443']).ok).toBe(true);
    const comma = outcome({ GOPROXY: 'https://a.example,https://b.example' }, ['a.example:443']);
    expect([comma.ok, comma.breaksAt, comma.uses['b.example:443']]).toEqual([false, 'a.example:443', 'fallback']);
  });
  it('GOPROXY=direct: the checksum database is contacted directly, and the module host needs --module', () => {
    const o = outcome({ GOPROXY: 'direct' }, ['sum.golang.org:443']);
    expect([o.ok, o.breaksAt]).toEqual([false, 'sum.golang.org:443']);
    expect(outcome({ GOPROXY: 'direct' }, []).ok).toBeNull();
    const withModule = outcome({ GOPROXY: 'direct', GOSUMDB: 'off' }, ['github.com:443'], 'github.com/x/y');
    expect([withModule.ok, withModule.breaksAt]).toEqual([false, 'github.com:443']);
  });
  it('a GONOPROXY module goes direct; GONOSUMDB skips the checksum database', () => {
    const o = outcome({ GONOPROXY: 'corp.example', GONOSUMDB: 'corp.example' }, ['sum.golang.org:443', 'proxy.golang.org:443'], 'corp.example/lib');
    expect([o.ok, o.uses['corp.example:443']]).toEqual([true, 'used']);
  });
  it('every "|" entry failing, and "off": go get fails', () => {
    expect(outcome({ GOPROXY: 'https://a.example|https://b.example' }, ['a.example:443', 'b.example:443']).ok).toBe(false);
    expect(outcome({ GOPROXY: 'https://a.example|off' }, ['a.example:443']).ok).toBe(false);
  });
});

describe('chaindbg go against the lab, by real names through a CONNECT proxy', () => {
  const NOW = new Date('2026-06-01T12:00:00Z');
  let lab: Lab;
  let proxy: ConnectProxy;
  let emptyPath: string;
  beforeAll(async () => {
    lab = await startLab({ now: NOW, scenarios: ['healthy', 'missing-intermediate', 'name-mismatch', 'revoked-staple'] });
    const port = (name: string) => lab.scenarios.find((s) => s.name === name)!.connect;
    // Each real name goes to a lab port; anything else gets a 502 (nothing leaves 127.0.0.1).
    const names: Record<string, string> = {
      'proxy.golang.org:443': port('healthy'),
      'sum.golang.org:443': port('missing-intermediate'),
      'goproxy.cn:443': port('name-mismatch'),
      'goproxy.io:443': port('revoked-staple'),
    };
    proxy = await connectProxy((authority) => names[authority] ?? null);
    emptyPath = mkdtempSync(join(tmpdir(), 'chaindbg-nogo-'));
  });
  afterAll(async () => {
    await proxy?.close();
    await lab?.close();
    rmSync(emptyPath, { recursive: true, force: true });
  });

  async function go(env: Record<string, string>) {
    const io = memoryIO({
      env: { PATH: emptyPath, HTTPS_PROXY: proxy.url, SSL_CERT_FILE: lab.stores.find((s) => s.name === 'lab-roots')!.path!, SSL_CERT_DIR: join(lab.dir, 'empty-cert-dir'), ...env },
      now: () => NOW,
    });
    const code = await run(['go', '--timeout', '5000', '--format', 'json'], io);
    const textIo = memoryIO({ env: io.env, now: () => NOW });
    await run(['go', '--timeout', '5000'], textIo);
    return { code, json: JSON.parse(io.output), text: textIo.output };
  }

  it('default GOPROXY with a broken sum.golang.org: go get gets through (the checksum database comes through the proxy)', async () => {
    const { code, json, text } = await go({});
    expect(code).toBe(0);
    expect(json.goGet).toMatchObject({ ok: true, breaksAt: null });
    const sum = json.endpoints.find((e: { role: string }) => e.role === 'GOSUMDB');
    expect([sum.use, sum.goAccepts]).toEqual(['via-proxy', false]);
    expect(text).toMatch(/FAILS\s+GOSUMDB\s+sum\.golang\.org:443 \(not contacted: go uses the module proxy.s \/sumdb\/\)/);
    expect(text).toMatch(/go get: gets through/);
  });

  it('"|" after a failing proxy falls through; "," does not (exit 1, and where it breaks)', async () => {
    const pipe = await go({ GOPROXY: 'https://goproxy.cn|https://proxy.golang.org', GOSUMDB: 'off' });
    expect([pipe.code, pipe.json.goGet.ok]).toEqual([0, true]);
    const comma = await go({ GOPROXY: 'https://goproxy.cn,https://proxy.golang.org', GOSUMDB: 'off' });
    expect([comma.code, comma.json.goGet.breaksAt]).toEqual([1, 'goproxy.cn:443']);
    expect(comma.text).toMatch(/go get: FAILS at goproxy\.cn:443/);
  });

  it('GOPROXY=direct: sum.golang.org is contacted directly and its missing intermediate breaks go get', async () => {
    const { code, json } = await go({ GOPROXY: 'direct' });
    expect([code, json.goGet.breaksAt]).toEqual([1, 'sum.golang.org:443']);
  });

  it('as go, a loopback endpoint is never proxied and ALL_PROXY is ignored (HTTPS_PROXY points nowhere here)', async () => {
    const healthy = lab.scenarios.find((s) => s.name === 'healthy')!;
    const { json } = await go({ GOPROXY: `https://${healthy.connect}`, GOSUMDB: 'off', HTTPS_PROXY: 'http://127.0.0.1:1', ALL_PROXY: 'http://127.0.0.1:1' });
    const [endpoint] = json.endpoints;
    expect(endpoint.report.target.proxy).toBeNull();
    expect(endpoint.report.sent.length).toBe(2);
    // the proxy.golang.org certificate does not name 127.0.0.1: Go refuses it for that name, but it connected directly
    expect(endpoint.report.findings.map((f: { code: string }) => f.code)).toContain('HOSTNAME_MISMATCH');
  });

  it('a revoked OCSP staple is an error Go ignores: the endpoint is ok for go, and the line says what Go ignores', async () => {
    const { code, text } = await go({ GOPROXY: 'https://goproxy.io', GOSUMDB: 'off' });
    expect(code).toBe(0);
    expect(text).toMatch(/ok\s+GOPROXY\s+goproxy\.io:443 via http:\/\/127\.0\.0\.1:\d+\s+\(Go ignores: OCSP_STAPLE_PROBLEM\)/);
  });
});
