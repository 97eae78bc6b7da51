import type { Command, Option } from 'commander';
import { STORE_NAMES, type CompletionCommand, type CompletionOption, type CompletionSpec } from './completion.js';

/**
 * Values of options that the commands validate themselves (their grammar lives with the command): --tls takes
 * 'both' only in probe.
 */
function knownValues(command: string, long: string | undefined): string[] | undefined {
  if (long === '--tls') return command === 'probe' ? ['auto', '1.2', '1.3', 'both'] : ['auto', '1.2', '1.3'];
  if (long === '--kind') return ['fullchain', 'missing', 'trust', 'sent'];
  return undefined;
}

/** Options whose value names a file to read or write. */
const FILE_OPTIONS = new Set(['--out', '--save', '--keylog', '--for', '--store']);

/**
 * Reads the completion spec off the commander program: its commands, their options and the fixed values each
 * takes (commander's choices, or the list given in `values`, e.g. --format's per-command formats).
 */
export function completionSpec(program: Command, values: WeakMap<Option, string[]>): CompletionSpec {
  const option = (o: Option, command = ''): CompletionOption => {
    const takesValue = o.required || o.optional;
    const flags = [o.short, o.long].filter((f): f is string => typeof f === 'string');
    const fixed = values.get(o) ?? o.argChoices ?? knownValues(command, o.long) ?? (o.long === '--store' ? STORE_NAMES : []);
    return {
      flags,
      values: takesValue ? [...fixed] : null,
      files: takesValue && FILE_OPTIONS.has(o.long ?? ''),
      description: o.description,
    };
  };
  const commands: CompletionCommand[] = program.commands.map((c) => ({
    name: c.name(),
    description: c.description(),
    options: [...c.options.map((o) => option(o, c.name())), { flags: ['-h', '--help'], values: null, files: false, description: 'display help' }],
    fileArgs: ['verify', 'analyze', 'export'].includes(c.name()),
  }));
  return {
    program: program.name(),
    commands,
    globalOptions: [
      ...program.options.map((o) => option(o)),
      { flags: ['-h', '--help'], values: null, files: false, description: 'display help' },
    ],
  };
}
