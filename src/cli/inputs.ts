import { open, stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { CliIO } from './io.js';
import { UserError } from './errors.js';

/** Largest input file chaindbg reads (a chain, a bundle, a capture). Larger files are refused without reading them. */
export const MAX_INPUT_BYTES = 16 * 1024 * 1024;

/** Reads one input file (or stdin for "-") with a clear one-line error for every way it can fail. */
export async function readInputFile(file: string, io: CliIO, what = 'file'): Promise<Uint8Array> {
  if (file === '-') {
    const bytes = await io.readStdin();
    if (bytes.length > MAX_INPUT_BYTES) throw new UserError(`standard input is over ${MAX_INPUT_BYTES} bytes`);
    return bytes;
  }
  const path = resolve(io.cwd, file);
  try {
    const st = await stat(path);
    if (st.isDirectory()) throw new UserError(`${what} "${file}" is a directory`);
    if (!st.isFile()) throw new UserError(`${what} "${file}" is not a regular file`);
    if (st.size > MAX_INPUT_BYTES) {
      throw new UserError(`${what} "${file}" is ${st.size} bytes, over the ${MAX_INPUT_BYTES}-byte limit`);
    }
    const fh = await open(path, 'r');
    try {
      const buf = Buffer.alloc(Math.min(st.size, MAX_INPUT_BYTES) + 1);
      let total = 0;
      for (;;) {
        const { bytesRead } = await fh.read(buf, total, buf.length - total, total);
        if (bytesRead === 0) break;
        total += bytesRead;
        if (total > MAX_INPUT_BYTES) throw new UserError(`${what} "${file}" grew over the ${MAX_INPUT_BYTES}-byte limit`);
        if (total === buf.length) break;
      }
      return new Uint8Array(buf.buffer, buf.byteOffset, total);
    } finally {
      await fh.close();
    }
  } catch (err) {
    if (err instanceof UserError) throw err;
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new UserError(`${what} "${file}": no such file or directory`);
    if (code === 'EACCES' || code === 'EPERM') throw new UserError(`${what} "${file}": permission denied`);
    if (code === 'ELOOP') throw new UserError(`${what} "${file}": too many levels of symbolic links`);
    throw new UserError(`${what} "${file}": ${(err as Error).message}`);
  }
}
