/**
 * One session, one set of settings: --timeout and --proxy reach the AIA fetches of verify, probe, analyze, export and
 * the TUI alike (they used to be 10 s and the environment's proxy whatever the options said). Everything is on
 * 127.0.0.1: the lab's missing-intermediate server, a forward proxy that records every request, and behind the proxy
 * an "AIA server" that accepts and never answers. A fetch that went through the proxy shows in its log; the failure
 * names the session's timeout ("within 1500 ms"), not the old fixed 10,000 ms.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { memoryIO } from '../../src/cli/io.js';
import { run } from '../../src/cli/run.js';
import { createTuiEngine, tuiSettings } from '../../src/cli/commands/tui.js';
import { startLab, type Lab } from '../../src/lab/index.js';
import { proxy as forwardProxy, type TestServer } from '../aia/server.js';
import { reportOf } from '../support/reports.js';

const NOW = new Date('2026-06-01T12:00:00Z');
const TIMEOUT = '1500';
let lab: Lab;
let proxy: TestServer;
let silent: Server;
const held = new Set<Socket>();
let dir: string;
let store: string;
let target: { servername: string; connect: string };

beforeAll(async () => {
  lab = await startLab({ now: NOW, scenarios: ['missing-intermediate'] });
  const s = lab.scenarios[0]!;
  target = { servername: s.servername, connect: s.connect };
  store = lab.stores.find((x) => x.name === 'lab-roots')!.path!;
  // The slow AIA server: reads the request and never answers.
  silent = createServer((socket) => {
    held.add(socket);
    socket.on('error', () => undefined);
  });
  await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
  const silentPort = (silent.address() as { port: number }).port;
  // Plain GETs (AIA) go to the silent server; CONNECT to the target's name goes to the lab server.
  proxy = await forwardProxy(silentPort, (authority) => (authority === `${s.servername}:443` ? s.connect : null));
  dir = await mkdtemp(join(tmpdir(), 'chaindbg-aia-settings-'));
});
afterAll(async () => {
  for (const s of held) s.destroy();
  await new Promise<void>((r) => silent?.close(() => r()));
  await proxy?.close();
  await lab?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

// The AIA server is on loopback while the chains come from files or a named target: the address guard
// (aia/address-guard.ts) refuses loopback AIA unless allowed, so these tests, which are about --timeout and --proxy,
// allow it explicitly.
const io = () => memoryIO({ env: { CHAINDBG_AIA_ALLOW_LOOPBACK: '1' }, cwd: dir, now: () => NOW });
const settings = ['--aia', '--proxy', () => proxy.base, '--timeout', TIMEOUT] as const;
const args = () => settings.map((a) => (typeof a === 'function' ? a() : a));

interface JsonReport {
  findings: Array<{ code: string; evidence: Record<string, unknown> }>;
}

/** The AIA failure of a report: through the proxy (its log has the URL), after the session's timeout. */
function expectTimedOutThroughProxy(report: JsonReport) {
  const failed = report.findings.filter((f) => f.code === 'AIA_FETCH_FAILED');
  expect(failed).toHaveLength(1);
  const url = String(failed[0]!.evidence.url);
  expect(url.startsWith(lab.aiaBaseUrl)).toBe(true);
  expect(String(failed[0]!.evidence.error)).toMatch(new RegExp(`within ${TIMEOUT} ms`));
  expect(proxy.hits).toContain(url);
}

describe('--timeout and --proxy reach the AIA fetches', () => {
  it('verify', async () => {
    // The chain as sent (the leaf alone), fetched directly from the lab server.
    const sent = io();
    expect(await run(['export', target.servername, '--connect', target.connect, '--kind', 'sent', '--store', store], sent)).toBe(0);
    const file = join(dir, 'leaf.pem');
    await writeFile(file, sent.output);
    proxy.hits.length = 0;
    const out = io();
    expect(await run(['verify', file, '--store', store, '--host', target.servername, ...args(), '--format', 'json'], out)).toBe(1);
    expectTimedOutThroughProxy(reportOf(out.output) as unknown as JsonReport);
  });

  it('probe (the TLS connection through the proxy too)', async () => {
    proxy.hits.length = 0;
    const out = io();
    expect(await run(['probe', target.servername, '--store', store, ...args(), '--format', 'json'], out)).toBe(1);
    expectTimedOutThroughProxy(reportOf(out.output) as unknown as JsonReport);
  });

  it('analyze', async () => {
    const capture = join(dir, 'capture.json');
    expect(await run(['probe', target.servername, '--connect', target.connect, '--store', store, '--save', capture], io())).toBe(1);
    proxy.hits.length = 0;
    const out = io();
    expect(await run(['analyze', capture, '--store', store, ...args(), '--format', 'json'], out)).toBe(1);
    expectTimedOutThroughProxy(reportOf(out.output) as unknown as JsonReport);
  });

  it('export: the refusal names the failed fetch and the timeout', async () => {
    proxy.hits.length = 0;
    const out = io();
    expect(await run(['export', target.servername, '--kind', 'fullchain', '--store', store, ...args()], out)).toBe(1);
    const url = proxy.hits.find((h) => h.startsWith(lab.aiaBaseUrl));
    expect(url).toBeDefined();
    expect(out.errors.startsWith('chaindbg: export fullchain: ')).toBe(true);
    expect(out.errors.endsWith(`; the AIA fetch of ${url} failed: no complete answer within ${TIMEOUT} ms\n`)).toBe(true);
  });

  it('the TUI engine', async () => {
    proxy.hits.length = 0;
    const tio = io();
    const s = tuiSettings({ proxy: proxy.base, timeout: TIMEOUT, aia: true }, tio);
    const t = { id: 't0', label: target.servername, target: target.servername };
    const engine = await createTuiEngine([t], [store], s, tio, [store]);
    const outcome = await engine.probe(t, { tls: 'auto', stores: [store], aia: true }, new AbortController().signal);
    expectTimedOutThroughProxy(outcome.report as JsonReport);
  });
});
