import { beforeAll, describe, expect, it } from 'vitest';
import { analyzeChain, type Analysis } from '../../src/diagnose/index.js';
import { buildPaths } from '../../src/path/index.js';
import type { Certificate } from '../../src/model/certificate.js';
import { makePki, type NodeSpec } from '../support/pki.js';
import { store } from './support.js';

const NOW = new Date('2025-01-01T00:00:00Z');

/** Builds the PKI, sends `sent`, trusts `roots`, and returns the analysis. */
async function scenario(spec: Record<string, NodeSpec>, sent: string[], roots: string[], host: string | null = 'a.example') {
  const pki = await makePki(spec);
  const certs = (names: string[]) => names.map((n) => pki[n]!.cert);
  const a = analyzeChain({ sent: certs(sent), stores: [store('s', certs(roots))], now: NOW, host });
  return { pki, a, certs };
}

const errors = (a: Analysis) => a.findings.filter((f) => f.severity === 'error').map((f) => f.code);
const pathOf = (a: Analysis, certs: Certificate[]) =>
  a.stores[0]!.path.map((s) => certs.find((c) => c.sha256 === s)!.subject.text).join(' -> ');

//   root ── int ── leaf(a.example)
const BASE: Record<string, NodeSpec> = {
  root: { cn: 'root' },
  int: { cn: 'int', issuer: 'root' },
  leaf: { cn: 'leaf', issuer: 'int', sans: ['a.example'] },
};

