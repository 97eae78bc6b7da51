import { readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseCertificate } from '../x509/parse.js';
import { parseCertdata } from './certdata.js';
import { MOZILLA_DATA_SCHEMA_VERSION, type MozillaData, type MozillaRootRecord } from './mozilla-data.js';

/**
 * Generates `certs/mozilla/roots.json` from NSS's certdata.txt. Deterministic: roots sorted by label then sha256,
 * keys in a fixed order, two-space JSON with a final newline, so regenerating from the same input is byte-identical.
 *
 *   npx tsc -p src && node dist/trust/mozilla-generate.js certs/mozilla/certdata-NSS_3_123_1.txt [--nss 3.123.1] [--out FILE]
 */

export function generateMozillaData(certdataText: string, nssVersion: string, sourceName = 'certdata.txt'): MozillaData {
  const { roots, problems } = parseCertdata(certdataText);
  const records: MozillaRootRecord[] = roots.map((r) => {
    // Parsed here, at build time, so every shipped root is known to parse and its index fields are exact.
    const cert = parseCertificate(r.der);
    return {
      label: r.label,
      sha256: r.sha256,
      serverAuth: r.serverAuth === 'trusted-delegator',
      emailProtection: r.emailProtection === 'trusted-delegator',
      serverDistrustAfter: r.serverDistrustAfter?.toISOString() ?? null,
      emailDistrustAfter: r.emailDistrustAfter?.toISOString() ?? null,
      subject: Buffer.from(cert.subject.der).toString('hex'),
      spkiSha256: cert.publicKey.spkiSha256,
      der: Buffer.from(r.der).toString('base64'),
    };
  });
  records.sort((a, b) => compareText(a.label, b.label) || compareText(a.sha256, b.sha256));
  return {
    schemaVersion: MOZILLA_DATA_SCHEMA_VERSION,
    nssVersion,
    source: sourceName,
    counts: {
      roots: records.length,
      serverAuth: records.filter((r) => r.serverAuth).length,
      emailProtection: records.filter((r) => r.emailProtection).length,
      serverDistrustAfter: records.filter((r) => r.serverDistrustAfter !== null).length,
    },
    problems,
    roots: records,
  };
}

/** The exact bytes of roots.json for the data. */
export function renderMozillaData(data: MozillaData): string {
  return JSON.stringify(data, null, 2) + '\n';
}

/** "certdata-NSS_3_123_1.txt" -> "3.123.1"; null when the name does not say. */
export function nssVersionFromFileName(name: string): string | null {
  const m = /NSS_(\d+(?:_\d+)*)/.exec(basename(name));
  return m ? m[1]!.replaceAll('_', '.') : null;
}

/** Code-point order, independent of locale. */
function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function main(argv: string[]): number {
  const args = [...argv];
  const take = (flag: string): string | undefined => {
    const i = args.indexOf(flag);
    if (i < 0) return undefined;
    const v = args[i + 1];
    args.splice(i, 2);
    return v;
  };
  const nss = take('--nss');
  const out = take('--out');
  const input = args[0];
  if (!input || args.length > 1) {
    process.stderr.write('usage: mozilla-generate <certdata.txt> [--nss VERSION] [--out roots.json]\n');
    return 2;
  }
  const version = nss ?? nssVersionFromFileName(input);
  if (!version) {
    process.stderr.write(`mozilla-generate: cannot tell the NSS version from "${input}": pass --nss\n`);
    return 2;
  }
  const data = generateMozillaData(readFileSync(input, 'utf8'), version, basename(input));
  const target = out ?? join(dirname(input), 'roots.json');
  writeFileSync(target, renderMozillaData(data));
  process.stderr.write(`wrote ${target}: ${data.counts.roots} roots, ${data.counts.serverAuth} trusted for websites\n`);
  return 0;
}

// Runs only when executed as a script, never on import.
if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = main(process.argv.slice(2));
}
