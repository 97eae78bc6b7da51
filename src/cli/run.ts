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
    .addOption(formatOption(['text', 'json']))
    .action(async (files: string[], opts) => {
      const { verifyCommand } = await import('./commands/verify.js');
      setCode(await verifyCommand(files, opts, io));
    });

  return program;
}
