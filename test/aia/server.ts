import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { answerConnect, type ConnectRoute } from '../support/connect-proxy.js';

export interface Route {
  status?: number;
  headers?: Record<string, string>;
  body?: Uint8Array | string;
  /** Custom handler (hangs, streams). */
  handle?: (req: http.IncomingMessage, res: http.ServerResponse) => void;
}

export interface TestServer {
  base: string;
  port: number;
  hits: string[];
  /** Sockets closed by the client, by request path. */
  closed: Set<string>;
  close: () => Promise<void>;
}

/** A loopback HTTP server serving fixed routes; records every request path. */
export async function serve(routes: Record<string, Route>): Promise<TestServer> {
  const hits: string[] = [];
  const closed = new Set<string>();
  const server = http.createServer((req, res) => {
    const path = req.url ?? '/';
    hits.push(path);
    req.socket.on('close', () => closed.add(path));
    const route = routes[path];
    if (!route) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    if (route.handle) return route.handle(req, res);
    res.writeHead(route.status ?? 200, route.headers ?? {}).end(route.body ?? '');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    base: `http://127.0.0.1:${port}`,
    port,
    hits,
    closed,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/**
 * A loopback forward proxy for plain HTTP: it takes absolute-form requests ("GET http://host/path") and answers them
 * from `upstream` (ignoring the host, which need not resolve), recording each absolute URL it was asked for. With
 * `connect`, CONNECT requests are answered as that route says (see test/support/connect-proxy.ts).
 */
export async function proxy(upstreamPort: number, connect?: ConnectRoute): Promise<TestServer & { auth: Array<string | undefined> }> {
  const hits: string[] = [];
  const auth: Array<string | undefined> = [];
  const server = http.createServer((req, res) => {
    hits.push(req.url ?? '');
    auth.push(req.headers['proxy-authorization']);
    let path: string;
    try {
      const u = new URL(req.url ?? '');
      path = `${u.pathname}${u.search}`;
    } catch {
      res.writeHead(400).end('absolute-form required');
      return;
    }
    const up = http.request({ host: '127.0.0.1', port: upstreamPort, path, method: 'GET', agent: false }, (r) => {
      res.writeHead(r.statusCode ?? 502, r.headers);
      r.pipe(res);
    });
    up.on('error', () => res.writeHead(502).end());
    up.end();
  });
  const tunnels = new Set<Socket>();
  if (connect) server.on('connect', (req, client: Socket) => answerConnect(client, req.url ?? '', connect, tunnels.add(client)));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    base: `http://127.0.0.1:${port}`,
    port,
    hits,
    auth,
    closed: new Set(),
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of tunnels) s.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
