import { randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { link, lstat, open, realpath, rename, unlink } from 'node:fs/promises';
import path from 'node:path';

/** Why a bundle was not written; every case leaves the destination untouched and no temporary file behind. */
export type WriteErrorCode = 'exists' | 'protected' | 'unwritable' | 'is-directory' | 'failed';

export class ExportWriteError extends Error {
  override readonly name = 'ExportWriteError';
  constructor(
    readonly code: WriteErrorCode,
    message: string,
    /** The destination, absolute. */
    readonly path: string,
    /** The errno code when a system call failed (ENOTDIR, EACCES, EROFS...). */
    readonly errno?: string,
  ) {
    super(message);
  }
}

/**
 * Folders where operating systems and their tools keep trust stores. chaindbg never writes below them unless the user
 * named that exact file and passed --force (for example /usr/local/share/ca-certificates/corp.crt before running
 * update-ca-certificates).
 */
export const SYSTEM_TRUST_DIRS: readonly string[] = [
  '/etc/ssl', // Debian, Ubuntu, Alpine, Arch, Gentoo, openSUSE
  '/etc/pki', // Fedora, RHEL, CentOS (ca-trust)
  '/etc/ca-certificates', // Debian update-ca-certificates config, Arch trust-source
  '/usr/share/ca-certificates', // Debian ca-certificates package
  '/usr/local/share/ca-certificates', // Debian/Ubuntu local additions
  '/usr/share/pki', // Fedora, RHEL, openSUSE trust sources
  '/var/lib/ca-certificates', // openSUSE generated bundles
  '/usr/lib/ssl', // Debian OpenSSL dir (symlinks to /etc/ssl)
  '/usr/local/share/certs', // FreeBSD
  '/usr/local/etc/ssl', // FreeBSD
  '/etc/openssl', // NetBSD
  '/etc/certs', // Solaris, illumos
  '/system/etc/security/cacerts', // Android
  '/System', // macOS system volume
  '/Library/Keychains', // macOS system keychains
  '/private/etc/ssl', // macOS: /etc is a link to /private/etc
];

export interface WriteOptions {
  /** Replace an existing file; with an exact path, also allows a system trust folder. */
  force: boolean;
  /** File mode; default 0644 (trust bundles must be readable by every program). Capture files with secrets: 0600. */
  mode?: number;
}

/** True when `p` (absolute) is inside or equal to a system trust folder. */
export function isSystemTrustPath(p: string): boolean {
  const abs = path.resolve(p);
  return SYSTEM_TRUST_DIRS.some((d) => abs === d || abs.startsWith(d + path.sep));
}

/**
 * Writes `text` to `file` atomically: a temporary file in the same folder, fsync, then rename (with force) or a hard
 * link that fails if the name exists (without force, so a file appearing in between is not overwritten either). On any
 * failure the temporary file is removed and an ExportWriteError says why.
 */
export async function writeBundleFile(file: string, text: string, opts: WriteOptions): Promise<void> {
  const abs = path.resolve(file);
  const dir = path.dirname(abs);
  const protectedPath = isSystemTrustPath(abs) || isSystemTrustPath(await realParent(dir));
  if (protectedPath && !opts.force) {
    throw new ExportWriteError('protected', `${abs} is in a system trust folder: name the exact file and add --force to write there`, abs);
  }
  if (!opts.force && (await exists(abs))) {
    throw new ExportWriteError('exists', `${abs} already exists: add --force to replace it`, abs);
  }

  const tmp = path.join(dir, `.${path.basename(abs)}.chaindbg-${process.pid}-${randomBytes(6).toString('hex')}.tmp`);
  let created = false;
  try {
    let handle;
    try {
      handle = await open(tmp, constants.O_CREAT | constants.O_EXCL | constants.O_WRONLY, opts.mode ?? 0o644);
    } catch (err) {
      throw unwritable(err, dir, abs);
    }
    created = true;
    try {
      await handle.chmod(opts.mode ?? 0o644); // bundles readable by every program that loads them, whatever the umask
      await handle.writeFile(text, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    if (opts.force) {
      await rename(tmp, abs);
    } else {
      await placeWithoutOverwrite(tmp, abs);
    }
    created = false; // renamed or linked-and-removed
    await syncDir(dir);
  } catch (err) {
    if (created) await unlink(tmp).catch(() => undefined);
    if (err instanceof ExportWriteError) throw err;
    throw classify(err, abs);
  }
}

async function placeWithoutOverwrite(tmp: string, abs: string): Promise<void> {
  try {
    await link(tmp, abs);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') throw new ExportWriteError('exists', `${abs} already exists: add --force to replace it`, abs, code);
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EOPNOTSUPP' && code !== 'ENOSYS') throw err;
    // No hard links here (FAT, some network filesystems): check, then rename.
    if (await exists(abs)) throw new ExportWriteError('exists', `${abs} already exists: add --force to replace it`, abs);
    await rename(tmp, abs);
    return;
  }
  await unlink(tmp);
}

function unwritable(err: unknown, dir: string, abs: string): ExportWriteError {
  const code = (err as NodeJS.ErrnoException).code;
  const why: Record<string, string> = {
    ENOENT: 'does not exist',
    ENOTDIR: 'is not a folder (a part of the path is a file)',
    EACCES: 'is not writable (permission denied)',
    EPERM: 'is not writable (operation not permitted)',
    EROFS: 'is on a read-only filesystem',
    ENOSPC: 'has no space left',
  };
  return new ExportWriteError('unwritable', `cannot write into ${dir}: it ${why[code ?? ''] ?? `failed (${code ?? String(err)})`}`, abs, code);
}

function classify(err: unknown, abs: string): ExportWriteError {
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'EISDIR') return new ExportWriteError('is-directory', `${abs} is a folder: give a file name`, abs, code);
  if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS' || code === 'ENOSPC' || code === 'EDQUOT') {
    return unwritable(err, path.dirname(abs), abs);
  }
  const msg = err instanceof Error ? err.message : String(err);
  return new ExportWriteError('failed', `could not write ${abs}: ${msg}`, abs, code);
}

async function exists(p: string): Promise<boolean> {
  try {
    await lstat(p);
    return true;
  } catch {
    return false;
  }
}

/** The real path of the deepest existing ancestor of `dir` (so a symlink into /etc/ssl is caught). */
async function realParent(dir: string): Promise<string> {
  let d = dir;
  for (;;) {
    try {
      return await realpath(d);
    } catch {
      const up = path.dirname(d);
      if (up === d) return dir;
      d = up;
    }
  }
}

async function syncDir(dir: string): Promise<void> {
  try {
    const h = await open(dir, constants.O_RDONLY);
    try {
      await h.sync();
    } finally {
      await h.close();
    }
  } catch {
    // Some platforms cannot fsync a directory; the rename is still atomic.
  }
}
