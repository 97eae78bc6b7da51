/**
 * Hostile servers on 127.0.0.1: each probe must end, within the documented limits, with the finding that says what
 * happened (never a crash, never a wait past the timeout). Servers speak just enough TLS by hand (./tls.ts).
 *
 * Limits exercised (src/capture, src/path): probe timeoutMs (half connect, the rest handshake), maxMessageBytes
 * (default 1 MiB, DEFAULT_MAX_MESSAGE_BYTES), record size 2^14+256 (MAX_RECORD_BODY), path-search budget
 * (DEFAULT_BUDGET: 100 signature checks, 200,000 build calls, depth 10).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyzeTranscript, DEFAULT_MAX_MESSAGE_BYTES, probe } from '../../src/capture/index.js';
import type { Capture } from '../../src/capture/index.js';
import { analyzeChain } from '../../src/diagnose/index.js';
import { parseCapture } from '../../src/session/probe.js';
import { NOW, bigSubject, exponential, longChain, nestedExtensionChain, storeOf } from './pki.js';
import {
  type Running,
  certificate12,
  chainServer,
  clientSessionId,
  handshake,
  helloRetryRequest,
  rawTlsServer,
  records,
  serverHello12,
  u24,
} from './tls.js';

const servers: Running[] = [];
afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
});
async function up(s: Promise<Running>): Promise<Running> {
  const r = await s;
  servers.push(r);
  return r;
}

async function probeAt(port: number, tls: '1.2' | '1.3', timeoutMs = 5000): Promise<{ c: Capture; ms: number }> {
  const t = performance.now();
  const c = await probe({ host: 'localhost', port, connect: { host: '127.0.0.1', port }, tls, proxy: null, timeoutMs });
  return { c, ms: performance.now() - t };
}

/** What the server sent, as one offline capture (the client's ClientHello from the live probe). */
function offline(c: Capture, serverBytes: Buffer) {
  const client = c.records.filter((r) => r.dir === 'client').slice(0, 1);
  return analyzeTranscript([...client, { dir: 'server', t: 1, data: serverBytes.toString('base64') }], []);
}

const codes = (fs: Array<{ code: string }>): string[] => fs.map((f) => f.code);

