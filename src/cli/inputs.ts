import { resolve } from 'node:path';
import type { CliIO } from './io.js';
import { UserError } from './errors.js';
import { describeFsError, nodeStoreFs } from '../trust/node-fs.js';

/** Largest input file chaindbg reads (a chain, a bundle, a capture). Larger files are refused without reading them. */
export const MAX_INPUT_BYTES = 16 * 1024 * 1024;

/** Reads one input file (or stdin for "-") with a clear one-line error for every way it can fail. */
export async function readInputFile(file: string, io: CliIO, what = 'file'): Promise<Uint8Array> {
  if (file === '-') {
    const bytes = await io.readStdin(MAX_INPUT_BYTES);
    if (bytes.length > MAX_INPUT_BYTES) throw new UserError(`standard input is over ${MAX_INPUT_BYTES} bytes`);
    return bytes;
  }
  // The same bounded reader the stores use: opened non-blocking (a FIFO never hangs), size checked on the open
  // file before reading, and a file that grows meanwhile is still caught.
  try {
    return await nodeStoreFs.readFile(resolve(io.cwd, file), MAX_INPUT_BYTES);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EISDIR' || (code === 'ENOTREG' && /directory/.test((err as Error).message))) {
      throw new UserError(`${what} "${file}" is a directory`);
    }
    if (code === 'ENOTREG') throw new UserError(`${what} "${file}" is not a regular file`);
    if (code === 'EFBIG') throw new UserError(`${what} "${file}" is over the ${MAX_INPUT_BYTES}-byte limit, not read`);
    throw new UserError(`${what} "${file}": ${describeFsError(err)}`);
  }
}
