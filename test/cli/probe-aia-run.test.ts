/**
 * `probe --aia` in one run: AIA fetches go through the same explicit --proxy as the TLS connections, and targets
 * sharing an issuer fetch its caIssuers URL once. A counting HTTP proxy on 127.0.0.1 sits in front of the lab
 * (CONNECT to the lab's TLS port; absolute-URI GET to the lab's AIA server). `--tls both` on a server sending the same
 * chain says so.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { memoryIO } from '../../src/cli/io.js';
import { run } from '../../src/cli/run.js';
import { startLab, type Lab } from '../../src/lab/index.js';
import { proxy as forwardProxy, type TestServer } from '../aia/server.js';
import { reportsOf } from '../support/reports.js';

const NOW = new Date('2026-06-01T12:00:00Z');
let lab: Lab;
let proxy: TestServer;
let proxyUrl: string;
const seen = { connects: [] as string[], gets: [] as string[] };

beforeAll(async () => {
  lab = await startLab({ now: NOW, scenarios: ['missing-intermediate', 'healthy'] });
  // GETs go to the lab's AIA server (the only plain-HTTP server here); CONNECT to sum.golang.org:443 goes to the
  // missing-intermediate server, anything else gets a 502.
  const aiaPort = Number(new URL(lab.aiaBaseUrl).port);
  const target = lab.scenarios.find((s) => s.name === 'missing-intermediate')!;
  proxy = await forwardProxy(aiaPort, (authority) => {
    seen.connects.push(authority);
    return authority === 'sum.golang.org:443' ? target.connect : null;
  });
  seen.gets = proxy.hits;
  proxyUrl = proxy.base;
});
afterAll(async () => {
  await proxy?.close();
  await lab?.close();
});

describe('probe --aia through --proxy, several targets in one run', () => {
  it('both targets tunnel through the proxy; the shared caIssuers URL is fetched once, through the proxy too', async () => {
    const store = lab.stores.find((s) => s.name === 'lab-roots')!.path!;
    // The caIssuers server is on loopback (tests reach nothing else) while the targets are not: allowed explicitly.
    const io = memoryIO({ env: { CHAINDBG_AIA_ALLOW_LOOPBACK: '1' }, now: () => NOW });
    // The same server twice under one name (a port in the target makes it a second, distinct target).
    const code = await run(['probe', 'sum.golang.org', 'sum.golang.org:443', '--proxy', proxyUrl, '--aia', '--store', store, '--format', 'json'], io);
    const reports = reportsOf(io.output);
    expect(reports).toHaveLength(2);
    expect(seen.connects).toEqual(['sum.golang.org:443', 'sum.golang.org:443']);
    expect(seen.gets).toEqual([`${lab.aiaBaseUrl}/wr2.der`]);
    for (const r of reports) {
      expect(r.stores[0]!.trusted).toBe(true);
      expect(r.findings.map((f) => f.code)).toContain('MISSING_INTERMEDIATE');
    }
    expect(code).toBe(1);
  });

  it('--tls both on a server sending one chain for both versions: a line says they are the same', async () => {
    const h = lab.scenarios.find((s) => s.name === 'healthy')!;
    const store = lab.stores.find((s) => s.name === 'lab-roots')!.path!;
    // The caIssuers server is on loopback (tests reach nothing else) while the targets are not: allowed explicitly.
    const io = memoryIO({ env: { CHAINDBG_AIA_ALLOW_LOOPBACK: '1' }, now: () => NOW });
    await run(['probe', h.servername, '--connect', h.connect, '--store', store, '--tls', 'both'], io);
    expect(io.output).toContain('proxy.golang.org: TLS 1.2 and TLS 1.3 sent the same chain (2 certificates)');
    expect(io.output).not.toContain('CHAIN_DIFFERS_BY_VERSION');
  });
});
