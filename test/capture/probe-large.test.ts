/**
 * Certificate messages larger than the clients accept. Node's TLS client (OpenSSL, max_cert_list 102,400 bytes)
 * refuses them at the message header; chaindbg then reads the rest of the message from the socket itself, up to its
 * own maxMessageBytes (1 MiB), and reports every certificate plus why the client refused.
 *
 *   small:  root -> c1 -> c2 -> leaf          (~72 KB message: node accepts, Go up to 1.22 refuses)
 *   medium: root -> c1 -> ... -> c8 -> leaf   (~288 KB message: node refuses, chaindbg reads it whole)
 *   huge:   the medium chain sent 4 times     (~1.15 MB message: over chaindbg's 1 MiB, MESSAGE_TOO_LARGE)
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_MAX_MESSAGE_BYTES, analyzeTranscript, fromCaptureFile, probe, toCaptureFile } from '../../src/capture/index.js';
import type { Capture } from '../../src/capture/index.js';
import { CLIENT_LIMITS } from '../../src/capture/limits.js';
import { type BigChain, bigChain } from './helpers/pki.js';
import { type Running, nodeTlsServer } from './helpers/servers.js';
import { certificate12, rawTlsServer, records, serverHello12 } from '../hostile/tls.js';

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');

/** Body length of the Certificate message carrying `ders` (TLS 1.3 adds a context byte and empty entry extensions). */
function messageBytes(ders: Uint8Array[], tls: '1.2' | '1.3'): number {
  const entries = ders.reduce((n, d) => n + 3 + d.length + (tls === '1.3' ? 2 : 0), 0);
  return (tls === '1.3' ? 1 : 0) + 3 + entries;
}

let small: BigChain;
let medium: BigChain;
const servers: Running[] = [];

beforeAll(async () => {
  [small, medium] = await Promise.all([bigChain(2, 16_000), bigChain(8, 16_000)]);
});
afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
});

async function serve(keyPem: string, pems: string[], tls: '1.2' | '1.3'): Promise<Running> {
  const v = tls === '1.2' ? 'TLSv1.2' : 'TLSv1.3';
  const s = await nodeTlsServer(keyPem, pems, { minVersion: v, maxVersion: v });
  servers.push(s);
  return s;
}

async function probeAt(port: number, tls: '1.2' | '1.3'): Promise<{ c: Capture; ms: number }> {
  const t = performance.now();
  const c = await probe({ host: 'localhost', port, connect: { host: '127.0.0.1', port }, tls, proxy: null, timeoutMs: 5000 });
  return { c, ms: performance.now() - t };
}

