import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CertInputError, CertParseError, parseCertificate, readCertificates, toPem } from '../../src/x509/index.js';
import type { CertificateSource } from '../../src/model/certificate.js';
import { mozillaRoots } from './corpus.js';

const pem = (name: string) => readFileSync(fileURLToPath(new URL(`../../certs/reference/${name}.pem`, import.meta.url)), 'latin1');

/** The regex reader readCertificates used before its one-pass scanner: the oracle for block finding and evidence. */
const PEM_BLOCK = /-----BEGIN (CERTIFICATE|TRUSTED CERTIFICATE|X509 CERTIFICATE)-----([\s\S]*?)-----END \1-----/g;
function readWithRegex(bytes: Uint8Array, name: string): CertificateSource[] {
  const text = Buffer.from(bytes).toString('latin1');
  const out: CertificateSource[] = [];
  let block = 0;
  for (const m of text.matchAll(PEM_BLOCK)) {
    block++;
    const offset = m.index;
    const body = m[2] ?? '';
    const b64 = body.replace(/\s+/g, '');
    if (!/^[A-Za-z0-9+/]*={0,2}$/.test(b64) || b64.length % 4 !== 0 || b64.length === 0) {
      const bad = body.search(/[^A-Za-z0-9+/=\s]/);
      const at = offset + m[0].indexOf(body) + Math.max(bad, 0);
      throw new CertInputError(`${name}: PEM block ${block} has broken base64 (at byte ${at})`, { block, offset: at });
    }
    const der = new Uint8Array(Buffer.from(b64, 'base64'));
    if (m[1] === 'TRUSTED CERTIFICATE') throw new Error('not in these tests');
    try {
      out.push({ cert: parseCertificate(der), origin: `${name}#${block}` });
    } catch (err) {
      if (!(err instanceof CertParseError)) throw err;
      throw new CertInputError(`${name}: PEM block ${block} (at byte ${offset}) is not a valid certificate: ${err.message}`, { block, offset });
    }
  }
  if (out.length === 0) throw new CertInputError(`${name}: no certificate found (expected PEM or DER)`);
  return out;
}

function outcome(read: (b: Uint8Array, n: string) => CertificateSource[], text: string): string {
  try {
    return read(Buffer.from(text, 'latin1'), 'b.pem')
      .map((s) => `${s.origin}=${s.cert.sha256}`)
      .join(' ');
  } catch (err) {
    const e = err as CertInputError;
    return `${e.name} ${e.message} block=${e.block} offset=${e.offset}`;
  }
}

describe('readCertificates block scanning', () => {
  it('finds the same blocks and gives the same evidence as the regex reader', () => {
    const leaf = pem('leaf-www.google.com-wr2-2024');
    const wr2 = pem('gts-wr2');
    const fragments = [
      leaf,
      wr2,
      wr2.replace(/CERTIFICATE/g, 'X509 CERTIFICATE'),
      '-----BEGIN CERTIFICATE-----\n',
      '-----END CERTIFICATE-----\n',
      '-----BEGIN X509 CERTIFICATE-----',
      '-----END X509 CERTIFICATE-----\n',
      '-----BEGIN CERTIFICATE REQUEST-----\n',
      '------BEGIN CERTIFICATE-----',
      'subject=CN x\n',
      '!!!!\n',
      'MIIB\n',
      'C',
      '',
    ];
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...fragments), { maxLength: 7 }), (parts) => {
        const text = parts.join('');
        expect(outcome(readCertificates, text)).toBe(outcome(readWithRegex, text));
      }),
      { numRuns: 400 },
    );
  });

  it('stays linear on thousands of unterminated BEGIN lines', () => {
    const text = '-----BEGIN CERTIFICATE-----\nMIIB\n'.repeat(40_000);
    const started = performance.now();
    const err = outcome(readCertificates, text);
    expect(err).toMatch(/^CertInputError .* block=undefined/);
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it('reads a bundle of all Mozilla roots in order', () => {
    const roots = mozillaRoots();
    const bundle = roots.map((der, i) => `# root ${i}\n${toPem(der)}`).join('\n');
    const got = readCertificates(Buffer.from(bundle), 'bundle.pem');
    expect(got.length).toBe(roots.length);
    expect(got.map((s) => Buffer.from(s.cert.der).toString('base64'))).toEqual(roots.map((d) => Buffer.from(d).toString('base64')));
    expect(got[roots.length - 1]!.origin).toBe(`bundle.pem#${roots.length}`);
  });
});
