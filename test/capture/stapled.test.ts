import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseSctList, probe, readStaple } from '../../src/capture/index.js';
import { type Chain, makeChain } from './helpers/pki.js';
import { type Running, nodeTlsServer } from './helpers/servers.js';

/** An OCSP response for the leaf signed by the intermediate, made with `openssl ocsp` (status good). */
function makeOcspResponse(chain: Chain, dir: string): Uint8Array {
  const f = (name: string, text: string): string => {
    writeFileSync(join(dir, name), text);
    return join(dir, name);
  };
  const leaf = f('leaf.pem', chain.leaf.pem);
  const ca = f('ca.pem', chain.intermediate.pem);
  const caKey = f('ca.key', chain.intermediate.keyPem);
  const serial = execFileSync('/usr/bin/openssl', ['x509', '-in', leaf, '-noout', '-serial']).toString().trim().split('=')[1]!;
  const index = f('index.txt', `V\t491231000000Z\t\t${serial}\tunknown\t/CN=localhost\n`);
  execFileSync('/usr/bin/openssl', ['ocsp', '-issuer', ca, '-cert', leaf, '-no_nonce', '-reqout', join(dir, 'req.der')], { stdio: 'ignore' });
  execFileSync(
    '/usr/bin/openssl',
    ['ocsp', '-index', index, '-rsigner', ca, '-rkey', caKey, '-CA', ca, '-reqin', join(dir, 'req.der'), '-respout', join(dir, 'resp.der'), '-ndays', '7'],
    { stdio: 'ignore' },
  );
  return new Uint8Array(readFileSync(join(dir, 'resp.der')));
}

/** A SignedCertificateTimestampList holding one v1 SCT (RFC 6962 3.2) with the given log id and timestamp. */
function sctList(logId: Buffer, ms: bigint): Uint8Array {
  const ts = Buffer.alloc(8);
  ts.writeBigUInt64BE(ms);
  const sct = Buffer.concat([Buffer.of(0), logId, ts, Buffer.of(0, 0), Buffer.of(4, 3, 0, 2, 0xab, 0xcd)]);
  const entry = Buffer.concat([Buffer.of(sct.length >> 8, sct.length & 0xff), sct]);
  return Buffer.concat([Buffer.of(entry.length >> 8, entry.length & 0xff), entry]);
}

let chain: Chain;
let dir: string;
let ocsp: Uint8Array;
const servers: Running[] = [];

beforeAll(async () => {
  chain = await makeChain('ec-p256');
  dir = mkdtempSync(join(tmpdir(), 'chaindbg-ocsp-'));
  ocsp = makeOcspResponse(chain, dir);
});
afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
  rmSync(dir, { recursive: true, force: true });
});

describe('stapled OCSP', () => {
  it('readStaple reads status, times, serial and responder', () => {
    const { info, scts } = readStaple(ocsp);
    expect(scts).toEqual([]);
    expect(info.responseStatus).toBe('successful');
    expect(info.serial).toMatch(/^[0-9a-f]+$/);
    expect(info.error).toBeNull();
    expect(info.status).toBe('good');
    expect(info.responder).toBe('CN=Capture ec-p256 Intermediate');
    expect(info.producedAt).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(Date.parse(info.nextUpdate!) - Date.parse(info.thisUpdate!)).toBe(7 * 86_400_000);
    expect(Buffer.from(info.der, 'base64').equals(Buffer.from(ocsp))).toBe(true);
    // an error answer (tryLater) parses: it just holds no status
    expect(readStaple(Uint8Array.of(0x30, 0x03, 0x0a, 0x01, 0x03)).info).toMatchObject({ status: 'no-status', responseStatus: 'tryLater', error: null });
    const bad = readStaple(Uint8Array.of(1, 2, 3)).info;
    expect(bad.status).toBe('unparsed');
    expect(bad.error).toMatch(/malformed/);
  });

  for (const tls of ['1.2', '1.3'] as const) {
    it(`TLS ${tls}: the staple is read (${tls === '1.2' ? 'CertificateStatus' : 'leaf entry extension'})`, async () => {
      // node's tls.Server staples through the OCSPRequest event
      const s = await nodeTlsServer(chain.leaf.keyPem, [chain.leaf.pem, chain.intermediate.pem], {}, ocsp);
      servers.push(s);
      const c = await probe({ host: '127.0.0.1', port: s.port, tls, timeoutMs: 5000 });
      expect(c.error).toBeNull();
      expect(c.tls.ocsp?.status).toBe('good');
      expect(Buffer.from(c.tls.ocsp!.der, 'base64').equals(Buffer.from(ocsp))).toBe(true);
      if (tls === '1.3') expect(Buffer.from(c.certificateExtensions[0]!.ocsp!).equals(Buffer.from(ocsp))).toBe(true);
      else expect(c.certificateExtensions[0]!.ocsp).toBeNull();
    });
  }
});

describe('SCT lists from the TLS extension', () => {
  it('reads version, log id and timestamp; malformed input keeps what was read', () => {
    const logId = Buffer.alloc(32, 0x5a);
    const list = sctList(logId, 1_700_000_000_000n);
    expect(parseSctList(list, 'tls-extension')).toEqual([
      { source: 'tls-extension', version: 0, logId: logId.toString('hex'), timestamp: new Date(1_700_000_000_000).toISOString() },
    ]);
    expect(parseSctList(list.subarray(0, 20), 'tls-extension')).toEqual([]);
  });
});
