import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { completeWithAia, fetchIssuers } from '../../src/aia/index.js';
import { analyzeChain } from '../../src/diagnose/index.js';
import { planExport } from '../../src/export/index.js';
import { referenceCert } from '../support/certs.js';
import { storeOf } from '../export/fixtures.js';

/*
 * Real certificates, real caIssuers URLs, no network: www.google.com (2024, issued by WR2) names
 * http://i.pki.goog/wr2.crt; WR2 names http://i.pki.goog/r1.crt (GTS Root R1). A loopback HTTP proxy, reached through
 * http_proxy in the given env, answers those two URLs with the DER of certs/reference/gts-wr2.pem and gts-root-r1.pem
 * (what Google serves there), and refuses anything else.
 */
const leaf = referenceCert('leaf-www.google.com-wr2-2024');
const wr2 = referenceCert('gts-wr2');
const r1 = referenceCert('gts-root-r1');
const NOW = new Date('2024-07-01T00:00:00Z');

let proxy: http.Server;
let env: Record<string, string>;
const asked: string[] = [];

beforeAll(async () => {
  const answers: Record<string, Uint8Array> = { 'http://i.pki.goog/wr2.crt': wr2.der, 'http://i.pki.goog/r1.crt': r1.der };
  proxy = http.createServer((req, res) => {
    asked.push(req.url ?? '');
    const body = answers[req.url ?? ''];
    if (body) res.writeHead(200, { 'content-type': 'application/pkix-cert' }).end(body);
    else res.writeHead(403).end('loopback test proxy: not allowed');
  });
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  env = { HTTP_PROXY: `http://127.0.0.1:${(proxy.address() as AddressInfo).port}` };
});
afterAll(async () => {
  proxy.closeAllConnections();
  await new Promise<void>((resolve) => proxy.close(() => resolve()));
});

describe('AIA on a real Google chain through a loopback proxy', () => {
  it('fills in WR2 and stops at GTS Root R1 in the store; fullchain then validates', async () => {
    expect(leaf.aia.caIssuers).toEqual(['http://i.pki.goog/wr2.crt']);
    const store = storeOf('gts', [r1]);
    const fetch = (urls: string[]) => fetchIssuers(urls, { timeoutMs: 2000, maxBytes: 1 << 20, proxyEnv: env });
    const aia = await completeWithAia([leaf], fetch, { stores: [store] });
    expect(aia.extra.map((c) => c.sha256)).toEqual([wr2.sha256]);
    expect(aia.stop).toEqual({ reason: 'anchored', cert: wr2.sha256 });
    expect(asked).toEqual(['http://i.pki.goog/wr2.crt']);

    const analysis = analyzeChain({ sent: [leaf], stores: [store], now: NOW, host: 'www.google.com' });
    expect(analysis.stores[0]!.trusted).toBe(false);
    const plan = planExport('fullchain', { sent: [leaf], store, extra: aia.extra, findings: analysis.findings, verdict: analysis.stores[0]! });
    expect(plan.certificates.map((c) => c.sha256)).toEqual([leaf.sha256, wr2.sha256]);
    const fixed = analyzeChain({ sent: plan.certificates, stores: [store], now: NOW, host: 'www.google.com' });
    expect(fixed.stores[0]!.trusted).toBe(true);
  });

  it('walks up to the self-signed root when no store is given', async () => {
    const fetch = (urls: string[]) => fetchIssuers(urls, { timeoutMs: 2000, maxBytes: 1 << 20, proxyEnv: env });
    const aia = await completeWithAia([leaf], fetch, {});
    expect(aia.extra.map((c) => c.sha256)).toEqual([wr2.sha256, r1.sha256]);
    expect(aia.stop.reason).toBe('self-signed');
  });
});
