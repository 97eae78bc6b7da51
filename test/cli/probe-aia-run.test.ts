/**
 * `probe --aia` in one run: AIA fetches go through the same explicit --proxy as the TLS connections, and targets
 * sharing an issuer fetch its caIssuers URL once. A counting HTTP proxy on 127.0.0.1 sits in front of the lab
 * (CONNECT to the lab's TLS port; absolute-URI GET to the lab's AIA server). `--tls both` on a server sending the same
 * chain says so.
 */
import { createServer, request, type Server } from 'node:http';
import { connect, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { memoryIO } from '../../src/cli/io.js';
import { run } from '../../src/cli/run.js';
import { startLab, type Lab } from '../../src/lab/index.js';

const NOW = new Date('2026-06-01T12:00:00Z');
let lab: Lab;
let proxy: Server;
let proxyUrl: string;
const seen = { connects: [] as string[], gets: [] as string[] };
const sockets = new Set<Socket>();

beforeAll(async () => {
  lab = await startLab({ now: NOW, scenarios: ['missing-intermediate', 'healthy'] });
  proxy = createServer((req, res) => {
    // A forward proxy's plain-HTTP side: the request line holds the absolute URI (only the lab's AIA server is allowed).
    seen.gets.push(req.url ?? '');
    const url = new URL(req.url ?? '');
    if (url.hostname !== '127.0.0.1') {
      res.writeHead(403).end();
      return;
    }
    const up = request({ host: '127.0.0.1', port: Number(url.port), path: url.pathname, method: 'GET' }, (r) => {
      res.writeHead(r.statusCode ?? 502, r.headers);
      r.pipe(res);
    });
    up.on('error', () => res.writeHead(502).end());
    up.end();
  });
  proxy.on('connect', (req, client: Socket) => {
    sockets.add(client);
    seen.connects.push(req.url ?? '');
    const target = lab.scenarios.find((s) => req.url === `${s.servername}:443`) ? lab.scenarios.find((s) => s.name === 'missing-intermediate')! : null;
    if (!target) {
      client.end('HTTP/1.1 502 Bad Gateway\r\n\r\n');
      return;
    }
    const [host, port] = target.connect.split(':');
    const up = connect({ host: host!, port: Number(port) }, () => {
      client.write('HTTP/1.1 200 Connection established\r\n\r\n');
      client.pipe(up).pipe(client);
    });
    sockets.add(up);
    up.on('error', () => client.destroy());
    client.on('error', () => up.destroy());
  });
  await new Promise<void>((r) => proxy.listen(0, '127.0.0.1', () => r()));
  proxyUrl = `http://127.0.0.1:${(proxy.address() as { port: number }).port}`;
});
afterAll(async () => {
  for (const s of sockets) s.destroy();
  await new Promise((r) => proxy.close(r));
  await lab?.close();
});

describe('probe --aia through --proxy, several targets in one run', () => {
  it('both targets tunnel through the proxy; the shared caIssuers URL is fetched once, through the proxy too', async () => {
    const store = lab.stores.find((s) => s.name === 'lab-roots')!.path!;
    const io = memoryIO({ env: {}, now: () => NOW });
    // The same server twice under one name (a port in the target makes it a second, distinct target).
    const code = await run(['probe', 'sum.golang.org', 'sum.golang.org:443', '--proxy', proxyUrl, '--aia', '--store', store, '--format', 'json'], io);
    const reports = JSON.parse(io.output) as Array<{ stores: Array<{ trusted: boolean }>; findings: Array<{ code: string }> }>;
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
    const io = memoryIO({ env: {}, now: () => NOW });
    await run(['probe', h.servername, '--connect', h.connect, '--store', store, '--tls', 'both'], io);
    expect(io.output).toContain('proxy.golang.org: TLS 1.2 and TLS 1.3 sent the same chain (2 certificates)');
    expect(io.output).not.toContain('CHAIN_DIFFERS_BY_VERSION');
  });
});
