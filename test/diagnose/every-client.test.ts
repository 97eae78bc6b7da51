/**
 * The issue-20 changes meant for every client, under the Web PKI profile (no Go rules):
 *
 *   old (expired store copy) --cross--> new root          store: old (expired), new
 *    └── issuing CA └── leaf                              sent:  leaf, issuing CA, old cross-signed by new
 *
 * and a store whose unreadable entry could have been the missing issuer.
 */
import { describe, expect, it } from 'vitest';
import { analyzeChain } from '../../src/diagnose/index.js';
import { explain } from '../../src/diagnose/explain.js';
import { goModel } from '../../src/path/go-release.js';
import { goRules } from '../../src/path/types.js';
import type { TrustStore } from '../../src/model/store.js';
import { storeOf } from '../support/chaindbg-go.js';
import { makePki, pathString } from '../support/pki.js';

describe('changes for every client', () => {
  it('a root rollover: the path goes on through the sent cross-sign past the expired store copy, and says so', async () => {
    const pki = await makePki({
      old: { cn: 'Old Root', notAfter: '2024-06-01T00:00:00Z' },
      newer: { cn: 'New Root' },
      cross: { sameAs: 'old', issuer: 'newer' },
      int: { cn: 'Issuing CA', issuer: 'old', ca: true },
      leaf: { cn: 'leaf', issuer: 'int', sans: ['a.example.com'] },
    });
    const a = analyzeChain({
      sent: [pki.leaf.cert, pki.int.cert, pki.cross.cert],
      stores: [storeOf([pki.old.cert, pki.newer.cert])],
      now: new Date('2025-01-01T00:00:00Z'),
      host: 'a.example.com',
    });
    expect(a.stores[0]!.trusted).toBe(true);
    const byHash = new Map(Object.values(pki).map((n) => [n.cert.sha256, n.cert]));
    expect(pathString(a.stores[0]!.path.map((h) => byHash.get(h)!))).toBe('CN=leaf -> CN=Issuing CA -> CN=Old Root -> CN=New Root');
    const sent = a.findings.find((f) => f.code === 'CHAIN_ANCHOR_SENT')!;
    expect(sent.evidence).toMatchObject({ subject: 'CN=Old Root', storeCopyExpired: '2024-06-01T00:00:00.000Z' });
    expect(sent.message).toMatch(/the store's copy of that root expired on 2024-06-01T00:00:00.000Z, so the path goes on through the cross-sign/);
  });

  it("a missing issuer says when the store has entries chaindbg could not read (file, position, why)", async () => {
    const pki = await makePki({ root: { cn: 'Root' }, int: { cn: 'Int', issuer: 'root', ca: true }, leaf: { cn: 'leaf', issuer: 'int', sans: ['a.example.com'] } });
    const store: TrustStore = { ...storeOf([pki.root.cert]), problems: ['/etc/ssl/corp.pem#2: not a valid certificate, skipped: malformed DER'] };
    const a = analyzeChain({ sent: [pki.leaf.cert], stores: [store], now: new Date('2025-01-01T00:00:00Z'), host: 'a.example.com' });
    const missing = a.findings.find((f) => f.code === 'MISSING_INTERMEDIATE')!;
    expect(missing.evidence.unreadable).toEqual(['/etc/ssl/corp.pem#2: not a valid certificate, skipped: malformed DER']);
    expect(missing.message).toMatch(/the store has entries chaindbg could not read \(\/etc\/ssl\/corp\.pem#2: not a valid certificate, skipped: malformed DER\)$/);
  });
});

describe('words that match the evidence', () => {
  it('ISSUER_MISMATCH with equal key ids says the signature failed and why, not "a different key"', async () => {
    // root -> int (P-224: the Web PKI profile does not verify its signatures) -> leaf
    const pki = await makePki({ root: { cn: 'Root' }, int: { cn: 'Int', issuer: 'root', key: 'p224' }, leaf: { cn: 'leaf', issuer: 'int', sans: ['a.example.com'] } });
    const a = analyzeChain({ sent: [pki.leaf.cert, pki.int.cert], stores: [storeOf([pki.root.cert])], now: new Date('2025-01-01T00:00:00Z'), host: 'a.example.com' });
    const mismatch = a.findings.find((f) => f.code === 'ISSUER_MISMATCH')!;
    expect(mismatch.evidence.aki).toBe(mismatch.evidence.ski);
    expect(mismatch.message).not.toMatch(/different key/);
    expect(mismatch.message).toMatch(/has the issuer's name and key identifier \(AKI = SKI [0-9a-f]+\), but its signature on CN=leaf does not verify: unsupported elliptic curve P-224$/);
    // and the P-224 key itself is reported once, as the unsupported key it is
    expect(a.findings.filter((f) => f.severity === 'error').map((f) => f.code)).toEqual(['UNSUPPORTED_ALGORITHM']);
  });

  it('PATH_LEN_EXCEEDED counts in words ("1 intermediate") and says when it is Go\'s count; an empty subject is named', async () => {
    const pki = await makePki({
      root: { cn: 'PL Root', pathLen: 1 },
      a: { cn: 'Same', issuer: 'root', ca: true },
      b: { cn: 'Same', issuer: 'a', ca: true },
      leaf: { subject: [], issuer: 'b', sans: ['a.example.com'] },
    });
    const a = analyzeChain({ sent: [pki.leaf.cert, pki.b.cert, pki.a.cert], stores: [storeOf([pki.root.cert])], now: new Date('2025-01-01T00:00:00Z'), host: 'a.example.com', rules: goRules(goModel('1.19')) });
    const pl = a.findings.find((f) => f.code === 'PATH_LEN_EXCEEDED')!;
    expect(pl.message).toBe('CN=PL Root allows 1 intermediate below it, the path has 2 (Go counts self-issued intermediates too)');
    expect(explain('SELF_SIGNED_LEAF', { subject: '' })).toBe('the leaf (empty subject) is self-signed');
  });
});
