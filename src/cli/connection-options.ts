import { Option, type Command } from 'commander';
import { orList, type TlsChoice } from '../model/grammar.js';

export type { TlsChoice };

/** How each --tls value reads in help. */
const TLS_HELP: Record<TlsChoice, string> = {
  auto: 'auto (1.2 and 1.3, as Go does)',
  '1.2': '1.2',
  '1.3': '1.3',
  both: 'both (one connection each)',
};

/** Which connection options a command takes, and the little that genuinely differs between commands. */
export interface ConnectionOptionsSpec {
  /**
   * Prefix for every help line when a live TARGET is only one kind of input to the command: "for a TARGET"
   * (export), "with --for TARGET" (diff).
   */
  when?: string;
  connect?: boolean;
  /** --connect-to HOST:PORT:CONNECT_HOST:CONNECT_PORT, repeatable (curl's). */
  connectTo?: boolean;
  servername?: boolean;
  /** --tls: the values the command accepts, its default, and what the value means there (default "versions to offer"). */
  tls?: { choices: readonly TlsChoice[]; default: TlsChoice; meaning?: string };
  timeout?: boolean;
  proxy?: boolean;
}

/** The --timeout default shown in help: capture's DEFAULT_TIMEOUT_MS (not imported, so `run` stays light to load). */
export const DEFAULT_TIMEOUT_HELP = '10000';


/**
 * Adds the options that say how to reach a live TARGET, always in this order and with the same words: --connect,
 * --servername, --tls, --timeout, --proxy (those the spec asks for). Only declaration lives here; each value is
 * checked where it is used (the command, or loadChainSource), with the same messages everywhere:
 * `invalid --tls "X": expected ...`, `invalid --timeout "X": expected a whole number from 1 to 3600000 (ms)` (cli/options.ts OPTION_RANGES), `--connect: ...`.
 */
export function addConnectionOptions(cmd: Command, spec: ConnectionOptionsSpec): Command {
  const help = (text: string) => (spec.when ? `${spec.when}: ${text}` : text);
  if (spec.connect) {
    cmd.addOption(new Option('--connect <host:port>', help('dial this address instead; SNI and the hostname check keep the target name')));
  }
  if (spec.connectTo) {
    cmd.addOption(
      new Option('--connect-to <rule>', help('HOST:PORT:CONNECT_HOST:CONNECT_PORT: dial CONNECT_HOST:CONNECT_PORT for HOST:PORT (curl\'s; repeatable, first match wins; empty fields match any or keep the original); SNI and Host keep HOST:PORT'))
        .argParser((value: string, previous: string[] | undefined) => [...(previous ?? []), value]),
    );
  }
  if (spec.servername) cmd.addOption(new Option('--servername <name>', help('SNI to send (default: the target name)')));
  if (spec.tls) {
    const { choices, meaning = 'TLS versions to offer' } = spec.tls;
    cmd.addOption(
      new Option('--tls <version>', help(`${meaning}: ${orList(choices.map((c) => TLS_HELP[c]))}`)).default(spec.tls.default),
    );
  }
  if (spec.timeout) {
    cmd.addOption(
      new Option('--timeout <ms>', help('time limit per connection in ms (1 to 3600000), connect and handshake together')).default(DEFAULT_TIMEOUT_HELP),
    );
  }
  if (spec.proxy) {
    cmd.addOption(new Option('--proxy <url>', help('proxy to tunnel through: http://, https:// (TLS to the proxy) or socks5:// / socks5h:// (default: HTTPS_PROXY / ALL_PROXY, honouring NO_PROXY)')));
  }
  return cmd;
}
