import { connect as netConnect, createServer, type Server, type Socket } from 'node:net';

/** Where a CONNECT goes: "127.0.0.1:PORT" to tunnel there, `{ reply }` to answer instead, null for 502. */
export type ConnectRoute = (authority: string) => string | { reply: string } | null;

export interface ConnectProxy {
  port: number;
  url: string;
  /** Each request head as received (up to the blank line). */
  heads: string[];
  close: () => Promise<void>;
}

/** Tunnels to the requested address itself, on loopback only (tests never reach another host). */
export const loopbackOnly: ConnectRoute = (authority) => (/^(127\.0\.0\.1|\[::1\]):\d+$/.test(authority) ? authority : null);

/** Answers one CONNECT request already read from `client`: tunnels where `route` says, or replies (502 for null). */
export function answerConnect(client: Socket, authority: string, route: ConnectRoute, sockets: Set<Socket>): void {
  const to = route(authority);
  if (to === null || typeof to === 'object') {
    client.end(to?.reply ?? 'HTTP/1.1 502 Bad Gateway\r\n\r\n');
    return;
  }
  const at = to.lastIndexOf(':');
  const upstream = netConnect({ host: to.slice(0, at).replace(/^\[|\]$/g, ''), port: Number(to.slice(at + 1)) }, () => {
    client.write('HTTP/1.1 200 Connection established\r\n\r\n');
    client.pipe(upstream).pipe(client);
  });
  sockets.add(upstream);
  upstream.on('error', () => client.destroy());
  client.on('close', () => upstream.destroy());
}

/** A CONNECT proxy on 127.0.0.1 for tests: records each request head, then tunnels or answers as `route` says. */
export async function connectProxy(route: ConnectRoute = loopbackOnly): Promise<ConnectProxy> {
  const heads: string[] = [];
  const sockets = new Set<Socket>();
  const server: Server = createServer((client) => {
    sockets.add(client);
    client.on('error', () => undefined);
    let buf = '';
    const onData = (d: Buffer): void => {
      buf += d.toString('latin1');
      const end = buf.indexOf('\r\n\r\n');
      if (end === -1) return;
      client.off('data', onData);
      heads.push(buf.slice(0, end));
      answerConnect(client, /^CONNECT (\S+) /.exec(buf)?.[1] ?? '', route, sockets);
    };
    client.on('data', onData);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;
  return {
    port,
    url: `http://127.0.0.1:${port}`,
    heads,
    close: () =>
      new Promise<void>((done) => {
        for (const s of sockets) s.destroy();
        server.close(() => done());
      }),
  };
}
