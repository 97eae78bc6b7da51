/**
 * The named phases of one connection, in order: `dial` (TCP, or TLS to an https:// proxy), `tunnel` (HTTP CONNECT
 * or SOCKS5 through the proxy), `handshake` (TLS with the target, recorded), `capture` (after the handshake: the
 * last flight, a client-certificate verdict). A failure names the phase it happened in (`evidence.phase`).
 */
export type NetPhase = 'dial' | 'tunnel' | 'handshake' | 'capture';

export const NET_PHASES: readonly NetPhase[] = ['dial', 'tunnel', 'handshake', 'capture'];

/** A failure of the network layer, before the caller names it as a finding: one line and its evidence. */
export interface NetFailure {
  message: string;
  evidence: Record<string, unknown>;
}
