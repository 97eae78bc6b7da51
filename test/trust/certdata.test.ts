import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  CertdataError,
  generateMozillaData,
  loadStore,
  nssVersionFromFileName,
  parseCertdata,
  parseCertdataObjects,
  parseCertdataTime,
  renderMozillaData,
  type MozillaData,
  type TrustStore,
} from '../../src/trust/index.js';
import { parseCertificate } from '../../src/x509/index.js';
import { JAN_2020, JAN_2040, makeRoot, type TestRoot } from './pki.js';

const ROOT = join(import.meta.dirname, '..', '..');
const CERTDATA = join(ROOT, 'certs', 'mozilla', 'certdata-NSS_3_123_1.txt');
const ROOTS_JSON = join(ROOT, 'certs', 'mozilla', 'roots.json');

function octal(bytes: Uint8Array): string {
  const lines: string[] = [];
  for (let i = 0; i < bytes.length; i += 16) {
    lines.push([...bytes.subarray(i, i + 16)].map((b) => '\\' + b.toString(8).padStart(3, '0')).join(''));
  }
  return `MULTILINE_OCTAL\n${lines.join('\n')}\nEND`;
}

/** A minimal certdata.txt: one certificate object and (optionally) its trust object, built from a real DER. */
function certdataFor(
  root: TestRoot,
  opts: { label: string; certDistrust?: string; trustDistrust?: string; server?: string; sha1?: Uint8Array; trust?: boolean },
): string {
  const cert = parseCertificate(root.der);
  const serialDer = new Uint8Array([0x02, 0x01, 0x01]); // makeRoot's serial 1, as a DER INTEGER
  const sha1 = opts.sha1 ?? createHash('sha1').update(root.der).digest();
  const date = (d: string | undefined): string => (d ? octal(new TextEncoder().encode(d)) : 'CK_BBOOL CK_FALSE');
  const parts = [
    'BEGINDATA',
    'CKA_CLASS CK_OBJECT_CLASS CKO_NSS_BUILTIN_ROOT_LIST',
    `CKA_LABEL UTF8 "Mozilla Builtin Roots"`,
    '',
    `# Certificate "${opts.label}"`,
    'CKA_CLASS CK_OBJECT_CLASS CKO_CERTIFICATE',
    `CKA_LABEL UTF8 "${opts.label}"`,
    `CKA_SUBJECT ${octal(cert.subject.der)}`,
    `CKA_ISSUER ${octal(cert.issuer.der)}`,
    `CKA_SERIAL_NUMBER ${octal(serialDer)}`,
    `CKA_VALUE ${octal(root.der)}`,
    `CKA_NSS_SERVER_DISTRUST_AFTER ${date(opts.certDistrust)}`,
    'CKA_NSS_EMAIL_DISTRUST_AFTER CK_BBOOL CK_FALSE',
  ];
  if (opts.trust !== false) {
    parts.push(
      '',
      'CKA_CLASS CK_OBJECT_CLASS CKO_NSS_TRUST',
      `CKA_LABEL UTF8 "${opts.label}"`,
      `CKA_CERT_SHA1_HASH ${octal(sha1)}`,
      `CKA_ISSUER ${octal(cert.issuer.der)}`,
      `CKA_SERIAL_NUMBER ${octal(serialDer)}`,
    );
    if (opts.trustDistrust) parts.push(`CKA_NSS_SERVER_DISTRUST_AFTER ${date(opts.trustDistrust)}`);
    parts.push(
      `CKA_TRUST_SERVER_AUTH CK_TRUST ${opts.server ?? 'CKT_NSS_TRUSTED_DELEGATOR'}`,
      'CKA_TRUST_EMAIL_PROTECTION CK_TRUST CKT_NSS_MUST_VERIFY_TRUST',
    );
  }
  return parts.join('\n') + '\n';
}