describe('Certificate messages over the clients limits', () => {
  it('fixtures: the small message is between Go 1.22 and OpenSSL limits, the medium one over OpenSSL and under 1 MiB', () => {
    const s = messageBytes(small.ders, '1.2');
    const m = messageBytes(medium.ders, '1.2');
    expect(s).toBeGreaterThan(CLIENT_LIMITS.goMaxHandshakeBytes);
    expect(s).toBeLessThanOrEqual(CLIENT_LIMITS.opensslMaxCertListBytes);
    expect(m).toBeGreaterThan(CLIENT_LIMITS.opensslMaxCertListBytes);
    expect(m).toBeLessThan(DEFAULT_MAX_MESSAGE_BYTES);
  });

  for (const tls of ['1.2', '1.3'] as const) {
    it(`TLS ${tls}, a ~72 KB message node accepts: no error, and the size says Go up to 1.22 refuses it`, async () => {
      const s = await serve(small.leafKeyPem, small.pems, tls);
      const { c } = await probeAt(s.port, tls);
      expect(c.error).toBeNull();
      expect(c.certificates.map(hex)).toEqual(small.ders.map(hex));
      expect(c.certificateMessage).toMatchObject({
        bytes: messageBytes(small.ders, tls),
        complete: true,
        exceedsGoMaxHandshake: true,
        exceedsOpensslMaxCertList: false,
        exceedsGoMaxCertificateMessage: false,
      });
    });

    it(`TLS ${tls}, a ~288 KB message node refuses: every certificate byte-identical, and why the client refused`, async () => {
      const s = await serve(medium.leafKeyPem, medium.pems, tls);
      const { c, ms } = await probeAt(s.port, tls);
      expect(ms).toBeLessThan(3000);
      const bytes = messageBytes(medium.ders, tls);
      expect(c.certificates.map(hex)).toEqual(medium.ders.map(hex));
      expect(c.error?.code).toBe('HANDSHAKE_FAILED');
      expect(c.error?.evidence).toMatchObject({
        reason: 'client refused the Certificate message',
        from: 'client',
        messageType: 11,
        messageBytes: bytes,
        readWhole: true,
        drainEnd: 'read',
        alert: 'illegal_parameter',
        alertCode: 47,
        nodeCode: 'ERR_SSL_EXCESSIVE_MESSAGE_SIZE',
        clientLimitBytes: CLIENT_LIMITS.opensslMaxCertListBytes,
        certificateMessageBytes: bytes,
        opensslMaxCertListBytes: 102_400,
        goMaxHandshakeBytes: 65_536,
        goMaxCertificateMessageBytes: 262_144,
        exceedsOpensslMaxCertList: true,
        exceedsGoMaxHandshake: true,
        exceedsGoMaxCertificateMessage: bytes > 262_144,
      });
      expect(c.certificateMessage).toMatchObject({ bytes, complete: true });
      // the client's alert went out after the rest was read, and is in the recording
      expect(c.tls.alerts).toContainEqual({ from: 'client', level: 'fatal', code: 47, name: 'illegal_parameter', count: 1 });
      // offline, the recorded bytes give the same certificates
      const again = analyzeTranscript(c.records, c.keylog);
      expect(again.certificates.map(hex)).toEqual(medium.ders.map(hex));
      expect(again.certificateMessage?.bytes).toBe(bytes);
      // and a saved capture keeps all of it
      const saved = fromCaptureFile(JSON.stringify(toCaptureFile(c))).capture;
      expect(saved.certificates.map(hex)).toEqual(medium.ders.map(hex));
      expect(saved.error).toEqual(c.error);
      expect(saved.certificateMessage).toEqual(c.certificateMessage);
    });
  }

  it('TLS 1.2, a ~1.15 MB message: MESSAGE_TOO_LARGE right at its header, with the clients limits', async () => {
    const pems = [...medium.pems, ...medium.pems.slice(1), ...medium.pems.slice(1), ...medium.pems.slice(1)];
    const s = await serve(medium.leafKeyPem, pems, '1.2');
    const { c, ms } = await probeAt(s.port, '1.2');
    expect(ms).toBeLessThan(2000);
    expect(c.error?.code).toBe('MESSAGE_TOO_LARGE');
    expect(c.error?.evidence).toMatchObject({
      from: 'server',
      type: 11,
      max: DEFAULT_MAX_MESSAGE_BYTES,
      goMaxHandshakeBytes: 65_536,
      exceedsOpensslMaxCertList: true,
      exceedsGoMaxCertificateMessage: true,
    });
    expect(c.error?.evidence['length']).toBeGreaterThan(DEFAULT_MAX_MESSAGE_BYTES);
    expect(c.certificates).toEqual([]);
    expect(c.certificateMessage).toMatchObject({ complete: false, exceedsGoMaxCertificateMessage: true });
  });

  it('a lower maxMessageBytes stops the read-on at that limit: MESSAGE_TOO_LARGE, not the client refusal', async () => {
    const s = await serve(medium.leafKeyPem, medium.pems, '1.2');
    const c = await probe({ host: 'localhost', port: s.port, connect: { host: '127.0.0.1', port: s.port }, tls: '1.2', proxy: null, timeoutMs: 5000, maxMessageBytes: 200_000 });
    expect(c.error?.code).toBe('MESSAGE_TOO_LARGE');
    expect(c.error?.evidence).toMatchObject({ type: 11, max: 200_000, length: messageBytes(medium.ders, '1.2') });
  });

  // Hand-made servers: node gives up right at their ServerHello (no renegotiation_info), while the Certificate is cut.
  for (const after of ['close', 'hold'] as const) {
    it(`a Certificate cut short, then the server ${after === 'close' ? 'closes' : 'holds the connection'}: what arrived, said so`, async () => {
      const flight = records(22, Buffer.concat([serverHello12(), certificate12(medium.ders)]));
      const s = await rawTlsServer((sock, _r, i) => {
        if (i !== 0) return;
        const part = flight.subarray(0, 40_000);
        if (after === 'close') sock.end(part);
        else sock.write(part);
      });
      servers.push(s);
      const t = performance.now();
      const c = await probe({ host: 'localhost', port: s.port, connect: { host: '127.0.0.1', port: s.port }, tls: '1.2', proxy: null, timeoutMs: 1500 });
      const ms = performance.now() - t;
      expect(c.error?.code).toBe('HANDSHAKE_FAILED');
      expect(c.error?.evidence).toMatchObject({
        reason: 'client aborted during a server handshake message',
        nodeCode: 'ERR_SSL_UNSAFE_LEGACY_RENEGOTIATION_DISABLED',
        messageType: 11,
        readWhole: false,
        drainEnd: after === 'close' ? 'closed' : 'timeout',
        certificateMessageBytes: messageBytes(medium.ders, '1.2'),
      });
      expect(c.certificates).toEqual([]);
      expect(c.certificateMessage).toMatchObject({ complete: false, bytes: messageBytes(medium.ders, '1.2') });
      expect(ms).toBeLessThan(after === 'close' ? 1000 : 2500);
    });
  }
});
