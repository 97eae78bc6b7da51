// Loaded with `node --import`: reports every package a process resolves, one line on stderr each
// ("chaindbg-import ink"), so a test can prove which commands never load Ink or React.
import { register } from 'node:module';

register(
  `data:text/javascript,${encodeURIComponent(`
export async function resolve(specifier, context, next) {
  if (!specifier.startsWith('.') && !specifier.startsWith('/') && !specifier.startsWith('node:') && !specifier.startsWith('file:') && !specifier.startsWith('data:')) {
    process.stderr.write('chaindbg-import ' + specifier + '\\n');
  }
  return next(specifier, context);
}`)}`,
);
