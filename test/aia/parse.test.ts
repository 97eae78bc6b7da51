import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { AiaError, parseIssuerBody } from '../../src/aia/index.js';
import { makePki, type Pki } from '../support/pki.js';
import { certsOnlyPkcs7 as certsOnlyP7 } from '../../src/pki/index.js';

let pki: Pki<'root' | 'int' | 'leaf'>;
beforeAll(async () => {
  pki = await makePki({
    root: { cn: 'AIA Root' },
    int: { cn: 'AIA Int', issuer: 'root' },
    leaf: { cn: 'leaf', issuer: 'int', sans: ['a.example'] },
  });
});

const hex = (list: Uint8Array[]) => list.map((d) => Buffer.from(d).toString('hex'));

describe('parseIssuerBody', () => {
  it('reads a DER certificate as is', () => {
    expect(hex(parseIssuerBody(pki.int.der))).toEqual(hex([pki.int.der]));
  });

  it('reads PEM with text around and several blocks', () => {
    const body = `issuer bundle\n${pki.int.pem}junk\n${pki.root.pem}`;
    expect(hex(parseIssuerBody(Buffer.from(body)))).toEqual(hex([pki.int.der, pki.root.der]));
  });

  it('reads a PKCS#7 certs-only bundle built with pkijs, byte-exact, and openssl agrees it is one', () => {
    const p7 = certsOnlyP7([pki.int.der, pki.root.der]);
    expect(hex(parseIssuerBody(p7))).toEqual(hex([pki.int.der, pki.root.der]));
    const dir = mkdtempSync(path.join(tmpdir(), 'chaindbg-p7-'));
    try {
      writeFileSync(path.join(dir, 'b.p7c'), p7);
      const printed = execFileSync('openssl', ['pkcs7', '-inform', 'DER', '-in', path.join(dir, 'b.p7c'), '-print_certs'], { encoding: 'utf8' });
      expect(printed.match(/BEGIN CERTIFICATE/g)).toHaveLength(2);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('reads a PKCS#7 bundle made by openssl (DER and PEM)', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'chaindbg-p7-'));
    try {
      writeFileSync(path.join(dir, 'int.pem'), pki.int.pem);
      execFileSync('openssl', ['crl2pkcs7', '-nocrl', '-certfile', path.join(dir, 'int.pem'), '-outform', 'DER', '-out', path.join(dir, 'o.p7c')]);
      execFileSync('openssl', ['crl2pkcs7', '-nocrl', '-certfile', path.join(dir, 'int.pem'), '-out', path.join(dir, 'o.p7b')]);
      expect(hex(parseIssuerBody(readFileSync(path.join(dir, 'o.p7c'))))).toEqual(hex([pki.int.der]));
      const pemP7 = readFileSync(path.join(dir, 'o.p7b'));
      expect(pemP7.toString()).toContain('BEGIN PKCS7');
      expect(hex(parseIssuerBody(pemP7))).toEqual(hex([pki.int.der]));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses garbage, HTML, an empty body, truncated DER and a PKCS#7 without certificates', () => {
    const cases = [
      Buffer.from('<html>not here</html>'),
      new Uint8Array(),
      pki.int.der.subarray(0, pki.int.der.length - 10),
      certsOnlyP7([]),
      Buffer.from('-----BEGIN CERTIFICATE-----\n!!!!\n-----END CERTIFICATE-----\n'),
    ];
    for (const body of cases) {
      let caught: unknown;
      try {
        parseIssuerBody(body);
      } catch (e) {
        caught = e;
      }
      expect(caught).toBeInstanceOf(AiaError);
      expect((caught as AiaError).code).toBe('not-certificate');
    }
  });

  it('never throws anything but AiaError on random or mutated input', () => {
    const seeds = [pki.int.der, certsOnlyP7([pki.int.der])];
    fc.assert(
      fc.property(fc.oneof(fc.uint8Array({ maxLength: 300 }), fc.tuple(fc.constantFrom(...seeds), fc.nat(), fc.integer({ min: 0, max: 255 })).map(([s, i, b]) => {
        const copy = new Uint8Array(s);
        copy[i % copy.length] = b;
        return copy;
      })), (bytes) => {
        try {
          const out = parseIssuerBody(bytes);
          expect(out.length).toBeGreaterThan(0);
        } catch (e) {
          expect(e).toBeInstanceOf(AiaError);
        }
      }),
      { numRuns: 200 },
    );
  });
});
