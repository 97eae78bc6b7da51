import { Command, CommanderError, Option } from 'commander';
import type { CliIO } from './io.js';
import { EXIT, EXIT_CODES_HELP, UserError } from './errors.js';
import { collect } from './options.js';
import { VERSION } from './version.js';

/**
 * The whole CLI: parse argv, run one command, return its exit code. Every command module is imported lazily, so
 * `chaindbg --version` loads almost nothing and no command but the TUI ever loads Ink or React.
 */
export async function run(argv: string[], io: CliIO): Promise<number> {
  let code: number = EXIT.OK;
  const setCode = (c: number) => {
    code = c;
  };
  const program = buildProgram(io, setCode);
  try {
    if (argv.length === 0) {
      const { defaultAction } = await import('./commands/default.js');
      return await defaultAction(io);
    }
    await program.parseAsync(argv, { from: 'user' });
    return code;
  } catch (err) {
    return reportError(err, io);
  }
}

function reportError(err: unknown, io: CliIO): number {
  if (err instanceof CommanderError) {
    if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version' || err.code === 'commander.help') {
      return EXIT.OK;
    }
    // commander already printed its one-line message through configureOutput.
    return EXIT.USAGE;
  }
  if (err instanceof UserError) {
    io.stderr(`chaindbg: ${err.message}\n`);
    return err.exitCode;
  }
  const e = err as { message?: string; userMessage?: string; exitCode?: number };
  if (e && typeof e.userMessage === 'string') {
    io.stderr(`chaindbg: ${e.userMessage}\n`);
    return typeof e.exitCode === 'number' ? e.exitCode : EXIT.USAGE;
  }
  io.stderr(`chaindbg: internal error: ${e?.message ?? String(err)}\n`);
  if (io.env.CHAINDBG_DEBUG && err instanceof Error && err.stack) io.stderr(`${err.stack}\n`);
  return EXIT.INTERNAL;
}

const storeOption = () =>
  new Option(
    '--store <spec>',
    'trust store: system, mozilla, node, certdata:PATH, a PEM file or a folder (repeatable)',
  ).argParser(collect);
const atOption = () => new Option('--at <time>', 'validate at this time (ISO 8601, e.g. 2024-07-01); default now');
const formatOption = (formats: string[]) =>
  new Option('--format <format>', `output format: ${formats.join(', ')}`).default(formats[0]);

