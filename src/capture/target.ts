import { isIP, isIPv6 } from 'node:net';
import { TargetError } from './errors.js';

export interface Target {
  host: string;
  port: number;
}

const DNS_NAME = /^(?=.{1,253}\.?$)([A-Za-z0-9_](?:[A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?)(?:\.[A-Za-z0-9_](?:[A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?)*\.?$/;

function parsePort(text: string, input: string): number {
  if (!/^\d{1,5}$/.test(text) || Number(text) < 1 || Number(text) > 65535) {
    throw new TargetError(`invalid port ${JSON.stringify(text)} in target ${JSON.stringify(input)}: expected 1-65535`, {
      input,
      port: text,
    });
  }
  return Number(text);
}

function checkHost(host: string, input: string): string {
  if (isIP(host) !== 0 || DNS_NAME.test(host)) return host;
  throw new TargetError(`invalid host ${JSON.stringify(host)} in target ${JSON.stringify(input)}`, { input, host });
}

/**
 * Reads a probe target: `host`, `host:port` (default port 443), `[v6]:port`, `[v6]`, bare IPv6, or
 * `https://host[:port]/path`. IPv6 comes back without brackets.
 */
export function parseTarget(text: string): Target {
  const input = text;
  const s = text.trim();
  if (s === '') throw new TargetError('empty target: expected host, host:port or https://host[:port]', { input });
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(s)) {
    let url: URL;
    try {
      url = new URL(s);
    } catch {
      throw new TargetError(`invalid URL ${JSON.stringify(s)}`, { input });
    }
    if (url.protocol !== 'https:') {
      throw new TargetError(`unsupported scheme ${JSON.stringify(url.protocol.slice(0, -1))} in target: use https:// or host:port`, {
        input,
        scheme: url.protocol.slice(0, -1),
      });
    }
    const host = url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname;
    // The URL parser accepts port 0 (and drops :443): the same 1-65535 range as host:port.
    return { host: checkHost(host, input), port: url.port === '' ? 443 : parsePort(url.port, input) };
  }
  if (s.startsWith('[')) {
    const m = /^\[([^\]]+)\](?::(.*))?$/.exec(s);
    if (!m || !isIPv6(m[1]!)) throw new TargetError(`invalid bracketed IPv6 target ${JSON.stringify(s)}`, { input });
    return { host: m[1]!, port: m[2] === undefined ? 443 : parsePort(m[2], input) };
  }
  const colons = s.split(':').length - 1;
  if (colons >= 2) {
    if (!isIPv6(s)) {
      throw new TargetError(`invalid target ${JSON.stringify(s)}: write an IPv6 address with a port as [addr]:port`, { input });
    }
    return { host: s, port: 443 };
  }
  if (colons === 1) {
    const i = s.lastIndexOf(':');
    return { host: checkHost(s.slice(0, i), input), port: parsePort(s.slice(i + 1), input) };
  }
  return { host: checkHost(s, input), port: 443 };
}