describe('findings on generated PKIs', () => {
  it('a good chain validates with no errors', async () => {
    const { a, pki } = await scenario(BASE, ['leaf', 'int'], ['root']);
    expect(errors(a)).toEqual([]);
    expect(pathOf(a, Object.values(pki).map((n) => n.cert))).toBe('CN=leaf -> CN=int -> CN=root');
  });

  const cases: Array<{ name: string; spec: Record<string, NodeSpec>; sent: string[]; roots: string[]; host?: string; code: string; evidence?: Record<string, unknown> }> = [
    { name: 'expired leaf', spec: { ...BASE, leaf: { ...BASE.leaf!, notAfter: '2024-06-01T00:00:00Z' } }, sent: ['leaf', 'int'], roots: ['root'], code: 'CERT_EXPIRED', evidence: { now: NOW.toISOString(), notAfter: '2024-06-01T00:00:00.000Z' } },
    { name: 'not yet valid intermediate', spec: { ...BASE, int: { ...BASE.int!, notBefore: '2026-01-01T00:00:00Z' } }, sent: ['leaf', 'int'], roots: ['root'], code: 'CERT_NOT_YET_VALID', evidence: { notBefore: '2026-01-01T00:00:00.000Z' } },
    { name: 'hostname', spec: BASE, sent: ['leaf', 'int'], roots: ['root'], host: 'b.example', code: 'HOSTNAME_MISMATCH', evidence: { expected: 'b.example', presented: ['a.example'] } },
    { name: 'intermediate not a CA', spec: { ...BASE, int: { ...BASE.int!, ca: false, keyUsage: ['digitalSignature', 'keyCertSign'] } }, sent: ['leaf', 'int'], roots: ['root'], code: 'NOT_A_CA' },
    { name: 'pathLen exceeded', spec: { root: { cn: 'root' }, i1: { cn: 'i1', issuer: 'root', pathLen: 0 }, i2: { cn: 'i2', issuer: 'i1' }, leaf: { cn: 'leaf', issuer: 'i2', sans: ['a.example'] } }, sent: ['leaf', 'i2', 'i1'], roots: ['root'], code: 'PATH_LEN_EXCEEDED', evidence: { pathLen: 0, intermediatesBelow: 1 } },
    { name: 'keyUsage without keyCertSign', spec: { ...BASE, int: { ...BASE.int!, keyUsage: ['digitalSignature'] } }, sent: ['leaf', 'int'], roots: ['root'], code: 'KEY_USAGE_MISSING' },
    { name: 'leaf EKU clientAuth only', spec: { ...BASE, leaf: { ...BASE.leaf!, eku: ['clientAuth'] } }, sent: ['leaf', 'int'], roots: ['root'], code: 'EKU_MISSING_SERVER_AUTH' },
    { name: 'intermediate EKU clientAuth only', spec: { ...BASE, int: { ...BASE.int!, eku: ['clientAuth'] } }, sent: ['leaf', 'int'], roots: ['root'], code: 'EKU_MISSING_SERVER_AUTH' },
    { name: 'DNS name constraint', spec: { ...BASE, int: { ...BASE.int!, permitted: { dns: ['other.example'] } } }, sent: ['leaf', 'int'], roots: ['root'], code: 'NAME_CONSTRAINT_VIOLATION', evidence: { kind: 'dns', name: 'a.example' } },
    { name: 'IP name constraint', spec: { ...BASE, int: { ...BASE.int!, excluded: { ip: ['10.0.0.0/8'] } }, leaf: { ...BASE.leaf!, sans: ['a.example', '10.1.2.3'] } }, sent: ['leaf', 'int'], roots: ['root'], code: 'NAME_CONSTRAINT_VIOLATION', evidence: { kind: 'ip', name: '10.1.2.3' } },
    { name: 'DN name constraint', spec: { ...BASE, int: { ...BASE.int!, permitted: { dn: [[['O', 'Acme']]] } } }, sent: ['leaf', 'int'], roots: ['root'], code: 'NAME_CONSTRAINT_VIOLATION', evidence: { kind: 'dn' } },
    { name: 'SHA-1 signature', spec: { ...BASE, leaf: { ...BASE.leaf!, hash: 'SHA-1' } }, sent: ['leaf', 'int'], roots: ['root'], code: 'WEAK_SIGNATURE', evidence: { hash: 'sha1' } },
    { name: 'MD5 signature', spec: { root: { cn: 'root', key: 'rsa2048' }, int: { cn: 'int', issuer: 'root', hash: 'MD5' }, leaf: BASE.leaf! }, sent: ['leaf', 'int'], roots: ['root'], code: 'WEAK_SIGNATURE', evidence: { hash: 'md5' } },
    { name: 'RSA 1024 leaf', spec: { ...BASE, leaf: { ...BASE.leaf!, key: 'rsa1024' } }, sent: ['leaf', 'int'], roots: ['root'], code: 'WEAK_KEY', evidence: { bits: 1024 } },
    { name: 'unknown critical extension', spec: { ...BASE, int: { ...BASE.int!, unknownCriticalExtension: true } }, sent: ['leaf', 'int'], roots: ['root'], code: 'UNKNOWN_CRITICAL_EXTENSION' },
    { name: 'missing intermediate', spec: { ...BASE, leaf: { ...BASE.leaf!, caIssuers: 'http://ca.example/int.cer' } }, sent: ['leaf'], roots: ['root'], code: 'MISSING_INTERMEDIATE', evidence: { issuer: 'CN=int', caIssuers: ['http://ca.example/int.cer'] } },
    { name: 'unknown root', spec: { ...BASE, other: { cn: 'other' } }, sent: ['leaf', 'int', 'root'], roots: ['other'], code: 'UNKNOWN_ROOT', evidence: { subject: 'CN=root' } },
    { name: 'bad signature (same subject, other key)', spec: { ...BASE, fake: { cn: 'int', issuer: 'root' } }, sent: ['leaf', 'fake'], roots: ['root'], code: 'BAD_SIGNATURE' },
    { name: 'self-signed leaf', spec: { leaf: { cn: 'leaf', ca: false, sans: ['a.example'] }, root: { cn: 'root' } }, sent: ['leaf'], roots: ['root'], code: 'SELF_SIGNED_LEAF' },
  ];
  for (const c of cases) {
    it(c.name, async () => {
      const { a } = await scenario(c.spec, c.sent, c.roots, c.host ?? 'a.example');
      expect(a.stores[0]!.trusted).toBe(false);
      const f = a.findings.find((x) => x.code === c.code && x.severity === 'error');
      expect(f, `${c.code} in ${errors(a).join(',')}`).toBeDefined();
      if (c.evidence) expect(f!.evidence).toMatchObject(c.evidence);
      expect(f!.message).toBeTruthy();
    });
  }

  it('chain-as-sent findings: misordered, duplicate, anchor sent, unused', async () => {
    const spec = { ...BASE, stray: { cn: 'stray' } };
    const { a } = await scenario(spec, ['leaf', 'root', 'int', 'int', 'stray'], ['root']);
    const codes = a.findings.map((f) => f.code);
    expect(a.stores[0]!.trusted).toBe(true);
    expect(codes).toEqual(expect.arrayContaining(['CHAIN_MISORDERED', 'CHAIN_DUPLICATE_CERT', 'CHAIN_ANCHOR_SENT', 'CHAIN_UNUSED_CERT']));
    const mis = a.findings.find((f) => f.code === 'CHAIN_MISORDERED')!;
    expect(mis.evidence).toMatchObject({ sent: ['CN=leaf', 'CN=root', 'CN=int', 'CN=stray'], expected: ['CN=leaf', 'CN=int', 'CN=root', 'CN=stray'] });
    expect(a.findings.find((f) => f.code === 'CHAIN_DUPLICATE_CERT')!.evidence).toMatchObject({ positions: [2, 3] });
  });

  it('issuer mismatch shows the DNs attribute by attribute', async () => {
    const spec: Record<string, NodeSpec> = {
      root: { cn: 'root' },
      int: { subject: [['O', 'Acme'], ['CN', 'int']], issuer: 'root' },
      other: { subject: [['O', 'Acme Inc'], ['CN', 'int']], issuer: 'root' },
      leaf: { cn: 'leaf', issuer: 'int', sans: ['a.example'] },
    };
    const { a } = await scenario(spec, ['leaf', 'other'], ['root']);
    const f = a.findings.find((x) => x.code === 'ISSUER_MISMATCH')!;
    expect(f.evidence).toMatchObject({ differing: ['O'], signatureVerifies: false });
    expect(errors(a)).toContain('MISSING_INTERMEDIATE');
  });

  it('distrusted root and root not trusted for TLS', async () => {
    const pki = await makePki(BASE);
    const sent = [pki.leaf.cert, pki.int.cert];
    const d = analyzeChain({ sent, stores: [store('s', [pki.root.cert], { distrustAfter: new Date('2023-06-01T00:00:00Z') })], now: NOW, host: 'a.example' });
    expect(d.stores[0]!.findings[0]).toMatchObject({ code: 'DISTRUSTED_ROOT', evidence: { distrustAfter: '2023-06-01T00:00:00.000Z' } });
    const t = analyzeChain({ sent, stores: [store('s', [pki.root.cert], { serverAuth: false })], now: NOW, host: 'a.example' });
    expect(t.stores[0]!.findings[0]!.code).toBe('ROOT_NOT_TRUSTED_FOR_TLS');
  });
});

