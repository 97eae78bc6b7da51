/**
 * The certificate builder, checked with node's own X509Certificate (signatures, issuance, validity) and pkijs
 * (extensions); the fields that break a certificate on purpose are also read back by chaindbg's own parser.
 *
 *   root (P-384) --- wr2 (RSA 2048, pathLen 0) --- leaf (P-256, DNS + IP SANs)
 *     \                                     
 *      ed (Ed25519 CA) --- edleaf (subject with repeated OU)
 *   old (RSA 2048) --- root-x (same key as root: cross-sign)
 */
import { X509Certificate } from 'node:crypto';
import * as pkijs from 'pkijs';
import { beforeAll, describe, expect, test } from 'vitest';
import { generateKeyPairSync } from 'node:crypto';
import { buildPki, PkiError, type Pki, type PkiNodeSpec } from '../../src/pki/index.js';
import { parseCertificate } from '../../src/x509/index.js';

const now = new Date('2025-06-01T12:00:00Z');
const DAY = 86_400_000;
const GTS = { O: 'Lab Trust Services', C: 'US' };

const nodes: Record<string, PkiNodeSpec> = {
  root: { subject: { CN: 'Lab GTS Root R1', ...GTS }, key: 'ec-p384', ca: true, validity: [-3650, 3650] },
  wr2: {
    subject: { CN: 'Lab WR2', ...GTS },
    issuer: 'root',
    key: 'rsa2048',
    ca: true,
    pathLen: 0,
    aiaIssuers: ['http://127.0.0.1:9/root.der'],
  },
  leaf: {
    subject: { CN: 'sum.golang.org' },
    issuer: 'wr2',
    key: 'ec-p256',
    sans: ['sum.golang.org', '127.0.0.1', '2001:db8::1'],
    eku: ['serverAuth'],
    validity: [-30, 60],
  },
  ed: { subject: { CN: 'Lab Ed CA' }, issuer: 'root', key: 'ed25519', ca: true },
  edleaf: {
    subject: [
      ['CN', 'x.example'],
      ['OU', 'b'],
      ['OU', 'a'],
      ['DC', 'example'],
    ],
    issuer: 'ed',
    key: 'ed25519',
    validity: { notBefore: new Date('2024-01-01T00:00:00Z'), notAfter: new Date('2026-01-01T00:00:00Z') },
    serial: 'ff01',
  },
  old: { subject: { CN: 'Lab Old Root' }, key: 'rsa2048', ca: true },
  'root-x': { subject: { CN: 'Lab GTS Root R1', ...GTS }, sameKeyAs: 'root', issuer: 'old', ca: true },
  noski: { subject: { CN: 'no ids' }, issuer: 'wr2', ski: 'omit', aki: 'omit', keyUsage: 'omit' },
  wrongaki: { subject: { CN: 'wrong aki' }, issuer: 'wr2', aki: 'wrong', ski: { hex: 'ABCDEF' } },
};

let pki: Pki;
const x = (id: string): X509Certificate => new X509Certificate(pki.der(id));
const ext = (id: string, oid: string): pkijs.Extension | undefined =>
  pkijs.Certificate.fromBER(Buffer.from(pki.der(id))).extensions?.find((e) => e.extnID === oid);

beforeAll(async () => {
  pki = await buildPki({ now, nodes });
});

