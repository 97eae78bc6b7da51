/**
 * Wording never contradicts itself: no "run with --aia" after --aia failed; with a corporate root in the system
 * store, the findings start by saying that go get accepts. PKI made at test time:
 *
 *   corp root -> leaf (SAN a.test)          pub root -> int -> leaf2 (SAN b.test, caIssuers on loopback port 9)
 */
import { describe, expect, it } from 'vitest';
import { makeFinding } from '../../src/diagnose/index.js';
import { renderText } from '../../src/report/index.js';
import { analyzeToReport } from '../../src/session/index.js';
import type { TrustStore } from '../../src/model/store.js';
import type { Certificate } from '../../src/model/certificate.js';
import { makePki } from '../support/pki.js';

const NOW = new Date('2026-01-01T00:00:00Z');
const store = (name: string, kind: TrustStore['kind'], certs: Certificate[]): TrustStore => ({
  name,
  kind,
  description: name,
  anchors: certs.map((cert) => ({ cert, store: name, source: 'test', fingerprint: cert.sha256, serverAuth: true })),
  sources: [],
  problems: [],
  meta: {},
});

describe('wording', () => {
  it('a corporate root in the system store: the first finding line says go get accepts', async () => {
    const pki = await makePki({ corp: { cn: 'Corp Inspection Root' }, leaf: { cn: 'a.test', issuer: 'corp', sans: ['a.test'] }, pub: { cn: 'Public Root' } });
    const system = store('system', 'system', [pki.pub.cert, pki.corp.cert]);
    const mozilla = store('mozilla', 'mozilla', [pki.pub.cert]);
    const report = analyzeToReport({ sent: [pki.leaf.cert], stores: [system, mozilla], now: NOW, host: 'a.test' });
    const lines = renderText(report).split('\n');
    const i = lines.indexOf('Findings (most important first)');
    expect(lines[i + 1]).toBe('  go get: accepts with store system');
    expect(report.findings.some((f) => f.code === 'UNKNOWN_ROOT' && f.store === 'mozilla')).toBe(true);
  });

  it('after --aia failed, the browser verdict does not say "run with --aia"', async () => {
    const pki = await makePki({ root: { cn: 'W Root' }, int: { cn: 'W Int', issuer: 'root', ca: true }, leaf: { cn: 'b.test', issuer: 'int', sans: ['b.test'], caIssuers: 'http://127.0.0.1:9/int.der' } });
    const s = store('mozilla', 'mozilla', [pki.root.cert]);
    const before = analyzeToReport({ sent: [pki.leaf.cert], stores: [s], now: NOW, host: 'b.test' });
    expect(before.findings.find((f) => f.code === 'BROWSER_VERDICT')!.message).toMatch(/run with --aia/);
    const failed = makeFinding('AIA_FETCH_FAILED', 'warning', 0, null, { url: 'http://127.0.0.1:9/int.der', forCert: pki.leaf.cert.sha256, error: 'ECONNREFUSED' });
    const after = analyzeToReport({ sent: [pki.leaf.cert], stores: [s], now: NOW, host: 'b.test', findings: [failed] });
    const browser = after.findings.find((f) => f.code === 'BROWSER_VERDICT')!;
    expect(browser.message).not.toMatch(/--aia/);
    expect(browser.evidence.accepts).toBe(false);
  });
});
