/**
 * The reference store (Mozilla's, for the interception check) is the session's: loaded only when the chosen stores
 * and the chain can need it, and used by every path that judges a chain, `diff --for` and the TUI's export
 * (session.bundle) included, which never loaded it before. Lab servers on 127.0.0.1; the "system" store is the lab's
 * (SSL_CERT_FILE), as `lab` itself sets it for the interception scenario.
 */
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLab, type Lab } from '../../src/lab/index.js';
import { captureChain, openSession, type Chain, type Session } from '../../src/session/index.js';

const NOW = new Date('2026-06-01T12:00:00Z');
let lab: Lab;
let dir: string;
let env: Record<string, string>;
let roots: string;

beforeAll(async () => {
  lab = await startLab({ now: NOW, scenarios: ['interception', 'healthy'] });
  dir = await mkdtemp(join(tmpdir(), 'chaindbg-reference-'));
  await mkdir(join(dir, 'empty'));
  env = { SSL_CERT_FILE: lab.stores.find((s) => s.name === 'lab-system')!.path!, SSL_CERT_DIR: join(dir, 'empty') };
  roots = lab.stores.find((s) => s.name === 'lab-roots')!.path!;
});
afterAll(async () => {
  await lab?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

const session = (stores: string[]): Session =>
  openSession({ now: NOW, env, platform: process.platform, cwd: dir, stores, timeoutMs: 5000, aia: false });

async function chainOf(s: Session, scenario: string): Promise<Chain> {
  const sc = lab.scenarios.find((x) => x.name === scenario)!;
  const [host, port] = sc.connect.split(':') as [string, string];
  const parsed = await s.probe({ host: sc.servername, port: 443, connect: { host, port: Number(port) }, tls: 'auto' });
  return captureChain('target', parsed);
}

const codes = (findings: Array<{ code: string }>) => findings.map((f) => f.code);

describe('the reference store', () => {
  it('is not loaded when no finding can use it (no system store, a host with no known issuers)', async () => {
    const s = session([roots]);
    const chain = await chainOf(s, 'healthy');
    const { report } = await s.judge(chain, { host: 'lab.test' });
    expect(report.stores.map((v) => v.name)).toEqual([roots]);
    expect(s.loaded()).toEqual([roots]);
  });

  it('is loaded for a system store, and the interception check uses it', async () => {
    const s = session(['system']);
    const chain = await chainOf(s, 'interception');
    const { report } = await s.judge(chain);
    expect(s.loaded()).toEqual(['system', 'mozilla']);
    expect(report.stores.map((v) => v.name)).toEqual(['system']);
    expect(codes(report.findings)).toContain('INTERCEPTION_SUSPECTED');
  });

  it('is loaded once per session however many chains need it', async () => {
    const s = session(['system']);
    const chain = await chainOf(s, 'interception');
    const [a, b] = await Promise.all([s.judge(chain), s.judge(chain)]);
    expect(codes(a.report.findings)).toEqual(codes(b.report.findings));
    expect(s.loaded().filter((spec) => spec === 'mozilla')).toHaveLength(1);
  });

  it("backs the TUI's export (session.bundle) and diff --for (session.forChain)", async () => {
    const s = session(['system', roots]);
    const chain = await chainOf(s, 'interception');
    const { report, bundle } = await s.bundle(chain, { kind: 'fullchain', store: 'system', host: chain.host, aia: false });
    expect(codes(report.findings)).toContain('INTERCEPTION_SUSPECTED');
    expect(bundle.validatesAfter).toBe(true);

    const f = session(['system', roots]);
    const result = await f.forChain(await chainOf(f, 'interception'), 'sum.golang.org');
    expect(f.loaded()).toContain('mozilla');
    expect(result.stores.map((r) => [r.name, r.trusted])).toEqual([
      ['system', true],
      [roots, false],
    ]);
  });
});