describe('hostile chains', () => {
  let long: { ders: Uint8Array[]; root: Uint8Array };
  beforeAll(async () => {
    long = await longChain(1000);
  }, 60_000);

  it('a 1,000-certificate chain: the probe ends fast with all 1,000 read, and the search stops at the depth limit', async () => {
    const s = await up(chainServer(long.ders));
    const { c, ms } = await probeAt(s.port, '1.2');
    expect(ms).toBeLessThan(5000);
    // node's TLS client (OpenSSL) gives up on this hand-made ServerHello (no renegotiation_info) while the ~400 KB
    // Certificate message is still arriving; the probe reads the rest of it from the socket itself.
    expect(c.error?.code).toBe('HANDSHAKE_FAILED');
    expect(c.error?.evidence).toMatchObject({
      from: 'client',
      reason: 'client aborted during a server handshake message',
      nodeCode: 'ERR_SSL_UNSAFE_LEGACY_RENEGOTIATION_DISABLED',
      messageType: 11,
      readWhole: true,
      exceedsOpensslMaxCertList: true,
      exceedsGoMaxCertificateMessage: true,
    });
    expect(c.certificates.map((d) => Buffer.from(d).toString('hex'))).toEqual(long.ders.map((d) => Buffer.from(d).toString('hex')));
    // offline, the bytes the server sent give the same
    const serverBytes = records(22, Buffer.concat([serverHello12(), certificate12(long.ders)]));
    const a = offline(c, serverBytes);
    expect(a.error).toBeNull();
    expect(a.certificates).toHaveLength(1000);
    const sent = parseCapture(c).sent;
    expect(sent).toHaveLength(1000);
    const t = performance.now();
    const analysis = analyzeChain({ sent, stores: [storeOf('long', [long.root])], now: NOW, host: 'localhost' });
    expect(performance.now() - t).toBeLessThan(5000);
    expect(analysis.stores[0]!.validPaths).toEqual([]);
    expect(codes(analysis.findings)).toContain('PATH_LEN_EXCEEDED');
  }, 60_000);

  it('an exponential cross-signed graph (5 layers x 8 same-subject certificates): BUDGET_EXHAUSTED within the budget', async () => {
    const g = await exponential(5, 8);
    const s = await up(chainServer(g.sent));
    const { c } = await probeAt(s.port, '1.2');
    const parsed = parseCapture(c);
    expect(parsed.sent).toHaveLength(41);
    const t = performance.now();
    const analysis = analyzeChain({ sent: parsed.sent, stores: [storeOf('empty-of-root', [])], now: NOW, host: 'localhost' });
    expect(performance.now() - t).toBeLessThan(3000);
    const budget = analysis.findings.find((f) => f.code === 'BUDGET_EXHAUSTED');
    expect(budget?.evidence).toMatchObject({ budget: 'signatures', signatureChecks: 101 });
  }, 60_000);

  it('a certificate with a ~75 KiB subject: read and analyzed whole, nothing truncated; over Go 1.22 limit', async () => {
    const b = await bigSubject();
    const s = await up(chainServer([b.leaf]));
    const { c, ms } = await probeAt(s.port, '1.2');
    expect(ms).toBeLessThan(5000);
    expect(c.certificates.map((d) => Buffer.from(d).toString('hex'))).toEqual([Buffer.from(b.leaf).toString('hex')]);
    expect(c.certificateMessage).toMatchObject({ complete: true, exceedsGoMaxHandshake: true, exceedsOpensslMaxCertList: false });
    const a = offline(c, records(22, Buffer.concat([serverHello12(), certificate12([b.leaf])])));
    expect(a.certificates).toHaveLength(1);
    const sent = parseCapture(c).sent;
    expect(sent[0]!.subject.der.length).toBeGreaterThan(64 * 1024);
    const analysis = analyzeChain({ sent, stores: [storeOf('big', [b.root])], now: NOW, host: 'localhost' });
    expect(analysis.stores[0]!.validPaths).toHaveLength(1);
  }, 60_000);

  it('deeply nested ASN.1 (5,000 SEQUENCEs) inside a certificate extension: MALFORMED_CERT for that certificate', async () => {
    const base = await nestedExtensionChain(5000);
    const bad = base.ders[0]!;
    const s = await up(chainServer([bad, base.ders[1]!]));
    const { c, ms } = await probeAt(s.port, '1.2');
    expect(ms).toBeLessThan(5000);
    expect(c.certificates).toHaveLength(2);
    const parsed = parseCapture(c);
    const malformed = parsed.findings.find((f) => f.code === 'MALFORMED_CERT');
    expect(malformed?.cert).toBe(0);
    expect(malformed?.evidence['bytes']).toBe(bad.length);
  }, 60_000);
});

