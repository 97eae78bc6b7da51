/**
 * The real binary as a user runs it: startup, one-line errors, and the rule that commands which open no TUI never
 * load Ink or React (traced with a module-resolve hook).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { reportOf } from '../support/reports.js';

const root = new URL('../..', import.meta.url).pathname;
const bin = join(root, 'bin/chaindbg.js');
const trace = join(root, 'test/support/trace-imports.mjs');

function chaindbg(args: string[], opts: { input?: string; env?: Record<string, string> } = {}) {
  const r = spawnSync(process.execPath, ['--import', trace, bin, ...args], {
    cwd: root,
    input: opts.input,
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '', NO_COLOR: '1', ...opts.env },
    timeout: 60_000,
  });
  const lines = r.stderr.split('\n');
  const chunks = lines.filter((l) => l.startsWith('chaindbg-chunk ')).map((l) => l.slice(15));
  // Packages resolved by name, and the packages bundled into the chunks that were loaded.
  const imports = [
    ...lines.filter((l) => l.startsWith('chaindbg-import ')).map((l) => l.slice(16)),
    ...new Set(chunks.flatMap((c) => bundled()[c] ?? [])),
  ];
  const stderr = lines.filter((l) => l && !l.startsWith('chaindbg-import ') && !l.startsWith('chaindbg-chunk ')).join('\n');
  return { code: r.status, stdout: r.stdout, stderr, imports, chunks };
}

let packagesOfChunks: Record<string, string[]> | undefined;
/** Which packages each chunk of the bundle holds (written by src/build/bundle.mjs from esbuild's metafile). */
function bundled(): Record<string, string[]> {
  return (packagesOfChunks ??= JSON.parse(readFileSync(join(root, 'dist/app/packages.json'), 'utf8')) as Record<string, string[]>);
}

const chain = ['certs/reference/leaf-www.google.com-wr2-2024.pem', 'certs/reference/gts-wr2.pem'];

describe('the chaindbg process', () => {
  it('runs the bundle, whose chunk map names Ink and React (so the checks below can see them)', () => {
    const r = chaindbg(['--version']);
    expect(r.chunks).toContain('cli.js');
    const all = Object.values(bundled()).flat();
    expect(all).toContain('ink');
    expect(all).toContain('react');
  });

  it('ships source maps that name the src/ files, for stack traces under --enable-source-maps or CHAINDBG_DEBUG', () => {
    const maps = Object.keys(bundled()).map((c) => JSON.parse(readFileSync(join(root, 'dist/app', `${c}.map`), 'utf8')) as { sources: string[] });
    const sources = maps.flatMap((m) => m.sources);
    expect(sources).toContain('../../src/cli/main.ts');
    expect(sources).toContain('../../src/path/build.ts');
  });

  it('--version loads no package but commander', () => {
    const r = chaindbg(['--version']);
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
    expect(r.imports.filter((i) => i !== 'commander')).toEqual([]);
  });

  it('verify, stores and diff never load Ink, React, asn1js or pkijs', () => {
    for (const args of [
      ['verify', ...chain, '--at', '2024-07-01', '--store', 'certs/reference/gts-root-r1.pem'],
      ['stores', '--store', 'mozilla'],
      ['diff', '--store', 'mozilla', '--store', 'node'],
    ]) {
      const r = chaindbg(args);
      expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(0);
      expect(r.imports.some((i) => i === 'ink' || i === 'react' || i.startsWith('react/'))).toBe(false);
      // The fast DER reader parses these certificates: the reference parser's asn1js and pkijs stay unloaded.
      expect(r.imports.filter((i) => i === 'asn1js' || i === 'pkijs')).toEqual([]);
    }
  });

  it('with no arguments and no terminal, prints the go report instead of mounting the TUI', () => {
    const r = chaindbg([], { env: { GOPROXY: 'off', GOSUMDB: 'off' } });
    expect(r.stdout).toMatch(/Go endpoints/);
    expect(r.imports).not.toContain('ink');
  });

  it('reads a chain from standard input', () => {
    const pem = chain.map((f) => readFileSync(join(root, f), 'utf8')).join('');
    const r = chaindbg(['verify', '-', '--at', '2024-07-01', '--host', 'www.google.com', '--store', 'certs/reference/gts-root-r1.pem', '--format', 'json'], { input: pem });
    expect(r.code).toBe(0);
    expect(reportOf(r.stdout).stores[0]!.trusted).toBe(true);
  });

  it('bad input: one line on stderr, exit 2, never a stack trace', () => {
    const dir = mkdtempSync(join(tmpdir(), 'chaindbg-bad-'));
    const broken = join(dir, 'broken.pem');
    writeFileSync(broken, '-----BEGIN CERTIFICATE-----\nMIIB!!!notbase64\n-----END CERTIFICATE-----\n');
    const empty = join(dir, 'empty.pem');
    writeFileSync(empty, '');
    const garbage = join(dir, 'garbage.der');
    writeFileSync(garbage, Buffer.from([0x30, 0x82, 0xff, 0xff, 0x01, 0x02]));
    for (const args of [
      ['verify', join(dir, 'nope.pem')],
      ['verify', broken],
      ['verify', empty],
      ['verify', garbage],
      ['verify', dir],
      ['verify', chain[0]!, '--format', 'yaml'],
      ['verify', chain[0]!, '--at', 'tomorrow'],
      ['verify', chain[0]!, '--store', join(dir, 'no-store.pem')],
      ['probe', 'exa mple.com'],
      ['export', chain[0]!, '--kind', 'everything'],
      ['lab', 'no-such-scenario', '--once'],
    ]) {
      const r = chaindbg(args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr.split('\n'), `${args.join(' ')}: ${r.stderr}`).toHaveLength(1);
      expect(r.stderr).toMatch(/^chaindbg: /);
      expect(r.stderr).not.toMatch(/\n\s+at |\.js:\d+:\d+/);
    }
  });
});
