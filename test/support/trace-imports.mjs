// Loaded with `node --import`: reports every package a process resolves, one line on stderr each
// ("chaindbg-import ink"), by import or require, so a test can prove which commands never load Ink or React. The
// built CLI is an esbuild bundle (dist/app/, src/build/bundle.mjs) with packages inside its chunks, so every chunk it
// loads is reported too ("chaindbg-chunk run-ABC123.js"); dist/app/packages.json says which packages each chunk holds.
import Module, { register } from 'node:module';

// Packages loaded through require() (src/util/lazy-*.ts load asn1js and pkijs that way) bypass the resolve hook.
const load = Module._load;
Module._load = function (request, ...rest) {
  if (!request.startsWith('.') && !request.startsWith('/') && !request.startsWith('node:') && !Module.isBuiltin(request)) {
    process.stderr.write(`chaindbg-import ${request}\n`);
  }
  return load.call(this, request, ...rest);
};

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