describe('hostile framing and timing', () => {
  it('a 16 MiB Certificate message: MESSAGE_TOO_LARGE right after its header, without reading it', async () => {
    const s = await up(
      rawTlsServer((sock, _r, i) => {
        if (i !== 0) return;
        const header = handshake(11, Buffer.alloc(0)).subarray(0, 1);
        const announce = Buffer.concat([header, u24(0xffffff)]);
        sock.write(records(22, Buffer.concat([serverHello12(), announce, Buffer.alloc(16000)])));
        // then keep streaming the body, 16 MiB in all, until the client hangs up
        let sent = 0;
        const more = (): void => {
          while (sent < 16 * 1024 * 1024 && !sock.destroyed) {
            sent += 16384;
            if (!sock.write(records(22, Buffer.alloc(16384)))) return void sock.once('drain', more);
          }
        };
        more();
      }),
    );
    const { c, ms } = await probeAt(s.port, '1.2');
    expect(c.error?.code).toBe('MESSAGE_TOO_LARGE');
    expect(c.error?.evidence).toMatchObject({ from: 'server', type: 11, length: 0xffffff, max: DEFAULT_MAX_MESSAGE_BYTES });
    expect(ms).toBeLessThan(2000);
    const received = c.records.filter((r) => r.dir === 'server').reduce((n, r) => n + Buffer.from(r.data, 'base64').length, 0);
    expect(received).toBeLessThan(2 * 1024 * 1024);
  });

  it('a server trickling one byte per second: HANDSHAKE_TIMEOUT at the timeout, not later', async () => {
    const s = await up(
      rawTlsServer((sock, _r, i) => {
        if (i !== 0) return;
        const bytes = records(22, serverHello12());
        let k = 0;
        const timer = setInterval(() => {
          if (sock.destroyed || k >= bytes.length) return clearInterval(timer);
          sock.write(bytes.subarray(k, ++k));
        }, 1000);
        sock.once('close', () => clearInterval(timer));
      }),
    );
    const { c, ms } = await probeAt(s.port, '1.2', 3000);
    expect(c.error?.code).toBe('HANDSHAKE_TIMEOUT');
    expect(c.error?.evidence['timeoutMs']).toBe(3000);
    expect(c.error?.evidence['serverBytes']).toBeGreaterThan(0);
    expect(ms).toBeGreaterThanOrEqual(2900);
    expect(ms).toBeLessThan(4000);
  });

  it('a server that stops mid-record and holds the connection: HANDSHAKE_TIMEOUT', async () => {
    const s = await up(
      rawTlsServer((sock, _r, i) => {
        if (i === 0) sock.write(records(22, serverHello12()).subarray(0, 30));
      }),
    );
    const { c, ms } = await probeAt(s.port, '1.2', 1500);
    expect(c.error?.code).toBe('HANDSHAKE_TIMEOUT');
    expect(ms).toBeLessThan(2500);
  });

  it('a server that stops mid-record and closes: HANDSHAKE_FAILED, and the analysis notes the cut record', async () => {
    const s = await up(
      rawTlsServer((sock, _r, i) => {
        if (i === 0) sock.end(records(22, serverHello12()).subarray(0, 30));
      }),
    );
    const { c } = await probeAt(s.port, '1.2');
    expect(c.error?.code).toBe('HANDSHAKE_FAILED');
    const a = analyzeTranscript(c.records, c.keylog);
    expect(a.notes.some((n) => n.includes('ends inside a record'))).toBe(true);
  });

  it('garbage after the ServerHello: HANDSHAKE_FAILED naming the server and the stream offset, not NOT_TLS', async () => {
    const sh = records(22, serverHello12());
    const s = await up(
      rawTlsServer((sock, _r, i) => {
        if (i === 0) sock.write(Buffer.concat([sh, Buffer.from('\x00\x01garbage garbage garbage')]));
      }),
    );
    const { c, ms } = await probeAt(s.port, '1.2');
    expect(ms).toBeLessThan(5000);
    expect(c.error?.code).toBe('HANDSHAKE_FAILED');
    const a = analyzeTranscript(c.records, c.keylog);
    expect(a.error?.code).toBe('HANDSHAKE_FAILED');
    expect(a.error?.evidence).toMatchObject({ from: 'server', offset: sh.length });
  });

  it('a HelloRetryRequest twice: the client aborts, the capture shows the retry and the alert, quickly', async () => {
    const s = await up(
      rawTlsServer((sock, rec, i) => {
        if (rec[0] !== 22) return;
        const sid = i === 0 ? clientSessionId(rec) : Buffer.alloc(0);
        (sock as unknown as { sid?: Buffer }).sid ??= sid;
        sock.write(records(22, helloRetryRequest((sock as unknown as { sid: Buffer }).sid)));
      }),
    );
    const { c, ms } = await probeAt(s.port, '1.3');
    expect(ms).toBeLessThan(5000);
    expect(c.tls.helloRetryRequest).toBe(true);
    expect(c.error?.code).toBe('TLS_ALERT');
    expect(c.error?.evidence).toMatchObject({ from: 'client', name: 'unexpected_message' });
    expect(c.records.filter((r) => r.dir === 'client').length).toBeGreaterThanOrEqual(2);
  });
});
