/**
 * Go's own words (src/model/go-lines.ts) and the reverse (src/model/go-line-match.ts, `chaindbg explain`):
 * every line rendered from a finding's evidence is recognised again as that finding, bare, with newer Go's
 * `tls: failed to verify certificate:` prefix and inside go get's `Get "URL": ` wrapper.
 */
import { describe, expect, it } from 'vitest';
import { memoryIO } from '../../src/cli/io.js';
import { run } from '../../src/cli/run.js';
import { explainGoLine } from '../../src/model/go-line-match.js';
import { goLine, GO_LINES, GO_VERIFY_PREFIX } from '../../src/model/go-lines.js';
import type { FindingCode } from '../../src/model/finding.js';

// Evidence shaped as chaindbg's findings carry it (docs/findings.md).
const EVIDENCE: Partial<Record<FindingCode, Record<string, unknown>>> = {
  CERT_EXPIRED: { now: '2025-01-01T00:00:00.000Z', notAfter: '2024-08-26T07:35:31.000Z', notBefore: '2024-06-03T07:35:32.000Z' },
  CERT_NOT_YET_VALID: { now: '2024-01-01T00:00:00.000Z', notBefore: '2024-06-03T07:35:32.000Z' },
  HOSTNAME_MISMATCH: { expected: 'proxy.golang.org', presented: ['portal.example', 'www.portal.example'] },
  NAME_CONSTRAINT_VIOLATION: { kind: 'dns', name: 'evil.example', reason: 'excluded', constraint: 'evil.example' },
  BAD_SIGNATURE: { issuer: 'CN=Int', error: 'crypto/rsa: verification error' },
  WEAK_SIGNATURE: { algorithm: 'SHA1-RSA', issuer: 'CN=Int' },
  TLS_ALERT: { from: 'server', level: 'fatal', code: 116, name: 'certificate_required' },
  CONNECT_FAILED: { address: 'proxy.golang.org:443', nodeCode: 'ENOTFOUND' },
  CONNECT_TIMEOUT: { address: '10.0.0.1:443', proxy: null },
  PROXY_FAILED: { proxy: 'http://127.0.0.1:3128', nodeCode: 'ECONNREFUSED' },
  MESSAGE_TOO_LARGE: { certificateMessageBytes: 70000 },
  MALFORMED_CERT: { error: 'malformed certificate' },
};

