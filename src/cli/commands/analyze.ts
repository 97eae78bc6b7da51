import type { CliIO } from '../io.js';
import { EXIT, UserError } from '../errors.js';
import { parseAt, parseFormat } from '../options.js';
import { readInputFile } from '../inputs.js';
import { cliSession, sessionTimeout, type SessionCliOptions } from '../session.js';
import { fromCaptureFile } from '../../capture/index.js';
import { captureChain, parseCapture } from '../../session/index.js';
import { chooseGo } from '../go-version.js';
import { printReports } from './shared.js';

export interface AnalyzeCliOptions extends SessionCliOptions {
  host?: string;
  at?: string;
  aia?: boolean;
  format?: string;
  goVersion?: string;
}

/**
 * chaindbg analyze CAPTURE: re-derive everything from the recorded bytes and key log of a `probe --save` file, and
 * analyse it against any stores. Without --at, the time of the capture is used, so the verdict is reproducible.
 */
export async function analyzeCommand(file: string, opts: AnalyzeCliOptions, io: CliIO): Promise<number> {
  const format = parseFormat(opts.format, ['text', 'json'] as const, 'text');
  sessionTimeout(opts);
  const bytes = await readInputFile(file, io, 'capture');
  let loaded: ReturnType<typeof fromCaptureFile>;
  try {
    loaded = fromCaptureFile(Buffer.from(bytes).toString('utf8'));
  } catch (err) {
    throw new UserError(`capture "${file}": ${(err as Error).message}`);
  }
  const capturedAt = typeof loaded.meta.now === 'string' ? new Date(loaded.meta.now) : null;
  if (capturedAt && Number.isNaN(capturedAt.getTime()) && opts.at === undefined) {
    throw new UserError(`capture "${file}": meta.now ${JSON.stringify(loaded.meta.now)} is not a time; give --at`);
  }
  const fallback = capturedAt ?? io.now();
  const now = opts.at === 'now' ? io.now() : parseAt(opts.at, fallback);
  for (const note of loaded.notes) io.stderr(`chaindbg: note: ${note}\n`);
  const parsed = parseCapture(loaded.capture);
  const { capture: c } = parsed;
  if (c.certificates.length === 0 && c.error === null && loaded.notes.length > 0) {
    // The server's records are there but cannot be read (a key-log secret is missing): the file is the problem.
    throw new UserError(`capture "${file}": no certificate can be read from it: ${loaded.notes[0]}`);
  }
  const session = cliSession(io, now, opts, { go: chooseGo(opts.goVersion, io) });
  await session.stores();
  const chain = captureChain('capture', parsed);
  const { report } = await session.judge(chain, { host: opts.host ?? chain.host });
  const code = printReports([report], format, io);
  return chain.connectionFailed ? EXIT.CONNECTION : code;
}
