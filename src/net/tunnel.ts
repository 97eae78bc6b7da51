import type { Socket } from 'node:net';
import type { NetFailure } from './phases.js';
import { type ProxyEndpoint, connectRequest, parseProxyResponseHead } from './proxy.js';
import { Socks5Handshake, SocksError, type SocksStep, stageText } from './socks.js';

/** Largest proxy response head read before giving up. */
export const MAX_PROXY_HEAD = 16 * 1024;

export interface TunnelEvents {
  /** The tunnel is up; bytes that followed the proxy's answer were put back in front of the (paused) socket. */
  ready(): void;
  /** The proxy refused or broke the tunnel (a PROXY_FAILED for the caller). */
  fail(failure: NetFailure): void;
}

const hostPort = (host: string, port: number) => `${host.includes(':') ? `[${host}]` : host}:${port}`;

/**
 * The `tunnel` phase over a dialled proxy socket: HTTP CONNECT (http:// and https:// proxies) or RFC 1928 CONNECT
 * (SOCKS5) to `to`. Exactly one of ready() or fail() is called, unless the caller ends the connection first.
 */
export function openTunnel(raw: Socket, proxy: ProxyEndpoint, to: { host: string; port: number }, on: TunnelEvents): void {
  if (proxy.kind === 'socks5') socksTunnel(raw, proxy, to, on);
  else httpTunnel(raw, proxy, to, on);
}

function httpTunnel(raw: Socket, proxy: ProxyEndpoint, to: { host: string; port: number }, on: TunnelEvents): void {
  let head: Buffer = Buffer.alloc(0);
  const onData = (chunk: Buffer): void => {
    head = Buffer.concat([head, chunk]);
    const parsed = parseProxyResponseHead(head);
    if (!parsed) {
      if (head.length > MAX_PROXY_HEAD) {
        on.fail({
          message: `proxy ${proxy.display} sent a response head over ${MAX_PROXY_HEAD} bytes`,
          evidence: { proxy: proxy.display, statusLine: head.subarray(0, 120).toString('latin1').split('\r\n')[0] },
        });
      }
      return;
    }
    raw.off('data', onData);
    raw.off('end', onEnd);
    if (parsed.status === null || parsed.status < 200 || parsed.status > 299) {
      on.fail({
        message: `proxy ${proxy.display} refused CONNECT ${hostPort(to.host, to.port)}: ${parsed.statusLine}`,
        evidence: { proxy: proxy.display, statusLine: parsed.statusLine, status: parsed.status },
      });
      return;
    }
    raw.pause();
    const rest = head.subarray(parsed.headLength);
    if (rest.length > 0) raw.unshift(rest);
    on.ready();
  };
  const onEnd = (): void => {
    on.fail({
      message: `proxy ${proxy.display} closed the connection before answering CONNECT`,
      evidence: { proxy: proxy.display, statusLine: null },
    });
  };
  raw.on('data', onData);
  raw.once('end', onEnd);
  raw.write(connectRequest(to.host, to.port, proxy.authorization));
}

/** RFC 1928 CONNECT through a SOCKS5 proxy; any bytes after its reply stay in front of the tunnel. */
function socksTunnel(raw: Socket, socks: ProxyEndpoint, to: { host: string; port: number }, on: TunnelEvents): void {
  const fail = (message: string, evidence: Record<string, unknown>): void =>
    on.fail({ message: `SOCKS5 proxy ${socks.display} ${message}`, evidence: { proxy: socks.display, statusLine: null, ...evidence } });
  let hs: Socks5Handshake;
  try {
    hs = new Socks5Handshake(to.host, to.port, socks.socksAuth);
  } catch (e) {
    if (!(e instanceof SocksError)) throw e;
    fail(e.message, { proxyStage: e.stage, socksReply: null, receivedHex: '' });
    return;
  }
  const onData = (chunk: Buffer): void => {
    let step: SocksStep;
    try {
      step = hs.push(chunk);
    } catch (e) {
      if (!(e instanceof SocksError)) throw e;
      raw.off('data', onData);
      raw.off('end', onEnd);
      fail(e.message, { proxyStage: e.stage, socksReply: e.reply, receivedHex: e.receivedHex });
      return;
    }
    if (!step.done) {
      if (step.send) raw.write(step.send);
      return;
    }
    raw.off('data', onData);
    raw.off('end', onEnd);
    raw.pause();
    if (step.rest.length > 0) raw.unshift(step.rest);
    on.ready();
  };
  const onEnd = (): void => {
    fail(`closed the connection during the ${stageText(hs.currentStage)}`, {
      proxyStage: hs.currentStage,
      socksReply: null,
      receivedHex: hs.receivedHex,
    });
  };
  raw.on('data', onData);
  raw.once('end', onEnd);
  raw.write(hs.greeting());
}
