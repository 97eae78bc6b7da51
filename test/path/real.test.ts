import { describe, expect, it } from 'vitest';
import { analyzeChain } from '../../src/diagnose/index.js';
import { referenceCert } from '../support/certs.js';
import { store } from './support.js';

const leaf = referenceCert('leaf-www.google.com-wr2-2024');
const wr2 = referenceCert('gts-wr2');
const r1 = referenceCert('gts-root-r1');
const r1Cross = referenceCert('gts-root-r1-cross-signed-by-globalsign-root-ca');
const gsRoot = referenceCert('globalsign-root-ca');
const july2024 = new Date('2024-07-01T00:00:00Z');
const subjects = (shas: string[], certs = [leaf, wr2, r1, r1Cross, gsRoot]) =>
  shas.map((s) => certs.find((c) => c.sha256 === s)?.subject.text ?? s).join(' -> ');

describe('real chains', () => {
  it('www.google.com -> WR2 -> GTS Root R1 at 2024-07-01', () => {
    const a = analyzeChain({ sent: [leaf, wr2], stores: [store('gts', [r1])], now: july2024, host: 'www.google.com' });
    expect(a.stores[0]!.trusted).toBe(true);
    expect(subjects(a.stores[0]!.path)).toBe('CN=www.google.com -> CN=WR2, O=Google Trust Services, C=US -> CN=GTS Root R1, O=Google Trust Services LLC, C=US');
    expect(a.findings.filter((f) => f.severity === 'error')).toEqual([]);
  });

  it('with the GlobalSign cross-sign sent: each store finds its own path', () => {
    const sent = [leaf, wr2, r1Cross];
    const a = analyzeChain({
      sent,
      stores: [store('globalsign-only', [gsRoot]), store('r1-only', [r1]), store('both', [r1, gsRoot])],
      now: july2024,
      host: 'www.google.com',
    });
    const [gs, onlyR1, both] = a.stores;
    expect(gs!.trusted).toBe(true);
    expect(gs!.path).toEqual([leaf.sha256, wr2.sha256, r1Cross.sha256, gsRoot.sha256]);
    expect(onlyR1!.trusted).toBe(true);
    expect(onlyR1!.path).toEqual([leaf.sha256, wr2.sha256, r1.sha256]);
    expect(both!.path).toEqual([leaf.sha256, wr2.sha256, r1.sha256]);
    // The sent cross-sign has the identity (subject + key) of the trusted R1: the path ends at the anchor.
    expect(both!.validPaths).toEqual([[leaf.sha256, wr2.sha256, r1.sha256]]);
    expect(a.findings.filter((f) => f.code === 'CHAIN_UNUSED_CERT')).toEqual([]);
  });

  it('Let\'s Encrypt R3 with the DST cross-sign at 2021-10-15 picks ISRG Root X1', () => {
    const r3 = referenceCert('letsencrypt-r3');
    const x1Cross = referenceCert('isrg-root-x1-cross-signed-by-dst-root-ca-x3');
    const x1 = referenceCert('isrg-root-x1');
    const dst = referenceCert('dst-root-ca-x3');
    // No leaf of that era in the fixtures: R3 itself stands as the certificate to verify.
    const a = analyzeChain({ sent: [r3, x1Cross], stores: [store('both', [x1, dst])], now: new Date('2021-10-15T00:00:00Z') });
    expect(a.stores[0]!.trusted).toBe(true);
    expect(a.stores[0]!.path).toEqual([r3.sha256, x1.sha256]);
    // The expired DST path alone fails with CERT_EXPIRED on DST Root CA X3.
    const old = analyzeChain({ sent: [r3, x1Cross], stores: [store('dst', [dst])], now: new Date('2021-10-15T00:00:00Z') });
    expect(old.stores[0]!.trusted).toBe(false);
    expect(old.stores[0]!.findings[0]).toMatchObject({ code: 'CERT_EXPIRED', evidence: { notAfter: dst.notAfter.toISOString() } });
  });

  it('costs little beyond its signature checks (timing printed)', () => {
    const many = store('many', [r1, gsRoot, ...['isrg-root-x1', 'isrg-root-x2', 'dst-root-ca-x3', 'gts-root-r4'].map(referenceCert)]);
    analyzeChain({ sent: [leaf, wr2], stores: [many], now: july2024, host: 'www.google.com' });
    const runs = 200;
    const started = performance.now();
    for (let i = 0; i < runs; i++) analyzeChain({ sent: [leaf, wr2, r1Cross], stores: [many], now: july2024, host: 'www.google.com' });
    const perCall = (performance.now() - started) / runs;
    console.log(`analyzeChain, 3 certs, warm caches: ${perCall.toFixed(3)} ms per call`);
    expect(perCall).toBeLessThan(20);
  });

  it('missing intermediate names the issuer, the AIA URL and the stores that hold it', () => {
    const a = analyzeChain({ sent: [leaf], stores: [store('gts', [r1]), store('has-wr2', [wr2])], now: july2024, host: 'www.google.com' });
    const f = a.findings.find((x) => x.code === 'MISSING_INTERMEDIATE' && x.store === 'gts')!;
    expect(f.evidence).toMatchObject({ issuer: wr2.subject.text, aki: leaf.aki, caIssuers: leaf.aia.caIssuers, heldBy: ['has-wr2'] });
    expect(a.stores[1]!.trusted).toBe(true);
  });
});
