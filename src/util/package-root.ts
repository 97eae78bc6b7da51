import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The installed package's root (where certs/ and docs/ live). Compiled code sits in dist/<domain>/, sources in
 * src/<domain>/: both are two levels below the root.
 */
export function packageRoot(): string {
  return resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
}
