import type { CliIO } from '../io.js';
import { parseAt, parseFormat } from '../options.js';
import { renderStoresText, storesToJson, BUILTIN_STORES } from '../../trust/index.js';
import { storeListing } from '../../session/stores.js';

export interface StoresCliOptions {
  store?: string[];
  at?: string;
  format?: string;
}

/** chaindbg stores: each store with its source files, count, NSS version and problems. */
export async function storesCommand(opts: StoresCliOptions, io: CliIO): Promise<number> {
  const format = parseFormat(opts.format, ['text', 'json'] as const, 'text');
  const now = parseAt(opts.at, io.now());
  const specs = opts.store && opts.store.length ? opts.store : [...BUILTIN_STORES];
  const listing = await storeListing(specs, { env: io.env, platform: io.platform, cwd: io.cwd, now });
  io.stdout(format === 'json' ? storesToJson(listing) : renderStoresText(listing));
  return listing.stores.some((s) => s.error !== null) ? 2 : 0;
}
