/**
 * probe's connection options through the CLI (run(argv, io)), against a node TLS server on 127.0.0.1 that records what
 * each client offered: --alpn, --no-sni / --servername, and --keylog (appended, owner-only).
 */
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer, type Server, type TLSSocket } from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { memoryIO } from '../../src/cli/io.js';
import { run } from '../../src/cli/run.js';
import { makeChain } from '../capture/helpers/pki.js';
import { reportOf } from '../support/reports.js';

let server: Server;
let port: number;
let dir: string;
const offered: Array<{ sni: string | false; alpn: string[] | undefined }> = [];

beforeAll(async () => {
  const chain = await makeChain('ec-p256');
  dir = mkdtempSync(join(tmpdir(), 'chaindbg-probe-opts-'));
  server = createServer({
    key: chain.leaf.keyPem,
    cert: chain.leaf.pem + chain.intermediate.pem,
    ALPNCallback: ({ servername, protocols }) => {
      offered.push({ sni: servername ?? false, alpn: protocols });
      return protocols.includes('h2') ? 'h2' : undefined;
    },
  }, (s: TLSSocket) => s.end());
  server.on('tlsClientError', () => undefined);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  port = (server.address() as { port: number }).port;
});
afterAll(async () => {
  await new Promise((r) => server.close(r));
  rmSync(dir, { recursive: true, force: true });
});

async function probeJson(args: string[]) {
  const io = memoryIO({ cwd: dir, env: {}, now: () => new Date() });
  const code = await run(['probe', 'localhost', '--connect', `127.0.0.1:${port}`, ...args, '--format', 'json'], io);
  return { code, report: reportOf(io.output) as ReturnType<typeof reportOf> & { tls: NonNullable<ReturnType<typeof reportOf>['tls']> }, err: io.errors };
}

describe('probe options through the CLI', () => {
  it('--alpn: offered in order, the selected protocol reported', async () => {
    offered.length = 0;
    const { report } = await probeJson(['--alpn', 'h2,http/1.1']);
    expect(offered.at(-1)).toEqual({ sni: 'localhost', alpn: ['h2', 'http/1.1'] });
    expect(report.tls.alpn).toBe('h2');
  });

  it('--no-sni sends no server_name; --servername sends the given one', async () => {
    offered.length = 0;
    await probeJson(['--no-sni', '--alpn', 'x']);
    await probeJson(['--servername', 'other.test', '--alpn', 'x']);
    expect(offered.map((o) => o.sni)).toEqual([false, 'other.test']);
  });

  it('--keylog appends NSS key-log lines, owner-only, across runs', async () => {
    await probeJson(['--keylog', 'keys.log', '--tls', '1.3']);
    const first = readFileSync(join(dir, 'keys.log'), 'utf8').trim().split('\n');
    expect(first.some((l) => /^SERVER_HANDSHAKE_TRAFFIC_SECRET [0-9a-f]{64} [0-9a-f]+$/.test(l))).toBe(true);
    expect(statSync(join(dir, 'keys.log')).mode & 0o777).toBe(0o600);
    await probeJson(['--keylog', 'keys.log', '--tls', '1.2']);
    const second = readFileSync(join(dir, 'keys.log'), 'utf8').trim().split('\n');
    expect(second.slice(0, first.length)).toEqual(first);
    expect(second.slice(first.length).some((l) => /^CLIENT_RANDOM [0-9a-f]{64} [0-9a-f]{96}$/.test(l))).toBe(true);
  });
});
