import type { CliIO } from '../io.js';
import { UserError } from '../errors.js';
import { parseAt, parseFormat } from '../options.js';
import { cliSession, type SessionCliOptions } from '../session.js';
import { diffPemLeftOut, diffStores, diffToJson, renderDiffPem, renderDiffText } from '../../diff/index.js';
import type { ChainSourceOptions, Session } from '../../session/index.js';
import { pickStyle, renderForText, renderJson } from '../../report/index.js';

export interface DiffCliOptions extends ChainSourceOptions, SessionCliOptions {
  at?: string;
  format?: string;
  side?: string;
  includeExpired?: boolean;
  for?: string;
  host?: string;
}

/** chaindbg diff --store A --store B [...]: compare trust stores; --for: which of them validate one chain. */
export async function diffCommand(opts: DiffCliOptions, io: CliIO): Promise<number> {
  const format = parseFormat(opts.format, ['text', 'json', 'pem'] as const, 'text');
  const now = parseAt(opts.at, io.now());
  const specs = opts.store ?? [];
  if (specs.length < 2) throw new UserError('diff needs at least two --store options');
  const session = cliSession(io, now, { ...opts, aia: false });
  const stores = await session.stores();
  if (opts.for !== undefined) return diffFor(opts.for, session, format, opts, io);
  const diff = diffStores(stores, { now });
  if (format === 'json') io.stdout(diffToJson(diff));
  else if (format === 'pem') {
    if (opts.side !== undefined && !stores.some((s) => s.name === opts.side)) {
      throw new UserError(`--side "${opts.side}" is not one of the --store options`);
    }
    const pemOpts = { side: opts.side, includeExpired: Boolean(opts.includeExpired) };
    io.stdout(renderDiffPem(stores, diff, pemOpts));
    const left = diffPemLeftOut(stores, diff, pemOpts);
    const parts = [left.expired && `${left.expired} expired (--include-expired writes them)`, left.distrusted && `${left.distrusted} distrusted`, left.notForWebsites && `${left.notForWebsites} not trusted for websites`].filter(Boolean);
    if (parts.length) io.stderr(`chaindbg: left out of the PEM: ${parts.join(', ')}\n`);
  } else io.stdout(renderDiffText(diff));
  return 0;
}

async function diffFor(
  arg: string,
  session: Session,
  format: 'text' | 'json' | 'pem',
  opts: DiffCliOptions,
  io: CliIO,
): Promise<number> {
  if (format === 'pem') throw new UserError('--for prints text or json');
  const source = await session.chain(arg, opts);
  if (source.sent.length === 0) throw new UserError(`no certificate from "${arg}"`, source.connectionFailed ? 3 : 2);
  const host = opts.host ?? source.host;
  // Judged as verify would judge it, with the reference store when a finding needs it.
  const result = await session.forChain({ ...source, target: null, tls: null }, host);
  if (format === 'json') io.stdout(renderJson(result));
  else io.stdout(renderForText(result, pickStyle(io.isTTY, io.env)));
  return result.stores.every((s) => s.trusted) ? 0 : 1;
}
