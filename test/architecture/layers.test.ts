import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/**
 * The layer rule of docs/architecture.md, checked from the imports themselves (type-only imports included, since
 * they tie the vocabulary as much as value imports do):
 *
 *   model -> core (x509 -> ocsp -> path -> diagnose) -> adapters (net, capture, trust, aia, goenv, diff, export)
 *         -> session -> faces (report, cli, tui, lab) -> tools (fuzz, bench)
 *
 * A file may import its own folder and any folder of a lower rank, or of the same rank (adapters use net, faces
 * use each other), never a higher one; and the import graph between files has no circle.
 */
const RANK: Record<string, number> = {
  model: 0,
  util: 1,
  pki: 1,
  x509: 2,
  ocsp: 3,
  path: 4,
  diagnose: 5,
  net: 6,
  capture: 7,
  trust: 7,
  aia: 7,
  goenv: 7,
  diff: 7,
  export: 7,
  session: 8,
  report: 9,
  cli: 9,
  tui: 9,
  lab: 9,
  fuzz: 10,
  bench: 10,
};

const SRC = resolve(dirname(fileURLToPath(import.meta.url)), '../../src');

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...sourceFiles(p));
    else if (/\.tsx?$/.test(name) && !name.endsWith('.d.ts')) out.push(p);
  }
  return out;
}

const IMPORT = /(?:^|[;\s])(?:import|export)\s(?:[^'";]*?\sfrom\s*)?['"](\.[^'"]+)['"]|import\(\s*['"](\.[^'"]+)['"]\s*\)/g;

/** Every project file each file imports, resolved to its path under src/. */
function importGraph(): Map<string, string[]> {
  const files = sourceFiles(SRC);
  const known = new Set(files);
  const graph = new Map<string, string[]>();
  for (const file of files) {
    const text = readFileSync(file, 'utf8');
    const targets: string[] = [];
    for (const m of text.matchAll(IMPORT)) {
      const stem = resolve(dirname(file), (m[1] ?? m[2])!).replace(/\.js$/, '');
      const hit = [`${stem}.ts`, `${stem}.tsx`].find((c) => known.has(c));
      if (hit) targets.push(hit);
    }
    graph.set(file, targets);
  }
  return graph;
}

const folderOf = (file: string) => relative(SRC, file).split(/[\\/]/)[0]!;
const short = (file: string) => relative(SRC, file).replaceAll('\\', '/');

/** Strongly connected components with more than one file (Tarjan), or a file importing itself. */
function circles(graph: Map<string, string[]>): string[][] {
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (v: string) => {
    index.set(v, counter);
    low.set(v, counter);
    counter++;
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        component.push(short(w));
      } while (w !== v);
      if (component.length > 1 || (graph.get(v) ?? []).includes(v)) found.push(component.sort());
    }
  };
  for (const v of graph.keys()) if (!index.has(v)) visit(v);
  return found;
}

describe('the layer rule, from the imports', () => {
  const graph = importGraph();

  it('reads the imports it checks (the scan is not empty)', () => {
    const edges = [...graph.values()].reduce((n, t) => n + t.length, 0);
    expect(graph.size).toBeGreaterThan(100);
    expect(edges).toBeGreaterThan(300);
    // A known edge of each kind: a relative value import, a type import and a lazy import().
    expect(graph.get(join(SRC, 'session/report.ts'))!.map(short)).toContain('diagnose/index.ts');
    expect(graph.get(join(SRC, 'model/report.ts'))!.map(short)).toContain('model/finding.ts');
    expect(graph.get(join(SRC, 'cli/run.ts'))!.map(short)).toContain('cli/commands/lab.ts');
  });

  it('gives every folder of src/ a layer', () => {
    const folders = [...new Set([...graph.keys()].map(folderOf))].filter((f) => !f.includes('.'));
    expect(folders.filter((f) => RANK[f] === undefined)).toEqual([]);
  });

  it('has no import from a lower layer to a higher one', () => {
    const upward: string[] = [];
    for (const [file, targets] of graph) {
      const from = folderOf(file);
      for (const target of targets) {
        const to = folderOf(target);
        if (from !== to && (RANK[to] ?? Infinity) > (RANK[from] ?? -Infinity)) upward.push(`${short(file)} -> ${short(target)}`);
      }
    }
    expect(upward).toEqual([]);
  });

  it('model imports nothing but model', () => {
    const outside = [...graph]
      .filter(([file]) => folderOf(file) === 'model')
      .flatMap(([file, targets]) => targets.filter((t) => folderOf(t) !== 'model').map((t) => `${short(file)} -> ${short(t)}`));
    expect(outside).toEqual([]);
    // Nor any package: the vocabulary is plain types and tables.
    const packages = sourceFiles(join(SRC, 'model')).filter((f) => /from\s*['"][^.'"]/.test(readFileSync(f, 'utf8')));
    expect(packages.map(short)).toEqual([]);
  });

  it('has no circle in the import graph', () => {
    expect(circles(graph)).toEqual([]);
  });

  it('would notice a circle and an upward import (the checks are not vacuous)', () => {
    const a = join(SRC, 'x509/a.ts');
    const b = join(SRC, 'x509/b.ts');
    expect(circles(new Map([[a, [b]], [b, [a]]]))).toEqual([['x509/a.ts', 'x509/b.ts']]);
    expect(RANK[folderOf(join(SRC, 'path/x.ts'))]! < RANK[folderOf(join(SRC, 'diagnose/x.ts'))]!).toBe(true);
  });
});

describe('the CLI commands are faces over the session', () => {
  /** What only the session (or below) may call: store loading, AIA, probing, analysis, report building. */
  const PIPELINE = [
    'loadStore',
    'loadStores',
    'loadReference',
    'listStores',
    'fetchIssuers',
    'fetchMissingIssuers',
    'completeWithAia',
    'probeAndParse',
    'analyzeChain',
    'analyzeToReport',
    'captureToReport',
    'buildReport',
    'makeBundle',
    'forChain',
  ];
  const commands = sourceFiles(join(SRC, 'cli/commands'));

  it('no command loads stores, fetches AIA, probes or builds a report itself', () => {
    expect(commands.length).toBeGreaterThanOrEqual(10);
    const calls = commands.flatMap((file) => {
      const text = readFileSync(file, 'utf8');
      // A direct call; `session.forChain(...)` is the session's and fine.
      return PIPELINE.filter((name) => new RegExp(`(?<![.\\w])${name}\\s*\\(`).test(text)).map((name) => `${short(file)}: ${name}()`);
    });
    expect(calls).toEqual([]);
    // The pattern sees a direct call and lets a session method through.
    const direct = (name: string, text: string) => new RegExp(`(?<![.\\w])${name}\\s*\\(`).test(text);
    expect(direct('loadStores', 'const s = await loadStores(opts.store, io, now);')).toBe(true);
    expect(direct('forChain', 'await session.forChain(chain, host)')).toBe(false);
  });

  it('no command imports the core or the AIA adapter directly', () => {
    const direct = commands.flatMap((file) =>
      (importGraph().get(file) ?? [])
        .filter((t) => ['aia', 'diagnose', 'path', 'ocsp', 'x509'].includes(folderOf(t)))
        .map((t) => `${short(file)} -> ${short(t)}`),
    );
    expect(direct).toEqual([]);
  });
});
