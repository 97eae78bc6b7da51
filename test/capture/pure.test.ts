import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CaptureFileError,
  TargetError,
  analyzeTranscript,
  describeNotTls,
  fromCaptureFile,
  parseTarget,
  probe,
  toCaptureFile,
  type Capture,
} from '../../src/capture/index.js';
import { hkdfExpandLabel } from '../../src/capture/tls13.js';
import { makeChain } from './helpers/pki.js';
import { type Running, nodeTlsServer } from './helpers/servers.js';

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');

describe('parseTarget', () => {
  it.each([
    ['example.com', { host: 'example.com', port: 443 }],
    ['example.com:8443', { host: 'example.com', port: 8443 }],
    ['10.0.0.1:443', { host: '10.0.0.1', port: 443 }],
    ['[2001:db8::1]:8443', { host: '2001:db8::1', port: 8443 }],
    ['[::1]', { host: '::1', port: 443 }],
    ['2001:db8::1', { host: '2001:db8::1', port: 443 }],
    ['https://proxy.golang.org/github.com/x', { host: 'proxy.golang.org', port: 443 }],
    ['https://[::1]:9443/', { host: '::1', port: 9443 }],
    ['https://sum.golang.org:8443', { host: 'sum.golang.org', port: 8443 }],
  ])('%s', (text, expected) => {
    expect(parseTarget(text)).toEqual(expected);
  });

  it.each(['', 'host:0', 'host:70000', 'https://127.0.0.1:0/', 'https://[::1]:0', 'host:abc', 'http://example.com', 'bad host', '[nope]:1', '2001:db8::zz', 'a..b'])(
    'rejects %j with a TargetError',
    (text) => {
      expect(() => parseTarget(text)).toThrow(TargetError);
      try {
        parseTarget(text);
      } catch (e) {
        expect((e as TargetError).evidence['input']).toBe(text);
        expect((e as Error).message).not.toContain('\n');
      }
    },
  );
});

describe('describeNotTls', () => {
  it.each([
    ['HTTP/1.1 400 Bad Request\r\n\r\n', 'http'],
    ['SSH-2.0-OpenSSH_9.6\r\n', 'ssh'],
    ['220 mx.example.com ESMTP Postfix\r\n', 'smtp'],
    ['220 ProFTPD Server ready\r\n', 'ftp'],
    ['+OK POP3 ready\r\n', 'pop3'],
    ['* OK IMAP4rev1\r\n', 'imap'],
    ['<html>', 'html'],
    ['hello\n', 'text'],
  ])('%j looks like %s', (text, looksLike) => {
    expect(describeNotTls(Buffer.from(text)).looksLike).toBe(looksLike);
  });

  it('binary data gives the first bytes in hex', () => {
    expect(describeNotTls(Buffer.of(0, 1, 2, 0xff))).toEqual({ looksLike: 'binary', firstLine: null, firstBytesHex: '000102ff' });
  });
});

describe('TLS 1.3 key schedule', () => {
  it('HKDF-Expand-Label matches RFC 8448 (simple 1-RTT handshake, server handshake key and IV)', () => {
    // RFC 8448 section 3: server_handshake_traffic_secret and the derived write key / iv
    const secret = Buffer.from('b67b7d690cc16c4e75e54213cb2d37b4e9c912bcded9105d42befd59d391ad38', 'hex');
    expect(hkdfExpandLabel('sha256', secret, 'key', new Uint8Array(0), 16).toString('hex')).toBe('3fce516009c21727d0f2e4e86ee403bc');
    expect(hkdfExpandLabel('sha256', secret, 'iv', new Uint8Array(0), 12).toString('hex')).toBe('5d313eb2671276ee13000b30');
  });
});

