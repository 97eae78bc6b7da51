import { readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
// @ts-expect-error: a plain ES module of the build, without types
import { EXTERNALS } from '../../src/build/externals.mjs';

/**
 * What a user installs earns its place: every runtime dependency in package.json is imported somewhere in src/, and
 * the shipped code (everything in src/ but the fuzz and bench tools, which `files` leaves out) imports a package
 * only when the installed chaindbg can find it: a runtime dependency the bundle leaves external
 * (src/build/externals.mjs), or a package the bundle holds (dist/app/packages.json), which is then only a
 * devDependency, so installing chaindbg never fetches what it already ships.
 */

const root = fileURLToPath(new URL('../../', import.meta.url));
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
};

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    if (e.isDirectory()) return sources(p);
    return /\.(ts|tsx|mts)$/.test(e.name) && !e.name.endsWith('.d.ts') ? [p] : [];
  });
}

/** The package a bare specifier names: `@scope/name` or `name` (a subpath such as `ink/build/x` counts as `ink`). */
function packageOf(specifier: string): string | null {
  if (specifier.startsWith('.') || specifier.startsWith('/') || specifier.startsWith('node:')) return null;
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!;
}

/** Specifiers of static imports, re-exports and dynamic import() calls with a literal argument. */
function importedPackages(text: string): string[] {
  const found = [
    ...text.matchAll(/\b(?:import|export)\s[^'"]*?\bfrom\s*['"]([^'"]+)['"]/g),
    ...text.matchAll(/\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)/g),
    ...text.matchAll(/^\s*import\s+['"]([^'"]+)['"]/gm),
  ];
  return found.map((m) => packageOf(m[1]!)).filter((p): p is string => p !== null);
}

const files = sources(join(root, 'src'));
const byPackage = new Map<string, string[]>();
for (const file of files) {
  for (const name of importedPackages(readFileSync(file, 'utf8'))) {
    const list = byPackage.get(name) ?? [];
    list.push(relative(root, file));
    byPackage.set(name, list);
  }
}

describe('runtime dependencies', () => {
  it('reads the sources (the scan itself finds the packages it should)', () => {
    expect(files.length).toBeGreaterThan(50);
    expect(byPackage.get('commander')).toBeDefined();
  });

  it('every dependency in package.json is imported somewhere in src/', () => {
    const unused = Object.keys(pkg.dependencies ?? {}).filter((d) => !byPackage.has(d));
    expect(unused).toEqual([]);
  });

  it('the runtime dependencies are exactly what the bundle leaves external', () => {
    expect(Object.keys(pkg.dependencies ?? {}).sort()).toEqual([...EXTERNALS].sort());
  });

  it('the shipped code imports only externals or packages the bundle holds, and bundled ones are not installed', () => {
    const chunks = JSON.parse(readFileSync(join(root, 'dist', 'app', 'packages.json'), 'utf8')) as Record<string, string[]>;
    const bundled = new Set(Object.values(chunks).flat());
    const runtime = new Set(Object.keys(pkg.dependencies ?? {}));
    const shipped = [...byPackage].filter(([, users]) => users.some((f) => !/^src\/(fuzz|bench)\//.test(f)));
    const unreachable = shipped.map(([name]) => name).filter((name) => !runtime.has(name) && !bundled.has(name));
    expect(unreachable).toEqual([]);
    expect([...bundled].filter((name) => runtime.has(name))).toEqual([]);
    expect(bundled.has('ink') && bundled.has('react') && bundled.has('commander')).toBe(true);
  });
});