function buildProgram(io: CliIO, setCode: (c: number) => void): Command {
  const program = new Command('chaindbg');
  program
    .description('TLS/X.509 chain forensics: why a certificate chain fails, link by link, and the fix.')
    .version(VERSION, '-V, --version')
    .exitOverride()
    .showHelpAfterError('(run "chaindbg --help" for usage)')
    .configureOutput({
      writeOut: (s) => io.stdout(s),
      writeErr: (s) => io.stderr(s),
      outputError: (s, write) => write(`chaindbg: ${s.replace(/^error: /, '')}`),
      getOutHelpWidth: () => io.columns,
      getErrHelpWidth: () => io.columns,
    })
    .addHelpText('after', `\n${EXIT_CODES_HELP}\n\nDocumentation: docs/README.md`);

  const sub = (name: string) => program.command(name).exitOverride().addHelpText('after', `\n${EXIT_CODES_HELP}\n`);

  sub('verify')
    .description('explain a certificate chain from files (first certificate = leaf, then as sent); "-" reads stdin')
    .argument('<file...>', 'PEM or DER files')
    .option('--host <name>', 'hostname (or IP) to check the leaf against')
    .addOption(storeOption())
    .addOption(atOption())
    .option('--aia', 'fetch missing issuers from AIA caIssuers URLs (as browsers do)')
    .addOption(formatOption(['text', 'json']))
    .action(async (files: string[], opts) => {
      const { verifyCommand } = await import('./commands/verify.js');
      setCode(await verifyCommand(files, opts, io));
    });

  sub('probe')
    .description('connect, capture the handshake and the chain exactly as sent, and explain it')
    .argument('<target...>', 'host, host:port, [v6]:port or https://URL (default port 443)')
    .option('--tls <version>', 'TLS versions to offer: auto (1.2 and 1.3, as Go does), 1.2, 1.3, or both (one connection each)', 'auto')
    .option('--servername <name>', 'SNI to send (default: the target name)')
    .option('--no-sni', 'send no SNI')
    .option('--connect <host:port>', 'dial this address instead; SNI and hostname checks keep the target name')
    .option('--alpn <list>', 'ALPN protocols to offer, comma-separated (e.g. h2,http/1.1)')
    .option('--timeout <ms>', 'total time per connection in ms (connect + handshake)', '10000')
    .option('--proxy <url>', 'HTTP proxy for CONNECT (default: HTTPS_PROXY / ALL_PROXY, honouring NO_PROXY)')
    .addOption(storeOption())
    .option('--host <name>', 'hostname to check the leaf against (default: the target name)')
    .addOption(atOption())
    .option('--aia', 'fetch missing issuers from AIA caIssuers URLs (as browsers do)')
    .option('--save <file>', 'write a capture file (raw records and the TLS secrets of this connection) for "analyze"')
    .option('--keylog <file>', 'append NSS key-log lines (for Wireshark)')
    .option('--force', 'let --save overwrite an existing file')
    .addOption(formatOption(['text', 'json']))
    .action(async (targets: string[], opts) => {
      const { probeCommand } = await import('./commands/probe.js');
      setCode(await probeCommand(targets, opts, io));
    });

  sub('analyze')
    .description('re-run the analysis offline on a capture saved with "probe --save" (default --at: capture time)')
    .argument('<capture>', 'capture file')
    .addOption(storeOption())
    .option('--host <name>', 'hostname to check the leaf against (default: the captured target name)')
    .addOption(atOption())
    .option('--aia', 'fetch missing issuers from AIA caIssuers URLs (as browsers do)')
    .addOption(formatOption(['text', 'json']))
    .action(async (file: string, opts) => {
      const { analyzeCommand } = await import('./commands/analyze.js');
      setCode(await analyzeCommand(file, opts, io));
    });

  sub('stores')
    .description('list trust stores: source files, counts, NSS version, problems (unreadable files, expired roots, duplicates)')
    .addOption(storeOption())
    .addOption(atOption())
    .addOption(formatOption(['text', 'json']))
    .action(async (opts) => {
      const { storesCommand } = await import('./commands/stores.js');
      setCode(await storesCommand(opts, io));
    });

  sub('diff')
    .description('compare trust stores (by certificate and by key); --for: which stores validate one chain')
    .addOption(storeOption())
    .addOption(atOption())
    .option('--for <chain>', 'a TARGET, a capture file or a PEM/DER chain file: which stores validate it, and what fixes each')
    .option('--host <name>', 'with --for: hostname to check the leaf against')
    .option('--connect <host:port>', 'with --for TARGET: dial this address instead')
    .option('--servername <name>', 'with --for TARGET: SNI to send')
    .option('--side <store>', 'with --format pem: write the certificates only in this store (default: the first)')
    .addOption(formatOption(['text', 'json', 'pem']))
    .action(async (opts) => {
      const { diffCommand } = await import('./commands/diff.js');
      setCode(await diffCommand(opts, io));
    });

  sub('go')
    .description('probe every TLS endpoint the go command would use (GOPROXY, GOSUMDB) and say which fail, and why')
    .option('--module <path>', 'also probe the VCS host of this module (for GOPROXY "direct")')
    .option('--mirrors', 'also probe the well-known mirrors (goproxy.cn, goproxy.io, mirrors.aliyun.com, sum.golang.google.cn)')
    .addOption(storeOption())
    .addOption(atOption())
    .option('--tls <version>', 'TLS versions to offer: auto (as Go does), 1.2 or 1.3', 'auto')
    .option('--timeout <ms>', 'total time per connection in ms', '10000')
    .addOption(formatOption(['text', 'json']))
    .action(async (opts) => {
      const { goCommand } = await import('./commands/go.js');
      setCode(await goCommand(opts, io));
    });

  sub('export')
    .description('write the PEM bundle that fixes it: fullchain (what the server should send), missing, trust (what the client store lacks), sent')
    .argument('<source>', 'a TARGET, a capture file (probe --save) or a PEM/DER chain file')
    .requiredOption('--kind <kind>', 'fullchain, missing, trust or sent')
    .addOption(storeOption())
    .option('--out <file>', 'write here atomically (default: standard output); never overwrites without --force')
    .option('--force', 'overwrite --out; with an exact path, also inside a system trust folder')
    .option('--aia', 'fetch missing issuers from AIA caIssuers URLs')
    .option('--host <name>', 'hostname to check the leaf against')
    .addOption(atOption())
    .option('--connect <host:port>', 'for a TARGET: dial this address instead')
    .option('--servername <name>', 'for a TARGET: SNI to send')
    .option('--tls <version>', 'for a TARGET: auto, 1.2 or 1.3', 'auto')
    .option('--timeout <ms>', 'for a TARGET: total time for the connection in ms', '10000')
    .addOption(formatOption(['pem', 'json']))
    .action(async (source: string, opts) => {
      const { exportCommand } = await import('./commands/export.js');
      setCode(await exportCommand(source, opts, io));
    });

  sub('lab')
    .description('start local TLS servers reproducing real chain failures, probe each, and keep serving until Ctrl-C')
    .argument('[scenario...]', 'scenario names (default: all; see --list)')
    .option('--list', 'list the scenarios without starting anything')
    .option('--once', 'probe every scenario, print the table and stop (exit 1 if a verdict differs from the expected one)')
    .option('--no-check', 'do not probe the scenarios; just serve them')
    .option('--tui', 'open the terminal UI on all scenarios')
    .addOption(atOption())
    .addOption(formatOption(['text', 'json']))
    .action(async (names: string[], opts) => {
      const { labCommand } = await import('./commands/lab.js');
      setCode(await labCommand(names, opts, io));
    });

  sub('tui')
    .description('the interactive terminal UI (default when chaindbg runs on a terminal with no arguments)')
    .argument('[target...]', 'targets (default: the Go endpoints from the environment)')
    .addOption(storeOption())
    .option('--tls <version>', 'TLS version to start with: 1.2 or 1.3', '1.3')
    .option('--connect <host:port>', 'dial this address instead')
    .option('--servername <name>', 'SNI to send')
    .option('--timeout <ms>', 'total time per connection in ms', '10000')
    .option('--proxy <url>', 'HTTP proxy for CONNECT (default: HTTPS_PROXY / ALL_PROXY, honouring NO_PROXY)')
    .addOption(atOption())
    .action(async (targets: string[], opts) => {
      const { tuiCommand } = await import('./commands/tui.js');
      setCode(await tuiCommand(targets, opts, io));
    });

  return program;
}
