/**
 * Shell completion scripts (bash, zsh, fish), made from the commander program itself so they never drift from the
 * real commands and options. Pure: the spec in, the script text out.
 */

export const COMPLETION_SHELLS = ['bash', 'zsh', 'fish'] as const;
export type CompletionShell = (typeof COMPLETION_SHELLS)[number];

export interface CompletionOption {
  /** Every spelling, e.g. ['-V', '--version']. */
  flags: string[];
  /** The values it takes when they are a fixed list (e.g. --format text json), [] for a free value, null for none. */
  values: string[] | null;
  /** The value names files (a PEM file, a capture, --out). */
  files: boolean;
  description: string;
}

export interface CompletionCommand {
  name: string;
  description: string;
  options: CompletionOption[];
  /** Positional arguments are file names (verify FILE..., analyze CAPTURE, export SOURCE). */
  fileArgs: boolean;
}

export interface CompletionSpec {
  program: string;
  commands: CompletionCommand[];
  globalOptions: CompletionOption[];
}

/** Store names that --store takes besides a path. */
export const STORE_NAMES = ['system', 'mozilla', 'node'];

export function completionScript(shell: CompletionShell, spec: CompletionSpec): string {
  switch (shell) {
    case 'bash':
      return bashScript(spec);
    case 'zsh':
      return zshScript(spec);
    case 'fish':
      return fishScript(spec);
  }
}

/** Quotes a word for a POSIX shell single-quoted string. */
function sq(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

function flagsOf(options: CompletionOption[]): string {
  return options.flatMap((o) => o.flags).join(' ');
}

function bashScript(spec: CompletionSpec): string {
  const fn = `_${spec.program}_complete`;
  const lines: string[] = [
    `# bash completion for ${spec.program}: eval "$(${spec.program} completion bash)" (e.g. in ~/.bashrc)`,
    `${fn}() {`,
    '  local cur prev cmd i',
    '  cur="${COMP_WORDS[COMP_CWORD]}"',
    '  prev="${COMP_WORDS[COMP_CWORD-1]}"',
    '  cmd=""',
    '  for ((i = 1; i < COMP_CWORD; i++)); do',
    '    case "${COMP_WORDS[i]}" in -*) ;; *) cmd="${COMP_WORDS[i]}"; break ;; esac',
    '  done',
    '  if [[ -z "$cmd" ]]; then',
    `    COMPREPLY=($(compgen -W ${sq(`${spec.commands.map((c) => c.name).join(' ')} ${flagsOf(spec.globalOptions)}`)} -- "$cur"))`,
    '    return',
    '  fi',
    '  case "$cmd" in',
  ];
  for (const c of spec.commands) {
    lines.push(`    ${c.name})`);
    lines.push('      case "$prev" in');
    for (const o of c.options) {
      if (o.values === null) continue;
      const pattern = o.flags.join('|');
      if (o.values.length > 0) {
        lines.push(`        ${pattern}) COMPREPLY=($(compgen -W ${sq(o.values.join(' '))} -- "$cur")${o.files ? ' $(compgen -f -- "$cur")' : ''}); return ;;`);
      } else if (o.files) {
        lines.push(`        ${pattern}) COMPREPLY=($(compgen -f -- "$cur")); return ;;`);
      } else {
        lines.push(`        ${pattern}) return ;;`);
      }
    }
    lines.push('      esac');
    const words = sq(flagsOf(c.options));
    lines.push(
      c.fileArgs
        ? `      if [[ "$cur" == -* ]]; then COMPREPLY=($(compgen -W ${words} -- "$cur")); else COMPREPLY=($(compgen -f -- "$cur")); fi ;;`
        : `      COMPREPLY=($(compgen -W ${words} -- "$cur")) ;;`,
    );
  }
  lines.push('  esac', '}', `complete -o filenames -F ${fn} ${spec.program}`, '');
  return lines.join('\n');
}

/** zsh: one _arguments spec per command, dispatched from the first word. */
function zshScript(spec: CompletionSpec): string {
  const esc = (t: string) => t.replace(/[\\[\]:]/g, (m) => `\\${m}`).replace(/'/g, `'\\''`);
  const optSpec = (o: CompletionOption): string[] =>
    o.flags.map((flag) => {
      const value =
        o.values === null
          ? ''
          : o.values.length > 0
            ? o.files
              ? `:value:{compadd ${o.values.join(' ')}; _files}`
              : `:value:(${o.values.join(' ')})`
            : o.files
              ? ':file:_files'
              : ':value: ';
      return `'${flag}[${esc(o.description)}]${value}'`;
    });
  const lines: string[] = [
    `#compdef ${spec.program}`,
    `# zsh completion for ${spec.program}: ${spec.program} completion zsh > "\${fpath[1]}/_${spec.program}" (or eval it in ~/.zshrc after compinit)`,
    `_${spec.program}() {`,
    '  local -a commands',
    '  commands=(',
    ...spec.commands.map((c) => `    '${c.name}:${esc(c.description)}'`),
    '  )',
    '  if (( CURRENT == 2 )); then',
    `    _describe 'command' commands`,
    '    return',
    '  fi',
    '  local cmd="${words[2]}"',
    '  shift words; (( CURRENT-- ))',
    '  case "$cmd" in',
  ];
  for (const c of spec.commands) {
    const specs = [...c.options.flatMap(optSpec), c.fileArgs ? `'*:file:_files'` : `'*: :'`];
    lines.push(`    ${c.name}) _arguments -s ${specs.join(' ')} ;;`);
  }
  lines.push('  esac', '}', `compdef _${spec.program} ${spec.program} 2>/dev/null || _${spec.program} "$@"`, '');
  return lines.join('\n');
}

function fishScript(spec: CompletionSpec): string {
  const p = spec.program;
  const fq = (t: string) => `'${t.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
  const lines: string[] = [
    `# fish completion for ${p}: ${p} completion fish > ~/.config/fish/completions/${p}.fish`,
    `complete -c ${p} -f`,
  ];
  for (const c of spec.commands) {
    lines.push(`complete -c ${p} -n '__fish_use_subcommand' -a ${c.name} -d ${fq(c.description)}`);
    const when = `-n '__fish_seen_subcommand_from ${c.name}'`;
    if (c.fileArgs) lines.push(`complete -c ${p} ${when} -F`);
    for (const o of c.options) {
      const names = o.flags
        .map((f) => (f.startsWith('--') ? `-l ${f.slice(2)}` : `-s ${f.slice(1)}`))
        .join(' ');
      const value =
        o.values === null
          ? ''
          : o.values.length > 0
            ? `${o.files ? ' -r -F' : ' -x'} -a ${fq(o.values.join(' '))}`
            : o.files
              ? ' -r -F'
              : ' -x';
      lines.push(`complete -c ${p} ${when} ${names}${value} -d ${fq(o.description)}`);
    }
  }
  return `${lines.join('\n')}\n`;
}
