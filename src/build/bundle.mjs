// The production build: esbuild bundles src/ into dist/app/ (one entry per face, shared code split into chunks,
// source maps naming the src/ files). Type checking stays with tsc (`npm run typecheck`); the bench and the fuzzer
// are dev tools compiled by tsc (`npm run bench`, `npm run fuzz`).
//
//   node src/build/bundle.mjs
import { build } from 'esbuild';
import { EXTERNALS } from './externals.mjs';
import { rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const outdir = join(root, 'dist', 'app');
rmSync(outdir, { recursive: true, force: true });

/**
 * Ink imports its React DevTools bridge (devtools.js: ws and react-devtools-core) only when DEV=true; neither is
 * installed, so that chunk (49 KB) would ship for nothing. It resolves to an empty module instead.
 */
const noInkDevtools = {
  name: 'no-ink-devtools',
  setup(b) {
    b.onResolve({ filter: /^\.\/devtools\.js$/ }, (args) =>
      args.importer.includes(`${'node_modules'}/ink/`) ? { path: 'ink-devtools', namespace: 'empty' } : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: 'empty' }, () => ({ contents: 'export {};', loader: 'js' }));
  },
};

const result = await build({
  absWorkingDir: root,
  // One entry per face. The CLI reaches the others through dynamic imports, which become their own chunks.
  entryPoints: { cli: 'src/cli/main.ts' },
  outdir,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20.19',
  minify: true,
  sourcemap: 'linked',
  sourcesContent: false,
  // Ink, React and commander are bundled with our code: resolving and loading their hundreds of ES modules one by
  // one is most of the TUI's start-up. The externals (externals.mjs) stay in node_modules.
  external: EXTERNALS,
  // Bundled CommonJS (React, commander) calls require() for node built-ins.
  banner: { js: "import { createRequire as __chaindbgRequire } from 'node:module'; const require = __chaindbgRequire(import.meta.url);" },
  // Flat: src/util/package-root.ts finds the package two folders up from the code.
  // React's and the reconciler's production builds only: the development builds (chosen at run time by NODE_ENV)
  // would double the TUI chunk that every TUI start compiles. src/ reads NODE_ENV nowhere else.
  // `fetch` too: yoga-layout's Emscripten loader tests `typeof fetch` before it instantiates its embedded wasm, and
  // touching Node's global fetch loads undici (~30 ms of every TUI start). No code in the bundle calls the global
  // fetch (src/aia fetches with node:http); the loader then takes its synchronous path, as it would without fetch.
  define: { 'process.env.NODE_ENV': '"production"', fetch: 'undefined' },
  chunkNames: '[name]-[hash]',
  metafile: true,
  logLevel: 'warning',
  legalComments: 'linked',
  plugins: [noInkDevtools],
});

// Which chunk holds which input: test/cli/process.test.ts reads it to prove which faces never load Ink or React.
const chunks = {};
for (const [file, out] of Object.entries(result.metafile.outputs)) {
  if (!file.endsWith('.js')) continue;
  chunks[file.slice('dist/app/'.length)] = Object.keys(out.inputs).filter((i) => i.startsWith('node_modules/')).map((i) => i.split('/').slice(1, i.split('/')[1].startsWith('@') ? 3 : 2).join('/')).filter((v, i, a) => a.indexOf(v) === i).sort();
}
if (process.argv.includes('--metafile')) writeFileSync(join(root, 'dist', 'meta.json'), JSON.stringify(result.metafile));
writeFileSync(join(outdir, 'packages.json'), `${JSON.stringify(chunks, null, 1)}\n`);