describe('buildPki', () => {
  test('every certificate is signed by its issuer key and issued by its issuer name', () => {
    for (const id of pki.ids) {
      const issuer = pki.node(id).issuer;
      expect(x(id).verify(x(issuer).publicKey), id).toBe(true);
      // OpenSSL's issued-by check compares AKI with SKI, so a forced-wrong AKI must fail it: that is the point.
      expect(x(id).checkIssued(x(issuer)), id).toBe(id !== 'wrongaki');
    }
    expect(x('leaf').verify(x('root').publicKey)).toBe(false);
  });

  test('signature algorithms follow the issuer key', () => {
    const sigOid = (id: string): string => pkijs.Certificate.fromBER(Buffer.from(pki.der(id))).signatureAlgorithm.algorithmId;
    expect(sigOid('root')).toBe('1.2.840.10045.4.3.3'); // ecdsa-with-SHA384 (P-384 issuer)
    expect(sigOid('leaf')).toBe('1.2.840.113549.1.1.11'); // sha256WithRSAEncryption (RSA issuer)
    expect(sigOid('edleaf')).toBe('1.3.101.112'); // Ed25519
    expect(x('wr2').publicKey.asymmetricKeyDetails?.modulusLength).toBe(2048);
    expect(x('leaf').publicKey.asymmetricKeyDetails?.namedCurve).toBe('prime256v1');
    expect(x('ed').publicKey.asymmetricKeyType).toBe('ed25519');
  });

  test('validity windows are day offsets from now, or absolute dates', () => {
    expect(pki.node('leaf').notBefore.toISOString()).toBe(new Date(now.getTime() - 30 * DAY).toISOString());
    expect(new Date(x('leaf').validTo).getTime()).toBe(now.getTime() + 60 * DAY);
    expect(new Date(x('root').validFrom).getTime()).toBe(now.getTime() - 3650 * DAY);
    expect(new Date(x('edleaf').validFrom).toISOString()).toBe('2024-01-01T00:00:00.000Z');
  });

  test('CA flag, pathLen, key usage, EKU, SANs and AIA', () => {
    expect(x('root').ca).toBe(true);
    expect(x('leaf').ca).toBe(false);
    const bc = new pkijs.BasicConstraints({ schema: pkijs.Extension.fromBER(ext('wr2', '2.5.29.19')!.toSchema().toBER()).parsedValue?.toSchema() });
    expect(bc.cA).toBe(true);
    expect(Number(bc.pathLenConstraint)).toBe(0);
    expect(x('leaf').keyUsage).toEqual(['1.3.6.1.5.5.7.3.1']); // node names the EKU list keyUsage
    expect(x('leaf').subjectAltName).toBe('DNS:sum.golang.org, IP Address:127.0.0.1, IP Address:2001:DB8:0:0:0:0:0:1');
    expect(x('wr2').infoAccess).toContain('CA Issuers - URI:http://127.0.0.1:9/root.der');
    // KeyUsage bits: CA = digitalSignature, keyCertSign, cRLSign (bits 0, 5, 6) -> 0x86 with 1 unused bit.
    const ku = ext('wr2', '2.5.29.15')!;
    expect(ku.critical).toBe(true);
    expect(Buffer.from(ku.extnValue.valueBlock.valueHexView).toString('hex')).toBe('03020186');
    expect(ext('noski', '2.5.29.15')).toBeUndefined();
  });

  test('SKI and AKI: derived by default, omitted or forced on request', () => {
    const root = pki.node('root');
    expect(pki.node('wr2').aki).toBe(root.ski);
    expect(pki.node('root-x').ski).toBe(root.ski); // same key, same key id
    expect(pki.node('root-x').aki).toBe(pki.node('old').ski);
    expect(ext('noski', '2.5.29.14')).toBeUndefined();
    expect(ext('noski', '2.5.29.35')).toBeUndefined();
    expect(pki.node('wrongaki').ski).toBe('abcdef');
    expect(pki.node('wrongaki').aki).not.toBe(pki.node('wr2').ski);
    expect(pki.node('wrongaki').aki).toMatch(/^[0-9a-f]{40}$/);
  });

  test('sameKeyAs makes a cross-sign: same subject and key, other issuer', () => {
    expect(x('root-x').publicKey.export({ format: 'der', type: 'spki' })).toEqual(
      x('root').publicKey.export({ format: 'der', type: 'spki' }),
    );
    expect(x('root-x').subject).toBe(x('root').subject);
    expect(x('root-x').issuer).toBe(x('old').subject);
    expect(pki.keyPem('root-x')).toBe(pki.keyPem('root'));
    // The cross-sign's key verifies what the self-signed root issued.
    expect(x('wr2').verify(x('root-x').publicKey)).toBe(true);
  });

  test('subject attributes keep the given order (RFC 4514 text order, reversed in DER)', () => {
    expect(x('edleaf').subject.split('\n')).toEqual(['DC=example', 'OU=a', 'OU=b', 'CN=x.example']);
    expect(x('wr2').subject.split('\n')).toEqual(['C=US', 'O=Lab Trust Services', 'CN=Lab WR2']);
    expect(pki.node('wr2').subjectText).toBe('CN=Lab WR2, O=Lab Trust Services, C=US');
  });

  test('serials: given hex (kept positive) or derived from the node id', () => {
    expect(x('edleaf').serialNumber.toLowerCase()).toBe('ff01');
    expect(pki.node('edleaf').serial).toBe('ff01');
    // DER INTEGER 0x00ff01: positive, with the zero byte a high first bit needs.
    const serialDer = pkijs.Certificate.fromBER(Buffer.from(pki.der('edleaf'))).serialNumber.toBER();
    expect(Buffer.from(serialDer).toString('hex')).toBe('020300ff01');
    expect(pki.node('leaf').serial).not.toBe(pki.node('wr2').serial);
    expect(x('leaf').serialNumber.toLowerCase().replace(/^0+/, '')).toBe(pki.node('leaf').serial);
  });

  test('PEM, key PEM and chain PEM', () => {
    expect(pki.pem('leaf')).toMatch(/^-----BEGIN CERTIFICATE-----\n[A-Za-z0-9+/=\n]+-----END CERTIFICATE-----\n$/);
    expect(new X509Certificate(pki.pem('leaf')).fingerprint256.replaceAll(':', '').toLowerCase()).toBe(
      pki.node('leaf').sha256,
    );
    expect(x('leaf').checkPrivateKey(pki.node('leaf').privateKey)).toBe(true);
    expect(pki.keyPem('leaf')).toContain('BEGIN PRIVATE KEY');
    expect(pki.chainPem(['leaf', 'wr2'])).toBe(pki.pem('leaf') + pki.pem('wr2'));
  });
});

