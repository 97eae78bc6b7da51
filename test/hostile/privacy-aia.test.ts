/**
 * Privacy, through the CLI: without --aia, no command contacts a caIssuers URL, even when the chain lacks the
 * intermediate that URL serves; with --aia, exactly that URL is fetched. A loopback HTTP server counts requests; a
 * loopback TLS server sends the leaf alone. PKI: root -> int (at the counted URL) -> leaf (localhost).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { memoryIO } from '../../src/cli/io.js';
import { run } from '../../src/cli/run.js';
import { buildPki } from '../../src/pki/index.js';
import { serve, type TestServer } from '../aia/server.js';
import { nodeTlsServer, type Running } from '../capture/helpers/servers.js';

const NOW = new Date('2026-06-01T12:00:00Z');
let aia: TestServer;
let tls: Running;
let dir: string;

beforeAll(async () => {
  const routes: Record<string, { body: Uint8Array }> = {};
  aia = await serve(routes);
  const pki = await buildPki({
    now: NOW,
    nodes: {
      root: { subject: { CN: 'Privacy AIA Root' }, ca: true },
      int: { subject: { CN: 'Privacy AIA Int' }, issuer: 'root', ca: true },
      leaf: { subject: { CN: 'localhost' }, issuer: 'int', sans: ['localhost'], eku: ['serverAuth'], aiaIssuers: [`${aia.base}/int.der`] },
    },
  });
  routes['/int.der'] = { body: pki.der('int') };
  tls = await nodeTlsServer(pki.keyPem('leaf'), [pki.pem('leaf')]);
  dir = mkdtempSync(join(tmpdir(), 'chaindbg-privacy-aia-'));
  writeFileSync(join(dir, 'root.pem'), pki.pem('root'));
  writeFileSync(join(dir, 'leaf.pem'), pki.pem('leaf'));
});
afterAll(async () => {
  await tls?.close();
  await aia?.close();
  rmSync(dir, { recursive: true, force: true });
});

// verify reads files (no loopback origin): its loopback caIssuers server must be allowed explicitly.
const cli = (args: string[]) => run(args, memoryIO({ cwd: dir, env: { CHAINDBG_AIA_ALLOW_LOOPBACK: '1' }, now: () => NOW }));
const target = () => ['localhost', '--connect', `127.0.0.1:${tls.port}`];

describe('caIssuers URLs are contacted only with --aia', () => {
  it('verify, probe, export and diff --for without --aia: no request', async () => {
    aia.hits.length = 0;
    await cli(['verify', 'leaf.pem', '--store', 'root.pem']);
    await cli(['probe', ...target(), '--store', 'root.pem']);
    await cli(['export', ...target(), '--store', 'root.pem', '--kind', 'fullchain']);
    await cli(['diff', '--store', 'root.pem', '--store', 'root.pem', '--for', ...target()]);
    expect(aia.hits).toEqual([]);
  });

  it('with --aia: the one URL, once per command', async () => {
    aia.hits.length = 0;
    await cli(['verify', 'leaf.pem', '--store', 'root.pem', '--aia']);
    await cli(['probe', ...target(), '--store', 'root.pem', '--aia']);
    expect(aia.hits).toEqual(['/int.der', '/int.der']);
  });
});
