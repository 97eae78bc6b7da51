import { execFile } from 'node:child_process';
import { isAbsolute, resolve } from 'node:path';
import * as tls from 'node:tls';
import { StoreBuilder } from './assemble.js';
import type { ExecResult, StoreContext, StoreFs } from './context.js';
import { StoreError } from './errors.js';
import { validateMozillaData } from './mozilla-data.js';
import { mozillaDataFile, storeFromCertdata, storeFromMozillaData } from './mozilla.js';
import { describeFsError, nodeStoreFs } from './node-fs.js';
import { storeFromNodeRoots } from './node-store.js';
import { readCertificateDirectory, readCertificateFile } from './read-source.js';
import { STORE_LIMITS } from './context.js';
import { loadDarwinSystemStore } from './system-darwin.js';
import { loadUnixSystemStore, unixRootLocations } from './system-linux.js';
import { loadWindowsSystemStore } from './system-windows.js';
import type { TrustStore } from '../model/store.js';

/** The store names that are not paths (the SPEC grammar is model/store-spec.ts). */
export { BUILTIN_STORES } from '../model/store-spec.js';
import { CERTDATA_PREFIX, splitStoreName } from '../model/store-spec.js';

/**
 * Load a trust store from its SPEC:
 *   system          the roots Go's crypto/x509 uses on ctx.platform (honouring SSL_CERT_FILE / SSL_CERT_DIR in ctx.env)
 *   mozilla         Mozilla's root store shipped as certs/mozilla/roots.json, with trust bits and distrust dates
 *   node            Node's bundled tls.rootCertificates
 *   certdata:PATH   an NSS certdata.txt parsed now
 *   PATH            a PEM/DER file, or a folder of them
 *   NAME=SPEC       any of these, labelled NAME (model/store-label.ts); the store keeps the whole SPEC as its name
 * Unreadable files inside a store, duplicates and certificates that do not parse are problems on the store, never
 * exceptions; a store that cannot be found or read at all throws StoreError (one line).
 */
export async function loadStore(spec: string, ctx: StoreContext): Promise<TrustStore> {
  const named = splitStoreName(spec);
  if (named.name !== null) {
    // Loaded fresh for this SPEC (no loader shares anchors between calls), so renaming them in place is safe and
    // keeps a lazily parsed anchor unparsed.
    const store = await loadStore(named.spec, ctx);
    for (const a of store.anchors) a.store = spec;
    return { ...store, name: spec };
  }
  const fs = ctx.fs ?? nodeStoreFs;
  if (spec === 'system') return loadSystemStore(spec, ctx, fs);
  if (spec === 'mozilla') {
    const path = mozillaDataFile(ctx.packageRoot);
    const data = await readWhole(fs, spec, path);
    let json: unknown;
    try {
      json = JSON.parse(Buffer.from(data).toString('utf8'));
    } catch (err) {
      throw new StoreError(spec, `${path} is not JSON: ${(err as Error).message}`);
    }
    try {
      return storeFromMozillaData(validateMozillaData(json, path), spec, path);
    } catch (err) {
      throw new StoreError(spec, (err as Error).message);
    }
  }
  if (spec === 'node') {
    return storeFromNodeRoots(spec, ctx.nodeRoots ?? tls.rootCertificates, ctx.nodeVersion ?? process.version);
  }
  if (spec.startsWith(CERTDATA_PREFIX)) {
    const path = resolvePath(ctx, spec.slice(CERTDATA_PREFIX.length));
    if (path === null) throw new StoreError(spec, 'certdata: needs a path');
    const text = Buffer.from(await readWhole(fs, spec, path)).toString('utf8');
    let store: TrustStore;
    try {
      store = storeFromCertdata(text, spec, path);
    } catch (err) {
      throw new StoreError(spec, (err as Error).message);
    }
    // A file with no NSS certificate object is not a certdata.txt (a typo, the wrong file): say so, as for an empty PEM.
    if (store.anchors.length === 0) throw new StoreError(spec, 'no NSS certificate objects found: is this a certdata.txt?');
    return store;
  }
  return loadPathStore(spec, ctx, fs);
}

async function loadSystemStore(spec: string, ctx: StoreContext, fs: StoreFs): Promise<TrustStore> {
  if (ctx.platform === 'darwin') return loadDarwinSystemStore(spec, ctx.exec ?? defaultExec);
  if (ctx.platform === 'win32') {
    const fromNode = (tls as { getCACertificates?: (type: string) => string[] }).getCACertificates;
    const source =
      ctx.systemCertificates !== undefined ? ctx.systemCertificates : fromNode ? () => fromNode('system') : null;
    return loadWindowsSystemStore(spec, source);
  }
  const where = unixRootLocations(ctx.platform);
  if (where) return loadUnixSystemStore(spec, ctx, fs, where);
  const b = new StoreBuilder(spec, 'system');
  b.problems.push(`Go's system roots on ${ctx.platform} are not supported here`);
  return b.build(`Go's system roots on ${ctx.platform}: not supported`);
}

async function loadPathStore(spec: string, ctx: StoreContext, fs: StoreFs): Promise<TrustStore> {
  const path = resolvePath(ctx, spec);
  if (path === null) throw new StoreError(spec, 'empty store name');
  let kind;
  try {
    kind = (await fs.stat(path)).kind;
  } catch (err) {
    throw new StoreError(spec, describeFsError(err));
  }
  if (kind === 'directory') {
    const b = new StoreBuilder(spec, 'folder');
    const dir = await readCertificateDirectory(fs, path, 'pem-or-der');
    if (dir.error !== undefined) throw new StoreError(spec, dir.error);
    b.addDirectory(dir);
    b.meta.sameDirSymlinksSkipped = String(dir.skippedSameDirSymlinks);
    const store = b.build(`folder ${path}: ${dir.files.length} files, ${b.anchors.length} roots`);
    if (store.anchors.length === 0) store.problems.push(`${path}: no certificate in any file`);
    return store;
  }
  const read = await readCertificateFile(fs, path, 'pem-or-der');
  if (read.certs.length === 0) throw new StoreError(spec, read.error ?? 'no certificate found');
  const b = new StoreBuilder(spec, 'file');
  b.addFile(read);
  return b.build(`file ${path}: ${b.anchors.length} root${b.anchors.length === 1 ? '' : 's'}`);
}

function resolvePath(ctx: StoreContext, p: string): string | null {
  if (p === '') return null;
  return isAbsolute(p) ? p : resolve(ctx.cwd ?? process.cwd(), p);
}

async function readWhole(fs: StoreFs, spec: string, path: string): Promise<Uint8Array> {
  try {
    return await fs.readFile(path, STORE_LIMITS.maxFileBytes);
  } catch (err) {
    throw new StoreError(spec, `${path}: ${describeFsError(err, STORE_LIMITS.maxFileBytes)}`);
  }
}

function defaultExec(command: string, args: string[]): Promise<ExecResult> {
  return new Promise((done) => {
    execFile(command, args, { maxBuffer: STORE_LIMITS.maxFileBytes, encoding: 'utf8' }, (err, stdout, stderr) => {
      const code = err ? (typeof (err as { code?: unknown }).code === 'number' ? (err as { code: number }).code : 1) : 0;
      done({ code, stdout, stderr: err && !stderr ? err.message : stderr });
    });
  });
}
