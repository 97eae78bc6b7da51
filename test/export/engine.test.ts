import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { completeWithAia, fetchIssuers } from '../../src/aia/index.js';
import { analyzeChain } from '../../src/diagnose/index.js';
import { planExport, renderBundle, writeBundleFile } from '../../src/export/index.js';
import { loadStore } from '../../src/trust/index.js';
import type { TrustStore } from '../../src/model/store.js';
import { makePki, type Pki } from '../support/pki.js';
import { serve, type Route, type TestServer } from '../aia/server.js';
import { NOW, storeOf, subjects } from './fixtures.js';

/*
 * The whole repair loop with the real engine, the real AIA fetcher (loopback) and the real store loader:
 *
 *   root "E2E Root" (store pub)           corp "E2E Corp Root" (no store)
 *    └── int   (caIssuers of leaf)         └── corpInt  (caIssuers of corpLeaf)
 *         └── leaf  a.example                   └── corpLeaf  a.example   (corp root at corpInt's caIssuers)
 */
let pki: Pki<'root' | 'int' | 'leaf' | 'corp' | 'corpInt' | 'corpLeaf'>;
let srv: TestServer;
let dir = '';
const pkg = path.resolve(import.meta.dirname, '../..');

beforeAll(async () => {
  const routes: Record<string, Route> = {};
  srv = await serve(routes);
  pki = await makePki({
    root: { cn: 'E2E Root' },
    int: { cn: 'E2E Int', issuer: 'root' },
    leaf: { cn: 'a.example', issuer: 'int', sans: ['a.example'], caIssuers: `${srv.base}/int.der` },
    corp: { cn: 'E2E Corp Root' },
    corpInt: { cn: 'E2E Corp Int', issuer: 'corp', caIssuers: `${srv.base}/corp.der` },
    corpLeaf: { cn: 'a.example', issuer: 'corpInt', sans: ['a.example'], caIssuers: `${srv.base}/corpint.der` },
  });
  routes['/int.der'] = { body: pki.int.der };
  routes['/corpint.der'] = { body: pki.corpInt.der };
  routes['/corp.der'] = { body: pki.corp.der };
  dir = mkdtempSync(path.join(tmpdir(), 'chaindbg-e2e-'));
});
afterAll(async () => {
  await srv.close();
  rmSync(dir, { recursive: true, force: true });
});

const fetch = (urls: string[]) => fetchIssuers(urls, { timeoutMs: 2000, maxBytes: 1 << 20, allowLoopback: true });

describe('export with the diagnosis engine', () => {
  it('missing intermediate: AIA finds it, fullchain validates in the engine', async () => {
    const pub = storeOf('pub', [pki.root.cert]);
    const sent = [pki.leaf.cert];
    const before = analyzeChain({ sent, stores: [pub], now: NOW, host: 'a.example' });
    expect(before.stores[0]!.trusted).toBe(false);
    expect(before.findings.map((f) => f.code)).toContain('MISSING_INTERMEDIATE');

    const aia = await completeWithAia(sent, fetch, { stores: [pub] });
    expect(aia.stop.reason).toBe('anchored');
    // Planned from the verdict without AIA: the AIA-completed path is used.
    const plan = planExport('fullchain', { sent, store: pub, extra: aia.extra, findings: before.findings, verdict: before.stores[0]! });
    expect(subjects(plan.certificates)).toBe('CN=a.example -> CN=E2E Int');
    // The server sending exactly that validates with no error.
    const after = analyzeChain({ sent: plan.certificates, stores: [pub], now: NOW, host: 'a.example' });
    expect(after.stores[0]!.trusted).toBe(true);
    expect(after.findings.filter((f) => f.severity === 'error')).toEqual([]);
    // Planned from the verdict that already used AIA: same answer, through verdict.path.
    const withAia = analyzeChain({ sent, stores: [pub], now: NOW, host: 'a.example', extraIntermediates: aia.extra });
    expect(withAia.stores[0]!.trusted).toBe(true);
    const again = planExport('fullchain', { sent, store: pub, extra: aia.extra, findings: withAia.findings, verdict: withAia.stores[0]! });
    expect(again.certificates.map((c) => c.sha256)).toEqual(plan.certificates.map((c) => c.sha256));
    expect(planExport('missing', { sent, store: pub, extra: aia.extra, findings: withAia.findings, verdict: withAia.stores[0]! }).certificates.map((c) => c.sha256)).toEqual([pki.int.cert.sha256]);
  });

  it('corporate root: the written trust bundle, loaded as a store, makes the engine trust the chain', async () => {
    const pub = storeOf('pub', [pki.root.cert]);
    const sent = [pki.corpLeaf.cert];
    const before = analyzeChain({ sent, stores: [pub], now: NOW, host: 'a.example' });
    expect(before.stores[0]!.trusted).toBe(false);
    const aia = await completeWithAia(sent, fetch, { stores: [pub] });
    expect(aia.stop.reason).toBe('self-signed');
    const plan = planExport('trust', { sent, store: pub, extra: aia.extra, findings: before.findings, verdict: before.stores[0]! });
    expect(plan.refused).toBeUndefined();
    expect(subjects(plan.certificates)).toBe('CN=E2E Corp Int -> CN=E2E Corp Root');

    const out = path.join(dir, 'trust.pem');
    await writeBundleFile(out, renderBundle(plan.certificates, NOW), { force: false });
    const bundle = await loadStore(out, { env: {}, platform: 'linux', packageRoot: pkg, cwd: dir });
    expect(bundle.problems).toEqual([]);
    expect(bundle.anchors.map((a) => a.fingerprint)).toEqual(plan.certificates.map((c) => c.sha256));
    const added: TrustStore = { ...pub, anchors: [...pub.anchors, ...bundle.anchors] };
    const after = analyzeChain({ sent, stores: [added], now: NOW, host: 'a.example' });
    expect(after.stores[0]!.trusted).toBe(true);
  });
});
