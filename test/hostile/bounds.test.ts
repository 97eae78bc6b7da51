/**
 * Issue 17, items 3, 5 and 7: every input is bounded, and a limit says it is a limit.
 *
 * - PEM: one reader, linear in its input (src/x509/pem.ts). The 1 MiB store file of repeated BEGIN lines that took
 *   18.5 s is refused or reported at once (its time is measured in `npm run bench`, not here); the reader finds
 *   exactly the blocks the old regex found (property test against that regex on small PEM-like texts).
 * - Alert floods: a 127.0.0.1 server answering the ClientHello with an endless stream of warning alerts gives one
 *   alert line with a count, a small JSON document and a small capture file, and says where chaindbg stopped.
 * - DER limits: a valid certificate with 20,000 SANs is refused naming the limit reached and its value.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyzeTranscript, MAX_ALERT_ENTRIES } from '../../src/capture/analyze.js';
import { run } from '../../src/cli/run.js';
import { memoryIO } from '../../src/cli/io.js';
import { buildPki } from '../../src/pki/index.js';
import { loadStore } from '../../src/trust/load.js';
import { decodeCertificateFile } from '../../src/trust/read-source.js';
import { readPemBlocks } from '../../src/x509/pem.js';
import { readCertificates } from '../../src/x509/read.js';
import { repeatedBeginFile } from '../../src/bench/hostile.js';
import { certificate12, rawTlsServer, serverHello12, type Running } from './tls.js';
import { NOW } from './pki.js';
import { reportOf } from '../support/reports.js';

let dir = '';
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'chaindbg-bounds-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('one PEM reader, linear in its input', () => {
  /** What the readers used before: a lazy regex with a back-reference (quadratic on repeated BEGIN lines). */
  const OLD = /-----BEGIN ([A-Z0-9 ]+)-----([\s\S]*?)-----END \1-----/g;

  it('finds exactly the blocks the old regex found (property, on PEM-like texts)', () => {
    const token = fc.constantFrom(
      '-----BEGIN CERTIFICATE-----', '-----END CERTIFICATE-----', '-----BEGIN PRIVATE KEY-----', '-----END PRIVATE KEY-----',
      '-----BEGIN X-----', '-----END X-----', '-----BEGIN ', '-----END ', 'MIIB', '\n', '-', 'CERTIFICATE', '=', ' ',
    );
    fc.assert(
      fc.property(fc.array(token, { maxLength: 30 }), (parts) => {
        const text = parts.join('');
        const old = [...text.matchAll(OLD)].map((m) => ({ label: m[1]!, offset: m.index!, body: m[2]! }));
        const now = readPemBlocks(text).map((b) => ({ label: b.label, offset: b.offset, body: b.body }));
        expect(now).toEqual(old);
      }),
      { numRuns: 3000 },
    );
  });

  it('the 1 MiB repeated-BEGIN file: refused as a store file and as a chain, reported inside a store folder', async () => {
    const data = repeatedBeginFile();
    expect(data.length).toBe(1024 * 1024);
    writeFileSync(join(dir, 'bad.pem'), data);
    mkdirSync(join(dir, 'certs'));
    writeFileSync(join(dir, 'certs', 'bad.pem'), data);
    const ctx = { env: {}, platform: process.platform, packageRoot: dir, cwd: dir };
    await expect(loadStore(join(dir, 'bad.pem'), ctx)).rejects.toThrow(/no certificate found/);
    const folder = await loadStore(join(dir, 'certs'), ctx);
    expect(folder.anchors).toHaveLength(0);
    expect(folder.problems.join('\n')).toMatch(/no certificate/);
    expect(decodeCertificateFile(data, 'bad.pem', 'pem').error).toBe('no PEM certificate found');
    expect(() => readCertificates(data, 'bad.pem')).toThrow('bad.pem: no certificate found (expected PEM or DER)');
    // Every BEGIN with a matching END far away: one block per END, still one pass.
    const tail = Buffer.concat([data, Buffer.from('\n-----END CERTIFICATE-----\n')]);
    expect(decodeCertificateFile(tail, 'tail.pem', 'pem').problems).toEqual(['tail.pem#1: broken base64, block skipped']);
  });
});