describe('capture files and offline analysis', () => {
  let server: Running;
  let capture: Capture;
  let chainHex: string[];

  beforeAll(async () => {
    const chain = await makeChain('ec-p256');
    chainHex = [hex(chain.leaf.der), hex(chain.intermediate.der)];
    server = await nodeTlsServer(chain.leaf.keyPem, [chain.leaf.pem, chain.intermediate.pem], { ecdhCurve: 'P-256' });
    capture = await probe({ host: 'localhost', port: server.port, connect: { host: '127.0.0.1', port: server.port }, tls: '1.3', timeoutMs: 5000 });
  });
  afterAll(() => server.close());

  it('round-trips through JSON and re-derives the same certificates and TLS details', () => {
    const file = toCaptureFile(capture, { chaindbg: '0.1.0', now: '2025-06-01T00:00:00.000Z' });
    expect(file.format).toBe('chaindbg-capture');
    expect(file.version).toBe(1);
    const { capture: back, meta } = fromCaptureFile(JSON.stringify(file));
    expect(meta).toEqual({ chaindbg: '0.1.0', now: '2025-06-01T00:00:00.000Z' });
    expect(back.certificates.map(hex)).toEqual(chainHex);
    expect(back.tls).toEqual(capture.tls);
    expect(back.target).toEqual(capture.target);
    expect(back.error).toBeNull();
    expect(back.tls.group).toBe('secp256r1');
  });

  it('without the key log a TLS 1.3 capture yields no chain, and says why', () => {
    const a = analyzeTranscript(capture.records, []);
    expect(a.certificates).toEqual([]);
    expect(a.tls.version).toBe('TLSv1.3');
    expect(a.tls.chainAuthenticated).toBe(false);
    expect(a.notes.some((n) => n.includes('SERVER_HANDSHAKE_TRAFFIC_SECRET'))).toBe(true);
  });

  it('a tampered server record does not decrypt: no chain, noted, nothing thrown', () => {
    let flipped = false;
    const records = capture.records.map((r) => {
      const data = Buffer.from(r.data, 'base64');
      if (!flipped && r.dir === 'server' && data.length > 200) {
        data[data.length - 20]! ^= 1;
        flipped = true;
      }
      return { ...r, data: data.toString('base64') };
    });
    const a = analyzeTranscript(records, capture.keylog);
    expect(a.tls.chainAuthenticated).toBe(false);
    expect(a.notes.some((n) => n.includes('does not decrypt'))).toBe(true);
  });

  it.each([
    ['not json', /JSON/],
    [JSON.stringify({ format: 'other', version: 1 }), /format/],
    [JSON.stringify({ format: 'chaindbg-capture', version: 2 }), /version/],
    [JSON.stringify({ format: 'chaindbg-capture', version: 1, target: { host: 'h', port: 1 }, records: [{ dir: 'up', t: 0, data: '' }] }), /records\[0\]\.dir/],
    [JSON.stringify({ format: 'chaindbg-capture', version: 1, target: { host: 'h', port: 1 }, records: [{ dir: 'client', t: 0, data: '@@' }] }), /base64/],
    [JSON.stringify({ format: 'chaindbg-capture', version: 1, target: { host: 'h' }, records: [] }), /target\.port/],
  ])('rejects a bad capture file (%#)', (text, pattern) => {
    expect(() => fromCaptureFile(text)).toThrow(CaptureFileError);
    expect(() => fromCaptureFile(text)).toThrow(pattern);
  });

  it('never throws on arbitrary or mutated bytes (property)', () => {
    const base = capture.records.map((r) => Buffer.from(r.data, 'base64'));
    fc.assert(
      fc.property(
        fc.array(fc.record({ server: fc.boolean(), bytes: fc.uint8Array({ maxLength: 300 }) }), { maxLength: 8 }),
        fc.nat(),
        fc.nat(255),
        (chunks, at, value) => {
          const mutated = base.map((b) => Buffer.from(b));
          const target = mutated[at % mutated.length]!;
          if (target.length > 0) target[at % target.length] = value;
          const recs = [
            ...mutated.map((b, i) => ({ dir: capture.records[i]!.dir, t: i, data: b.toString('base64') })),
            ...chunks.map((c, i) => ({ dir: c.server ? ('server' as const) : ('client' as const), t: 100 + i, data: Buffer.from(c.bytes).toString('base64') })),
          ];
          const a = analyzeTranscript(recs, capture.keylog, { maxMessageBytes: 4096 });
          expect(Array.isArray(a.certificates)).toBe(true);
        },
      ),
      { numRuns: 150 },
    );
  });
});
