/**
 * Stores index their anchors without parsing them (issue 14): the subject and key identity come from a walk of
 * the outer DER (or, for the shipped Mozilla data, from the file), and `cert` is parsed on first read. These tests
 * hold the cheap fields equal to what the full parse says, and show the parse is deferred.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildPaths } from '../../src/path/index.js';
import { AnchorParseError, StoreBuilder } from '../../src/trust/assemble.js';
import { keyIdentity, loadStore } from '../../src/trust/index.js';
import { findBySubject } from '../../src/trust/lookup.js';
import { parseCertificate } from '../../src/x509/parse.js';
import { peekCertificate } from '../../src/x509/peek.js';
import { makePki } from '../support/pki.js';

const root = new URL('../..', import.meta.url).pathname;

/*
 *   rsa-root (rsa2048) -> int (p256) -> leaf (p384)      ed (ed25519, self-signed)
 */
const pki = await makePki({
  'rsa-root': { cn: 'Lazy RSA Root', key: 'rsa2048', ca: true },
  int: { cn: 'Lazy Int', issuer: 'rsa-root', key: 'p256', ca: true },
  leaf: { cn: 'lazy.test', issuer: 'int', key: 'p384', sans: ['lazy.test'] },
  ed: { cn: 'Lazy Ed', key: 'ed25519', ca: true, ski: 'absent' },
});

describe('peekCertificate', () => {
  it('reads the same sha256, subject and SPKI hash as the full parse, for RSA, EC and Ed25519 certificates', () => {
    for (const node of Object.values(pki)) {
      const peek = peekCertificate(node.der);
      const cert = parseCertificate(node.der);
      expect(peek).toEqual({ sha256: cert.sha256, subjectHex: Buffer.from(cert.subject.der).toString('hex'), spkiSha256: cert.publicKey.spkiSha256 });
    }
  });

  it('says null for DER the fast reader does not take (the store then parses it at once, as before)', () => {
    expect(peekCertificate(new Uint8Array([0x30, 0x03, 0x02, 0x01, 0x01]))).toBeNull();
    const der = pki.leaf.der;
    expect(peekCertificate(der.subarray(0, der.length - 1))).toBeNull();
  });
});

describe('a store indexed without parsing', () => {
  it('gives every anchor the index keys of its certificate, and parses an anchor only when it is read', () => {
    const b = new StoreBuilder('test', 'file');
    b.addCertificate(pki['rsa-root'].der, 'roots.pem#0', 'roots.pem');
    b.addCertificate(pki.ed.der, 'roots.pem#1', 'roots.pem');
    const store = b.build('two roots');
    for (const a of store.anchors) expect(typeof Object.getOwnPropertyDescriptor(a, 'cert')?.get).toBe('function');
    const [rsa, ed] = store.anchors;
    expect(rsa!.subjectKey).toBe(Buffer.from(pki['rsa-root'].cert.subject.der).toString('hex'));
    expect(rsa!.identity).toBe(keyIdentity(pki['rsa-root'].cert));
    expect(ed!.identity).toBe(keyIdentity(pki.ed.cert));
    // A lookup by subject touches no certificate; reading cert parses it, once.
    expect(findBySubject(store, pki.int.cert.issuer)).toEqual([rsa]);
    expect(rsa!.cert.subject.text).toBe('CN=Lazy RSA Root');
    expect(rsa!.cert).toBe(rsa!.cert);
  });

  it('builds the same path from a lazily indexed store as from parsed anchors', () => {
    const b = new StoreBuilder('test', 'file');
    b.addCertificate(pki.ed.der, 'a', 'a.pem');
    b.addCertificate(pki['rsa-root'].der, 'b', 'b.pem');
    const store = b.build('roots');
    const r = buildPaths({ leaf: pki.leaf.cert, intermediates: [{ cert: pki.int.cert, origin: 'sent', sentIndex: 1 }], anchors: store.anchors, now: new Date('2026-01-01T00:00:00Z') });
    expect(r.valid.map((p) => p.path.map((c) => c.cert.subject.text).join(' -> '))).toEqual(['CN=lazy.test -> CN=Lazy Int -> CN=Lazy RSA Root']);
  });

  it('a certificate whose outer DER is fine but whose keyUsage is not a BIT STRING fails when first read, in one line (exit 2)', () => {
    const der = new Uint8Array(pki['rsa-root'].der);
    // extnID 2.5.29.15, [critical TRUE], extnValue OCTET STRING { BIT STRING ... }: make the inner BIT STRING an OCTET STRING.
    const at = Buffer.from(der).indexOf(Buffer.from([0x06, 0x03, 0x55, 0x1d, 0x0f]));
    expect(at).toBeGreaterThan(0);
    let i = at + 5;
    if (der[i] === 0x01) i += 3;
    expect(der[i]).toBe(0x04);
    expect(der[i + 2]).toBe(0x03);
    der[i + 2] = 0x04;
    expect(peekCertificate(der)).not.toBeNull();
    const b = new StoreBuilder('bad', 'file');
    expect(b.addCertificate(der, 'bad.pem#1', 'bad.pem')).toBe('added');
    const [anchor] = b.build('one root').anchors;
    let thrown: unknown;
    try {
      void anchor!.cert;
    } catch (err) {
      thrown = err;
    }
    expect(thrown).toBeInstanceOf(AnchorParseError);
    expect((thrown as AnchorParseError).exitCode).toBe(2);
    expect((thrown as AnchorParseError).userMessage).toMatch(/^store "bad": bad\.pem#1: not a valid certificate: [^\n]+$/);
  });

  it('the shipped Mozilla data indexes each root exactly as parsing its DER does', async () => {
    const store = await loadStore('mozilla', { env: {}, platform: 'linux', packageRoot: root });
    const data = JSON.parse(readFileSync(join(root, 'certs/mozilla/roots.json'), 'utf8')) as { schemaVersion: number };
    expect(data.schemaVersion).toBe(2);
    expect(store.anchors.length).toBe(167);
    for (const a of store.anchors) {
      expect(a.identity).toBe(keyIdentity(a.cert));
      expect(a.subjectKey).toBe(Buffer.from(a.cert.subject.der).toString('hex'));
      expect(a.fingerprint).toBe(a.cert.sha256);
    }
  });
});
