import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseCapture } from '../../src/session/index.js';
import { readCertificates } from '../../src/x509/index.js';
import { certificateMessageSize, type Capture } from '../../src/capture/index.js';

const der = (name: string) =>
  readCertificates(readFileSync(new URL(`../../certs/reference/${name}`, import.meta.url)), name)[0]!.cert.der;

function capture(certificates: Uint8Array[], error: Capture['error'] = null): Capture {
  return {
    target: { host: 'www.google.com', port: 443, servername: 'www.google.com', connect: null, proxy: null },
    certificates,
    certificateExtensions: certificates.map(() => ({ ocsp: null, scts: null })),
    tls: {
      version: 'TLSv1.3', cipher: 'TLS_AES_128_GCM_SHA256', group: 'x25519', alpn: null, helloRetryRequest: false,
      chainAuthenticated: true, alerts: [], ocsp: null, scts: [], timings: { connectMs: 1, handshakeMs: 2, totalMs: 3 },
    },
    records: [],
    keylog: [],
    error,
  };
}

describe('parseCapture', () => {
  it('adds the SCTs embedded in the leaf (Google 2024 leaf: two logs)', () => {
    const parsed = parseCapture(capture([der('leaf-www.google.com-wr2-2024.pem'), der('gts-wr2.pem')]));
    const scts = parsed.capture.tls.scts.filter((s) => s.source === 'certificate');
    expect(scts.map((s) => s.logId.slice(0, 8))).toEqual(['eecdd064', '3f174b4f']);
    expect(scts[0]!.timestamp).toBe('2024-06-03T08:35:33.669Z');
  });

  it('reports a certificate that does not parse and keeps the others', () => {
    const parsed = parseCapture(capture([der('gts-wr2.pem'), new Uint8Array([0x30, 0x03, 0x02, 0x01, 0x01])]));
    expect(parsed.sent).toHaveLength(1);
    expect(parsed.findings.map((f) => [f.code, f.cert])).toEqual([['MALFORMED_CERT', 1]]);
    expect(parsed.findings[0]!.message).toMatch(/^certificate \[1\] as sent \(5 bytes\) does not parse/);
  });

  it('a connection error after the chain is a warning; before it, an error', () => {
    const err = { code: 'TLS_ALERT' as const, message: 'server sent fatal alert certificate_required (116)', evidence: {} };
    expect(parseCapture(capture([der('gts-wr2.pem')], err)).findings[0]!.severity).toBe('warning');
    expect(parseCapture(capture([], err)).findings[0]!.severity).toBe('error');
  });

  it('a Certificate message that real clients refuse is a warning naming them', () => {
    const c = { ...capture([der('gts-wr2.pem')]), certificateMessage: certificateMessageSize(70_000, true) };
    const f = parseCapture(c).findings;
    expect(f.map((x) => [x.code, x.severity])).toEqual([['MESSAGE_TOO_LARGE', 'warning']]);
    expect(f[0]!.message).toBe("the server's Certificate message is 70000 bytes: refused by Go up to 1.22 (64 KiB; later Go accepts up to 256 KiB)");
    const big = { ...capture([der('gts-wr2.pem')]), certificateMessage: certificateMessageSize(300_000, true) };
    expect(parseCapture(big).findings[0]!.message).toMatch(/OpenSSL and node clients \(100 KiB\) and every Go release/);
    const small = { ...capture([der('gts-wr2.pem')]), certificateMessage: certificateMessageSize(4_000, true) };
    expect(parseCapture(small).findings).toEqual([]);
  });
});
