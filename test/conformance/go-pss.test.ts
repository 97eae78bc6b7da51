/**
 * RSA-PSS signatures as Go takes them: SHA-256/384/512 with MGF1 of the same hash and a salt of the hash length;
 * any other parameters make Go refuse the issuer ("signed by unknown authority"). Leaves signed by the openssl CLI
 * with each set of parameters, judged by chaindbg's Go verdict and by real Go (skipped, saying so, without go or
 * openssl). The Web PKI profile, which verifies any of these signatures, keeps its verdict.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyzeChain } from '../../src/diagnose/index.js';
import { readCertificates } from '../../src/x509/index.js';
import { chaindbgGo, storeOf } from '../support/chaindbg-go.js';
import { goVerifier, type GoVerifier } from '../support/go-verify.js';

const VARIANTS = [
  { name: 'sha256-salt32', opts: ['-sha256', '-sigopt', 'rsa_pss_saltlen:32'], go: true },
  { name: 'sha256-salt20', opts: ['-sha256', '-sigopt', 'rsa_pss_saltlen:20'], go: false },
  { name: 'sha384-salt48', opts: ['-sha384', '-sigopt', 'rsa_pss_saltlen:48'], go: true },
  { name: 'sha256-mgf1-sha1', opts: ['-sha256', '-sigopt', 'rsa_pss_saltlen:32', '-sigopt', 'rsa_mgf1_md:sha1'], go: false },
];

let dir = '';
let skip: string | null = null;
let go: GoVerifier | string = 'not built';
/** An hour after the certificates are made (openssl starts them at the current second). */
const NOW = new Date(Date.now() + 3_600_000);

beforeAll(() => {
  if (spawnSync('openssl', ['version']).status !== 0) {
    skip = 'openssl is not on PATH';
    return;
  }
  dir = mkdtempSync(join(tmpdir(), 'chaindbg-pss-'));
  const sh = (args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
  sh(['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'root.key', '-subj', '/CN=PSS Root', '-days', '30', '-out', 'root.pem']);
  sh(['req', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'leaf.key', '-subj', '/CN=pss.example', '-out', 'leaf.csr']);
  writeFileSync(join(dir, 'leaf.ext'), 'basicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\nsubjectAltName=DNS:pss.example\n');
  for (const v of VARIANTS) {
    sh(['x509', '-req', '-in', 'leaf.csr', '-CA', 'root.pem', '-CAkey', 'root.key', '-set_serial', '7', '-days', '30', '-extfile', 'leaf.ext', '-sigopt', 'rsa_padding_mode:pss', ...v.opts, '-out', `${v.name}.pem`]);
  }
  go = goVerifier();
}, 120_000);
afterAll(() => {
  if (typeof go !== 'string') go.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const pem = (name: string) => readFileSync(join(dir, `${name}.pem`), 'utf8');
const cert = (name: string) => readCertificates(Buffer.from(pem(name)), name)[0]!.cert;

describe('RSA-PSS parameters', () => {
  it("chaindbg's Go verdict follows the parameters Go takes; the Web PKI verdict is unchanged", (ctx) => {
    if (skip) {
      console.log(`skipped: ${skip}`);
      ctx.skip();
      return;
    }
    for (const v of VARIANTS) {
      const r = chaindbgGo({ sent: [cert(v.name)], roots: [cert('root')], host: 'pss.example', now: NOW, goVersion: '1.19' });
      expect(`${v.name}: ${r.accepts} ${r.goErrorType}`).toBe(`${v.name}: ${v.go} ${v.go ? null : 'UnknownAuthorityError'}`);
      const web = analyzeChain({ sent: [cert(v.name)], stores: [storeOf([cert('root')])], now: NOW, host: 'pss.example' });
      expect(`${v.name}: ${web.stores[0]!.trusted}`).toBe(`${v.name}: ${!v.name.includes('mgf1')}`);
    }
  });

  it('real Go agrees', (ctx) => {
    if (skip || typeof go === 'string') {
      console.log(`skipped: ${skip ?? go}`);
      ctx.skip();
      return;
    }
    const results = go.run(VARIANTS.map((v) => ({ id: v.name, leaf: pem(v.name), intermediates: [], roots: [pem('root')], host: 'pss.example', time: NOW.toISOString() })));
    expect(results.map((g) => `${g.id}: ${g.ok} ${g.ok ? '' : g.kind}`)).toEqual(VARIANTS.map((v) => `${v.name}: ${v.go} ${v.go ? '' : 'UnknownAuthorityError'}`));
  });
});
