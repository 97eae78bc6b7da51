/**
 * Property tests with fast-check's own runner (shrinking, seed printed on failure): each parser answers generated
 * input with a result or its documented typed error, never anything else. Plus the regressions the fuzzer found.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AiaError, parseIssuerBody } from '../../src/aia/index.js';
import { analyzeTranscript } from '../../src/capture/index.js';
import { MessageTooLargeError, TlsParseError } from '../../src/capture/errors.js';
import { HandshakeReassembler } from '../../src/capture/handshake.js';
import { RecordFramer } from '../../src/capture/records.js';
import { asn1Arb, certdataArb, nestedSequences, pemArb, recordStreamArb } from '../../src/fuzz/arbitraries.js';
import { CertdataError, parseCertdata } from '../../src/trust/index.js';
import { CertInputError, readCertificates } from '../../src/x509/index.js';

const SEED = 424242;
const RUNS = 300;

function throwsOnly(fn: () => unknown, ...types: Array<new (...a: never[]) => Error>): boolean {
  try {
    fn();
    return true;
  } catch (e) {
    return types.some((t) => e instanceof t);
  }
}

describe('parsers answer generated input with a result or their typed error', () => {
  it('readCertificates: PEM armour and ASN.1 trees', () => {
    fc.assert(fc.property(fc.oneof(pemArb, asn1Arb), (b) => throwsOnly(() => readCertificates(b, 'gen'), CertInputError)), { seed: SEED, numRuns: RUNS });
  });

  it('parseIssuerBody: ASN.1 trees and PEM', () => {
    fc.assert(fc.property(fc.oneof(asn1Arb, pemArb), (b) => throwsOnly(() => parseIssuerBody(b), AiaError)), { seed: SEED, numRuns: RUNS });
  });

  it('parseCertdata: attribute lines and octal blocks', () => {
    fc.assert(fc.property(certdataArb, (b) => throwsOnly(() => parseCertdata(Buffer.from(b).toString('latin1')), CertdataError)), { seed: SEED, numRuns: RUNS });
  });

  it('record framer: any chunking gives the same records (or the same typed error) as one push', () => {
    const completes = (fn: () => void): boolean => {
      try {
        fn();
        return true;
      } catch (e) {
        if (e instanceof TlsParseError) return false;
        throw e;
      }
    };
    fc.assert(
      fc.property(recordStreamArb, fc.integer({ min: 1, max: 64 }), (stream, step) => {
        const hex = (rs: Array<{ body: Uint8Array }>) => rs.map((r) => Buffer.from(r.body).toString('hex'));
        let a: string[] = [];
        const b: string[] = [];
        const okWhole = completes(() => void (a = hex(new RecordFramer().push(stream, 0))));
        const pieces = new RecordFramer();
        let okPieces = true;
        for (let i = 0; i < stream.length && okPieces; i += step) {
          okPieces = completes(() => void b.push(...hex(pieces.push(stream.subarray(i, i + step), 0))));
        }
        expect(okPieces).toBe(okWhole);
        if (okWhole) expect(b).toEqual(a);
        return throwsOnly(() => new HandshakeReassembler(1024, 'gen').push(stream, 0), MessageTooLargeError);
      }),
      { seed: SEED, numRuns: RUNS },
    );
  });

  it('analyzeTranscript never throws on generated streams in both directions', () => {
    fc.assert(
      fc.property(recordStreamArb, recordStreamArb, (client, server) => {
        const rec = (dir: 'client' | 'server', b: Uint8Array) => ({ dir, t: 1, data: Buffer.from(b).toString('base64') });
        const a = analyzeTranscript([rec('client', client), rec('server', server)], []);
        return Array.isArray(a.certificates) && Array.isArray(a.notes);
      }),
      { seed: SEED, numRuns: RUNS },
    );
  });
});

describe('regressions found by the fuzzer', () => {
  it('a PEM block whose DER is a bare malformed GeneralizedTime is a CertInputError (asn1js threw a plain Error)', () => {
    const input = Buffer.from('[-----BEGIN CERTIFICATE-----\tGAQBXuC8\t-----END CERTIFICATE-----\t', 'latin1');
    expect(() => readCertificates(input, 'regress')).toThrow(CertInputError);
    // and as raw DER: 0x18 (GeneralizedTime) is not 0x30, so it is read as (empty) PEM text
    const der = new Uint8Array([0x30, 0x08, 0x18, 0x06, ...Buffer.from('GAQBXu')]);
    expect(() => readCertificates(der, 'regress')).toThrow(CertInputError);
  });

  it('100,000 nested SEQUENCEs end in a typed error quickly (asn1js depth limit), no stack overflow', () => {
    const deep = nestedSequences(100_000);
    const t0 = performance.now();
    expect(() => readCertificates(deep, 'deep')).toThrow(CertInputError);
    expect(() => parseIssuerBody(deep)).toThrow(AiaError);
    expect(performance.now() - t0).toBeLessThan(2000);
  });
});
