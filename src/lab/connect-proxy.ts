import { connect as netConnect, createServer, type Server, type Socket } from 'node:net';

/**
 * The one HTTP CONNECT proxy on 127.0.0.1, for the lab and the tests: it stands in for DNS and the network at once,
 * tunnelling a CONNECT where `route` says (a lab name to its loopback port), answering instead when told to, and
 * refusing every other authority with 502, so nothing leaves this machine. It records what it was asked for.
 */

/** Where a CONNECT goes: "HOST:PORT" to tunnel there, `{ reply }` to answer instead, null for 502. */
export type ConnectRoute = (authority: string) => string | { reply: string } | null;

export interface ConnectProxy {
  port: number;
  url: string;
  /** Every CONNECT authority asked for, in order. */
  asked: string[];
  /** Each request head as received (up to the blank line). */
  heads: string[];
  close(): Promise<void>;
}

const MAX_HEAD = 8192;

/** Tunnels to the requested address itself, on loopback only. */
export const loopbackOnly: ConnectRoute = (authority) => (/^(127\.0\.0\.1|\[::1\]):\d+$/.test(authority) ? authority : null);

/**
 * Answers one CONNECT request already read from `client`: tunnels where `route` says (sending on `rest`, bytes the
 * client sent after the head), or replies (502 for null).
 */
export function answerConnect(client: Socket, authority: string, route: ConnectRoute, sockets: Set<Socket>, rest = ''): void {
  const to = authority ? route(authority) : null;
  if (to === null || typeof to === 'object') {
    client.end(to?.reply ?? 'HTTP/1.1 502 Bad Gateway\r\ncontent-length: 0\r\n\r\n');
    return;
  }
  const at = to.lastIndexOf(':');
  const upstream = netConnect({ host: to.slice(0, at).replace(/^\[|\]$/g, ''), port: Number(to.slice(at + 1)) }, () => {
    client.write('HTTP/1.1 200 Connection established\r\n\r\n');
    if (rest) upstream.write(Buffer.from(rest, 'latin1'));
    client.pipe(upstream).pipe(client);
  });
  sockets.add(upstream);
  upstream.on('error', () => client.destroy());
  upstream.on('close', () => sockets.delete(upstream));
  client.on('close', () => upstream.destroy());
}

/** Starts the proxy on 127.0.0.1 (an ephemeral port). */
export async function startConnectProxy(route: ConnectRoute = loopbackOnly): Promise<ConnectProxy> {
  const asked: string[] = [];
  const heads: string[] = [];
  const sockets = new Set<Socket>();
  const server: Server = createServer((client) => {
    sockets.add(client);
    client.on('error', () => undefined);
    client.on('close', () => sockets.delete(client));
    let head = '';
    const onData = (d: Buffer): void => {
      head += d.toString('latin1');
      const end = head.indexOf('\r\n\r\n');
      if (end === -1) {
        if (head.length > MAX_HEAD) client.destroy();
        return;
      }
      client.off('data', onData);
      heads.push(head.slice(0, end));
      const authority = /^CONNECT (\S+) HTTP\/1\.[01]\r\n/.exec(head)?.[1] ?? '';
      asked.push(authority);
      answerConnect(client, authority, route, sockets, head.slice(end + 4));
    };
    client.on('data', onData);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as { port: number };
  return {
    port,
    url: `http://127.0.0.1:${port}`,
    asked,
    heads,
    close: () =>
      new Promise<void>((done) => {
        for (const s of sockets) s.destroy();
        server.close(() => done());
      }),
  };
}
