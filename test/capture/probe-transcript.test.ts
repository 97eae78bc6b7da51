/**
 * The recording holds the client's whole side: after the ClientHello, its Finished and its close_notify. TLS 1.3:
 * the client records are opened with the key-log secrets and the client Finished is checked against the transcript
 * (RFC 8446 4.4.4), so a saved capture proves what the client sent, and that it sent no application data.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { probe } from '../../src/capture/index.js';
import { CONTENT } from '../../src/capture/records.js';
import { finishedVerifyData, parseKeylog, tls13Suite, transcriptHash } from '../../src/capture/tls13.js';
import { bytesOf, clientRandom, handshakeMessages, openDirection } from './helpers/decrypt.js';
import { type Chain, makeChain } from './helpers/pki.js';
import { type Running, nodeTlsServer } from './helpers/servers.js';

let ec: Chain;
const servers: Running[] = [];
beforeAll(async () => {
  ec = await makeChain('ec-p256');
});
afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
});

const SUITES = { TLS_AES_128_GCM_SHA256: 0x1301, TLS_AES_256_GCM_SHA384: 0x1302 } as const;

describe('the client side of the recording', () => {
  for (const [name, code] of Object.entries(SUITES)) {
    it(`TLS 1.3 (${name}): the client Finished is recorded, verifies, and is followed by close_notify only`, async () => {
      const s = await nodeTlsServer(ec.leaf.keyPem, [ec.leaf.pem, ec.intermediate.pem], { ciphers: name });
      servers.push(s);
      const c = await probe({ host: 'localhost', port: s.port, connect: { host: '127.0.0.1', port: s.port }, tls: '1.3', proxy: null, timeoutMs: 5000 });
      expect(c.error).toBeNull();
      expect(c.tls.cipher).toBe(name);
      const suite = tls13Suite(code)!;
      const client = openDirection(c.records, c.keylog, 'client', suite);
      const server = openDirection(c.records, c.keylog, 'server', suite);

      // client: ClientHello, (compatibility CCS), Finished under the handshake secret, then alerts only
      expect(client[0]).toMatchObject({ type: CONTENT.handshake, epoch: null });
      const finishedAt = client.findIndex((r) => r.epoch === 'handshake' && r.type === CONTENT.handshake);
      expect(finishedAt).toBeGreaterThan(0);
      const [finished] = handshakeMessages([client[finishedAt]!.content]);
      expect(finished![0]).toBe(20);
      const after = client.slice(finishedAt + 1);
      expect(after.length).toBeGreaterThan(0);
      expect(after.every((r) => r.epoch === 'application' && r.type === CONTENT.alert)).toBe(true);
      expect(after.map((r) => r.content.toString('hex'))).toContain('0100'); // warning close_notify

      // verify_data = HMAC(finished_key(client handshake secret), Transcript-Hash(ClientHello ... server Finished))
      const clientHello = handshakeMessages(client.filter((r) => r.epoch === null && r.type === CONTENT.handshake).map((r) => r.content));
      const serverFlight = handshakeMessages(
        server.filter((r) => r.type === CONTENT.handshake && r.epoch !== 'application').map((r) => r.content),
      );
      expect(serverFlight.map((m) => m[0])).toEqual([2, 8, 11, 15, 20]);
      const secret = parseKeylog(c.keylog).get('CLIENT_HANDSHAKE_TRAFFIC_SECRET')!.get(clientRandom(c.records))!;
      const expected = finishedVerifyData(suite.hash, suite.hashLength, secret, transcriptHash(suite.hash, [...clientHello, ...serverFlight]));
      expect(finished!.subarray(4).toString('hex')).toBe(expected.toString('hex'));
    });
  }

  it('TLS 1.2: ClientHello, ClientKeyExchange, ChangeCipherSpec, encrypted Finished, then an (encrypted) alert only', async () => {
    const s = await nodeTlsServer(ec.leaf.keyPem, [ec.leaf.pem, ec.intermediate.pem]);
    servers.push(s);
    const c = await probe({ host: 'localhost', port: s.port, connect: { host: '127.0.0.1', port: s.port }, tls: '1.2', proxy: null, timeoutMs: 5000 });
    expect(c.error).toBeNull();
    const bytes = bytesOf(c.records, 'client');
    const types: number[] = [];
    for (let p = 0; p + 5 <= bytes.length; p += 5 + bytes.readUInt16BE(p + 3)) types.push(bytes[p]!);
    expect(types).toEqual([CONTENT.handshake, CONTENT.handshake, CONTENT.changeCipherSpec, CONTENT.handshake, CONTENT.alert]);
  });
});
