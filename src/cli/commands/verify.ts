import type { CliIO } from '../io.js';
import { UserError } from '../errors.js';
import { parseAt, parseFormat } from '../options.js';
import { cliSession, type SessionCliOptions } from '../session.js';
import { printReports } from './shared.js';
import { chooseGo } from '../go-version.js';

export interface VerifyOptions extends SessionCliOptions {
  host?: string;
  at?: string;
  format?: string;
  goVersion?: string;
}

/** chaindbg verify FILE...: the chain as sent comes from files, in order; the first certificate is the leaf. */
export async function verifyCommand(files: string[], opts: VerifyOptions, io: CliIO): Promise<number> {
  const format = parseFormat(opts.format, ['text', 'json'] as const, 'text');
  const now = parseAt(opts.at, io.now());
  const session = cliSession(io, now, opts, { go: chooseGo(opts.goVersion, io) });
  const chain = await session.files(files);
  await session.stores();
  if (chain.sent.length === 0) throw new UserError('no certificate found in the input');
  const { report } = await session.judge(chain, { host: opts.host ?? null });
  return printReports([report], format, io);
}
