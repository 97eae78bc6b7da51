import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyzeTranscript, probe } from '../../src/capture/index.js';
import { type Chain, makeChain } from './helpers/pki.js';
import { type Running, nodeTlsServer } from './helpers/servers.js';

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

async function serve(...args: Parameters<typeof nodeTlsServer>): Promise<Running> {
  const s = await nodeTlsServer(...args);
  servers.push(s);
  return s;
}

describe('probe against node tls servers', () => {
  it('TLS 1.3, ECDSA chain: certificates byte-identical and in order, Finished verified', async () => {
    const s = await serve(ec.leaf.keyPem, [ec.leaf.pem, ec.intermediate.pem], { ALPNProtocols: ['h2', 'http/1.1'], ciphers: 'TLS_AES_128_GCM_SHA256' });
    const c = await probe({ host: 'localhost', port: s.port, connect: { host: '127.0.0.1', port: s.port }, tls: '1.3', alpn: ['h2'], timeoutMs: 5000 });
    expect(c.error).toBeNull();
    expect(c.certificates.map(hex)).toEqual([hex(ec.leaf.der), hex(ec.intermediate.der)]);
    expect(c.tls.version).toBe('TLSv1.3');
    expect(c.tls.cipher).toBe('TLS_AES_128_GCM_SHA256');
    expect(c.tls.group).toBe('x25519');
    expect(c.tls.alpn).toBe('h2');
    expect(c.tls.helloRetryRequest).toBe(false);
    expect(c.tls.chainAuthenticated).toBe(true);
    expect(c.tls.alerts.filter((a) => a.level === 'fatal')).toEqual([]);
    expect(c.target).toEqual({ host: 'localhost', port: s.port, servername: 'localhost', connect: `127.0.0.1:${s.port}`, proxy: null });
    expect(c.keylog.some((l) => l.startsWith('SERVER_HANDSHAKE_TRAFFIC_SECRET '))).toBe(true);
    expect(c.tls.timings.connectMs).not.toBeNull();
    expect(c.tls.timings.handshakeMs).not.toBeNull();
    // offline re-analysis of the recorded bytes gives the same result
    const again = analyzeTranscript(c.records, c.keylog);
    expect(again.certificates.map(hex)).toEqual(c.certificates.map(hex));
    expect(again.sni).toBe('localhost');
    expect({ ...again.tls, timings: null }).toEqual({ ...c.tls, timings: null });
  });

  it('offline: a key log of 20,000 junk lines is read in one pass, and a later line for the same secret wins', async () => {
    const s = await serve(ec.leaf.keyPem, [ec.leaf.pem, ec.intermediate.pem]);
    const c = await probe({ host: 'localhost', port: s.port, connect: { host: '127.0.0.1', port: s.port }, tls: '1.3', timeoutMs: 5000 });
    expect(c.error).toBeNull();
    // A hostile capture file: every line was re-parsed on each new one (20,000 lines took 8 minutes to analyse).
    const junk = Array.from({ length: 20_000 }, (_, i) => `CLIENT_HANDSHAKE_TRAFFIC_SECRET ${i.toString(16).padStart(64, '0')} ${'ab'.repeat(48)}`);
    // The real secrets after wrong ones for the same client random: the later line wins, as in a key-log file.
    const wrong = c.keylog.map((l) => l.replace(/ [0-9a-f]+$/i, ` ${'00'.repeat(48)}`));
    const again = analyzeTranscript(c.records, [...junk, ...wrong, ...c.keylog]);
    expect(again.certificates.map(hex)).toEqual([hex(ec.leaf.der), hex(ec.intermediate.der)]);
    expect(again.tls.chainAuthenticated).toBe(true);
  });

  it('TLS 1.2, RSA chain: plaintext Certificate, ECDHE group from ServerKeyExchange', async () => {
    const s = await serve(rsa.leaf.keyPem, [rsa.leaf.pem, rsa.intermediate.pem, rsa.root.pem], {
      ciphers: 'ECDHE-RSA-AES256-GCM-SHA384',
    });
    const c = await probe({ host: '127.0.0.1', port: s.port, tls: '1.2', timeoutMs: 5000, proxy: null });
    expect(c.error).toBeNull();
    expect(c.certificates.map(hex)).toEqual([hex(rsa.leaf.der), hex(rsa.intermediate.der), hex(rsa.root.der)]);
    expect(c.tls.version).toBe('TLSv1.2');
    expect(c.tls.cipher).toBe('TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384');
    expect(c.tls.group).toBe('x25519');
    expect(c.tls.chainAuthenticated).toBe(true);
    expect(c.target.servername).toBeNull();
    expect(analyzeTranscript(c.records, c.keylog).sni).toBeNull();
  });
});