describe('fields that break a certificate on purpose', () => {
  //   weak (RSA 1024 root) --- md5leaf (MD5-signed)
  //                        +-- sha1leaf (SHA-1-signed, no basicConstraints)
  //                        +-- ncca (CA: non-critical basicConstraints, name constraints, unknown critical extension)
  let b: Pki;
  beforeAll(async () => {
    b = await buildPki({
      now,
      nodes: {
        weak: { subject: { CN: 'Weak Root' }, key: 'rsa1024', ca: true },
        md5leaf: { subject: { CN: 'md5' }, issuer: 'weak', hash: 'md5' },
        sha1leaf: { subject: { CN: 'sha1' }, issuer: 'weak', hash: 'sha1', basicConstraints: 'omit', pathLen: 3 },
        ncca: {
          subject: { CN: 'NC CA' },
          issuer: 'weak',
          ca: true,
          basicConstraints: 'noncritical',
          nameConstraints: {
            permitted: { dns: ['example'], ip: ['10.0.0.0/8'], dn: [{ O: 'Acme' }] },
            excluded: { otherName: true },
          },
          extensions: [{ oid: '1.3.6.1.4.1.55738.666.1', critical: true, der: new Uint8Array([0x05, 0x00]) }],
        },
      },
    });
  });
  const oidOf = (id: string): string => pkijs.Certificate.fromBER(Buffer.from(b.der(id))).signatureAlgorithm.algorithmId;
  const extOf = (id: string, oid: string): pkijs.Extension | undefined =>
    pkijs.Certificate.fromBER(Buffer.from(b.der(id))).extensions?.find((e) => e.extnID === oid);

  test('RSA 1024 keys, MD5 and SHA-1 signatures (still verifying)', () => {
    const weak = new X509Certificate(b.der('weak'));
    expect(weak.publicKey.asymmetricKeyDetails?.modulusLength).toBe(1024);
    expect(oidOf('md5leaf')).toBe('1.2.840.113549.1.1.4');
    expect(oidOf('sha1leaf')).toBe('1.2.840.113549.1.1.5');
    expect(new X509Certificate(b.der('md5leaf')).verify(weak.publicKey)).toBe(true);
  });

  test('basicConstraints omitted (a pathLen without it is not written) or non-critical', () => {
    expect(extOf('sha1leaf', '2.5.29.19')).toBeUndefined();
    expect(extOf('ncca', '2.5.29.19')?.critical).toBe(false);
    expect(parseCertificate(b.der('ncca')).basicConstraints).toMatchObject({ ca: true, critical: false });
  });

  test('name constraints (DNS, IP range, directory name, otherName) and a raw unknown critical extension', () => {
    const nc = parseCertificate(b.der('ncca')).nameConstraints;
    expect(nc?.critical).toBe(true);
    expect(JSON.stringify(nc)).toContain('example');
    expect(JSON.stringify(nc)).toContain('10.0.0.0');
    expect(JSON.stringify(nc)).toContain('Acme');
    const unknown = extOf('ncca', '1.3.6.1.4.1.55738.666.1');
    expect(unknown?.critical).toBe(true);
    expect(Buffer.from(unknown!.extnValue.valueBlock.valueHexView).toString('hex')).toBe('0500');
  });

  test('given keys are used instead of generated ones (a re-issue across builds)', async () => {
    const key = generateKeyPairSync('ec', { namedCurve: 'P-384' }).privateKey;
    const one = await buildPki({ now, nodes: { r: { subject: { CN: 'R' }, ca: true } }, keys: { r: key } });
    const two = await buildPki({ now, nodes: { r: { subject: { CN: 'R' }, ca: true, serial: '02' } }, keys: { r: key } });
    expect(one.node('r').keySpec).toBe('ec-p384');
    expect(new X509Certificate(two.der('r')).verify(new X509Certificate(one.der('r')).publicKey)).toBe(true);
    expect(one.node('r').sha256).not.toBe(two.node('r').sha256);
  });
});