describe("Go's lines per finding", () => {
  it('the wording Go prints, from the evidence', () => {
    expect(goLine('MISSING_INTERMEDIATE', {})).toBe('x509: certificate signed by unknown authority');
    expect(goLine('MISSING_INTERMEDIATE', {}, { verifyPrefix: true })).toBe('tls: failed to verify certificate: x509: certificate signed by unknown authority');
    expect(goLine('CERT_EXPIRED', EVIDENCE.CERT_EXPIRED!)).toBe('x509: certificate has expired or is not yet valid: current time 2025-01-01T00:00:00Z is after 2024-08-26T07:35:31Z');
    expect(goLine('HOSTNAME_MISMATCH', EVIDENCE.HOSTNAME_MISMATCH!)).toBe('x509: certificate is valid for portal.example, www.portal.example, not proxy.golang.org');
    expect(goLine('HOSTNAME_MISMATCH', { expected: 'a.test', presented: [], legacyCommonName: true })).toBe('x509: certificate relies on legacy Common Name field, use SANs instead');
    expect(goLine('HOSTNAME_MISMATCH', { expected: '10.0.0.1', presented: ['a.test'] })).toBe("x509: cannot validate certificate for 10.0.0.1 because it doesn't contain any IP SANs");
    expect(goLine('TLS_ALERT', EVIDENCE.TLS_ALERT!)).toBe('remote error: tls: certificate required');
    expect(goLine('CONNECT_FAILED', EVIDENCE.CONNECT_FAILED!)).toBe('dial tcp: lookup proxy.golang.org: no such host');
    expect(goLine('PROXY_FAILED', EVIDENCE.PROXY_FAILED!)).toBe('proxyconnect tcp: dial tcp 127.0.0.1:3128: connect: connection refused');
    expect(goLine('PROXY_FAILED', { proxy: 'http://p:1', statusLine: 'HTTP/1.1 407 Proxy Authentication Required' })).toBe('Proxy Authentication Required');
    expect(goLine('CHAIN_MISORDERED', {})).toBeNull(); // Go does not fail on it
    // connection lines never take the verification prefix
    expect(goLine('TLS_ALERT', EVIDENCE.TLS_ALERT!, { verifyPrefix: true })).toBe('remote error: tls: certificate required');
  });

  it.each(Object.keys(GO_LINES) as FindingCode[])('%s: its line is recognised again, bare, prefixed and wrapped', (code) => {
    const spec = GO_LINES[code]!;
    const line = spec.render(EVIDENCE[code] ?? {});
    expect(spec.pattern.test(line)).toBe(true);
    const forms = [line, `go: example.com/m@v1.0.0: Get "https://proxy.golang.org/example.com/m/@v/v1.0.0.mod": ${spec.verify ? GO_VERIFY_PREFIX : ''}${line}`];
    for (const form of forms) {
      const e = explainGoLine(form);
      expect(e.causes.map((c) => c.code)).toContain(code);
      expect(e.error).toBe(line);
    }
    const wrapped = explainGoLine(forms[1]!);
    expect([wrapped.host, wrapped.newerGo]).toEqual(['proxy.golang.org', spec.verify]);
    for (const c of wrapped.causes) expect(c.confirm).toMatch(/^chaindbg (probe proxy\.golang\.org|go)\b/);
  });

  it('"unknown authority" has several causes, each with a way to tell it apart; safe fixes only', () => {
    const e = explainGoLine('x509: certificate signed by unknown authority');
    expect(e.causes.map((c) => c.code)).toEqual(['MISSING_INTERMEDIATE', 'UNKNOWN_ROOT', 'ISSUER_MISMATCH', 'SELF_SIGNED_LEAF', 'INTERCEPTION_SUSPECTED']);
    const root = e.causes.find((c) => c.code === 'UNKNOWN_ROOT')!;
    expect(root.confirm).toBe('chaindbg probe HOST --store system --store mozilla');
    expect(root.fix).toMatch(/never SSL_CERT_FILE pointing at that one certificate/);
    expect(e.causes.find((c) => c.code === 'MISSING_INTERMEDIATE')!.fix).toMatch(/^the server's/);
  });

  it('hostile text: control characters are removed, overlong lines cut', () => {
    const e = explainGoLine('\u001b[31mx509: certificate signed by unknown authority\u0007');
    expect(e.input).toBe('[31mx509: certificate signed by unknown authority');
    expect(e.error).toBe('x509: certificate signed by unknown authority');
    expect(explainGoLine('a'.repeat(100_000)).input.length).toBe(4096);
  });
});

describe('chaindbg explain', () => {
  it('names the findings, the command to confirm and the fix; exit 0; JSON too', async () => {
    const io = memoryIO();
    const line = 'go: github.com/x/y@v1.2.3: Get "https://proxy.golang.org/github.com/x/y/@v/v1.2.3.zip": remote error: tls: certificate required';
    expect(await run(['explain', line], io)).toBe(0);
    expect(io.output).toMatch(/TLS_ALERT\n\s+confirm:\s+chaindbg probe proxy\.golang\.org/);
    const json = memoryIO();
    expect(await run(['explain', line, '--format', 'json'], json)).toBe(0);
    expect(JSON.parse(json.output)).toMatchObject({ schemaVersion: 2, error: 'remote error: tls: certificate required', host: 'proxy.golang.org', causes: [{ code: 'TLS_ALERT' }] });
  });
  it('a line no finding produces is exit 1; no line is exit 2', async () => {
    const io = memoryIO();
    expect(await run(['explain', 'something else'], io)).toBe(1);
    expect(io.output).toMatch(/No chaindbg finding produces this line/);
    const empty = memoryIO();
    expect(await run(['explain', ' '], empty)).toBe(2);
    expect(empty.errors).toMatch(/^chaindbg: explain: give the error line/);
  });
});
