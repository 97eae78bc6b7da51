/**
 * Hostile files through the CLI (`run(['verify', ...], memoryIO())`) and through loadStore: each ends in exit code 2
 * with one line on stderr (never a stack trace), or a store that records what it could not read.
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_INPUT_BYTES } from '../../src/cli/inputs.js';
import { memoryIO } from '../../src/cli/io.js';
import { run } from '../../src/cli/run.js';
import { buildPki } from '../../src/pki/index.js';
import { loadStore } from '../../src/trust/index.js';

const NOW = new Date('2025-06-01T00:00:00Z');
let dir: string;
let leafPem: string;
let rootPem: string;
const FOLDER_CERTS = 10_000;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'chaindbg-hostile-files-'));
  // root -> leaf, plus 9,999 distinct CA certificates for the folder: copies of one template whose CN digits are
  // patched ("Folder CA 00000" -> "Folder CA 00017"); their own signatures do not matter to a store.
  const pki = await buildPki({
    now: NOW,
    nodes: {
      root: { subject: { CN: 'Files Root' }, ca: true },
      leaf: { subject: { CN: 'localhost' }, issuer: 'root', sans: ['localhost'], eku: ['serverAuth'] },
      template: { subject: { CN: 'Folder CA 00000' }, ca: true },
    },
  });
  leafPem = pki.pem('leaf');
  rootPem = pki.pem('root');
  writeFileSync(join(dir, 'leaf.pem'), leafPem);
  const folder = join(dir, 'folder');
  mkdirSync(folder);
  writeFileSync(join(folder, 'root.pem'), rootPem);
  const template = Buffer.from(pki.der('template'));
  const marker = Buffer.from('Folder CA 00000');
  for (let i = 1; i < FOLDER_CERTS; i++) {
    const der = Buffer.from(template);
    for (let at = der.indexOf(marker); at >= 0; at = der.indexOf(marker, at + 1)) der.write(String(i).padStart(5, '0'), at + 10, 'latin1');
    writeFileSync(join(folder, `ca${i}.pem`), `-----BEGIN CERTIFICATE-----\n${der.toString('base64').replace(/(.{64})/g, '$1\n')}\n-----END CERTIFICATE-----\n`);
  }
}, 120_000);

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

async function verify(args: string[], env: Record<string, string> = {}) {
  const io = memoryIO({ cwd: dir, env: { ...env, CHAINDBG_DEBUG: '1' }, now: () => NOW });
  const code = await run(['verify', ...args], io);
  if (code === 70) console.log('INTERNAL', io.errors);
  return { code, out: io.output, err: io.errors };
}

function oneLine(err: string): void {
  expect(err.trimEnd().split('\n')).toHaveLength(1);
  expect(err).toMatch(/^chaindbg: /);
  expect(err).not.toMatch(/\n\s+at /);
  expect(err).not.toContain('internal error');
}

describe('hostile input files to verify', () => {
  it('an empty file: exit 2, one line', async () => {
    writeFileSync(join(dir, 'empty.pem'), '');
    const r = await verify(['empty.pem']);
    expect(r.code).toBe(2);
    oneLine(r.err);
  });

  it('a file over MAX_INPUT_BYTES is refused by its size, without reading it (sparse 4 GiB file)', async () => {
    const big = join(dir, 'big.pem');
    writeFileSync(big, '');
    truncateSync(big, 4 * 1024 * 1024 * 1024);
    const t = performance.now();
    const r = await verify(['big.pem']);
    expect(performance.now() - t).toBeLessThan(1000);
    expect(r.code).toBe(2);
    oneLine(r.err);
    expect(r.err).toContain(String(MAX_INPUT_BYTES));
  });

  it('a binary file: exit 2, one line', async () => {
    const bytes = Buffer.alloc(4096);
    for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 7919 + 13) & 0xff;
    writeFileSync(join(dir, 'binary.bin'), bytes);
    writeFileSync(join(dir, 'der-ish.bin'), Buffer.concat([Buffer.from([0x30, 0x82, 0xff, 0xff]), bytes]));
    for (const f of ['binary.bin', 'der-ish.bin']) {
      const r = await verify([f]);
      expect(r.code).toBe(2);
      oneLine(r.err);
    }
  });

  it('a folder, a missing file, a path through a non-directory and a FIFO as input: exit 2, one line each, no hang', async () => {
    execFileSync('mkfifo', [join(dir, 'input.fifo')]);
    for (const f of ['folder', 'missing.pem', '/dev/null/x', 'input.fifo']) {
      const r = await verify([f]);
      expect(r.code).toBe(2);
      oneLine(r.err);
    }
  });
});

describe('hostile stores', () => {
  it(`a folder of ${FOLDER_CERTS} certificates as --store: loads every one and verifies, timed`, async () => {
    const t = performance.now();
    const store = await loadStore(join(dir, 'folder'), { env: {}, platform: 'linux', packageRoot: process.cwd() });
    const loadMs = performance.now() - t;
    expect(store.anchors).toHaveLength(FOLDER_CERTS);
    const t2 = performance.now();
    const r = await verify(['leaf.pem', '--store', 'folder', '--host', 'localhost']);
    const verifyMs = performance.now() - t2;
    if (r.code !== 0) console.log('ERR', r.err);
    expect(r.code).toBe(0);
    // recorded in docs/performance.md
    console.log(`store folder of ${FOLDER_CERTS}: loadStore ${loadMs.toFixed(0)} ms, verify --store ${verifyMs.toFixed(0)} ms`);
    expect(loadMs).toBeLessThan(20_000);
  }, 60_000);

  it('an unreadable entry in a store folder is a problem on the store, not an exception', async () => {
    const folder = join(dir, 'unreadable');
    mkdirSync(folder);
    writeFileSync(join(folder, 'root.pem'), rootPem);
    writeFileSync(join(folder, 'secret.pem'), rootPem);
    chmodSync(join(folder, 'secret.pem'), 0o000);
    mkdirSync(join(folder, 'sub.pem'));
    const store = await loadStore(folder, { env: {}, platform: 'linux', packageRoot: process.cwd() });
    expect(store.anchors.length).toBeGreaterThanOrEqual(1);
    if (process.getuid?.() !== 0) expect(store.problems.join('\n')).toMatch(/secret\.pem/);
    const r = await verify(['leaf.pem', '--store', 'unreadable']);
    expect(r.err).not.toMatch(/\n\s+at /);
    expect([0, 1]).toContain(r.code);
  });

  it('a symlink loop in SSL_CERT_DIR: the system store records it and loads the rest; verify never crashes', async () => {
    const certDir = join(dir, 'certdir');
    const other = join(dir, 'other');
    mkdirSync(certDir);
    mkdirSync(other);
    writeFileSync(join(certDir, 'root.pem'), rootPem);
    // same-directory links are skipped as Go's root_unix.go does (isSameDirSymlink); this loop goes through ../other
    symlinkSync('loop-b.pem', join(certDir, 'loop-a.pem'));
    symlinkSync('loop-a.pem', join(certDir, 'loop-b.pem'));
    symlinkSync('../other/hop.pem', join(certDir, 'far.pem'));
    symlinkSync('../certdir/far.pem', join(other, 'hop.pem'));
    const env = { SSL_CERT_DIR: certDir, SSL_CERT_FILE: join(dir, 'no-such-file.pem') };
    const t = performance.now();
    const store = await loadStore('system', { env, platform: 'linux', packageRoot: process.cwd() });
    expect(performance.now() - t).toBeLessThan(2000);
    expect(store.anchors.map((a) => a.cert.subject.text)).toContain('CN=Files Root');
    expect(Number(store.meta['sameDirSymlinksSkipped'])).toBe(2);
    expect(store.problems.join('\n')).toMatch(/far\.pem/);
    const r = await verify(['leaf.pem', '--store', 'system', '--host', 'localhost'], env);
    expect(r.err).not.toMatch(/\n\s+at /);
    expect(r.code).toBe(0);
  });

  it('a symlink loop given as the store itself: exit 2, one line', async () => {
    symlinkSync('loop2', join(dir, 'loop1'));
    symlinkSync('loop1', join(dir, 'loop2'));
    const r = await verify(['leaf.pem', '--store', 'loop1']);
    expect(r.code).toBe(2);
    oneLine(r.err);
  });
});

describe('standard input is bounded too', () => {
  it('an endless pipe into `verify -` is refused after 16 MiB: chaindbg stops reading (it used to read until memory ran out)', async () => {
    const { spawn } = await import('node:child_process');
    const bin = new URL('../../bin/chaindbg.js', import.meta.url).pathname;
    const child = spawn(process.execPath, [bin, 'verify', '-'], { env: { PATH: process.env.PATH ?? '', NO_COLOR: '1' } });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const block = Buffer.alloc(1 << 20, 0x41);
    let written = 0;
    const cap = 256 << 20; // what a reader without a limit would swallow before this writer gives up
    child.stdin.on('error', () => {}); // EPIPE once chaindbg stops reading: the point of the test
    await new Promise<void>((resolve) => {
      const write = (): void => {
        while (written < cap && !child.stdin.destroyed) {
          written += block.length;
          if (!child.stdin.write(block)) return void child.stdin.once('drain', write);
        }
        child.stdin.end();
        resolve();
      };
      child.stdin.once('close', resolve);
      write();
    });
    const code = await new Promise<number | null>((resolve) => child.once('close', resolve));
    expect(code).toBe(2);
    expect(stderr).toBe(`chaindbg: standard input is over ${16 * 1024 * 1024} bytes\n`);
    expect(written).toBeLessThan(64 << 20);
  }, 60_000);
});
