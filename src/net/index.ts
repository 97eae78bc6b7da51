/** Dialling, proxy selection and tunnels (HTTP CONNECT, HTTPS, SOCKS5), shared by capture and AIA. */
export { dial } from './dial.js';
export { openTunnel, MAX_PROXY_HEAD, type TunnelEvents } from './tunnel.js';
export { NET_PHASES, type NetPhase, type NetFailure } from './phases.js';
export { proxyForUrl } from './proxy-env.js';
export { parseProxyUrl, resolveProxy, ProxyConfigError, type ProxyEndpoint } from './proxy.js';
