/**
 * The one keymap: every key the TUI reacts to, per scope, with its help text. Components turn Ink's (input, key)
 * into a key name with `keyName`, then `resolveKey(scope, name)` gives the command; the help overlay lists `KEYMAP`.
 */

export type Scope =
  | 'global'
  | 'targets'
  | 'chain'
  | 'findings'
  | 'handshake'
  | 'help'
  | 'add'
  | 'stores'
  | 'storePath'
  | 'export'
  | 'exportPath'
  | 'finding';

export type Command =
  | 'quit'
  | 'help'
  | 'focusNext'
  | 'focusPrev'
  | 'toggleTls'
  | 'toggleAia'
  | 'nextPath'
  | 'reprobe'
  | 'reprobeAll'
  | 'openStores'
  | 'openExport'
  | 'openAdd'
  | 'openAddStore'
  | 'up'
  | 'down'
  | 'pageUp'
  | 'pageDown'
  | 'enter'
  | 'back'
  | 'toggle'
  | 'confirm'
  | 'cancel'
  | 'erase'
  | 'overwrite'
  | 'openFinding';

export interface Binding {
  scope: Scope;
  keys: string[];
  command: Command;
  help: string;
}

export const KEYMAP: readonly Binding[] = [
  { scope: 'global', keys: ['q', 'ctrl-c'], command: 'quit', help: 'quit' },
  { scope: 'global', keys: ['?'], command: 'help', help: 'show this help' },
  { scope: 'global', keys: ['tab'], command: 'focusNext', help: 'focus the next pane' },
  { scope: 'global', keys: ['shift-tab'], command: 'focusPrev', help: 'focus the previous pane' },
  { scope: 'global', keys: ['t'], command: 'toggleTls', help: 'TLS: auto (as Go) → 1.2 → 1.3 (probes if needed)' },
  { scope: 'global', keys: ['A'], command: 'toggleAia', help: 'AIA on / off: fetch missing issuers (as --aia)' },
  { scope: 'global', keys: ['r'], command: 'reprobe', help: 're-probe the selected target' },
  { scope: 'global', keys: ['R'], command: 'reprobeAll', help: 're-probe every target' },
  { scope: 'global', keys: ['s'], command: 'openStores', help: 'choose trust stores' },
  { scope: 'global', keys: ['e'], command: 'openExport', help: 'export a PEM bundle' },
  { scope: 'global', keys: ['a'], command: 'openAdd', help: 'add a target (host[:port])' },
  { scope: 'global', keys: ['d'], command: 'openFinding', help: 'a finding in full: the selected one, else the cause' },

  { scope: 'targets', keys: ['up', 'k'], command: 'up', help: 'previous target' },
  { scope: 'targets', keys: ['down', 'j'], command: 'down', help: 'next target' },
  { scope: 'targets', keys: ['enter'], command: 'enter', help: 'go to the detail pane' },

  { scope: 'chain', keys: ['up', 'k'], command: 'up', help: 'previous certificate' },
  { scope: 'chain', keys: ['down', 'j'], command: 'down', help: 'next certificate' },
  { scope: 'chain', keys: ['enter'], command: 'enter', help: 'show / hide certificate details' },
  { scope: 'chain', keys: ['escape'], command: 'back', help: 'back to the chain' },
  { scope: 'chain', keys: ['p'], command: 'nextPath', help: "next valid path of the certificate's store" },

  { scope: 'findings', keys: ['up', 'k'], command: 'up', help: 'previous finding' },
  { scope: 'findings', keys: ['down', 'j'], command: 'down', help: 'next finding' },
  { scope: 'findings', keys: ['enter'], command: 'enter', help: 'expand / collapse: explanation and fix' },

  { scope: 'handshake', keys: ['up', 'k'], command: 'up', help: 'scroll up' },
  { scope: 'handshake', keys: ['down', 'j'], command: 'down', help: 'scroll down' },

  { scope: 'finding', keys: ['up', 'k'], command: 'up', help: 'scroll up' },
  { scope: 'finding', keys: ['down', 'j'], command: 'down', help: 'scroll down' },
  { scope: 'finding', keys: ['escape', 'd', 'q', 'enter'], command: 'cancel', help: 'close' },

  { scope: 'help', keys: ['up', 'k'], command: 'up', help: 'scroll up' },
  { scope: 'help', keys: ['down', 'j'], command: 'down', help: 'scroll down' },
  { scope: 'help', keys: ['escape', '?', 'q', 'enter'], command: 'cancel', help: 'close help' },

  { scope: 'add', keys: ['enter'], command: 'confirm', help: 'add and probe the target' },
  { scope: 'add', keys: ['escape'], command: 'cancel', help: 'cancel' },
  { scope: 'add', keys: ['backspace'], command: 'erase', help: 'erase a character' },

  { scope: 'stores', keys: ['up', 'k'], command: 'up', help: 'previous store' },
  { scope: 'stores', keys: ['down', 'j'], command: 'down', help: 'next store' },
  { scope: 'stores', keys: ['space'], command: 'toggle', help: 'select / unselect the store' },
  { scope: 'stores', keys: ['enter'], command: 'confirm', help: 'apply (re-analyse, no re-probe)' },
  { scope: 'stores', keys: ['a'], command: 'openAddStore', help: 'add a PEM/DER file or a folder of them' },
  { scope: 'stores', keys: ['escape'], command: 'cancel', help: 'cancel' },

  { scope: 'storePath', keys: ['enter'], command: 'confirm', help: 'load it, select it and apply (no re-probe)' },
  { scope: 'storePath', keys: ['escape'], command: 'cancel', help: 'back to the store list' },
  { scope: 'storePath', keys: ['backspace'], command: 'erase', help: 'erase a character' },

  { scope: 'export', keys: ['up', 'k'], command: 'up', help: 'previous bundle kind' },
  { scope: 'export', keys: ['down', 'j'], command: 'down', help: 'next bundle kind' },
  { scope: 'export', keys: ['enter'], command: 'enter', help: 'choose the bundle kind' },
  { scope: 'export', keys: ['o'], command: 'overwrite', help: 'overwrite the file that exists (asked only then)' },
  { scope: 'export', keys: ['escape', 'n'], command: 'cancel', help: 'cancel / close' },

  { scope: 'exportPath', keys: ['enter'], command: 'confirm', help: 'write the bundle there (never over an existing file)' },
  { scope: 'exportPath', keys: ['escape'], command: 'cancel', help: 'cancel' },
  { scope: 'exportPath', keys: ['backspace'], command: 'erase', help: 'erase a character of the path' },
];