describe('alert floods are summarised and capped', () => {
  let server: Running;
  beforeAll(async () => {
    const warning = Buffer.from([0x15, 0x03, 0x03, 0x00, 0x02, 0x01, 0x5a]); // warning user_canceled, forever
    const chunk = Buffer.concat(Array.from({ length: 512 }, () => warning));
    server = await rawTlsServer((sock, _rec, index) => {
      if (index !== 0) return;
      const pump = () => {
        while (!sock.destroyed && sock.write(chunk));
      };
      sock.on('drain', pump);
      pump();
    });
  });
  afterAll(() => server?.close());

  it('probe: one alert line with a count, a bounded JSON document and capture file, and the limit named', async () => {
    const text = memoryIO({ cwd: dir, env: {}, now: () => NOW });
    expect(await run(['probe', `127.0.0.1:${server.port}`, '--store', 'mozilla', '--timeout', '5000'], text)).toBe(3);
    const alertLines = text.output.split('\n').filter((l) => l.includes('alert from server'));
    expect(alertLines).toHaveLength(1);
    expect(alertLines[0]).toMatch(/warning user_canceled \(90\) x\d+ in a row/);
    expect(text.output).toMatch(/TLS_ALERT: peer sent more than 256 alerts: chaindbg stopped reading at its limit/);
    expect(text.output.split('\n').length).toBeLessThan(40);

    const json = memoryIO({ cwd: dir, env: {}, now: () => NOW });
    await run(['probe', `127.0.0.1:${server.port}`, '--store', 'mozilla', '--format', 'json', '--save', 'flood.json'], json);
    expect(json.output.length).toBeLessThan(20_000);
    const alerts = reportOf(json.output).tls!.alerts;
    expect(alerts).toHaveLength(1);
    expect(alerts[0]!.count).toBeGreaterThan(256);
    expect(statSync(join(dir, 'flood.json')).size).toBeLessThan(200_000);
  });

  it('offline: 20,000 alerts in a capture collapse; distinct ones past the cap are counted in a note', () => {
    const same = Buffer.concat(Array.from({ length: 20_000 }, () => Buffer.from([0x15, 0x03, 0x03, 0x00, 0x02, 0x01, 0x5a])));
    const records = [{ dir: 'server' as const, t: 1, data: same.toString('base64') }];
    const a = analyzeTranscript(records, []);
    expect(a.tls.alerts).toEqual([{ from: 'server', level: 'warning', code: 90, name: 'user_canceled', count: 20_000 }]);
    // alternating codes: nothing to collapse, so the cap applies
    const mixed = Buffer.concat(Array.from({ length: 1000 }, (_, i) => Buffer.from([0x15, 0x03, 0x03, 0x00, 0x02, 0x01, i % 2 ? 0x5a : 0x64])));
    const b = analyzeTranscript([{ dir: 'server', t: 1, data: mixed.toString('base64') }], []);
    expect(b.tls.alerts).toHaveLength(MAX_ALERT_ENTRIES);
    expect(b.notes.join('\n')).toContain(`${1000 - MAX_ALERT_ENTRIES} more alerts were read but not kept (limit: ${MAX_ALERT_ENTRIES} alert entries`);
  });
});