describe('path building', () => {
  //   rootA ── X ── leaf        X' = X cross-signed by rootB (same subject and key)
  //   rootB ── X'
  const CROSS: Record<string, NodeSpec> = {
    rootA: { cn: 'rootA' },
    rootB: { cn: 'rootB' },
    x: { cn: 'X', issuer: 'rootA' },
    xByB: { sameAs: 'x', issuer: 'rootB' },
    leaf: { cn: 'leaf', issuer: 'x', sans: ['a.example'] },
  };
  it('cross-signs work both ways', async () => {
    const pki = await makePki(CROSS);
    const all = Object.values(pki).map((n) => n.cert);
    for (const [sent, root, expected] of [
      [['leaf', 'x'], 'rootA', 'CN=leaf -> CN=X -> CN=rootA'],
      [['leaf', 'xByB'], 'rootB', 'CN=leaf -> CN=X -> CN=rootB'],
      [['leaf', 'x', 'xByB'], 'rootB', 'CN=leaf -> CN=X -> CN=rootB'],
      [['leaf', 'xByB', 'x'], 'rootA', 'CN=leaf -> CN=X -> CN=rootA'],
    ] as const) {
      const a = analyzeChain({ sent: sent.map((n) => pki[n].cert), stores: [store('s', [pki[root].cert])], now: NOW, host: 'a.example' });
      expect(pathOf(a, all), `${sent.join(',')} / ${root}`).toBe(expected);
    }
  });

  it('an expired cross-sign does not defeat a valid anchor (ISRG X1 / DST shape)', async () => {
    const spec: Record<string, NodeSpec> = {
      old: { cn: 'old', notAfter: '2024-09-30T00:00:00Z' },
      x1: { cn: 'X1' },
      x1ByOld: { sameAs: 'x1', issuer: 'old', notAfter: '2024-09-30T00:00:00Z' },
      r3: { cn: 'R3', issuer: 'x1' },
      leaf: { cn: 'leaf', issuer: 'r3', sans: ['a.example'] },
    };
    const pki = await makePki(spec);
    const a = analyzeChain({ sent: [pki.leaf.cert, pki.r3.cert, pki.x1ByOld.cert], stores: [store('s', [pki.x1.cert, pki.old.cert])], now: NOW, host: 'a.example' });
    expect(pathOf(a, Object.values(pki).map((n) => n.cert))).toBe('CN=leaf -> CN=R3 -> CN=X1');
  });

  it('an 8-deep chain validates', async () => {
    const spec: Record<string, NodeSpec> = { root: { cn: 'root' } };
    let prev = 'root';
    for (let i = 1; i <= 6; i++) {
      spec[`i${i}`] = { cn: `i${i}`, issuer: prev };
      prev = `i${i}`;
    }
    spec.leaf = { cn: 'leaf', issuer: prev, sans: ['a.example'] };
    const pki = await makePki(spec);
    const sent = ['leaf', 'i6', 'i5', 'i4', 'i3', 'i2', 'i1'].map((n) => pki[n]!.cert);
    const a = analyzeChain({ sent, stores: [store('s', [pki.root!.cert])], now: NOW, host: 'a.example' });
    expect(a.stores[0]!.path).toHaveLength(8);
    expect(a.stores[0]!.trusted).toBe(true);
  });

  it('BUDGET_EXHAUSTED on 10 layers of 6 cross-signed same-subject intermediates', async () => {
    // Layer k holds 6 CAs named Lk (distinct keys), each issued by every CA of layer k+1; nothing reaches the root.
    const spec: Record<string, NodeSpec> = { root: { cn: 'root' }, top: { cn: 'unrelated-top' } };
    const layers = 10;
    const width = 6;
    for (let k = layers; k >= 1; k--) {
      for (let j = 0; j < width; j++) {
        const base = `l${k}_${j}`;
        const issuers = k === layers ? ['top'] : Array.from({ length: width }, (_, m) => `l${k + 1}_${m}_0`);
        issuers.forEach((iss, m) => {
          spec[`${base}_${m}`] = m === 0 ? { cn: `L${k}`, issuer: iss } : { sameAs: `${base}_0`, issuer: iss };
        });
      }
    }
    spec.leaf = { cn: 'leaf', issuer: 'l1_0_0', sans: ['a.example'] };
    const pki = await makePki(spec);
    const intermediates = Object.entries(pki)
      .filter(([n]) => n.startsWith('l'))
      .map(([, v], i) => ({ cert: v.cert, origin: 'sent' as const, sentIndex: i + 1 }));
    const started = performance.now();
    const r = buildPaths({ leaf: pki.leaf!.cert, intermediates, anchors: store('s', [pki.root!.cert]).anchors, now: NOW });
    expect(r.exhausted).toBe('signatures');
    expect(r.stats.signatureChecks).toBe(101);
    expect(performance.now() - started).toBeLessThan(2000);
    const a = analyzeChain({ sent: [pki.leaf!.cert, ...intermediates.map((i) => i.cert)], stores: [store('s', [pki.root!.cert])], now: NOW, host: 'a.example' });
    expect(a.findings.find((f) => f.code === 'BUDGET_EXHAUSTED')).toMatchObject({ severity: 'error', evidence: { budget: 'signatures' } });
  });
});
