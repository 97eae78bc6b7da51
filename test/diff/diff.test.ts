import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  diffStores,
  diffToJson,
  findByKeyIdentity,
  findBySubject,
  renderDiffPem,
  renderDiffText,
  type StoreDiff,
} from '../../src/diff/index.js';
import { loadStore, type StoreContext, type TrustStore } from '../../src/trust/index.js';
import { readCertificates, toPem } from '../../src/x509/index.js';
import { JAN_2020, JAN_2040, NOW, makeRoot, type TestRoot } from '../trust/pki.js';

/*
 * Stores (NOW = 2026-05-01):
 *   a.pem: alpha, beta, old (expired 2020)
 *   b.pem: alpha2 (alpha re-issued with the same key), beta, gamma
 *   c.pem: beta, old
 */
const ROOT = join(import.meta.dirname, '..', '..');
let dir: string;
let alpha: TestRoot, alpha2: TestRoot, beta: TestRoot, gamma: TestRoot, old: TestRoot;
let A: TrustStore, B: TrustStore, C: TrustStore;

const sha = (r: { der: Uint8Array }) => createHash('sha256').update(r.der).digest('hex');

async function storeOf(name: string, roots: TestRoot[]): Promise<TrustStore> {
  writeFileSync(join(dir, name), roots.map((r) => r.pem).join(''));
  const ctx: StoreContext = { env: {}, platform: 'linux', packageRoot: ROOT, cwd: dir };
  return loadStore(name, ctx);
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'chaindbg-diff-'));
  alpha = await makeRoot({ cn: 'Alpha Root', notBefore: JAN_2020, notAfter: JAN_2040 });
  alpha2 = await makeRoot({ cn: 'Alpha Root', key: alpha.key, serial: 2, notBefore: new Date('2021-01-01T00:00:00Z'), notAfter: JAN_2040 });
  beta = await makeRoot({ cn: 'Beta Root', notBefore: JAN_2020, notAfter: JAN_2040 });
  gamma = await makeRoot({ cn: 'Gamma Root', notBefore: JAN_2020, notAfter: JAN_2040 });
  old = await makeRoot({ cn: 'Old Root', notBefore: new Date('2010-01-01T00:00:00Z'), notAfter: new Date('2020-01-01T00:00:00Z') });
  A = await storeOf('a.pem', [alpha, beta, old]);
  B = await storeOf('b.pem', [gamma, beta, alpha2]);
  C = await storeOf('c.pem', [beta, old]);
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('two stores', () => {
  let d: StoreDiff;
  beforeAll(() => {
    d = diffStores([A, B], { now: NOW });
  });

  it('only-in-A, only-in-B, same key different certificate, common', () => {
    const p = d.pair!;
    expect([p.a, p.b]).toEqual(['a.pem', 'b.pem']);
    expect(p.onlyInA.map((r) => r.sha256)).toEqual([sha(old)]);
    expect(p.onlyInA[0]).toMatchObject({ subject: 'CN=Old Root', expired: true, key: 'EC P-256', notAfter: '2020-01-01T00:00:00.000Z' });
    expect(p.onlyInB.map((r) => r.sha256)).toEqual([sha(gamma)]);
    expect(p.sameKeyDifferentCert).toHaveLength(1);
    expect(p.sameKeyDifferentCert[0]!.a.map((r) => r.sha256)).toEqual([sha(alpha)]);
    expect(p.sameKeyDifferentCert[0]!.b.map((r) => r.sha256)).toEqual([sha(alpha2)]);
    expect(p.common.count).toBe(1);
    expect(p.common.roots.map((r) => r.sha256)).toEqual([sha(beta)]);
    expect(p.trustDiffers).toEqual([]);
  });

  it('JSON: schemaVersion first, deterministic whatever the order roots were read in', async () => {
    const json = diffToJson(d);
    expect(Object.keys(JSON.parse(json) as object)).toEqual(['schemaVersion', 'now', 'stores', 'pair', 'roots']);
    const B2 = await storeOf('b.pem', [alpha2, beta, gamma]); // same roots, other order: only `source` (#n) moves
    const withoutSources = (j: string) => j.replace(/"source": "[^"]*"/g, '"source": ""');
    expect(withoutSources(diffToJson(diffStores([A, B2], { now: NOW })))).toBe(withoutSources(json));
    const subjects = d.roots.map((r) => `${r.subject} ${r.sha256}`);
    expect(subjects).toEqual([...subjects].sort());
  });

  it('text: each section with its roots, flags from evidence', () => {
    const text = renderDiffText(d);
    const section = (title: string) => text.split('\n\n').find((s) => s.startsWith(title))!;
    expect(section('Only in a.pem (1)')).toContain(sha(old).slice(0, 16));
    expect(section('Only in a.pem (1)')).toContain('[expired]');
    expect(section('Only in b.pem (1)')).toContain(sha(gamma).slice(0, 16));
    const same = section('Same key, different certificate (1)');
    expect(same).toContain(`a.pem: ${sha(alpha).slice(0, 16)}`);
    expect(same).toContain(`b.pem: ${sha(alpha2).slice(0, 16)}`);
    expect(text).toContain('In both: 1 roots');
  });

  it('PEM: the certificates only in the chosen side, with comment lines, parse back', () => {
    // `old` has expired: left out unless asked
    const pem = renderDiffPem([A, B], d);
    expect(readCertificates(new TextEncoder().encode(pem), 'out.pem').map((s) => s.cert.sha256)).toEqual([sha(alpha)]);
    const withExpired = renderDiffPem([A, B], d, { includeExpired: true });
    expect(readCertificates(new TextEncoder().encode(withExpired), 'out.pem').map((s) => s.cert.sha256).sort()).toEqual(
      [sha(alpha), sha(old)].sort(),
    );
    const firstBlock = pem.split('-----BEGIN')[0]!;
    expect(firstBlock.split('\n').filter((l) => l.startsWith('# ')).map((l) => l.split(':')[0])).toEqual([
      '# Subject',
      '# Issuer',
      '# Validity',
      '# SHA256',
    ]);
    const bSide = renderDiffPem([A, B], d, { side: 'b.pem' });
    expect(readCertificates(new TextEncoder().encode(bSide), 'b').map((s) => s.cert.sha256).sort()).toEqual(
      [sha(alpha2), sha(gamma)].sort(),
    );
    expect(renderDiffPem([A, A], diffStores([A, A], { now: NOW }))).toBe('');
    expect(() => renderDiffPem([A, B], d, { side: 'nope' })).toThrow(RangeError);
  });
});

