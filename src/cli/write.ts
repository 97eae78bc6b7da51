import { ExportWriteError, writeBundleFile } from '../export/index.js';
import { UserError } from './errors.js';

/**
 * Writes a file the way every chaindbg output file is written: atomically (temporary file, then rename), never over
 * an existing file without --force, never into a system trust folder unasked. Failures are one-line user errors.
 */
export async function writeFileAtomic(path: string, text: string, opts: { force: boolean; mode?: number }): Promise<void> {
  try {
    await writeBundleFile(path, text, { force: opts.force, mode: opts.mode });
  } catch (err) {
    if (err instanceof ExportWriteError) throw new UserError(err.message);
    throw err;
  }
}
