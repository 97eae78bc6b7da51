import { appendFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { CliIO } from '../io.js';
import { EXIT, UserError } from '../errors.js';
import { parseAlpn, parseAt, parseFormat, parsePositiveInt } from '../options.js';
import { loadReference, loadStores } from '../stores.js';
import { parseTarget, toCaptureFile, DEFAULT_TIMEOUT_MS } from '../../capture/index.js';
import { makeFinding, sortFindings } from '../../diagnose/index.js';
import type { Report } from '../../report/index.js';
import type { TrustStore } from '../../trust/types.js';
import { captureToReport, fetchMissingIssuers, probeAndParse, type ParsedCapture } from '../../session/index.js';
import { writeFileAtomic } from '../write.js';
import { VERSION } from '../version.js';
import { terminalText } from '../../model/terminal-text.js';
import { redactDeep, redactUrlsIn } from '../../model/redact.js';
import { printReports } from './shared.js';

export interface ProbeCliOptions {
  tls?: string;
  servername?: string;
  sni?: boolean;
  connect?: string;
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
}

/** Targets probed at once. */
export const PROBE_CONCURRENCY = 32;

interface ProbeJob {
  input: string;
  host: string;
  port: number;
  tls: '1.2' | '1.3' | 'auto';
}

/** chaindbg probe TARGET...: capture the handshake, then explain the chain as sent. */
export async function probeCommand(targets: string[], opts: ProbeCliOptions, io: CliIO): Promise<number> {
  const format = parseFormat(opts.format, ['text', 'json'] as const, 'text');
  const versions = parseTlsOption(opts.tls);
  const timeoutMs = parsePositiveInt('--timeout', opts.timeout, DEFAULT_TIMEOUT_MS);
  const now = parseAt(opts.at, io.now());
  const connect = opts.connect ? toHostPort(opts.connect, '--connect') : null;
  if (opts.servername !== undefined && opts.sni === false) throw new UserError('--servername and --no-sni exclude each other');
  const servername = opts.sni === false ? null : opts.servername;
  const alpn = parseAlpn(opts.alpn);
  if (connect && targets.length > 1) throw new UserError('--connect takes one TARGET');
  const jobs: ProbeJob[] = [];
  for (const input of targets) {
    const t = toHostPort(input, 'target');
    for (const tls of versions) jobs.push({ input, host: t.host, port: t.port, tls });
  }
  if (opts.save && jobs.length !== 1) throw new UserError('--save takes one TARGET and one TLS version');
  const stores = await loadStores(opts.store, io, now);
  const reference = await loadReference(stores, io, now);

  const keylogLines: string[] = [];
  // One AIA cache for the run: targets sharing an issuer fetch its URL once.
  const aiaCache: AiaCache = new Map();
  const results = await mapBounded(jobs, PROBE_CONCURRENCY, async (job) => {
    const parsed = await probeAndParse({
      host: job.host,
      port: job.port,
      servername,
      connect,
      tls: job.tls,
      alpn,
      timeoutMs,
      proxy: opts.proxy,
      env: io.env,
      keylog: opts.keylog ? (line) => keylogLines.push(line) : undefined,
    });
    return { job, parsed, report: await reportFor(parsed, stores, reference, now, opts, io, timeoutMs, aiaCache) };
  });
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

async function reportFor(
  parsed: ParsedCapture,
  stores: TrustStore[],
  reference: TrustStore | null,
  now: Date,
  opts: ProbeCliOptions,
  io: CliIO,
  timeoutMs: number,
  cache: AiaCache,
): Promise<Report> {
  const { capture } = parsed;
  // AIA goes through the proxy the probe used: an explicit --proxy also carries the (plain HTTP) caIssuers fetches.
  const env = opts.proxy ? { ...io.env, HTTP_PROXY: opts.proxy, http_proxy: opts.proxy, NO_PROXY: '', no_proxy: '' } : io.env;
  const from = capture.target.connect?.replace(/:\d+$/, '') ?? capture.target.host;
  const aia = opts.aia ? await fetchMissingIssuers(parsed.sent, stores, { env, timeoutMs, cache, from }) : null;
  const host = opts.host ?? capture.target.servername ?? capture.target.host;
  return captureToReport(parsed, { stores, reference, now, host, aia });
}

type AiaCache = NonNullable<Parameters<typeof fetchMissingIssuers>[2]['cache']>;

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

/** --tls both: one connection per version; say so when the two chains differ. */
function markVersionDifferences(results: Array<{ job: ProbeJob; report: Report }>): void {
  const byInput = new Map<string, Array<{ job: ProbeJob; report: Report }>>();
  for (const r of results) byInput.set(r.job.input, [...(byInput.get(r.job.input) ?? []), r]);
  for (const pair of byInput.values()) {
    if (pair.length !== 2) continue;
    const [a, b] = pair as [{ job: ProbeJob; report: Report }, { job: ProbeJob; report: Report }];
    const la = a.report.sent.map((c) => c.sha256);
    const lb = b.report.sent.map((c) => c.sha256);
    if (la.length === 0 || lb.length === 0 || la.join() === lb.join()) continue;
    const evidence = { 'TLSv1.2': la, 'TLSv1.3': lb };
    for (const r of pair) {
      const order = new Map(r.report.stores.map((st, i) => [st.name, i] as const));
      r.report.findings = sortFindings([...r.report.findings, makeFinding('CHAIN_DIFFERS_BY_VERSION', 'warning', null, null, evidence)], order);
    }
  }
}

function parseTlsOption(value: string | undefined): Array<'1.2' | '1.3' | 'auto'> {
  switch (value ?? 'auto') {
    case 'auto':
      return ['auto'];
    case '1.2':
      return ['1.2'];
    case '1.3':
      return ['1.3'];
    case 'both':
      return ['1.2', '1.3'];
    default:
      throw new UserError(`invalid --tls "${value}": expected auto, 1.2, 1.3 or both`);
  }
}

function toHostPort(text: string, what: string): { host: string; port: number } {
  try {
    return parseTarget(text);
  } catch (err) {
    throw new UserError(`${what}: ${(err as Error).message}`);
  }
}

/** Runs fn over items with at most `limit` at once; results keep the input order. */
export async function mapBounded<T, R>(items: T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
