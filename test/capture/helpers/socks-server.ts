/**
 * A SOCKS5 server written for the tests (RFC 1928, RFC 1929 username/password), on 127.0.0.1. Whatever name or
 * address the client asks for, it dials 127.0.0.1:`upstreamPort` (so a test never reaches another address, and a
 * name that resolves nowhere still works), and records what was asked. Hostile behaviours are scripted with `script`.
 */
import { connect as netConnect, type Socket } from 'node:net';
import { type Running, tcpServer } from './servers.js';

export interface SocksRequest {
  /** 1 IPv4, 3 domain name, 4 IPv6. */
  atyp: number;
  /** The name, or the address as text (IPv6: 16 bytes as hex). */
  host: string;
  port: number;
}

/** One client connection: what it asked and the bytes relayed each way once the tunnel was open. */
export interface SocksSession {
  methods: number[];
  auth: { username: string; password: string } | null;
  request: SocksRequest | null;
  toUpstream: Buffer[];
  fromUpstream: Buffer[];
  /** Resolves when the client side has closed. */
  closed: Promise<void>;
}

export interface SocksServerOptions {
  /** Where every CONNECT goes (127.0.0.1 only). */
  upstreamPort?: number;
  /** Require username/password (method 2) with these credentials; otherwise no authentication (method 0). */
  credentials?: { username: string; password: string };
  /** The CONNECT reply code (default 0: success). */
  reply?: number;
  /** Bytes sent right after a successful reply, in the same write (they belong to the tunnel). */
  afterReply?: Buffer;
  /** The bound address of the reply (default ATYP 1, 127.0.0.1:0). */
  bound?: Buffer;
  /** Replaces the whole exchange: called with the client socket and the first bytes it sent. */
  script?: (client: Socket, first: Buffer) => void;
}

export interface SocksServer extends Running {
  sessions: SocksSession[];
}

interface Reader {
  /** Exactly `n` bytes, or null if the socket ends first. */
  read(n: number): Promise<Buffer | null>;
  /** Stops reading; returns what was read but not yet taken. */
  detach(): Buffer;
}

function reader(sock: Socket): Reader {
  let buf = Buffer.alloc(0);
  let want: { n: number; resolve: (b: Buffer | null) => void } | null = null;
  let ended = false;
  const pump = (): void => {
    if (!want) return;
    if (buf.length >= want.n) {
      const out = buf.subarray(0, want.n);
      buf = buf.subarray(want.n);
      const w = want;
      want = null;
      w.resolve(out);
    } else if (ended) {
      const w = want;
      want = null;
      w.resolve(null);
    }
  };
  const onData = (d: Buffer): void => {
    buf = Buffer.concat([buf, d]);
    pump();
  };
  sock.on('data', onData);
  sock.once('end', () => {
    ended = true;
    pump();
  });
  sock.once('close', () => {
    ended = true;
    pump();
  });
  return {
    read: (n) =>
      new Promise((resolve) => {
        want = { n, resolve };
        pump();
      }),
    detach: () => {
      sock.off('data', onData);
      const rest = buf;
      buf = Buffer.alloc(0);
      return rest;
    },
  };
}

export async function socksServer(options: SocksServerOptions = {}): Promise<SocksServer> {
  const sessions: SocksSession[] = [];
  const running = await tcpServer((client: Socket) => {
    client.on('error', () => undefined);
    let markClosed!: () => void;
    const session: SocksSession = {
      methods: [],
      auth: null,
      request: null,
      toUpstream: [],
      fromUpstream: [],
      closed: new Promise<void>((r) => (markClosed = r)),
    };
    client.once('close', () => markClosed());
    sessions.push(session);
    if (options.script) {
      client.once('data', (first: Buffer) => options.script!(client, first));
      return;
    }
    void handshake(client, session, options);
  });
  return { ...running, sessions };
}

async function handshake(client: Socket, session: SocksSession, options: SocksServerOptions): Promise<void> {
  const r = reader(client);
  const read = r.read;
  const greeting = await read(2);
  if (!greeting || greeting[0] !== 5) return void client.destroy();
  const methods = await read(greeting[1]!);
  if (!methods) return void client.destroy();
  session.methods = [...methods];
  const wanted = options.credentials ? 2 : 0;
  if (!session.methods.includes(wanted)) return void client.end(Buffer.of(5, 0xff));
  client.write(Buffer.of(5, wanted));
  if (options.credentials) {
    const head = await read(2);
    if (!head || head[0] !== 1) return void client.destroy();
    const user = await read(head[1]!);
    const plen = await read(1);
    const pass = plen ? await read(plen[0]!) : null;
    if (!user || !pass) return void client.destroy();
    session.auth = { username: user.toString('utf8'), password: pass.toString('utf8') };
    const ok = session.auth.username === options.credentials.username && session.auth.password === options.credentials.password;
    if (!ok) return void client.end(Buffer.of(1, 1));
    client.write(Buffer.of(1, 0));
  }
  const req = await read(4);
  if (!req || req[0] !== 5 || req[1] !== 1) return void client.destroy();
  let host: string;
  if (req[3] === 1) host = [...((await read(4)) ?? [])].join('.');
  else if (req[3] === 4) host = ((await read(16)) ?? Buffer.alloc(0)).toString('hex');
  else if (req[3] === 3) {
    const len = await read(1);
    host = ((len && (await read(len[0]!))) ?? Buffer.alloc(0)).toString('latin1');
  } else return void client.destroy();
  const portBytes = await read(2);
  if (!portBytes) return void client.destroy();
  session.request = { atyp: req[3]!, host, port: portBytes.readUInt16BE(0) };
  const bound = options.bound ?? Buffer.of(1, 127, 0, 0, 1, 0, 0);
  const reply = options.reply ?? 0;
  if (reply !== 0 || options.upstreamPort === undefined) return void client.end(Buffer.concat([Buffer.of(5, reply || 1, 0), bound]));
  const early = r.detach();
  const upstream = netConnect({ host: '127.0.0.1', port: options.upstreamPort }, () => {
    client.write(Buffer.concat([Buffer.of(5, 0, 0), bound, options.afterReply ?? Buffer.alloc(0)]));
    if (early.length > 0) {
      session.toUpstream.push(early);
      upstream.write(early);
    }
    client.on('data', (d: Buffer) => {
      session.toUpstream.push(d);
      upstream.write(d);
    });
    upstream.on('data', (d: Buffer) => {
      session.fromUpstream.push(d);
      client.write(d);
    });
    client.on('end', () => upstream.end());
    upstream.on('end', () => client.end());
  });
  upstream.on('error', () => client.destroy());
  client.on('close', () => upstream.destroy());
}
