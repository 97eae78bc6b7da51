/**
 * What a user installs, installed as a user would: the package is packed from a copy of this checkout (so `prepack`
 * builds it, as for a release, without touching the dist/ other tests run), its contents checked (no test data,
 * under 520 KB, LICENSE and the Mozilla data present), then installed for real with `npm install -g` into a temporary
 * prefix and run through `npx` from the tarball. Dependencies come from a registry on 127.0.0.1 that holds exactly
 * the lockfile's runtime packages (test/support/npm-registry.ts), with an empty cache: nothing leaves loopback, and a
 * dependency missing from package.json or the lockfile fails the install.
 */
import { execFile } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildPki } from '../../src/pki/index.js';
import { startLockfileRegistry, type LoopbackRegistry } from '../support/npm-registry.js';
import { reportOf } from '../support/reports.js';

const run = promisify(execFile);
const root = fileURLToPath(new URL('../../', import.meta.url));
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string; bin: Record<string, string> };
const hasTar = await run('tar', ['--version']).then(
  (r) => r.stdout.includes('GNU tar'),
  () => false,
);

let work: string;
let registry: LoopbackRegistry;
let tarball: string;
let files: Array<{ path: string; size: number }>;
let tarballBytes: number;
let copy: string;
let env: NodeJS.ProcessEnv;

/** npm with a private cache and the loopback registry; no update check, audit or funding calls. */
const npm = (args: string[], cwd: string): Promise<{ stdout: string; stderr: string }> =>
  run('npm', args, { cwd, env, maxBuffer: 16 * 1024 * 1024, timeout: 240_000 });

beforeAll(async () => {
  if (!hasTar) return;
  work = mkdtempSync(join(tmpdir(), 'chaindbg-pack-'));
  copy = join(work, 'src-copy');
  const skip = new Set(['node_modules', '.git', 'dist']);
  cpSync(root, copy, { recursive: true, filter: (src) => !skip.has(relative(root, src).split(/[\\/]/)[0]!) });
  symlinkSync(join(root, 'node_modules'), join(copy, 'node_modules'), 'dir');
  registry = await startLockfileRegistry(root);
  env = {
    PATH: process.env['PATH'],
    HOME: work,
    npm_config_cache: join(work, 'npm-cache'),
    npm_config_registry: registry.url,
    npm_config_update_notifier: 'false',
    npm_config_audit: 'false',
    npm_config_fund: 'false',
    npm_config_userconfig: join(work, 'npmrc'),
    npm_config_globalconfig: join(work, 'npmrc-global'),
  };
  writeFileSync(join(work, 'npmrc'), '');
  writeFileSync(join(work, 'npmrc-global'), '');
  const packed = await npm(['pack', '--json', '--pack-destination', work], copy);
  const info = (JSON.parse(packed.stdout.slice(packed.stdout.indexOf('['))) as Array<{
    filename: string;
    size: number;
    files: Array<{ path: string; size: number }>;
  }>)[0]!;
  tarball = join(work, info.filename);
  tarballBytes = info.size;
  files = info.files;
}, 300_000);

afterAll(async () => {
  await registry?.close();
  if (work) rmSync(work, { recursive: true, force: true });
});