describe('a store holding two issues of one root', () => {
  it('the issue missing from the other store is a same-key entry, not "only in", and names the shared issue', async () => {
    const both = await storeOf('two-issues.pem', [alpha, alpha2, beta]);
    const other = await storeOf('one-issue.pem', [alpha2, beta]);
    const p = diffStores([both, other], { now: NOW }).pair!;
    expect(p.onlyInA).toEqual([]);
    expect(p.sameKeyDifferentCert.map((k) => [k.a.map((r) => r.sha256), k.b.map((r) => r.sha256), k.both.map((r) => r.sha256)])).toEqual([
      [[sha(alpha)], [], [sha(alpha2)]],
    ]);
    expect(p.common.count).toBe(2);
  });
});

describe('three stores: the membership matrix', () => {
  it('marks each root per store as cert, same key, or absent', () => {
    const d = diffStores([A, B, C], { now: NOW });
    expect(d.pair).toBeNull();
    const row = (r: TestRoot) => d.roots.find((x) => x.sha256 === sha(r))!.membership;
    expect(row(alpha)).toEqual(['cert', 'key', 'none']);
    expect(row(alpha2)).toEqual(['key', 'cert', 'none']);
    expect(row(beta)).toEqual(['cert', 'cert', 'cert']);
    expect(row(gamma)).toEqual(['none', 'cert', 'none']);
    expect(row(old)).toEqual(['cert', 'none', 'cert']);
    const text = renderDiffText(d);
    const line = (r: TestRoot) => text.split('\n').find((l) => l.includes(sha(r).slice(0, 16)))!;
    expect(line(alpha).trim().startsWith('Y K .')).toBe(true);
    expect(line(gamma).trim().startsWith('. Y .')).toBe(true);
    expect(line(beta)).toBeUndefined(); // in every store, trusted: counted, not listed
    expect(text).toContain('In every store, trusted for websites: 1 roots');
  });
});

describe('real roots: trust bits differ between stores', () => {
  it('GlobalSign Root CA is in mozilla without the websites bit; GTS Root R1 is trusted in both', async () => {
    const mozilla = await loadStore('mozilla', { env: {}, platform: 'linux', packageRoot: ROOT });
    const pems = ['globalsign-root-ca.pem', 'gts-root-r1.pem'].map(
      (f) => readCertificates(new Uint8Array(readFileSync(join(ROOT, 'certs', 'reference', f))), f)[0]!.cert,
    );
    writeFileSync(join(dir, 'ref.pem'), pems.map((c) => toPem(c.der)).join(''));
    const custom = await loadStore(join(dir, 'ref.pem'), { env: {}, platform: 'linux', packageRoot: ROOT });
    const d = diffStores([custom, mozilla], { now: NOW });
    const p = d.pair!;
    expect(p.onlyInA).toEqual([]);
    expect(p.common.count).toBe(2);
    expect(p.trustDiffers.map((r) => r.subject)).toEqual([pems[0]!.subject.text]);
    expect(p.trustDiffers[0]!.presence.map((x) => x!.serverAuth)).toEqual([true, false]);
    expect(renderDiffText(d)).toContain('ref.pem: websites; mozilla: not for websites');
    // What `diff --for` builds on: the same CA found by key identity and by subject.
    const gts = pems[1]!;
    expect(findByKeyIdentity(mozilla, gts).map((a) => a.fingerprint)).toEqual([gts.sha256]);
    expect(findBySubject(mozilla, gts.subject).map((a) => a.label)).toEqual(['GTS Root R1']);
  });
});

