import { describe, expect, it } from 'vitest';
import { verifySignature } from '../../src/x509/index.js';
import { makePki } from '../support/pki.js';

describe('test PKI builder', () => {
  it('builds a three-level PKI that parses and verifies', async () => {
    const pki = await makePki({
      root: { cn: 'Root', key: 'rsa2048' },
      int: { cn: 'Int', issuer: 'root', pathLen: 0, key: 'p384' },
      leaf: { cn: 'leaf', issuer: 'int', sans: ['a.example', '10.0.0.1', '2001:db8::1'], key: 'ed25519' },
      cross: { sameAs: 'int', issuer: 'other' },
      other: { cn: 'Other' },
      md5: { cn: 'old', issuer: 'root', hash: 'MD5' },
      nc: { cn: 'NC', issuer: 'root', permitted: { dns: ['example'], ip: ['10.0.0.0/8'], dn: [[['O', 'Acme']]] }, excluded: { otherName: true } },
    });
    expect(pki.int.cert.basicConstraints).toMatchObject({ ca: true, pathLen: 0 });
    expect(pki.leaf.cert.san).toMatchObject({ dns: ['a.example'], ip: ['10.0.0.1', '2001:db8::1'] });
    expect(pki.leaf.cert.aki).toBe(pki.int.cert.ski);
    expect(verifySignature(pki.leaf.cert, pki.int.cert.publicKey).ok).toBe(true);
    expect(verifySignature(pki.int.cert, pki.root.cert.publicKey).ok).toBe(true);
    expect(pki.cross.cert.publicKey.spkiSha256).toBe(pki.int.cert.publicKey.spkiSha256);
    expect(pki.cross.cert.subject.text).toBe('CN=Int');
    expect(verifySignature(pki.cross.cert, pki.other.cert.publicKey).ok).toBe(true);
    expect(pki.md5.cert.signatureAlgorithm.hash).toBe('md5');
    expect(verifySignature(pki.md5.cert, pki.root.cert.publicKey).ok).toBe(true);
    expect(pki.nc.cert.nameConstraints?.permitted).toMatchObject({ dns: ['example'], ip: ['10.0.0.0/8'] });
    expect(pki.nc.cert.nameConstraints?.permitted?.dn[0]?.text).toBe('O=Acme');
    expect(pki.nc.cert.nameConstraints?.excluded?.unsupported).toEqual(['otherName']);
    expect(pki.leaf.cert.extKeyUsage).toEqual(['1.3.6.1.5.5.7.3.1']);
  });
});
