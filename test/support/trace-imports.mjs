// Loaded with `node --import`: reports every package a process resolves, one line on stderr each
// ("chaindbg-import ink"), so a test can prove which commands never load Ink or React. The built CLI is an esbuild
// bundle (dist/app/, scripts/build.mjs) with packages inside its chunks, so every chunk it loads is reported too
// ("chaindbg-chunk run-ABC123.js"); dist/app/packages.json says which packages each chunk holds.
import { register } from 'node:module';

register(
  `data:text/javascript,${encodeURIComponent(`
export async function resolve(specifier, context, next) {
  if (!specifier.startsWith('.') && !specifier.startsWith('/') && !specifier.startsWith('node:') && !specifier.startsWith('file:') && !specifier.startsWith('data:')) {
    process.stderr.write('chaindbg-import ' + specifier + '\\n');
  }
  const r = await next(specifier, context);
  const m = /\\/dist\\/app\\/([^/]+\\.js)$/.exec(r.url);
  if (m) process.stderr.write('chaindbg-chunk ' + m[1] + '\\n');
  return r;
}`)}`,
);