describe("fields Go's chain rules are tested with", () => {
  //   r (P-256 root) --- p224 (P-224 CA) --- odd (RSA 2047 leaf, critical SAN written entry by entry)
  //                  +-- v1 (version 1 CA: no extensions)    +-- anon (empty subject)
  //                  +-- nc (email and URI name constraints)
  let g: Pki;
  const cert = (id: string): pkijs.Certificate => pkijs.Certificate.fromBER(Buffer.from(g.der(id)));
  beforeAll(async () => {
    g = await buildPki({
      now,
      nodes: {
        r: { subject: { CN: 'Go Root' }, ca: true },
        p224: { subject: { CN: 'P-224 CA' }, issuer: 'r', key: 'ec-p224', ca: true },
        odd: {
          subject: { CN: 'odd' },
          issuer: 'p224',
          key: 'rsa2047',
          sanCritical: true,
          sans: ['a.example'],
          altNames: [
            { email: 'not-an-address' },
            { uri: 'https://x.example/' },
            { ip: '::ffff:1.2.3.4' },
            { ipBytes: new Uint8Array([1, 2, 3]) },
            { rawDer: new Uint8Array([0x88, 0x03, 0x2a, 0x03, 0x04]) },
          ],
        },
        anon: { subject: [], issuer: 'p224', sans: ['b.example'] },
        v1: { subject: { CN: 'V1 CA' }, issuer: 'r', ca: true, version: 1, sans: ['ignored.example'] },
        nc: { subject: { CN: 'NC' }, issuer: 'r', ca: true, nameConstraints: { permitted: { email: ['example.com'], uri: ['.example.com'] } } },
      },
    });
  });

  test('P-224 and RSA sizes that are no multiple of 8 (signed and verifying)', () => {
    expect(g.node('p224').keySpec).toBe('ec-p224');
    expect(new X509Certificate(g.der('p224')).publicKey.asymmetricKeyDetails?.namedCurve).toBe('secp224r1');
    const odd = new X509Certificate(g.der('odd'));
    expect(odd.publicKey.asymmetricKeyDetails?.modulusLength).toBe(2047);
    expect(odd.verify(new X509Certificate(g.der('p224')).publicKey)).toBe(true);
  });

  test('subjectAltName entries written byte for byte after the sans, and marked critical', () => {
    const san = cert('odd').extensions!.find((e) => e.extnID === '2.5.29.17')!;
    expect(san.critical).toBe(true);
    const hex = Buffer.from(san.extnValue.valueBlock.valueHexView).toString('hex');
    const text = (tag: string, t: string) => `${tag}${t.length.toString(16).padStart(2, '0')}${Buffer.from(t).toString('hex')}`;
    const entries = [
      text('82', 'a.example'),
      text('81', 'not-an-address'),
      text('86', 'https://x.example/'),
      '8710' + '00000000000000000000ffff01020304',
      '8703' + '010203',
      '88032a0304',
    ].join('');
    expect(hex).toBe(`30${(entries.length / 2).toString(16)}${entries}`);
  });

  test('a version 1 certificate has no extensions; an empty subject is an empty SEQUENCE', () => {
    expect(cert('v1').version).toBe(0);
    expect(cert('v1').extensions).toBeUndefined();
    expect(g.node('v1').ski).toBeNull();
    expect(new X509Certificate(g.der('v1')).verify(new X509Certificate(g.der('r')).publicKey)).toBe(true);
    expect(Buffer.from(cert('anon').subject.toSchema().toBER(false)).toString('hex')).toBe('3000');
    expect(g.node('anon').subjectText).toBe('');
  });

  test('email and URI name constraints', () => {
    const nc = cert('nc').extensions!.find((e) => e.extnID === '2.5.29.30')!;
    const hex = Buffer.from(nc.extnValue.valueBlock.valueHexView).toString('hex');
    expect(hex).toContain(`810b${Buffer.from('example.com').toString('hex')}`);
    expect(hex).toContain(`860c${Buffer.from('.example.com').toString('hex')}`);
  });
});

