/**
 * curl's --connect-to HOST:PORT:CONNECT_HOST:CONNECT_PORT (pure): requests for HOST:PORT are dialled at
 * CONNECT_HOST:CONNECT_PORT while the TLS name (SNI, hostname check) and the Host header keep HOST:PORT. An empty
 * HOST or PORT matches any; an empty CONNECT_HOST or CONNECT_PORT keeps the original. IPv6 addresses go in brackets.
 * The first rule that matches wins, as in curl.
 */

export interface ConnectToRule {
  host: string;
  port: number | null;
  connectHost: string;
  connectPort: number | null;
}

export class ConnectToError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConnectToError';
  }
}

/** Splits one --connect-to value; throws ConnectToError with a one-line reason. */
export function parseConnectTo(value: string): ConnectToRule {
  const parts: string[] = [];
  let rest = value;
  for (let i = 0; i < 4; i++) {
    if (rest.startsWith('[')) {
      const end = rest.indexOf(']');
      if (end < 0) throw new ConnectToError(`--connect-to "${value}": unclosed "[" in an IPv6 address`);
      parts.push(rest.slice(1, end));
      rest = rest.slice(end + 1);
      if (i < 3) {
        if (!rest.startsWith(':')) throw new ConnectToError(`--connect-to "${value}": expected HOST:PORT:CONNECT_HOST:CONNECT_PORT`);
        rest = rest.slice(1);
      }
      continue;
    }
    const colon = i < 3 ? rest.indexOf(':') : -1;
    if (i < 3 && colon < 0) throw new ConnectToError(`--connect-to "${value}": expected HOST:PORT:CONNECT_HOST:CONNECT_PORT`);
    parts.push(i < 3 ? rest.slice(0, colon) : rest);
    rest = i < 3 ? rest.slice(colon + 1) : '';
  }
  const [host, port, connectHost, connectPort] = parts as [string, string, string, string];
  return { host: host.toLowerCase(), port: portOf(port, value), connectHost, connectPort: portOf(connectPort, value) };
}

function portOf(text: string, value: string): number | null {
  if (text === '') return null;
  if (!/^\d{1,5}$/.test(text) || Number(text) < 1 || Number(text) > 65535) {
    throw new ConnectToError(`--connect-to "${value}": port "${text}" is not between 1 and 65535`);
  }
  return Number(text);
}

/** Where to dial for host:port under `rules`: the first matching rule's address, else null (dial it as it is). */
export function connectAddress(rules: readonly ConnectToRule[], host: string, port: number): { host: string; port: number } | null {
  const h = host.toLowerCase().replace(/^\[|\]$/g, '');
  for (const r of rules) {
    if (r.host !== '' && r.host !== h) continue;
    if (r.port !== null && r.port !== port) continue;
    return { host: r.connectHost === '' ? h : r.connectHost, port: r.connectPort ?? port };
  }
  return null;
}
