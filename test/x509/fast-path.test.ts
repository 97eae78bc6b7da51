import * as asn1js from 'asn1js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { NOT_CANONICAL, oidString, readWhole } from '../../src/x509/der.js';
import { parseCanonical, parseCertificate } from '../../src/x509/parse.js';
import { parseCertificateReference } from '../../src/x509/parse-reference.js';
import { corpus } from './corpus.js';

/**
 * `parseCertificate` reads canonical DER itself and leaves the rest to the asn1js/pkijs reference parser (the
 * implementation it replaced). These tests hold the two equal, field by field and key order included, on every
 * certificate under certs/ and on damaged copies, errors included.
 */

/** The whole outcome as one string: the Certificate as JSON (bytes as hex, dates as ISO), or the error. */
function outcome(parse: (der: Uint8Array) => unknown, der: Uint8Array): string {
  try {
    return JSON.stringify(parse(der), (_k, v: unknown) => (v instanceof Uint8Array ? `hex:${Buffer.from(v).toString('hex')}` : v));
  } catch (err) {
    const e = err as Error & { offset?: number };
    return `${e.name}: ${e.message} @${e.offset}`;
  }
}

const certs = corpus();

describe('fast path equals the reference parser', () => {
  it('on every certificate under certs/ (reference, Mozilla roots, x509-limbo)', () => {
    expect(certs.length).toBeGreaterThan(1000);
    const differing = certs.filter((c) => outcome(parseCertificate, c.der) !== outcome(parseCertificateReference, c.der));
    expect(differing.map((c) => c.origin)).toEqual([]);
  });

  it('reads every Mozilla root and every reference certificate without the reference parser', () => {
    const common = certs.filter((c) => c.origin.startsWith('mozilla/') || c.origin.startsWith('reference/'));
    const stepAside = common.filter((c) => {
      try {
        parseCanonical(c.der);
        return false;
      } catch (err) {
        if (err !== NOT_CANONICAL) throw err;
        return true;
      }
    });
    expect(stepAside.map((c) => c.origin)).toEqual([]);
  });

  it('on damaged copies: truncated, bytes flipped (same value or the same error)', () => {
    // A fixed sample: every reference certificate, every 40th Mozilla root and limbo certificate.
    const sample = certs.filter((c, i) => c.origin.startsWith('reference/') || (i % 40 === 0 && c.der.length < 4000));
    let seed = 7;
    const next = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    const mismatches: string[] = [];
    let cases = 0;
    for (const c of sample) {
      const variants: [string, Uint8Array][] = [];
      for (const cut of [1, 2, 5, 50, Math.floor(c.der.length / 2), c.der.length - 1]) {
        variants.push([`cut${cut}`, c.der.subarray(0, c.der.length - cut)]);
      }
      for (let k = 0; k < 24; k++) {
        const at = next(c.der.length);
        const mask = [0x01, 0x80, 0xff, 0x20][k % 4]!;
        const d = new Uint8Array(c.der);
        d[at] ^= mask;
        variants.push([`flip${at}^${mask}`, d]);
      }
      for (const [what, der] of variants) {
        cases++;
        if (outcome(parseCertificate, der) !== outcome(parseCertificateReference, der)) mismatches.push(`${c.origin} ${what}`);
      }
    }
    expect(cases).toBeGreaterThan(500);
    expect(mismatches).toEqual([]);
  });
});

describe('fast path on values asn1js throws on', () => {
  it('a name attribute that is a GeneralizedTime asn1js cannot convert: the reference error, not a plain Error', () => {
    // The first 13-byte string attribute value in the corpus becomes GeneralizedTime "2024010100-0Z".
    const pattern = /\x06\x03\x55\x04[\s\S][\x0c\x13]\x0d/;
    const base = certs.find((c) => pattern.test(Buffer.from(c.der).toString('latin1')))!.der;
    const at = Buffer.from(base).toString('latin1').search(pattern) + 5;
    const der = new Uint8Array(base);
    der[at] = 0x18;
    der.set(Buffer.from('2024010100-0Z', 'latin1'), at + 2);
    const got = outcome(parseCertificate, der);
    expect(got).toBe(outcome(parseCertificateReference, der));
    expect(got).toMatch(/^CertParseError/);
  });
});

describe('der.ts', () => {
  it('prints object identifiers as asn1js does', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 2 }),
        fc.integer({ min: 0, max: 39 }),
        fc.array(fc.integer({ min: 0, max: 2 ** 28 - 1 }), { maxLength: 8 }),
        (a, b, rest) => {
          const dotted = [a, b, ...rest].join('.');
          const der = new Uint8Array(new asn1js.ObjectIdentifier({ value: dotted }).toBER());
          expect(oidString(der, readWhole(der))).toBe(dotted);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('steps aside on non-canonical lengths and high tag numbers', () => {
    const nonMinimal = new Uint8Array([0x30, 0x81, 0x03, 0x02, 0x01, 0x00]);
    const indefinite = new Uint8Array([0x30, 0x80, 0x02, 0x01, 0x00, 0x00, 0x00]);
    const highTag = new Uint8Array([0x1f, 0x22, 0x00]);
    for (const der of [nonMinimal, indefinite, highTag]) expect(() => readWhole(der)).toThrow();
    expect(readWhole(new Uint8Array([0x30, 0x03, 0x02, 0x01, 0x00]))).toEqual({ tag: 0x30, start: 0, body: 2, end: 5 });
  });
});
