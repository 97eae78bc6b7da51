/**
 * Signature verification across the algorithms real chains use, on certificates made by the openssl CLI (an
 * independent encoder): RSA PKCS#1 v1.5, RSASSA-PSS (SHA-256 and SHA-384, non-default salt), ECDSA P-256/P-384/P-521
 * and Ed25519. Each leaf validates against its root; one flipped signature byte makes it fail with BAD_SIGNATURE.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyzeChain } from '../../src/diagnose/index.js';
import { parseCertificate, readCertificates, verifySignature } from '../../src/x509/index.js';
import type { Certificate } from '../../src/model/certificate.js';
import type { TrustStore } from '../../src/model/store.js';

let dir: string;
const sh = (args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
const read = (f: string): Certificate => readCertificates(readFileSync(join(dir, f)), f)[0]!.cert;

interface Alg {
  name: string;
  key: string[];
  sign: string[];
  expect: { oid: string; hash: string };
}
const ALGS: Alg[] = [
  { name: 'rsa-pkcs1-sha256', key: ['-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048'], sign: ['-sha256'], expect: { oid: '1.2.840.113549.1.1.11', hash: 'sha256' } },
  { name: 'rsa-pss-sha256', key: ['-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048'], sign: ['-sha256', '-sigopt', 'rsa_padding_mode:pss', '-sigopt', 'rsa_pss_saltlen:32'], expect: { oid: '1.2.840.113549.1.1.10', hash: 'sha256' } },
  { name: 'rsa-pss-sha384-salt20', key: ['-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048'], sign: ['-sha384', '-sigopt', 'rsa_padding_mode:pss', '-sigopt', 'rsa_pss_saltlen:20'], expect: { oid: '1.2.840.113549.1.1.10', hash: 'sha384' } },
  { name: 'ecdsa-p256', key: ['-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256'], sign: ['-sha256'], expect: { oid: '1.2.840.10045.4.3.2', hash: 'sha256' } },
  { name: 'ecdsa-p384', key: ['-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-384'], sign: ['-sha384'], expect: { oid: '1.2.840.10045.4.3.3', hash: 'sha384' } },
  { name: 'ecdsa-p521', key: ['-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-521'], sign: ['-sha512'], expect: { oid: '1.2.840.10045.4.3.4', hash: 'sha512' } },
  { name: 'ed25519', key: ['-algorithm', 'ED25519'], sign: [], expect: { oid: '1.3.101.112', hash: 'none' } },
];

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'chaindbg-sigalg-'));
  writeFileSync(join(dir, 'ca.ext'), 'basicConstraints=critical,CA:TRUE\nkeyUsage=critical,keyCertSign,cRLSign\nsubjectKeyIdentifier=hash\n');
  writeFileSync(join(dir, 'leaf.ext'), 'basicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\nsubjectAltName=DNS:example.test\nauthorityKeyIdentifier=keyid\n');
  for (const a of ALGS) {
    sh(['genpkey', ...a.key, '-out', `${a.name}-root.key`]);
    sh(['genpkey', ...a.key, '-out', `${a.name}-leaf.key`]);
    sh(['req', '-new', '-key', `${a.name}-root.key`, '-subj', `/CN=${a.name} root`, '-out', `${a.name}-root.csr`]);
    sh(['x509', '-req', '-in', `${a.name}-root.csr`, '-signkey', `${a.name}-root.key`, ...a.sign, '-days', '30', '-extfile', 'ca.ext', '-out', `${a.name}-root.pem`]);
    sh(['req', '-new', '-key', `${a.name}-leaf.key`, '-subj', '/CN=example.test', '-out', `${a.name}-leaf.csr`]);
    sh(['x509', '-req', '-in', `${a.name}-leaf.csr`, '-CA', `${a.name}-root.pem`, '-CAkey', `${a.name}-root.key`, ...a.sign, '-set_serial', '7', '-days', '30', '-extfile', 'leaf.ext', '-out', `${a.name}-leaf.pem`]);
  }
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const storeOf = (root: Certificate): TrustStore => ({
  name: 'root',
  kind: 'file',
  description: 'test root',
  anchors: [{ cert: root, store: 'root', source: 'root.pem', fingerprint: root.sha256, serverAuth: true }],
  sources: [],
  problems: [],
  meta: {},
});

describe('signature algorithms', () => {
  for (const a of ALGS) {
    it(`${a.name}: parsed, validates, and a flipped signature byte fails`, () => {
      const root = read(`${a.name}-root.pem`);
      const leaf = read(`${a.name}-leaf.pem`);
      expect({ oid: leaf.signatureAlgorithm.oid, hash: leaf.signatureAlgorithm.hash }).toEqual(a.expect);
      expect(verifySignature(leaf, root.publicKey)).toEqual({ ok: true });
      const now = new Date();
      const ok = analyzeChain({ sent: [leaf], stores: [storeOf(root)], now, host: 'example.test' });
      expect(ok.stores[0]!.trusted).toBe(true);
      // Flip a byte inside the signature (the last bytes of the DER are signature bits for every algorithm here).
      const der = Uint8Array.from(leaf.der);
      der[der.length - 3]! ^= 0x40;
      const bad = parseCertificate(der);
      const broken = analyzeChain({ sent: [bad], stores: [storeOf(root)], now, host: 'example.test' });
      expect(broken.stores[0]!.trusted).toBe(false);
      expect(broken.findings.map((f) => f.code)).toContain('BAD_SIGNATURE');
    });
  }
});
