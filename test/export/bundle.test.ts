import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import tls from 'node:tls';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commentSafe, planExport, renderBundle } from '../../src/export/index.js';
import { readCertificates } from '../../src/x509/index.js';
import { makePki } from '../support/pki.js';
import { finding, makeExportPki, NOW, storeOf, verdictOf } from './fixtures.js';

let pki: Awaited<ReturnType<typeof makeExportPki>>;
let dir = '';
beforeAll(async () => {
  pki = await makeExportPki();
  dir = mkdtempSync(path.join(tmpdir(), 'chaindbg-export-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const file = (name: string, text: string | Uint8Array): string => {
  const p = path.join(dir, name);
  writeFileSync(p, text);
  return p;
};
const openssl = (args: string[]): string => execFileSync('openssl', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

describe('renderBundle', () => {
  it('precedes each PEM block with Subject, Issuer, Validity and SHA256 comments', () => {
    const text = renderBundle([pki.leaf.cert, pki.int.cert], NOW);
    const blocks = text.split('-----END CERTIFICATE-----\n').filter((b) => b.trim() !== '');
    expect(blocks).toHaveLength(2);
    const [first] = blocks;
    expect(first).toContain(`# Subject: ${pki.leaf.cert.subject.text}\n`);
    expect(first).toContain(`# Issuer: ${pki.int.cert.subject.text}\n`);
    expect(first).toContain('# Validity: 2024-01-01T00:00:00Z to 2034-01-01T00:00:00Z\n');
    expect(first).toContain(`# SHA256: ${pki.leaf.cert.sha256}\n-----BEGIN CERTIFICATE-----`);
    expect(renderBundle([pki.expired.cert], NOW)).toContain('(EXPIRED at 2025-06-01T00:00:00Z)');
    expect(renderBundle([pki.expired.cert])).not.toContain('EXPIRED');
    // our own reader reads it back, byte for byte
    expect(readCertificates(Buffer.from(text), 'b.pem').map((s) => s.cert.sha256)).toEqual([pki.leaf.cert.sha256, pki.int.cert.sha256]);
  });

  it('is accepted by openssl x509, storeutl and verify -CAfile', () => {
    const bundle = file('pub.pem', renderBundle([pki.root.cert]));
    const chain = file('chain.pem', renderBundle([pki.int.cert]));
    const leaf = file('leaf.pem', renderBundle([pki.leaf.cert]));
    const fp = openssl(['x509', '-in', bundle, '-noout', '-fingerprint', '-sha256']);
    expect(fp.replace(/[^0-9A-F]/gi, '').toLowerCase().endsWith(pki.root.cert.sha256)).toBe(true);
    const two = file('two.pem', renderBundle([pki.leaf.cert, pki.int.cert]));
    expect(openssl(['storeutl', '-noout', '-certs', two])).toContain('Total found: 2');
    expect(openssl(['verify', '-no-CApath', '-no-CAfile', '-CAfile', bundle, '-untrusted', chain, '-attime', String(NOW.getTime() / 1000), leaf])).toContain('OK');
  });

  it('keeps hostile subject text from breaking the PEM structure', async () => {
    const evil = await makePki({ e: { cn: 'x\n-----END CERTIFICATE-----\n-----BEGIN CERTIFICATE-----\nAAAA\u0007' } });
    const text = renderBundle([evil.e.cert, pki.int.cert]);
    expect(text.match(/-----BEGIN/g)).toHaveLength(2);
    expect(text.split('\n').filter((l) => l.startsWith('# Subject:'))).toHaveLength(2);
    expect(readCertificates(Buffer.from(text), 'e.pem')).toHaveLength(2);
    expect(openssl(['storeutl', '-noout', '-certs', file('evil.pem', text)])).toContain('Total found: 2');
    // Controls are shown as the terminal escaping shows them (model/terminal-text.ts): visible, never raw.
    expect(commentSafe('a---b\u0000c\nd\u202e')).toBe('a- - -b\\x00c\\x0ad\\u202e');
    // Mostly the characters that matter (newlines, dashes, C0/C1 controls, line separators) among other text.
    const anyText = fc
      .array(fc.oneof(fc.constantFrom(0, 10, 13, 45, 0x85, 0x2028, 0x2029), fc.integer({ min: 0, max: 0x3000 })), { maxLength: 64 })
      .map((codes) => String.fromCharCode(...codes));
    fc.assert(
      fc.property(anyText, (s) => {
        const out = commentSafe(s);
        return !/[\r\n\u2028\u2029]/.test(out) && !out.includes('--');
      }),
      { numRuns: 300 },
    );
  });
});

describe('exported bundles work for real clients', () => {
  it('a fullchain served by a loopback TLS server validates with openssl s_client and node tls', async () => {
    // The server forgot the intermediate; AIA found it; fullchain is what the server should send.
    const store = storeOf('pub', [pki.root.cert]);
    const plan = planExport('fullchain', {
      sent: [pki.leaf.cert],
      store,
      extra: [pki.int.cert],
      findings: [],
      verdict: verdictOf(store, null, [finding('MISSING_INTERMEDIATE', 'pub')]),
    });
    expect(plan.refused).toBeUndefined();
    const server = tls.createServer({
      cert: renderBundle(plan.certificates, NOW),
      key: pki.leaf.keys.privateKey.export({ type: 'pkcs8', format: 'pem' }) as string,
    });
    server.on('secureConnection', (s) => s.end());
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as AddressInfo).port;
    try {
      const rootFile = file('root.pem', pki.root.pem);
      const out = await new Promise<string>((resolve) => {
        const child = execFile(
          'openssl',
          ['s_client', '-connect', `127.0.0.1:${port}`, '-servername', 'a.example', '-verify_hostname', 'a.example', '-verify_return_error', '-CAfile', rootFile, '-no-CApath', '-showcerts'],
          { timeout: 10_000 },
          (_err, stdout, stderr) => resolve(`${stdout}\n${stderr}`),
        );
        child.stdin?.end();
      });
      expect(out).toContain('Verify return code: 0 (ok)');
      expect(out.match(/-----BEGIN CERTIFICATE-----/g)).toHaveLength(2);

      const authorized = await new Promise<boolean>((resolve, reject) => {
        const socket = tls.connect({ host: '127.0.0.1', port, servername: 'a.example', ca: pki.root.pem }, () => {
          resolve(socket.authorized);
          socket.end();
        });
        socket.on('error', reject);
      });
      expect(authorized).toBe(true);
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  it('a trust bundle (missing intermediate + corporate root) makes openssl verify succeed, and it failed without', () => {
    const store = storeOf('pub', [pki.root.cert]);
    const plan = planExport('trust', {
      sent: [pki.corpLeaf.cert],
      store,
      extra: [pki.corpInt.cert, pki.corp.cert],
      findings: [],
      verdict: verdictOf(store, null, [finding('MISSING_INTERMEDIATE', 'pub'), finding('UNKNOWN_ROOT', 'pub')]),
    });
    expect(plan.refused).toBeUndefined();
    const bundle = file('trust.pem', renderBundle(plan.certificates, NOW));
    const leaf = file('corp-leaf.pem', pki.corpLeaf.pem);
    const attime = String(NOW.getTime() / 1000);
    expect(openssl(['verify', '-no-CApath', '-no-CAfile', '-CAfile', bundle, '-attime', attime, leaf])).toContain(': OK');
    const pubOnly = file('pub-only.pem', pki.root.pem);
    expect(() => openssl(['verify', '-no-CApath', '-no-CAfile', '-CAfile', pubOnly, '-attime', attime, leaf])).toThrow();
  });
});
