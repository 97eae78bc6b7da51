import { type Socket, connect as netConnect } from 'node:net';
import { connect as tlsConnect } from 'node:tls';
import { type ProxyEndpoint, type ProxyTrust, proxyTlsOptions } from './proxy.js';

/**
 * The `dial` phase: a TCP connection to `first` (the target, or the proxy), or for an https:// proxy a TLS
 * connection to it (`trust` says which CAs). Node throws synchronously on a bad port or address: the caller turns
 * that into CONNECT_FAILED. The socket's 'connect' (TCP up) and, with `trust`, 'secureConnect' (proxy TLS up) end it.
 */
export function dial(first: { host: string; port: number }, proxy: ProxyEndpoint | null, trust: ProxyTrust | null): Socket {
  const raw = trust ? tlsConnect(proxyTlsOptions(proxy!, trust)) : netConnect({ host: first.host, port: first.port });
  raw.setNoDelay(true);
  return raw;
}
