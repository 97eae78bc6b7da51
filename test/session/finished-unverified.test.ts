/**
 * FINISHED_UNVERIFIED: a TLS 1.3 capture whose server Finished never arrived still shows the chain, flagged as not
 * authenticated. The capture is a real loopback handshake with the server's last encrypted record (its Finished)
 * cut off, as when a connection dies mid-flight.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyzeTranscript, probe, type Capture } from '../../src/capture/index.js';
import { parseCapture } from '../../src/session/index.js';
import { makeChain } from '../capture/helpers/pki.js';
import { nodeTlsServer, type Running } from '../capture/helpers/servers.js';

let server: Running;
let capture: Capture;

beforeAll(async () => {
  const chain = await makeChain('ec-p256');
  server = await nodeTlsServer(chain.leaf.keyPem, [chain.leaf.pem, chain.intermediate.pem]);
  capture = await probe({ host: '127.0.0.1', port: server.port, tls: '1.3', timeoutMs: 5000 });
});
afterAll(() => server.close());

/** The server's bytes split into TLS records. */
function records(bytes: Buffer): Buffer[] {
  const out: Buffer[] = [];
  for (let off = 0; off + 5 <= bytes.length; ) {
    const end = off + 5 + bytes.readUInt16BE(off + 3);
    out.push(bytes.subarray(off, end));
    off = end;
  }
  return out;
}

describe('FINISHED_UNVERIFIED', () => {
  it('a complete TLS 1.3 handshake is authenticated: no finding', () => {
    expect(capture.tls.chainAuthenticated).toBe(true);
    expect(parseCapture(capture).findings.map((f) => f.code)).not.toContain('FINISHED_UNVERIFIED');
  });

  it('the same capture without the server Finished: the chain is shown, flagged as unauthenticated', () => {
    const serverAt = capture.records.findIndex((r) => r.dir === 'server');
    const flight = records(Buffer.from(capture.records[serverAt]!.data, 'base64'));
    const lastEncrypted = flight.map((r) => r[0]).lastIndexOf(0x17);
    expect(lastEncrypted).toBeGreaterThan(0);
    const cut = Buffer.concat(flight.slice(0, lastEncrypted));
    const truncated = [...capture.records.slice(0, serverAt), { ...capture.records[serverAt]!, data: cut.toString('base64') }];
    const a = analyzeTranscript(truncated, capture.keylog);
    expect(a.certificates).toHaveLength(2);
    expect(a.tls.chainAuthenticated).toBe(false);
    const parsed = parseCapture({ ...capture, records: truncated, certificates: a.certificates, tls: a.tls, notes: a.notes });
    const f = parsed.findings.find((x) => x.code === 'FINISHED_UNVERIFIED');
    expect(f?.severity).toBe('warning');
    expect(f?.evidence.detail).toMatch(/no server Finished was read/);
    expect(f?.message).toMatch(/not authenticated by the server's Finished/);
  });
});