describe('certdata parser (synthetic files)', () => {
  let root: TestRoot;
  beforeAll(async () => {
    root = await makeRoot({ cn: 'Certdata Test Root', notBefore: JAN_2020, notAfter: JAN_2040 });
  });

  it('decodes MULTILINE_OCTAL back to the exact DER and reads the trust bits', () => {
    const { roots, problems } = parseCertdata(certdataFor(root, { label: 'Test Root' }));
    expect(problems).toEqual([]);
    expect(roots).toHaveLength(1);
    expect(Buffer.from(roots[0]!.der).equals(Buffer.from(root.der))).toBe(true);
    expect(roots[0]).toMatchObject({ label: 'Test Root', serverAuth: 'trusted-delegator', emailProtection: 'must-verify' });
    expect(roots[0]!.serverDistrustAfter).toBeNull();
  });

  it('reads a distrust-after date on the certificate object', () => {
    const { roots } = parseCertdata(certdataFor(root, { label: 'R', certDistrust: '241130235959Z' }));
    expect(roots[0]!.serverDistrustAfter?.toISOString()).toBe('2024-11-30T23:59:59.000Z');
  });

  it('reads a distrust-after date on the trust object (the Izenpe layout)', () => {
    const { roots } = parseCertdata(certdataFor(root, { label: 'R', trustDistrust: '260415235959Z' }));
    expect(roots[0]!.serverDistrustAfter?.toISOString()).toBe('2026-04-15T23:59:59.000Z');
  });

  it('keeps the earlier date and says so when both objects carry different dates', () => {
    const r = parseCertdata(certdataFor(root, { label: 'R', certDistrust: '250101000000Z', trustDistrust: '240101000000Z' }));
    expect(r.roots[0]!.serverDistrustAfter?.toISOString()).toBe('2024-01-01T00:00:00.000Z');
    expect(r.problems.some((p) => p.includes('two different CKA_NSS_SERVER_DISTRUST_AFTER'))).toBe(true);
  });

  it('maps MUST_VERIFY to not trusted for websites', () => {
    const { roots } = parseCertdata(certdataFor(root, { label: 'R', server: 'CKT_NSS_MUST_VERIFY_TRUST' }));
    expect(roots[0]!.serverAuth).toBe('must-verify');
  });

  it('reports a certificate without trust object and a trust object whose SHA-1 does not match', () => {
    expect(parseCertdata(certdataFor(root, { label: 'R', trust: false })).problems).toEqual([
      expect.stringContaining('has no trust object'),
    ]);
    const bad = parseCertdata(certdataFor(root, { label: 'R', sha1: new Uint8Array(20) }));
    expect(bad.roots[0]!.serverAuth).toBe('unknown');
    expect(bad.problems.some((p) => p.includes('CKA_CERT_SHA1_HASH'))).toBe(true);
    expect(bad.problems.some((p) => p.includes('matches no certificate'))).toBe(true);
  });

  it('throws CertdataError with the line on malformed input', () => {
    expect(() => parseCertdataObjects('BEGINDATA\nCKA_CLASS CK_OBJECT_CLASS CKO_CERTIFICATE\nCKA_VALUE MULTILINE_OCTAL\n\\060\\1\nEND\n')).toThrow(
      CertdataError,
    );
    let caught: unknown;
    try {
      parseCertdataObjects('BEGINDATA\nCKA_CLASS CK_OBJECT_CLASS CKO_CERTIFICATE\nCKA_VALUE MULTILINE_OCTAL\n\\060\n');
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(CertdataError);
    expect((caught as CertdataError).line).toBe(3);
  });

  it('parses UTCTime and GeneralizedTime, refuses anything else', () => {
    const enc = (s: string) => new TextEncoder().encode(s);
    expect(parseCertdataTime(enc('491231235959Z'))?.toISOString()).toBe('2049-12-31T23:59:59.000Z');
    expect(parseCertdataTime(enc('500101000000Z'))?.toISOString()).toBe('1950-01-01T00:00:00.000Z');
    expect(parseCertdataTime(enc('20510101000000Z'))?.toISOString()).toBe('2051-01-01T00:00:00.000Z');
    expect(parseCertdataTime(enc('2024-11-30'))).toBeNull();
  });

  it('reads the NSS version from the file name', () => {
    expect(nssVersionFromFileName('certs/mozilla/certdata-NSS_3_123_1.txt')).toBe('3.123.1');
    expect(nssVersionFromFileName('certdata.txt')).toBeNull();
  });
});

describe('shipped Mozilla data (NSS 3.123.1)', () => {
  const text = readFileSync(CERTDATA, 'utf8');
  const data = JSON.parse(readFileSync(ROOTS_JSON, 'utf8')) as MozillaData;
  const byLabel = (label: string) => data.roots.filter((r) => r.label === label);

  it('regenerates byte-identical from certdata.txt', () => {
    const regenerated = renderMozillaData(generateMozillaData(text, '3.123.1', 'certdata-NSS_3_123_1.txt'));
    expect(regenerated === readFileSync(ROOTS_JSON, 'utf8')).toBe(true);
  });

  it('counts: every certificate object of certdata.txt, and those with the websites bit', () => {
    // Counted independently of the parser: the object-class and trust lines of the file itself.
    const certObjects = text.match(/^CKA_CLASS CK_OBJECT_CLASS CKO_CERTIFICATE$/gm)!.length;
    const tlsTrusted = text.match(/^CKA_TRUST_SERVER_AUTH CK_TRUST CKT_NSS_TRUSTED_DELEGATOR$/gm)!.length;
    expect(data.counts.roots).toBe(certObjects);
    expect(data.roots).toHaveLength(certObjects);
    expect(data.counts.serverAuth).toBe(tlsTrusted);
    expect(data.roots.filter((r) => r.serverAuth)).toHaveLength(tlsTrusted);
    expect([data.counts.roots, data.counts.serverAuth]).toEqual([167, 121]);
    expect(data.problems).toEqual([]);
  });

  it('each record carries the sha256 of its DER, sorted by label then sha256', () => {
    for (const r of data.roots) expect(createHash('sha256').update(Buffer.from(r.der, 'base64')).digest('hex')).toBe(r.sha256);
    const keys = data.roots.map((r) => `${r.label}\u0000${r.sha256}`);
    expect(keys).toEqual([...keys].sort());
  });

  it('Entrust Root Certification Authority: websites trust with a distrust-after date', () => {
    expect(byLabel('Entrust Root Certification Authority')).toEqual([
      expect.objectContaining({ serverAuth: true, serverDistrustAfter: '2024-11-30T23:59:59.000Z' }),
    ]);
  });

  it("Izenpe.com: the date comes from the trust object, the certificate object says CK_FALSE", () => {
    const objects = parseCertdataObjects(text).filter((o) => o.attributes.get('CKA_LABEL')?.kind === 'text' &&
      (o.attributes.get('CKA_LABEL') as { text: string }).text === 'Izenpe.com');
    const cert = objects.find((o) => o.class === 'CKO_CERTIFICATE')!;
    const trust = objects.find((o) => o.class === 'CKO_NSS_TRUST')!;
    expect(cert.attributes.get('CKA_NSS_SERVER_DISTRUST_AFTER')).toMatchObject({ kind: 'text', text: 'CK_FALSE' });
    expect(trust.attributes.get('CKA_NSS_SERVER_DISTRUST_AFTER')?.kind).toBe('bytes');
    expect(byLabel('Izenpe.com')).toEqual([expect.objectContaining({ serverAuth: true, serverDistrustAfter: '2026-04-15T23:59:59.000Z' })]);
  });

  it('GlobalSign Root CA, GTS Root R2 and DigiCert Global Root CA are in the file without the websites bit', () => {
    for (const label of ['GlobalSign Root CA', 'GTS Root R2', 'DigiCert Global Root CA']) {
      expect(byLabel(label)).toEqual([expect.objectContaining({ serverAuth: false, emailProtection: true })]);
    }
    const globalsign = readFileSync(join(ROOT, 'certs', 'reference', 'globalsign-root-ca.pem'), 'utf8');
    const der = Buffer.from(globalsign.replace(/-----[^-]+-----|\s/g, ''), 'base64');
    expect(byLabel('GlobalSign Root CA')[0]!.der).toBe(der.toString('base64'));
  });

  describe('the mozilla store', () => {
    let store: TrustStore;
    beforeAll(async () => {
      store = await loadStore('mozilla', { env: {}, platform: 'linux', packageRoot: ROOT });
    });

    it('loads every root as an anchor, with trust bits, NSS version and provenance', () => {
      expect(store.kind).toBe('mozilla');
      expect(store.anchors).toHaveLength(167);
      expect(store.anchors.filter((a) => a.serverAuth)).toHaveLength(121);
      expect(store.meta.nssVersion).toBe('3.123.1');
      expect(store.description).toContain('mozilla (NSS 3.123.1)');
      const gts = store.anchors.find((a) => a.cert.subject.text.includes('CN=GTS Root R1'))!;
      expect(gts).toMatchObject({ serverAuth: true, source: 'certdata-NSS_3_123_1.txt:GTS Root R1', label: 'GTS Root R1' });
      const gsr = store.anchors.find((a) => a.label === 'GlobalSign Root CA')!;
      expect(gsr.serverAuth).toBe(false);
      expect(store.anchors.filter((a) => a.distrustAfter).length).toBe(6);
    });

    it('certdata:PATH gives the same anchors as the shipped data', async () => {
      const fromText = await loadStore(`certdata:${CERTDATA}`, { env: {}, platform: 'linux', packageRoot: ROOT });
      expect(fromText.kind).toBe('certdata');
      expect(fromText.meta.nssVersion).toBe('3.123.1');
      const summary = (s: TrustStore) =>
        s.anchors.map((a) => `${a.fingerprint} ${a.serverAuth} ${a.distrustAfter?.toISOString() ?? '-'}`).sort();
      expect(summary(fromText)).toEqual(summary(store));
    });
  });
});
