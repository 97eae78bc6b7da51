import { basename, join } from 'node:path';
import { StoreBuilder } from './assemble.js';
import { parseCertdata } from './certdata.js';
import { nssVersionFromFileName } from './mozilla-generate.js';
import type { MozillaData } from './mozilla-data.js';
import type { TrustStore } from '../model/store.js';

/**
 * Pure: the `mozilla` store from the shipped roots.json (already parsed and validated). Indexed from the file's
 * precomputed fields: no certificate is decoded or parsed until a path or a listing reaches it.
 */
export function storeFromMozillaData(data: MozillaData, name: string, path: string): TrustStore {
  const b = new StoreBuilder(name, 'mozilla');
  for (const r of data.roots) {
    const extras: { serverAuth: boolean; label: string; distrustAfter?: Date } = { serverAuth: r.serverAuth, label: r.label };
    if (r.serverDistrustAfter) extras.distrustAfter = new Date(r.serverDistrustAfter);
    const der = r.der;
    b.addIndexed(() => new Uint8Array(Buffer.from(der, 'base64')), { sha256: r.sha256, subjectHex: r.subject, spkiSha256: r.spkiSha256 }, `${data.source}:${r.label}`, path, extras);
  }
  b.sources.push({ path, certificates: b.anchors.length });
  b.problems.push(...data.problems);
  const tls = b.anchors.filter((a) => a.serverAuth).length;
  Object.assign(b.meta, { nssVersion: data.nssVersion, certdata: data.source, serverAuthRoots: String(tls) });
  return b.build(`mozilla (NSS ${data.nssVersion}): ${b.anchors.length} roots, ${tls} trusted for websites, from ${data.source}`);
}

/** Pure: a store from any certdata.txt text, parsed now (`certdata:PATH`). */
export function storeFromCertdata(text: string, name: string, path: string): TrustStore {
  const { roots, problems } = parseCertdata(text);
  const b = new StoreBuilder(name, 'certdata');
  const source = basename(path);
  for (const r of roots) {
    const extras: { serverAuth: boolean; label: string; distrustAfter?: Date } = {
      serverAuth: r.serverAuth === 'trusted-delegator',
      label: r.label,
    };
    if (r.serverDistrustAfter) extras.distrustAfter = r.serverDistrustAfter;
    b.addCertificate(r.der, `${source}:${r.label}`, path, extras);
  }
  b.sources.push({ path, certificates: b.anchors.length });
  b.problems.push(...problems);
  const tls = b.anchors.filter((a) => a.serverAuth).length;
  const nss = nssVersionFromFileName(path);
  b.meta.certdata = source;
  b.meta.serverAuthRoots = String(tls);
  if (nss) b.meta.nssVersion = nss;
  const version = nss ? `NSS ${nss}` : 'NSS version unknown';
  return b.build(`certdata ${path} (${version}): ${b.anchors.length} roots, ${tls} trusted for websites`);
}

/** Where the shipped data lives for a package root. */
export function mozillaDataFile(packageRoot: string): string {
  return join(packageRoot, 'certs', 'mozilla', 'roots.json');
}
