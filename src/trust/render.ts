import type { StoreListing } from './list.js';
import { terminalJson, terminalSafe } from '../model/terminal-text.js';

/** At most this many source files are listed one per line in text; the JSON always has all of them. */
const MAX_SOURCE_LINES = 8;

/** Pure: the text view of `chaindbg stores`. */
export function renderStoresText(model: StoreListing): string {
  // Paths, names and problems come from the file system and store files: shown escaped (model/terminal-text.ts).
  const listing = terminalSafe(model);
  const out: string[] = [`Trust stores at ${listing.now}`];
  const width = Math.max(...listing.stores.map((s) => s.name.length), 4);
  for (const s of listing.stores) {
    out.push('');
    if (s.error !== null) {
      out.push(`${s.name.padEnd(width)}  unavailable: ${s.error}`);
      continue;
    }
    out.push(`${s.name.padEnd(width)}  ${s.description}`);
    const pad = ' '.repeat(width + 2);
    const trust = s.count === s.serverAuth ? `${s.count} roots` : `${s.count} roots, ${s.serverAuth} trusted for websites`;
    out.push(`${pad}${trust}${s.nssVersion ? `, NSS ${s.nssVersion}` : ''}`);
    const good = s.sources.filter((f) => f.error === undefined);
    if (good.length <= MAX_SOURCE_LINES) {
      for (const f of good) out.push(`${pad}read ${f.path} (${f.certificates} certificates)`);
    } else {
      const certs = good.reduce((n, f) => n + f.certificates, 0);
      for (const f of good.slice(0, 2)) out.push(`${pad}read ${f.path} (${f.certificates} certificates)`);
      out.push(`${pad}read ${good.length - 2} more files (${certs - good[0]!.certificates - good[1]!.certificates} certificates)`);
    }
    // Unreadable sources are among the problems ("path: reason").
    if (s.problems.length > 0) {
      out.push(`${pad}problems (${s.problems.length}):`);
      for (const p of s.problems) out.push(`${pad}  - ${p}`);
    }
  }
  return out.join('\n') + '\n';
}

/** Pure: the JSON document of `chaindbg stores` (key order fixed, schemaVersion first). */
export function storesToJson(listing: StoreListing): string {
  return terminalJson(JSON.stringify(listing, null, 2)) + '\n';
}
