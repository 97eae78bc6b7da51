import { appendFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { CliIO } from '../io.js';
import { connectAddress } from '../../capture/connect-to.js';
import { parseConnectToOptions } from '../connect-to-option.js';
import { EXIT, UserError } from '../errors.js';
import { parseAlpn, parseAt, parseFormat } from '../options.js';
import { cliSession } from '../session.js';
import { parseTarget, toCaptureFile } from '../../capture/index.js';
import { parseTlsChoice, TLS_CHOICES, type TlsChoice, type TlsOffer } from '../../model/grammar.js';
import type { Report } from '../../report/index.js';
import { captureChain, markVersionDifferences, type AiaCache } from '../../session/index.js';
import { chooseGo } from '../go-version.js';
import { writeFileAtomic } from '../write.js';
import { VERSION } from '../version.js';
import { terminalText } from '../../model/terminal-text.js';
import { redactDeep, redactUrlsIn } from '../../model/redact.js';
import { printReports } from './shared.js';
import { startProgress } from '../progress.js';

export interface ProbeCliOptions {
  tls?: string;
  servername?: string;
  sni?: boolean;
  connect?: string;
  connectTo?: string[];
  alpn?: string;
  timeout?: string;
  proxy?: string;
  store?: string[];
  host?: string;
  at?: string;
  save?: string;
  keylog?: string;
  aia?: boolean;
  force?: boolean;
  format?: string;
  goVersion?: string;
}

/** Targets probed at once. */
export const PROBE_CONCURRENCY = 32;

interface ProbeJob {
  input: string;
  host: string;
  port: number;
  tls: TlsOffer;
}

/** chaindbg probe TARGET...: capture the handshake, then explain the chain as sent. */
export async function probeCommand(targets: string[], opts: ProbeCliOptions, io: CliIO): Promise<number> {
  const format = parseFormat(opts.format, ['text', 'json'] as const, 'text');
  const versions = parseTlsOption(opts.tls);
  const now = parseAt(opts.at, io.now());
  const connect = opts.connect ? toHostPort(opts.connect, '--connect') : null;
  if (opts.servername !== undefined && opts.sni === false) throw new UserError('--servername and --no-sni exclude each other');
  const servername = opts.sni === false ? null : opts.servername;
  const alpn = parseAlpn(opts.alpn);
  if (connect && targets.length > 1) throw new UserError('--connect takes one TARGET');
  const connectTo = parseConnectToOptions(opts.connectTo);
  const jobs: ProbeJob[] = [];
  for (const input of targets) {
    const t = toHostPort(input, 'target');
    for (const tls of versions) jobs.push({ input, host: t.host, port: t.port, tls });
  }
  if (opts.save && jobs.length !== 1) throw new UserError('--save takes one TARGET and one TLS version');
  const session = cliSession(io, now, opts, { go: chooseGo(opts.goVersion, io) });
  await session.stores();

  const keylogLines: string[] = [];
  // One AIA cache for the run: targets sharing an issuer fetch its URL once.
  const aiaCache: AiaCache = new Map();
  // n of N on a terminal's stderr for a run over a second (never in JSON, never piped).
  const progress = startProgress(io, 'probing', jobs.length, { json: format === 'json' });
  const label = (job: ProbeJob) => (versions.length > 1 ? `${job.input} (TLS ${job.tls})` : job.input);
  const results = await mapBounded(jobs, PROBE_CONCURRENCY, async (job, i) => {
    progress.phase(i, label(job), 'handshake');
    const parsed = await session.probe({
      host: job.host,
      port: job.port,
      servername,
      connect: connect ?? connectAddress(connectTo, job.host, job.port),
      tls: job.tls,
      alpn,
      keylog: opts.keylog ? (line) => keylogLines.push(line) : undefined,
    });
    const chain = captureChain('target', parsed);
    progress.phase(i, label(job), opts.aia ? 'AIA and judging' : 'judging');
    const { report } = await session.judge(chain, { host: opts.host ?? chain.host, aiaCache });
    progress.done(i);
    return { job, parsed, report };
  }).finally(() => progress.finish());
  if (opts.keylog && keylogLines.length) {
    await appendFile(resolve(io.cwd, opts.keylog), keylogLines.map((l) => `${l}\n`).join(''), { mode: 0o600 });
  }
  if (versions.length === 2) markVersionDifferences(results);
  if (opts.save) {
    const { parsed, report } = results[0]!;
    // URLs in the saved report lose their secrets as in every output (model/redact.ts); the records stay as sent.
    const file = toCaptureFile(parsed.capture, redactDeep({ tool: `chaindbg ${VERSION}`, now: now.toISOString(), result: report }));
    // The file holds this connection's TLS secrets: readable by its owner only.
    await writeFileAtomic(resolve(io.cwd, opts.save), `${JSON.stringify(file, null, 2)}\n`, {
      force: Boolean(opts.force),
      mode: 0o600,
    });
    io.stderr(`chaindbg: capture saved to ${opts.save} (it holds the handshake secrets of this one connection)\n`);
  }
  const reports = results.map((r) => r.report);
  // Exit 3 when some target gave no certificate at all (with --tls both, a version the server refuses is a finding,
  // not a connection failure, as long as the other one captured the chain).
  const noCert = targets.some((t) =>
    results.filter((r) => r.job.input === t).every((r) => r.parsed.capture.certificates.length === 0),
  );
  const code = printReports(reports, format, io);
  if (versions.length === 2 && format === 'text') io.stdout(sameChainLines(results));
  return noCert ? EXIT.CONNECTION : code;
}

/** --tls both, text: one line per target whose two versions sent the same chain (differences are findings). */
function sameChainLines(results: Array<{ job: ProbeJob; report: Report }>): string {
  const out: string[] = [];
  const inputs = [...new Set(results.map((r) => r.job.input))];
  for (const input of inputs) {
    const pair = results.filter((r) => r.job.input === input).map((r) => r.report.sent.map((c) => c.sha256).join());
    if (pair.length === 2 && pair[0] !== '' && pair[0] === pair[1]) {
      out.push(`${terminalText(redactUrlsIn(input))}: TLS 1.2 and TLS 1.3 sent the same chain (${pair[0]!.split(',').length} certificates)`);
    }
  }
  return out.length ? `\n${out.join('\n')}\n` : '';
}

function parseTlsOption(value: string | undefined): TlsOffer[] {
  const choice = parseTlsChoice<TlsChoice>(value, TLS_CHOICES, 'auto');
  if (!choice.ok) throw new UserError(choice.error);
  return choice.value === 'both' ? ['1.2', '1.3'] : [choice.value];
}

function toHostPort(text: string, what: string): { host: string; port: number } {
  try {
    return parseTarget(text);
  } catch (err) {
    throw new UserError(`${what}: ${(err as Error).message}`);
  }
}

/** Runs fn over items with at most `limit` at once; results keep the input order. */
export async function mapBounded<T, R>(items: T[], limit: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i]!, i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