describe.skipIf(!hasTar)(hasTar ? 'npm pack' : 'npm pack: skipped, GNU tar (which makes the loopback registry\'s tarballs) is not on PATH', () => {
  it('holds the built CLI, the Mozilla data, LICENSE and the user docs, and no test data', () => {
    const paths = files.map((f) => f.path);
    for (const target of Object.values(pkg.bin)) expect(paths).toContain(target.replace(/^\.\//, ''));
    expect(paths).toContain('LICENSE');
    expect(paths).toContain('certs/mozilla/roots.json');
    expect(paths).toContain('docs/troubleshooting.md');
    const testData = paths.filter((p) =>
      /^(test|src)\/|^certs\/(limbo|reference)\/|certdata.*\.txt$|^dist\/(bench|fuzz)\/|\.test\.|\.tsbuildinfo$/.test(p),
    );
    expect(testData).toEqual([]);
    expect(readFileSync(join(root, 'LICENSE'), 'utf8')).toMatch(/Apache License\s+Version 2\.0, January 2004/);
  });

  it('ships a package.json without `prepare` (nothing for npm to run on install), and leaves the checkout as it was', async () => {
    const shipped = JSON.parse((await run('tar', ['-xzOf', tarball, 'package/package.json'])).stdout) as { scripts?: Record<string, string> };
    expect(shipped.scripts?.['prepare']).toBeUndefined();
    expect(readFileSync(join(copy, 'package.json'), 'utf8')).toBe(readFileSync(join(root, 'package.json'), 'utf8'));
    expect(existsSync(join(copy, '.package.json.prepack'))).toBe(false);
  });

  // Issue 16 asked for 400 KB, counting Ink and React as installed dependencies. The bundle (issue 14) ships them
  // inside dist/app/ instead, where Ink's chunk with yoga's embedded wasm alone is ~143 KB gzipped and the Mozilla
  // roots' DER ~140 KB: 400 KB cannot hold both. In exchange the install fetches two packages' trees (asn1js, pkijs)
  // instead of fifty. The bound below keeps the tarball from growing unnoticed. It was 480 KB at 471 KB; issues 13
  // and 20 then added product code, not waste (`npm pack --dry-run --json` and esbuild's metafile: ~35 KB minified of
  // new modules, chiefly Go's lines and `explain` (go-lines, go-line-match), Go's name and chain rules (go-names,
  // go-checks, go-release), the whole-connection verdict, Go's proxy rules, and docs/go-verdict.md plus longer
  // findings and commands docs). Measured 494,128 bytes (482.5 KB). Issue 18's module routes (cmd/go's route rules,
  // git's CA settings, the hop-by-hop walk, their docs) brought it to 519,106 bytes (507 KB); the bound is that plus
  // a small margin.
  it('is under 520 KB', () => {
    expect(tarballBytes).toBeLessThan(520 * 1024);
  });

  it('installs globally into a prefix and runs: --version and a verify (a file store, and the shipped Mozilla store)', async () => {
    const prefix = join(work, 'prefix');
    const installed = await npm(['install', '-g', '--prefix', prefix, tarball], work);
    expect(registry.misses).toEqual([]);
    // The tarball carries its built output: no lifecycle script of ours runs (npm 11 warns about those on -g).
    expect(installed.stderr).not.toMatch(/install-scripts|chaindbg@[^ ]+ \(prepare/);
    const bin = process.platform === 'win32' ? join(prefix, 'chaindbg.cmd') : join(prefix, 'bin', 'chaindbg');
    expect(existsSync(bin)).toBe(true);
    const version = await run(bin, ['--version'], { env });
    expect(version.stdout.trim()).toBe(pkg.version);

    const pki = await buildPki({
      now: new Date('2025-06-01T00:00:00Z'),
      nodes: {
        root: { subject: { CN: 'Pack Root' }, ca: true },
        int: { subject: { CN: 'Pack Intermediate' }, issuer: 'root', ca: true },
        leaf: { subject: { CN: 'pack.test' }, issuer: 'int', sans: ['pack.test'], eku: ['serverAuth'] },
      },
    });
    writeFileSync(join(work, 'chain.pem'), pki.chainPem(['leaf', 'int']));
    writeFileSync(join(work, 'root.pem'), pki.pem('root'));
    const ok = await run(bin, ['verify', 'chain.pem', '--store', 'root.pem', '--host', 'pack.test', '--at', '2025-06-01', '--format', 'json'], {
      cwd: work,
      env,
    });
    const report = reportOf(ok.stdout);
    expect(report.stores.map((s) => s.trusted)).toEqual([true]);

    const ref = (n: string): string => join(root, 'certs', 'reference', `${n}.pem`);
    const mozilla = await run(
      bin,
      ['verify', ref('leaf-www.google.com-wr2-2024'), ref('gts-wr2'), '--store', 'mozilla', '--host', 'www.google.com', '--at', '2024-08-01', '--format', 'json'],
      { cwd: work, env },
    );
    const viaMozilla = reportOf(mozilla.stdout);
    expect(viaMozilla.stores[0]).toMatchObject({ trusted: true, description: expect.stringMatching(/^mozilla \(NSS /) });
    expect(viaMozilla.stores[0]!.path).toHaveLength(3); // leaf, WR2, and GTS Root R1 from the shipped store
  }, 300_000);

  it('runs through npx from the tarball', async () => {
    const r = await npm(['exec', '--yes', `--package=${tarball}`, '--', 'chaindbg', '--version'], work);
    expect(r.stdout.trim()).toBe(pkg.version);
    expect(registry.misses).toEqual([]);
  }, 300_000);
});
