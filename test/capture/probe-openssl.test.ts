import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyzeTranscript, probe } from '../../src/capture/index.js';
import { type Chain, makeChain } from './helpers/pki.js';
import { type Running, opensslServer } from './helpers/servers.js';

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');

let ec: Chain;
let rsa: Chain;
const servers: Running[] = [];

beforeAll(async () => {
  [ec, rsa] = await Promise.all([makeChain('ec-p256'), makeChain('rsa2048')]);
});
afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
});

async function serve(chain: Chain, sent: Array<keyof Chain>, args: string[]): Promise<Running> {
  const s = await opensslServer(chain.leaf.keyPem, chain.leaf.pem, sent.map((k) => chain[k].pem), args);
  servers.push(s);
  return s;
}

describe('probe against openssl s_server', () => {
  for (const suite of ['TLS_AES_128_GCM_SHA256', 'TLS_AES_256_GCM_SHA384', 'TLS_CHACHA20_POLY1305_SHA256']) {
    it(`TLS 1.3 with ${suite}: decrypts the Certificate and verifies the Finished`, async () => {
      const s = await serve(ec, ['intermediate'], ['-tls1_3', '-ciphersuites', suite]);
      const c = await probe({ host: 'localhost', port: s.port, connect: { host: '127.0.0.1', port: s.port }, tls: '1.3', timeoutMs: 5000 });
      expect(c.error).toBeNull();
      expect(c.tls.version).toBe('TLSv1.3');
      expect(c.tls.cipher).toBe(suite);
      expect(c.certificates.map(hex)).toEqual([hex(ec.leaf.der), hex(ec.intermediate.der)]);
      expect(c.certificateExtensions).toEqual([
        { ocsp: null, scts: null },
        { ocsp: null, scts: null },
      ]);
      expect(c.tls.chainAuthenticated).toBe(true);
    });
  }

  it('keeps a misordered chain with an unrelated extra certificate exactly as sent (TLS 1.2 and 1.3)', async () => {
    const s = await serve(rsa, ['root', 'unrelated', 'intermediate'], []);
    const expected = [rsa.leaf, rsa.root, rsa.unrelated, rsa.intermediate].map((c) => hex(c.der));
    for (const tls of ['1.2', '1.3'] as const) {
      const c = await probe({ host: '127.0.0.1', port: s.port, tls, timeoutMs: 5000 });
      expect(c.error).toBeNull();
      expect(c.certificates.map(hex)).toEqual(expected);
      expect(c.tls.chainAuthenticated).toBe(true);
    }
  });

  it('HelloRetryRequest: server only accepts secp384r1', async () => {
    const s = await serve(ec, ['intermediate'], ['-tls1_3', '-groups', 'secp384r1']);
    const c = await probe({ host: 'localhost', port: s.port, connect: { host: '127.0.0.1', port: s.port }, tls: '1.3', timeoutMs: 5000 });
    expect(c.error).toBeNull();
    expect(c.tls.helloRetryRequest).toBe(true);
    expect(c.tls.group).toBe('secp384r1');
    expect(c.certificates.map(hex)).toEqual([hex(ec.leaf.der), hex(ec.intermediate.der)]);
    // the Finished check used the message_hash transcript
    expect(c.tls.chainAuthenticated).toBe(true);
  });

  it('TLS 1.3 server demanding a client certificate: chain plus certificate_required alert', async () => {
    const s = await serve(ec, ['intermediate'], ['-tls1_3', '-Verify', '1']);
    const c = await probe({ host: 'localhost', port: s.port, connect: { host: '127.0.0.1', port: s.port }, tls: '1.3', timeoutMs: 5000 });
    expect(c.certificates.map(hex)).toEqual([hex(ec.leaf.der), hex(ec.intermediate.der)]);
    expect(c.tls.chainAuthenticated).toBe(true);
    expect(c.tls.alerts).toContainEqual({ from: 'server', level: 'fatal', code: 116, name: 'certificate_required', count: 1 });
    expect(c.error?.code).toBe('TLS_ALERT');
    expect(c.error?.evidence).toMatchObject({ from: 'server', code: 116 });
  });

  it('TLS 1.2 server demanding a client certificate: chain plus handshake_failure alert', async () => {
    const s = await serve(ec, ['intermediate'], ['-tls1_2', '-Verify', '1']);
    const c = await probe({ host: 'localhost', port: s.port, connect: { host: '127.0.0.1', port: s.port }, tls: '1.2', timeoutMs: 5000 });
    expect(c.certificates.map(hex)).toEqual([hex(ec.leaf.der), hex(ec.intermediate.der)]);
    expect(c.tls.version).toBe('TLSv1.2');
    const fatal = c.tls.alerts.filter((a) => a.level === 'fatal');
    expect(fatal.length).toBeGreaterThan(0);
    expect(fatal[0]!.from).toBe('server');
    expect(c.error?.code).toBe('TLS_ALERT');
    // offline re-analysis gives the same alerts and chain
    const again = analyzeTranscript(c.records, c.keylog);
    expect(again.tls.alerts).toEqual(c.tls.alerts);
    expect(again.certificates.map(hex)).toEqual(c.certificates.map(hex));
  });
});
