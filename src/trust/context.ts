/**
 * Everything a store loader may learn from the outside world, passed in: environment, platform and (for tests or
 * other hosts) the file system and the commands it may run. The pure parts never read process.* themselves.
 */
export interface StoreContext {
  env: Record<string, string | undefined>;
  platform: NodeJS.Platform;
  /** The installed package's root, where certs/mozilla/roots.json lives. */
  packageRoot: string;
  /** Relative store paths resolve against this; defaults to the process's working directory. */
  cwd?: string;
  /** File access; defaults to node:fs (see nodeStoreFs). */
  fs?: StoreFs;
  /** Runs a command and collects its output (macOS `security`); defaults to child_process.execFile. */
  exec?: (command: string, args: string[]) => Promise<ExecResult>;
  /**
   * The platform's roots as PEM, as Node's `tls.getCACertificates('system')` gives them (Node 22.15+, 23.5+).
   * Undefined: use node:tls when it has the function. Null: this Node has none.
   */
  systemCertificates?: (() => string[]) | null;
  /** Node's bundled roots (tls.rootCertificates) and version; default node:tls and process.version. */
  nodeRoots?: readonly string[];
  nodeVersion?: string;
}

export interface ExecResult {
  code: number;
  stdout: string;
  stderr: string;
}

export type FileKind = 'file' | 'directory' | 'symlink' | 'fifo' | 'socket' | 'device' | 'other';

export interface FileInfo {
  kind: FileKind;
  size: number;
}

/** The file operations store loading needs. Errors carry a Node-style `code` (ENOENT, EACCES, ELOOP, ...). */
export interface StoreFs {
  /** Does not follow a final symlink. */
  lstat(path: string): Promise<FileInfo>;
  /** Follows symlinks. */
  stat(path: string): Promise<FileInfo>;
  /**
   * Entries (sorted by the loader, not here), with the kind the directory itself records when it does (d_type):
   * a 'file' entry needs no lstat/stat before it is read; null means "look".
   */
  readdir(path: string): Promise<Array<{ name: string; kind: FileKind | null }>>;
  readlink(path: string): Promise<string>;
  /** The whole file; refuses (code EFBIG) without reading it whole when it is larger than maxBytes. */
  readFile(path: string, maxBytes: number): Promise<Uint8Array>;
}

/**
 * Limits on what one store may make chaindbg read. A CA bundle is a few hundred KiB; a directory a few hundred
 * entries. Anything far beyond is a mistake (a log file, /dev/zero, a home directory) and is refused, not read.
 */
export const STORE_LIMITS = {
  /** Per file: refused by size before reading. */
  maxFileBytes: 16 * 1024 * 1024,
  /** Entries read from one directory; the rest are reported and skipped. */
  maxDirectoryEntries: 10_000,
  /** Certificates in one store. */
  maxCertificates: 100_000,
} as const;

