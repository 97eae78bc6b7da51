import { join } from 'node:path';
import { STORE_LIMITS, type FileKind, type StoreFs } from './context.js';
import { describeFsError } from './node-fs.js';
import { readPemBlocks } from '../x509/pem.js';

/**
 * Reading store files. `pem` mode is Go's `CertPool.AppendCertsFromPEM`: only `CERTIFICATE` blocks without headers,
 * anything else skipped (Go's system loader never reads DER). `pem-or-der` is for the user's own stores: a file that
 * starts with a SEQUENCE tag is one DER certificate.
 */
export type ReadMode = 'pem' | 'pem-or-der';

/** One certificate's bytes and where they came from ("file.pem#3" for the third PEM block). */
export interface RawCertificate {
  der: Uint8Array;
  origin: string;
  /** The file path. */
  path: string;
}

export interface FileRead {
  path: string;
  certs: RawCertificate[];
  /** Blocks skipped inside a file that was read (wrong type, headers, broken base64). */
  problems: string[];
  /** Set when the file could not be read at all, or holds no certificate. */
  error?: string;
}


/** Pure: the certificates in one file's bytes. */
export function decodeCertificateFile(bytes: Uint8Array, path: string, mode: ReadMode): FileRead {
  if (mode === 'pem-or-der' && bytes.length > 0 && bytes[0] === 0x30) {
    return { path, certs: [{ der: bytes, origin: path, path }], problems: [] };
  }
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('latin1');
  const certs: RawCertificate[] = [];
  const problems: string[] = [];
  let block = 0;
  // One linear pass (x509/pem.ts): a file of repeated BEGIN lines costs what its size costs.
  for (const m of readPemBlocks(text)) {
    block++;
    const type = m.label;
    const body = m.body.replace(/^\r?\n/, '');
    if (type !== 'CERTIFICATE') {
      problems.push(`${path}#${block}: PEM block "${type}" skipped (Go reads only CERTIFICATE blocks)`);
      continue;
    }
    // Go's pem.Decode reads leading "Key: value" lines as headers (base64 has no colon); AppendCertsFromPEM skips them.
    if (/^[^\r\n]*:/.test(body)) {
      problems.push(`${path}#${block}: PEM block with headers skipped (as Go does)`);
      continue;
    }
    const b64 = body.replace(/\s+/g, '');
    if (b64.length === 0 || b64.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(b64)) {
      problems.push(`${path}#${block}: broken base64, block skipped`);
      continue;
    }
    certs.push({ der: new Uint8Array(Buffer.from(b64, 'base64')), origin: `${path}#${block}`, path });
  }
  const read: FileRead = { path, certs, problems };
  if (block === 0) read.error = mode === 'pem' ? 'no PEM certificate found' : 'no certificate found (expected PEM or DER)';
  return read;
}

/** Read one file, never throwing: errors land in `error`. */
export async function readCertificateFile(fs: StoreFs, path: string, mode: ReadMode): Promise<FileRead> {
  try {
    const bytes = await fs.readFile(path, STORE_LIMITS.maxFileBytes);
    return decodeCertificateFile(bytes, path, mode);
  } catch (err) {
    return { path, certs: [], problems: [], error: describeFsError(err, STORE_LIMITS.maxFileBytes) };
  }
}

export interface DirectoryRead {
  dir: string;
  /** Set when the directory itself could not be listed. */
  error?: string;
  files: FileRead[];
  /** Symlinks to a name in the same directory (OpenSSL's hash links `5ad8a5d6.0 -> GlobalSign_Root_CA.pem`). */
  skippedSameDirSymlinks: number;
  /** Entries beyond the limit, skipped (a problem). */
  skipped: string[];
  /** Subdirectories, skipped: Go does not recurse either (not a problem). */
  subdirectories: string[];
}

/**
 * Read every file of one directory, like Go's loadSystemRoots: not recursive, in name order, skipping symlinks whose
 * target has no slash (Go's isSameDirSymlink: they point to another entry of the same directory, read anyway).
 * Symlinks that loop or dangle show up as files with an error (the OS refuses them; nothing here follows links
 * by hand, so no loop can run away). At most STORE_LIMITS.maxDirectoryEntries entries are read.
 */
export async function readCertificateDirectory(fs: StoreFs, dir: string, mode: ReadMode): Promise<DirectoryRead> {
  const result: DirectoryRead = { dir, files: [], skippedSameDirSymlinks: 0, skipped: [], subdirectories: [] };
  let names: Array<{ name: string; kind: FileKind | null }>;
  try {
    names = (await fs.readdir(dir)).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  } catch (err) {
    result.error = describeFsError(err);
    return result;
  }
  if (names.length > STORE_LIMITS.maxDirectoryEntries) {
    result.skipped.push(`${names.length - STORE_LIMITS.maxDirectoryEntries} entries beyond the limit of ${STORE_LIMITS.maxDirectoryEntries}`);
    names = names.slice(0, STORE_LIMITS.maxDirectoryEntries);
  }
  for (const [i, listed] of names.entries()) {
    // Files are read synchronously (fast); every YIELD_EVERY entries the event loop gets a turn, so a TUI loading a
    // large folder keeps drawing.
    if (i > 0 && i % YIELD_EVERY === 0) await new Promise<void>((r) => setImmediate(r));
    const e = await readEntry(fs, join(dir, listed.name), listed.kind, mode);
    if (e.kind === 'same-dir-symlink') result.skippedSameDirSymlinks++;
    else if (e.kind === 'subdirectory') result.subdirectories.push(e.path);
    else result.files.push(e.read);
  }
  return result;
}

const YIELD_EVERY = 64;

type Entry =
  | { kind: 'same-dir-symlink' }
  | { kind: 'subdirectory'; path: string }
  | { kind: 'file'; read: FileRead };

async function readEntry(fs: StoreFs, path: string, listed: FileKind | null, mode: ReadMode): Promise<Entry> {
  // A regular file as listed: read it (readFile checks again on the open file, so a swap in between is caught).
  if (listed === 'file') return { kind: 'file', read: await readCertificateFile(fs, path, mode) };
  // The listing already says symlink (d_type): no lstat needed, which halves the calls on a hash-linked folder.
  let kind: string;
  try {
    kind = listed === 'symlink' ? 'symlink' : (await fs.lstat(path)).kind;
  } catch (err) {
    return { kind: 'file', read: { path, certs: [], problems: [], error: describeFsError(err) } };
  }
  if (kind === 'symlink') {
    try {
      const target = await fs.readlink(path);
      if (!target.includes('/')) return { kind: 'same-dir-symlink' };
    } catch {
      // Unreadable link: let the read below report why.
    }
  }
  // Go would try to read a subdirectory and fail silently; we skip it without trying.
  let target: string | null = null;
  try {
    target = (await fs.stat(path)).kind;
  } catch {
    target = null; // dangling or looping: the read reports it
  }
  if (target === 'directory') return { kind: 'subdirectory', path };
  return { kind: 'file', read: await readCertificateFile(fs, path, mode) };
}