export const SCOPE_TITLES: Readonly<Record<Scope, string>> = {
  global: 'Everywhere',
  targets: 'Targets',
  chain: 'Chain',
  findings: 'Findings',
  handshake: 'Handshake',
  help: 'Help',
  add: 'Add target',
  stores: 'Stores',
  storePath: 'Add a store (path, ~ expanded)',
  export: 'Export',
  exportPath: 'Export: the path (type to edit)',
  finding: 'Finding in full (d)',
};

/** The parts of Ink's `Key` that name a key. */
export interface KeyFlags {
  upArrow?: boolean;
  downArrow?: boolean;
  leftArrow?: boolean;
  rightArrow?: boolean;
  pageUp?: boolean;
  pageDown?: boolean;
  return?: boolean;
  escape?: boolean;
  ctrl?: boolean;
  shift?: boolean;
  tab?: boolean;
  backspace?: boolean;
  delete?: boolean;
}

/** Ink's (input, key) as one key name: "up", "enter", "shift-tab", "ctrl-c", "space", or the character itself. */
export function keyName(input: string, key: KeyFlags): string {
  if (key.upArrow) return 'up';
  if (key.downArrow) return 'down';
  if (key.leftArrow) return 'left';
  if (key.rightArrow) return 'right';
  if (key.pageUp) return 'pageup';
  if (key.pageDown) return 'pagedown';
  if (key.return) return 'enter';
  if (key.escape) return 'escape';
  if (key.tab) return key.shift ? 'shift-tab' : 'tab';
  // Terminals send DEL (0x7f) for backspace; Ink reports it as `delete`.
  if (key.backspace || key.delete) return 'backspace';
  if (key.ctrl && input) return `ctrl-${input.toLowerCase()}`;
  if (input === ' ') return 'space';
  return input;
}

/**
 * Several keys in one chunk (fast typing, `tmux send-keys a b c`): Ink hands them over as one string. Splits the
 * plain characters into key names; escape sequences inside such a chunk are not split (Ink parses those itself).
 */
export function splitChunk(input: string): string[] {
  const names: Record<string, string> = { '\t': 'tab', '\r': 'enter', '\n': 'enter', ' ': 'space', '\u007f': 'backspace', '\b': 'backspace' };
  return Array.from(input).map((c) => names[c] ?? (c < ' ' ? `ctrl-${String.fromCharCode(c.charCodeAt(0) + 96)}` : c));
}

export function resolveKey(scope: Scope, name: string): Command | null {
  for (const b of KEYMAP) if (b.scope === scope && b.keys.includes(name)) return b.command;
  return null;
}

/** Key names as shown to the user. */
export function showKey(name: string): string {
  const names: Record<string, string> = { up: '↑', down: '↓', enter: 'enter', escape: 'esc', space: 'space' };
  return names[name] ?? name;
}

/** Help lines for the given scopes, in keymap order. */
export function helpFor(scopes: readonly Scope[]): { scope: Scope; keys: string; help: string }[] {
  return KEYMAP.filter((b) => scopes.includes(b.scope)).map((b) => ({
    scope: b.scope,
    keys: b.keys.map(showKey).join(' '),
    help: b.help,
  }));
}