describe('limits say they are limits', () => {
  it('a valid certificate with 20,000 SANs is refused naming the node-count limit and its value', async () => {
    const sans = Array.from({ length: 20_000 }, (_, i) => `h${i}.example`);
    const pki = await buildPki({
      now: NOW,
      nodes: {
        root: { subject: { CN: 'Many Root' }, ca: true },
        leaf: { subject: { CN: 'many' }, issuer: 'root', sans, eku: ['serverAuth'] },
      },
    });
    writeFileSync(join(dir, 'many.pem'), pki.pem('leaf'));
    expect(() => readCertificates(pki.der('leaf'), 'many.der')).toThrow(
      /refused: limit reached: more than 10000 nodes \(chaindbg's ASN\.1 node count limit/,
    );
    const io = memoryIO({ cwd: dir, env: {}, now: () => NOW });
    expect(await run(['verify', 'many.pem', '--store', 'mozilla'], io)).toBe(2);
    expect(io.errors).toMatch(/^chaindbg: many\.pem: PEM block 1 \(at byte 0\) is not a valid certificate: refused: limit reached: more than 10000 nodes/);
    expect(io.errors).not.toContain('not DER');
    expect(io.errors.split('\n')).toHaveLength(2);
  });
});

describe('a capture file nesting its saved error deeply', () => {
  /** A capture with no records whose error evidence holds an escape 200,000 objects deep (2.2 MB, under the 16 MiB file limit). */
  const deepCapture = (depth: number) =>
    JSON.stringify({
      format: 'chaindbg-capture',
      version: 1,
      meta: { now: NOW.toISOString() },
      target: { host: '127.0.0.1', port: 443 },
      records: [],
      keylog: [],
      error: { code: 'CONNECT_TIMEOUT', message: 'm', evidence: '@DEEP@' },
    }).replace('"@DEEP@"', `${'{"a":'.repeat(depth)}"\\u001b]0;pwn\\u0007"${'}'.repeat(depth)}`);

  it('is refused with one line naming the depth limit (it crashed JSON output with exit 70)', async () => {
    writeFileSync(join(dir, 'deep.json'), deepCapture(200_000));
    for (const format of ['text', 'json']) {
      const io = memoryIO({ cwd: dir, now: () => NOW });
      const code = await run(['analyze', 'deep.json', '--store', 'mozilla', '--format', format], io);
      expect(code, io.errors).toBe(2);
      expect(io.errors).toMatch(/^chaindbg: capture "deep\.json": not a valid chaindbg capture: error\.evidence is nested deeper than 16 levels \(limit\)\n$/);
    }
  });

  it('a shallow saved error is still read', async () => {
    writeFileSync(join(dir, 'shallow.json'), deepCapture(3));
    const io = memoryIO({ cwd: dir, now: () => NOW });
    const code = await run(['analyze', 'shallow.json', '--store', 'mozilla', '--format', 'json'], io);
    expect(code, io.errors).not.toBe(2);
    const doc = reportOf(io.output);
    expect(doc.target!.host).toBe('127.0.0.1');
    expect(io.output).toContain('\\u001b]0;pwn\\u0007');
  });
});

describe('a handshake cut into one-byte records', () => {
  it('is reassembled in one linear pass: 500 certificates in 200,000 records (it overflowed the stack, and was quadratic)', async () => {
    const pki = await buildPki({ now: NOW, nodes: { root: { subject: { CN: 'Frag Root' }, ca: true } } });
    const der = pki.der('root');
    const stream = Buffer.concat([serverHello12(), certificate12(Array.from({ length: 500 }, () => der))]);
    // Every byte in a record of its own: 6 bytes of wire per byte of handshake.
    const oneByte = Buffer.concat(Array.from(stream, (b) => Buffer.from([0x16, 0x03, 0x03, 0x00, 0x01, b])));
    expect(stream.length).toBeGreaterThan(150_000);
    const a = analyzeTranscript([{ dir: 'server', t: 1, data: oneByte.toString('base64') }], []);
    expect(a.error?.code ?? null).not.toBe('HANDSHAKE_FAILED');
    expect(a.certificates).toHaveLength(500);
    expect(Buffer.from(a.certificates[499]!).equals(Buffer.from(der))).toBe(true);
  });
});
