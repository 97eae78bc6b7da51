import { closeSync, constants, fstatSync, lstatSync, openSync, readSync, readdirSync, readlinkSync, statSync, type Stats } from 'node:fs';
import type { FileInfo, FileKind, StoreFs } from './context.js';

function kindOf(s: Stats): FileKind {
  if (s.isFile()) return 'file';
  if (s.isDirectory()) return 'directory';
  if (s.isSymbolicLink()) return 'symlink';
  if (s.isFIFO()) return 'fifo';
  if (s.isSocket()) return 'socket';
  if (s.isBlockDevice() || s.isCharacterDevice()) return 'device';
  return 'other';
}

function info(s: Stats): FileInfo {
  return { kind: kindOf(s), size: s.size };
}

/**
 * StoreFs over node:fs. readFile opens non-blocking (a FIFO never hangs us) and checks the size on the open file.
 * The calls are synchronous behind the async interface: a store is many small local files, and a synchronous
 * open/fstat/read/close costs a few microseconds where the thread-pool round trip of fs/promises costs tens (a
 * 10,000-file folder: see docs/performance.md).
 */
export const nodeStoreFs: StoreFs = {
  lstat: async (p) => info(lstatSync(p)),
  stat: async (p) => info(statSync(p)),
  readdir: async (p) =>
    readdirSync(p, { withFileTypes: true }).map((d) => ({
      name: d.name,
      kind: d.isFile() ? 'file' : d.isDirectory() ? 'directory' : d.isSymbolicLink() ? 'symlink' : null,
    })),
  readlink: async (p) => readlinkSync(p),
  async readFile(p, maxBytes) {
    const fd = openSync(p, constants.O_RDONLY | constants.O_NONBLOCK);
    try {
      const s = fstatSync(fd);
      if (!s.isFile()) throw Object.assign(new Error(`not a regular file (${kindOf(s)})`), { code: 'ENOTREG' });
      if (s.size > maxBytes) throw Object.assign(new Error(`larger than ${maxBytes} bytes`), { code: 'EFBIG' });
      // Read at most maxBytes + 1 so a file that grows after stat is still caught.
      const buf = Buffer.allocUnsafe(Math.min(s.size, maxBytes) + 1);
      let total = 0;
      for (;;) {
        const bytesRead = readSync(fd, buf, total, buf.length - total, total);
        if (bytesRead === 0) break;
        total += bytesRead;
        if (total === buf.length) break;
      }
      if (total > maxBytes) throw Object.assign(new Error(`larger than ${maxBytes} bytes`), { code: 'EFBIG' });
      return new Uint8Array(buf.buffer, buf.byteOffset, total);
    } finally {
      closeSync(fd);
    }
  },
};

/** "ENOENT" -> "no such file or directory": the one-line reason shown to the user. */
export function describeFsError(err: unknown, maxBytes?: number): string {
  const code = (err as { code?: string } | null)?.code;
  switch (code) {
    case 'ENOENT':
      return 'no such file or directory';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'ELOOP':
      return 'too many levels of symbolic links';
    case 'EISDIR':
      return 'is a directory';
    case 'ENOTDIR':
      return 'not a directory';
    case 'EFBIG':
      return maxBytes === undefined ? 'file too large' : `file too large (limit ${maxBytes} bytes), not read`;
    case 'ENOTREG':
      return (err as Error).message;
    default:
      return code ? `${code}: ${(err as Error).message.split('\n')[0]}` : String((err as Error)?.message ?? err).split('\n')[0]!;
  }
}
