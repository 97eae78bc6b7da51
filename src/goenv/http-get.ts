import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { connect as netConnect, isIP, type Socket } from 'node:net';
import { connect as tlsConnect } from 'node:tls';
import { connectAddress, type ConnectToRule } from '../capture/connect-to.js';
import { connectRequest, parseProxyResponseHead, parseProxyUrl, resolveProxy } from '../net/proxy.js';

/**
 * One HTTP GET of a module route, after chaindbg probed and judged the host's chain (the I/O edge of the route): the
 * same dial address (--connect-to), SNI and proxy as the probe, certificate checks off because the verdict was
 * already reached on the captured chain. No redirect is followed here: the caller probes each new host first. The
 * body is capped; what a server sends beyond the cap is not read.
 */

export const MAX_ROUTE_BODY_BYTES = 1024 * 1024;

export interface HttpGetRequest {
  url: string;
  connectTo: readonly ConnectToRule[];
  env: Record<string, string | undefined>;
  /** undefined: from env (HTTPS_PROXY / NO_PROXY); null: none. Only http:// proxies carry the follow-up request. */
  proxy?: string | null;
  timeoutMs: number;
  /** The User-Agent of the client making the request (Go: "Go-http-client/1.1"). */
  userAgent: string;
}

export interface HttpGetResult {
  status: number;
  location: string | null;
  contentType: string | null;
  body: string;
  truncated: boolean;
}

export async function httpGet(req: HttpGetRequest): Promise<HttpGetResult | { error: string }> {
  let u: URL;
  try {
    u = new URL(req.url);
  } catch {
    return { error: `invalid URL ${JSON.stringify(req.url)}` };
  }
  const secure = u.protocol === 'https:';
  if (!secure && u.protocol !== 'http:') return { error: `unsupported protocol scheme "${u.protocol.slice(0, -1)}"` };
  const host = u.hostname.replace(/^\[|\]$/g, '');
  const port = u.port !== '' ? Number(u.port) : secure ? 443 : 80;
  const dial = connectAddress(req.connectTo, host, port) ?? { host, port };
  const deadline = Date.now() + req.timeoutMs;
  let socket: Socket;
  try {
    socket = await openSocket(host, port, dial, secure, req, deadline);
  } catch (e) {
    return { error: (e as Error).message };
  }
  const send = secure ? httpsRequest : httpRequest;
  return new Promise((resolve) => {
    let done = false;
    const finish = (r: HttpGetResult | { error: string }) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      socket.destroy();
      resolve(r);
    };
    const timer = setTimeout(() => finish({ error: `no answer within ${req.timeoutMs} ms` }), Math.max(1, deadline - Date.now()));
    const r = send({
      method: 'GET',
      host,
      port,
      path: `${u.pathname}${u.search}`,
      headers: { Host: u.host, 'User-Agent': req.userAgent, 'Accept-Encoding': 'identity' },
      // No agent: node then asks createConnection for the socket, which is already dialled (and tunnelled).
      createConnection: () => socket,
      rejectUnauthorized: false,
    });
    r.on('response', (res: IncomingMessage) => {
      const chunks: Buffer[] = [];
      let size = 0;
      let truncated = false;
      res.on('data', (c: Buffer) => {
        if (size >= MAX_ROUTE_BODY_BYTES) {
          truncated = true;
          end();
          return;
        }
        chunks.push(c.subarray(0, MAX_ROUTE_BODY_BYTES - size));
        size += c.length;
        if (size > MAX_ROUTE_BODY_BYTES) truncated = true;
      });
      const end = () =>
        finish({
          status: res.statusCode ?? 0,
          location: typeof res.headers.location === 'string' ? res.headers.location : null,
          contentType: typeof res.headers['content-type'] === 'string' ? res.headers['content-type'] : null,
          body: Buffer.concat(chunks).toString('utf8'),
          truncated,
        });
      res.on('end', end);
      res.on('error', (e) => finish({ error: e.message }));
    });
    r.on('error', (e) => finish({ error: e.message }));
    r.end();
  });
}

async function openSocket(
  host: string,
  port: number,
  dial: { host: string; port: number },
  secure: boolean,
  req: HttpGetRequest,
  deadline: number,
): Promise<Socket> {
  const proxyUrl = secure ? resolveProxy(host, port, req.proxy, req.env) : null;
  let raw: Socket;
  if (proxyUrl !== null) {
    const proxy = parseProxyUrl(proxyUrl);
    if (proxy.kind !== 'http') throw new Error(`the follow-up request does not go through ${proxy.kind} proxies (only http://)`);
    raw = await tunnel(proxy.host, proxy.port, dial, proxy.authorization ?? null, deadline);
  } else {
    raw = await new Promise<Socket>((resolve, reject) => {
      const s = netConnect({ host: dial.host, port: dial.port });
      const t = setTimeout(() => {
        s.destroy();
        reject(new Error(`dial tcp ${dial.host}:${dial.port}: i/o timeout`));
      }, Math.max(1, deadline - Date.now()));
      s.once('connect', () => {
        clearTimeout(t);
        resolve(s);
      });
      s.once('error', (e) => {
        clearTimeout(t);
        reject(new Error(`dial tcp ${dial.host}:${dial.port}: ${(e as NodeJS.ErrnoException).code ?? e.message}`));
      });
    });
  }
  if (!secure) return raw;
  return new Promise<Socket>((resolve, reject) => {
    const t = tlsConnect({ socket: raw, servername: isIP(host) === 0 ? host : undefined, rejectUnauthorized: false, ALPNProtocols: ['http/1.1'] });
    t.once('secureConnect', () => resolve(t));
    t.once('error', (e) => reject(new Error(`TLS: ${e.message}`)));
  });
}

function tunnel(proxyHost: string, proxyPort: number, dial: { host: string; port: number }, auth: string | null, deadline: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const s = netConnect({ host: proxyHost, port: proxyPort });
    let buf = Buffer.alloc(0);
    const t = setTimeout(() => {
      s.destroy();
      reject(new Error(`proxyconnect tcp: i/o timeout`));
    }, Math.max(1, deadline - Date.now()));
    s.once('connect', () => s.write(connectRequest(dial.host, dial.port, auth)));
    const onData = (c: Buffer) => {
      buf = Buffer.concat([buf, c]);
      const head = parseProxyResponseHead(buf);
      if (head === null) {
        if (buf.length > 16 * 1024) reject(new Error('proxy answer head too large'));
        return;
      }
      s.off('data', onData);
      clearTimeout(t);
      if (head.status !== 200) {
        s.destroy();
        reject(new Error(`proxy answered ${head.statusLine}`));
        return;
      }
      if (buf.length > head.headLength) s.unshift(buf.subarray(head.headLength));
      resolve(s);
    };
    s.on('data', onData);
    s.once('error', (e) => {
      clearTimeout(t);
      reject(new Error(`proxyconnect tcp: ${(e as NodeJS.ErrnoException).code ?? e.message}`));
    });
  });
}
