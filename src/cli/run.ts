import { Command, CommanderError, Option } from 'commander';
import { STATUS_CLEAR, type CliIO } from './io.js';
import { EXIT, EXIT_CODES_HELP, UserError } from './errors.js';
import { collect } from './options.js';
import { addConnectionOptions } from './connection-options.js';
import { VERSION } from './version.js';
import { terminalText } from '../model/terminal-text.js';
import { redactUrlsIn } from '../model/redact.js';

/** Longest standard-error write shown whole (an error naming a 64 KiB DN is elided, visibly). */
const STDERR_MAX = 4096;

/**
 * The whole CLI: parse argv, run one command, return its exit code. Every command module is imported lazily, so
 * `chaindbg --version` loads almost nothing and no command but the TUI ever loads Ink or React.
 */
export async function run(argv: string[], given: CliIO): Promise<number> {
  // Every standard-error line (errors, notes, warnings; ours and commander's) may quote a stranger's text (a
  // certificate name, a proxy's status line, a URL): controls shown visibly, URL secrets dropped, in this one place.
  const io: CliIO = {
    ...given,
    stderr: (t) => given.stderr(terminalText(redactUrlsIn(t), { newlines: true, max: STDERR_MAX })),
    // The status line's own codes pass; its text is escaped like any other.
    stderrStatus: (line) => given.stderr(`${STATUS_CLEAR}${terminalText(redactUrlsIn(line), { max: STDERR_MAX })}`),
  };
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
const atOption = (fallback = 'now') => new Option('--at <time>', `validate at this time (ISO 8601, e.g. 2024-07-01); default ${fallback}`);
/** The fixed values of options validated by the command itself (not by commander), for shell completion. */
const optionValues = new WeakMap<Option, string[]>();
const formatOption = (formats: string[]) => {
  const option = new Option('--format <format>', `output format: ${formats.join(', ')}`).default(formats[0]);
  optionValues.set(option, formats);
  return option;
};
const goVersionOption = () =>
  new Option('--go-version <version>', 'judge as this Go release (e.g. 1.19 or go1.22.5; default: the go on PATH, else the newest modelled)');
const aiaOption = () => new Option('--aia', 'fetch missing issuers from AIA caIssuers URLs (as browsers do)');
/** --host; `when` prefixes the help as for connection options, `fallback` says what it defaults to. */
const hostOption = (o: { when?: string; fallback?: string } = {}) =>
  new Option(
    '--host <name>',
    `${o.when ? `${o.when}: ` : ''}hostname (or IP) to check the leaf against${o.fallback ? ` (default: ${o.fallback})` : ''}`,
  );

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

  const verify = sub('verify')
    .description('explain a certificate chain from files (first certificate = leaf, then as sent); "-" reads stdin')
    .argument('<file...>', 'PEM or DER files')
    .addOption(hostOption())
    .addOption(storeOption())
    .addOption(atOption())
    .addOption(aiaOption())
    .addOption(goVersionOption());
  addConnectionOptions(verify, { when: 'with --aia', timeout: true, proxy: true })
    .addOption(formatOption(['text', 'json']))
    .action(async (files: string[], opts) => {
      const { verifyCommand } = await import('./commands/verify.js');
      setCode(await verifyCommand(files, opts, io));
    });

  const probe = sub('probe')
    .description('connect, capture the handshake and the chain exactly as sent, and explain it')
    .argument('<target...>', 'host, host:port, [v6]:port or https://URL (default port 443)');
  addConnectionOptions(probe, {
    connect: true,
    connectTo: true,
    servername: true,
    tls: { choices: ['auto', '1.2', '1.3', 'both'], default: 'auto' },
    timeout: true,
    proxy: true,
  })
    .option('--no-sni', 'send no SNI')
    .option('--alpn <list>', 'ALPN protocols to offer, comma-separated (e.g. h2,http/1.1)')
    .addOption(storeOption())
    .addOption(hostOption({ fallback: 'the target name' }))
    .addOption(atOption())
    .addOption(aiaOption())
    .option('--save <file>', 'write a capture file (raw records and the TLS secrets of this connection) for "analyze"')
    .option('--keylog <file>', 'append NSS key-log lines (for Wireshark)')
    .option('--force', 'let --save overwrite an existing file')
    .addOption(goVersionOption())
    .addOption(formatOption(['text', 'json']))
    .action(async (targets: string[], opts) => {
      const { probeCommand } = await import('./commands/probe.js');
      setCode(await probeCommand(targets, opts, io));
    });

  const analyze = sub('analyze')
    .description('re-run the analysis offline on a capture saved with "probe --save" (default --at: capture time)')
    .argument('<capture>', 'capture file')
    .addOption(storeOption())
    .addOption(hostOption({ fallback: 'the captured target name' }))
    .addOption(atOption('the time the capture was taken'))
    .addOption(aiaOption())
    .addOption(goVersionOption());
  addConnectionOptions(analyze, { when: 'with --aia', timeout: true, proxy: true })
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

  const diff = sub('diff')
    .description('compare trust stores (by certificate and by key); --for: which stores validate one chain')
    .addOption(storeOption())
    .addOption(atOption())
    .option('--for <chain>', 'a TARGET, a capture file or a PEM/DER chain file: which stores validate it, and what fixes each')
    .addOption(hostOption({ when: 'with --for' }));
  addConnectionOptions(diff, { when: 'with --for TARGET', connect: true, servername: true, timeout: true, proxy: true })
    .option('--side <store>', 'with --format pem: write the certificates only in this store (default: the first)')
    .option('--include-expired', 'with --format pem: also write expired roots (left out by default)')
    .addOption(formatOption(['text', 'json', 'pem']))
    .action(async (opts) => {
      const { diffCommand } = await import('./commands/diff.js');
      setCode(await diffCommand(opts, io));
    });

  const go = sub('go')
    .description('follow each MODULE[@VERSION] (default: the requires of ./go.mod) hop by hop as go get would, judging each host by whoever makes the request; with no module and no go.mod, probe every TLS endpoint the go command would use (GOPROXY, GOSUMDB)')
    .argument('[module...]', 'module paths, optionally @version (go.mod requires when none)')
    .option('--module <path>', 'endpoint sweep: also probe the VCS host of this module (for GOPROXY "direct")')
    .option('--mirrors', 'also probe the well-known mirrors (goproxy.cn, goproxy.io, mirrors.aliyun.com, sum.golang.google.cn)')
    .addOption(storeOption())
    .addOption(atOption())
    .addOption(goVersionOption());
  addConnectionOptions(go, { connectTo: true, tls: { choices: ['auto', '1.2', '1.3'], default: 'auto' }, timeout: true })
    .addOption(formatOption(['text', 'json']))
    .action(async (modules: string[], opts) => {
      const { goCommand } = await import('./commands/go.js');
      setCode(await goCommand(opts, io, modules));
    });

  sub('explain')
    .description("offline: which findings make go get print this line, how to confirm which one it is, and the fix")
    .argument('<line...>', 'the error line go get printed (quote it)')
    .addOption(formatOption(['text', 'json']))
    .action(async (words: string[], opts) => {
      const { explainCommand } = await import('./commands/explain.js');
      setCode(await explainCommand(words, opts, io));
    });

  const exp = sub('export')
    .description('write the PEM bundle that fixes it: fullchain (what the server should send), missing, trust (what the client store lacks), sent')
    .argument('<source>', 'a TARGET, a capture file (probe --save) or a PEM/DER chain file')
    .requiredOption('--kind <kind>', 'fullchain, missing, trust or sent')
    .addOption(storeOption())
    .option('--out <file>', 'write here atomically (default: standard output); never overwrites without --force')
    .option('--force', 'overwrite --out; with an exact path, also inside a system trust folder')
    .option('--merge', 'with --kind trust: write the store\'s own websites roots too (a bundle safe to use as SSL_CERT_FILE)')
    .addOption(aiaOption())
    .addOption(hostOption())
    .addOption(atOption());
  addConnectionOptions(exp, {
    when: 'for a TARGET',
    connect: true,
    servername: true,
    tls: { choices: ['auto', '1.2', '1.3'], default: 'auto' },
    timeout: true,
    proxy: true,
  })
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
      setCode(await labCommand(names, opts, io, run));
    });

  const tui = sub('tui')
    .description('the interactive terminal UI (default when chaindbg runs on a terminal with no arguments)')
    .argument('[target...]', 'targets (default: the Go endpoints from the environment)')
    .option('--module <path[@version]>', 'a module whose route (as chaindbg go MODULE follows it) becomes a group of targets; repeatable', (v: string, prev: string[] | undefined) => [...(prev ?? []), v])
    .addOption(storeOption());
  addConnectionOptions(tui, {
    connect: true,
    connectTo: true,
    servername: true,
    tls: { choices: ['auto', '1.2', '1.3'], default: 'auto', meaning: 'TLS versions to start with (t switches)' },
    timeout: true,
    proxy: true,
  })
    .option('--no-sni', 'send no SNI')
    .option('--alpn <list>', 'ALPN protocols to offer, comma-separated (e.g. h2,http/1.1)')
    .addOption(hostOption({ fallback: 'the target name' }))
    .addOption(atOption())
    .addOption(aiaOption())
    .action(async (targets: string[], opts) => {
      const { tuiCommand } = await import('./commands/tui.js');
      setCode(await tuiCommand(targets, opts, io));
    });

  sub('completion')
    .description('print a shell completion script: bash, zsh or fish')
    .argument('<shell>', 'bash, zsh or fish')
    .action(async (shell: string) => {
      const { completionCommand } = await import('./commands/completion.js');
      const { completionSpec } = await import('./completion-spec.js');
      setCode(completionCommand(shell, completionSpec(program, optionValues), io));
    });

  return program;
}
