import { StoreBuilder } from './assemble.js';
import type { StoreContext, StoreFs } from './context.js';
import { readCertificateDirectory, readCertificateFile } from './read-source.js';
import type { TrustStore } from '../model/store.js';

/**
 * Go's system roots on Linux and the BSDs, as crypto/x509's root_unix.go loads them:
 *  1. SSL_CERT_FILE if set, else the first file of certFiles that can be read ("stop after finding one"; a file
 *     that exists but cannot be read is passed over);
 *  2. plus every file of every directory in SSL_CERT_DIR (colon-separated) if set, else of certDirectories, skipping
 *     symlinks whose target has no slash (hash links to a file in the same directory).
 * Only PEM CERTIFICATE blocks count (AppendCertsFromPEM); blocks that do not parse are skipped. The lists are data,
 * copied with Go's comments from root_linux.go / root_bsd.go.
 */

export const SSL_CERT_FILE = 'SSL_CERT_FILE';
export const SSL_CERT_DIR = 'SSL_CERT_DIR';

export interface UnixRootLocations {
  /** Possible certificate files; stop after finding one. */
  files: readonly string[];
  /** Possible directories with certificate files; all will be read. */
  directories: readonly string[];
}

/** root_linux.go */
export const LINUX_ROOTS: UnixRootLocations = {
  files: [
    '/etc/ssl/certs/ca-certificates.crt', // Debian/Ubuntu/Gentoo etc.
    '/etc/pki/tls/certs/ca-bundle.crt', // Fedora/RHEL 6
    '/etc/ssl/ca-bundle.pem', // OpenSUSE
    '/etc/pki/tls/cacert.pem', // OpenELEC
    '/etc/pki/ca-trust/extracted/pem/tls-ca-bundle.pem', // CentOS/RHEL 7
    '/etc/ssl/cert.pem', // Alpine Linux
  ],
  directories: [
    '/etc/ssl/certs', // SLES10/SLES11, https://golang.org/issue/12139
    '/etc/pki/tls/certs', // Fedora/RHEL
  ],
};

/** root_bsd.go (dragonfly, freebsd, netbsd, openbsd) */
export const BSD_ROOTS: UnixRootLocations = {
  files: [
    '/usr/local/etc/ssl/cert.pem', // FreeBSD
    '/etc/ssl/cert.pem', // OpenBSD
    '/usr/local/share/certs/ca-root-nss.crt', // DragonFly
    '/etc/openssl/certs/ca-certificates.crt', // NetBSD
  ],
  directories: [
    '/etc/ssl/certs', // FreeBSD 12.2+
    '/usr/local/share/certs', // FreeBSD
    '/etc/openssl/certs', // NetBSD
  ],
};

/** root_solaris.go */
export const SOLARIS_ROOTS: UnixRootLocations = {
  files: [
    '/etc/certs/ca-certificates.crt', // Solaris 11.2+
    '/etc/ssl/certs/ca-certificates.crt', // Joyent SmartOS
    '/etc/ssl/cacert.pem', // OmniOS
  ],
  directories: ['/etc/certs/CA'],
};

/** root_aix.go */
export const AIX_ROOTS: UnixRootLocations = {
  files: ['/var/ssl/certs/ca-bundle.crt'],
  directories: ['/var/ssl/certs'],
};

/** The lists Go uses on a platform, or null when Go does not load roots from files there. */
export function unixRootLocations(platform: NodeJS.Platform): UnixRootLocations | null {
  switch (platform) {
    case 'linux':
    case 'android':
      return LINUX_ROOTS;
    case 'freebsd':
    case 'openbsd':
    case 'netbsd':
      return BSD_ROOTS;
    case 'sunos':
      return SOLARIS_ROOTS;
    case 'aix':
      return AIX_ROOTS;
    default:
      return null;
  }
}

export async function loadUnixSystemStore(name: string, ctx: StoreContext, fs: StoreFs, where: UnixRootLocations): Promise<TrustStore> {
  const b = new StoreBuilder(name, 'system');
  const envFile = ctx.env[SSL_CERT_FILE];
  const envDir = ctx.env[SSL_CERT_DIR];
  const files = envFile ? [envFile] : where.files;
  let chosen: string | null = null;
  for (const file of files) {
    const read = await readCertificateFile(fs, file, 'pem');
    const missing = read.error === 'no such file or directory';
    // Default files that do not exist are not worth a line; the one the user named always is.
    if (missing && !envFile) continue;
    if (read.error !== undefined && read.certs.length === 0 && !/^no (PEM )?certificate/.test(read.error)) {
      b.addFile(read); // exists but unreadable: Go passes over it to the next one
      continue;
    }
    b.addFile(read);
    chosen = file;
    break;
  }
  b.meta.certFile = chosen ?? '(none)';
  b.meta.certFileFrom = envFile ? SSL_CERT_FILE : 'default list';

  const dirs = envDir ? envDir.split(':').filter((d) => d !== '') : where.directories;
  let dirFiles = 0;
  let hashLinks = 0;
  const readDirs: string[] = [];
  for (const dir of dirs) {
    const read = await readCertificateDirectory(fs, dir, 'pem');
    if (read.error === 'no such file or directory' && !envDir) continue;
    b.addDirectory(read);
    if (read.error === undefined) readDirs.push(dir);
    dirFiles += read.files.length;
    hashLinks += read.skippedSameDirSymlinks;
  }
  b.meta.certDirs = readDirs.join(':') || '(none)';
  b.meta.certDirsFrom = envDir ? SSL_CERT_DIR : 'default list';
  b.meta.sameDirSymlinksSkipped = String(hashLinks);
  const parts = [chosen ?? 'no bundle file'];
  if (readDirs.length > 0) parts.push(`${dirFiles} files in ${readDirs.join(', ')}`);
  const store = b.build(`Go's system roots on ${ctx.platform}: ${parts.join(' + ')} (${b.anchors.length} roots)`);
  if (store.anchors.length === 0) store.problems.push('no roots found: Go would fail every verification on this machine');
  return store;
}
