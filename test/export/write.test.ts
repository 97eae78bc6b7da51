import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ExportWriteError, isSystemTrustPath, shellQuote, usageHint, writeBundleFile, type WriteErrorCode } from '../../src/export/index.js';

let dir = '';
beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'chaindbg-write-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function codeOf(p: Promise<unknown>): Promise<WriteErrorCode | 'no error'> {
  try {
    await p;
    return 'no error';
  } catch (e) {
    expect(e).toBeInstanceOf(ExportWriteError);
    return (e as ExportWriteError).code;
  }
}

/** Leftover temporary files of writeBundleFile in a folder. */
const temps = (d: string) => readdirSync(d).filter((n) => n.endsWith('.tmp'));

describe('writeBundleFile', () => {
  it('writes a new file (mode 0644) and leaves no temporary file', async () => {
    const p = path.join(dir, 'bundle.pem');
    await writeBundleFile(p, 'one\n', { force: false });
    expect(readFileSync(p, 'utf8')).toBe('one\n');
    expect(statSync(p).mode & 0o777).toBe(0o644);
    expect(temps(dir)).toEqual([]);
  });

  it('refuses to overwrite without force, replaces with force', async () => {
    const p = path.join(dir, 'existing.pem');
    writeFileSync(p, 'old\n');
    expect(await codeOf(writeBundleFile(p, 'new\n', { force: false }))).toBe('exists');
    expect(readFileSync(p, 'utf8')).toBe('old\n');
    await writeBundleFile(p, 'new\n', { force: true });
    expect(readFileSync(p, 'utf8')).toBe('new\n');
    expect(temps(dir)).toEqual([]);
  });

  it('reports an unwritable folder: a path under a regular file (ENOTDIR, fails even as root) or a missing folder', async () => {
    const f = path.join(dir, 'file.txt');
    writeFileSync(f, 'x');
    const err = await writeBundleFile(path.join(f, 'bundle.pem'), 'x', { force: true }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ExportWriteError);
    expect((err as ExportWriteError).code).toBe('unwritable');
    expect((err as ExportWriteError).errno).toBe('ENOTDIR');
    expect(await codeOf(writeBundleFile(path.join(dir, 'no', 'such', 'b.pem'), 'x', { force: false }))).toBe('unwritable');
  });

  it('never writes into a system trust folder without force, also through a symlink', async () => {
    const target = '/etc/ssl/certs/chaindbg-test-should-not-exist.pem';
    expect(await codeOf(writeBundleFile(target, 'x', { force: false }))).toBe('protected');
    expect(existsSync(target)).toBe(false);
    expect(await codeOf(writeBundleFile('/usr/local/share/ca-certificates/x.crt', 'x', { force: false }))).toBe('protected');
    const link = path.join(dir, 'sslcerts');
    symlinkSync('/etc/ssl/certs', link);
    expect(await codeOf(writeBundleFile(path.join(link, 'chaindbg-test.pem'), 'x', { force: false }))).toBe('protected');
    expect(existsSync('/etc/ssl/certs/chaindbg-test.pem')).toBe(false);
    expect(isSystemTrustPath('/etc/pki/ca-trust/source/anchors/corp.pem')).toBe(true);
    expect(isSystemTrustPath('/Library/Keychains/System.keychain')).toBe(true);
    expect(isSystemTrustPath('/etc/sslx/b.pem')).toBe(false);
    expect(isSystemTrustPath(path.join(dir, 'b.pem'))).toBe(false);
  });

  it('removes the temporary file when the final rename fails (destination is a folder)', async () => {
    const d = path.join(dir, 'crash');
    mkdirSync(path.join(d, 'bundle.pem'), { recursive: true });
    expect(await codeOf(writeBundleFile(path.join(d, 'bundle.pem'), 'x'.repeat(100_000), { force: true }))).toBe('is-directory');
    expect(await codeOf(writeBundleFile(path.join(d, 'bundle.pem'), 'x', { force: false }))).toBe('exists');
    expect(temps(d)).toEqual([]);
    expect(statSync(path.join(d, 'bundle.pem')).isDirectory()).toBe(true);
  });
});

describe('usageHint', () => {
  it('gives one line per kind naming the path', () => {
    // safe fixes: adding to the store, never SSL_CERT_FILE with only the added roots (that drops every public root)
    expect(usageHint('trust', '/tmp/b.pem')).toMatch(/^add it to the system store: sudo cp \/tmp\/b\.pem /);
    expect(usageHint('trust', '/tmp/b.pem')).toContain('SSL_CERT_DIR=/etc/ssl/certs:$(dirname /tmp/b.pem)');
    expect(usageHint('trust', '/tmp/b.pem')).not.toMatch(/(^|; )SSL_CERT_FILE=/);
    expect(usageHint('trust', '/tmp/m.pem', { merged: true })).toMatch(/^SSL_CERT_FILE=\/tmp\/m\.pem go get /);
    expect(usageHint('fullchain', '/srv/fullchain.pem')).toContain('ssl_certificate /srv/fullchain.pem;');
    for (const kind of ['trust', 'fullchain', 'missing', 'sent'] as const) {
      const hint = usageHint(kind, '/x y/b.pem');
      expect(hint).not.toContain('\n');
      expect(hint).toContain("'/x y/b.pem'");
    }
    expect(shellQuote("it's")).toBe(`'it'\\''s'`);
  });
});