describe('buildPki errors', () => {
  const fails = async (n: Record<string, PkiNodeSpec>): Promise<PkiError> => {
    const err = await buildPki({ now, nodes: n }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PkiError);
    return err as PkiError;
  };

  test('unknown issuer, unknown sameKeyAs, issuer loop, bad dates, bad attribute', async () => {
    const a = await fails({ a: { subject: { CN: 'a' }, issuer: 'nope' } });
    expect(a.code).toBe('PKI_UNKNOWN_NODE');
    expect(a.evidence).toEqual({ node: 'a', ref: 'nope' });
    expect((await fails({ a: { subject: { CN: 'a' }, sameKeyAs: 'zz' } })).code).toBe('PKI_UNKNOWN_NODE');
    const loop = await fails({ a: { subject: { CN: 'a' }, issuer: 'b' }, b: { subject: { CN: 'b' }, issuer: 'a' } });
    expect(loop.code).toBe('PKI_CYCLE');
    expect(loop.evidence['path']).toEqual(['a', 'b', 'a']);
    const dates = await fails({ a: { subject: { CN: 'a' }, validity: [10, -10] } });
    expect(dates.code).toBe('PKI_BAD_SPEC');
    expect((await fails({ a: { subject: { XX: 'a' } } })).evidence).toEqual({ node: 'a', type: 'XX' });
  });

  test('an unknown key usage name', async () => {
    const err = await fails({ a: { subject: { CN: 'a' }, keyUsage: ['keyCertSing' as never] } });
    expect([err.code, err.evidence]).toEqual(['PKI_BAD_SPEC', { node: 'a', keyUsage: 'keyCertSing' }]);
  });

  test('node() on an unknown id', () => {
    expect(() => pki.node('nope')).toThrowError(PkiError);
  });
});
