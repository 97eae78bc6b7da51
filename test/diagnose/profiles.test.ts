import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { analyzeChain, profileVerdicts } from '../../src/diagnose/index.js';
import { readCertificates } from '../../src/x509/index.js';
import type { TrustStore } from '../../src/model/store.js';

const cert = (name: string) =>
  readCertificates(readFileSync(new URL(`../../certs/reference/${name}`, import.meta.url)), name)[0]!.cert;
const leaf = cert('leaf-www.google.com-wr2-2024.pem');
const wr2 = cert('gts-wr2.pem');
const root = cert('gts-root-r1.pem');
const store = (name: string): TrustStore => ({
  name,
  kind: 'file',
  description: name,
  anchors: [{ cert: root, store: name, source: 'gts-root-r1.pem', fingerprint: root.sha256, serverAuth: true }],
  sources: [],
  problems: [],
  meta: {},
});
const now = new Date('2024-07-01T00:00:00Z');
const stores = [store('system'), store('mozilla')];

function verdicts(sent = [leaf], extra: typeof sent = []) {
  const a = analyzeChain({ sent, stores, now, host: 'www.google.com', extraIntermediates: extra });
  return { a, chainErrors: a.findings.filter((f) => f.store === null && f.severity === 'error') };
}
const byCode = (fs: ReturnType<typeof profileVerdicts>) => Object.fromEntries(fs.map((f) => [f.code, f]));

describe('what Go, OpenSSL and a browser conclude', () => {
  it('a complete chain: all three accept', () => {
    const { a, chainErrors } = verdicts([leaf, wr2]);
    const f = byCode(profileVerdicts({ verdicts: a.stores, chainErrors, goStore: 'system', opensslStore: 'system', browserStore: 'mozilla' }));
    expect([f.GO_VERDICT!.evidence.accepts, f.OPENSSL_VERDICT!.evidence.accepts, f.BROWSER_VERDICT!.evidence.accepts]).toEqual([true, true, true]);
    expect(f.GO_VERDICT!.severity).toBe('info');
  });

  it('a missing intermediate: Go and OpenSSL reject; the browser is undecided until AIA is tried', () => {
    const { a, chainErrors } = verdicts();
    const f = byCode(profileVerdicts({ verdicts: a.stores, chainErrors, goStore: 'system', opensslStore: 'system', browserStore: 'mozilla' }));
    expect(f.GO_VERDICT!.evidence).toMatchObject({ accepts: false, reason: 'MISSING_INTERMEDIATE' });
    expect(f.OPENSSL_VERDICT!.severity).toBe('error');
    expect(f.BROWSER_VERDICT!.evidence.accepts).toBeNull();
    expect(f.BROWSER_VERDICT!.evidence.note).toMatch(/http:\/\/i\.pki\.goog\/wr2\.crt/);
  });

  it('with the intermediate fetched over AIA: works in the browser, fails in go get', () => {
    const plain = verdicts();
    const withAia = verdicts([leaf], [wr2]);
    const f = byCode(
      profileVerdicts({ verdicts: plain.a.stores, chainErrors: plain.chainErrors, goStore: 'system', opensslStore: 'system', browserStore: 'mozilla', withAia: withAia.a.stores }),
    );
    expect(f.GO_VERDICT!.evidence.accepts).toBe(false);
    expect(f.BROWSER_VERDICT!.evidence).toMatchObject({ accepts: true, note: expect.stringMatching(/works in the browser.*fails in go get/) });
  });

  it('an error on the leaf itself (hostname) makes every client reject', () => {
    const a = analyzeChain({ sent: [leaf, wr2], stores, now, host: 'example.com' });
    const chainErrors = a.findings.filter((f) => f.store === null && f.severity === 'error');
    const f = byCode(profileVerdicts({ verdicts: a.stores, chainErrors, goStore: 'system', opensslStore: 'system', browserStore: 'mozilla' }));
    for (const code of ['GO_VERDICT', 'OPENSSL_VERDICT', 'BROWSER_VERDICT']) {
      expect(f[code]!.evidence).toMatchObject({ accepts: false, reason: 'HOSTNAME_MISMATCH' });
    }
  });
});
