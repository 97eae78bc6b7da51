/**
 * The client side of a SOCKS5 CONNECT (RFC 1928), with username/password authentication (RFC 1929), written the way
 * Go's net/http dials a socks5:// or socks5h:// proxy (golang.org/x/net/internal/socks, vendored in net/http):
 *
 * - greeting: version 5 and the methods offered: "no authentication" alone, or, when the proxy URL has credentials,
 *   "no authentication" and "username/password" (the proxy chooses);
 * - username/password sub-negotiation when the proxy chose it (username 1-255 bytes, password 0-255 bytes, as Go);
 * - CONNECT with the target as the name it was given (ATYP 3: the proxy resolves it, for socks5:// as for socks5h://,
 *   as Go does), or an IPv4 / IPv6 literal as ATYP 1 / 4;
 * - each step waits for the proxy's answer before the next (no pipelining), and every answer has a bounded size
 *   (2, 2, then at most 4 + 1 + 255 + 2 bytes). Bytes after the CONNECT reply belong to the tunnel.
 *
 * No I/O here: `Socks5Handshake` is fed the proxy's bytes as they arrive and says what to send next; `socksConnect`
 * drives it over a socket (for AIA fetches); probe drives it inside its own deadlines.
 */
import { isIP } from 'node:net';
import type { Duplex } from 'node:stream';

export interface SocksAuth {
  username: string;
  password: string;
}

/** Which exchange a SOCKS5 failure happened in. */
export type SocksStage = 'greeting' | 'auth' | 'connect';

const VERSION = 5;
const METHOD_NONE = 0x00;
const METHOD_USERPASS = 0x02;
const METHOD_NO_ACCEPTABLE = 0xff;
const USERPASS_VERSION = 1;
const CMD_CONNECT = 1;
const ATYP_IPV4 = 1;
const ATYP_DOMAIN = 3;
const ATYP_IPV6 = 4;

/** RFC 1928 section 6 reply codes, with the words Go's socks package uses. */
export const SOCKS_REPLIES: Readonly<Record<number, string>> = {
  0: 'succeeded',
  1: 'general SOCKS server failure',
  2: 'connection not allowed by ruleset',
  3: 'network unreachable',
  4: 'host unreachable',
  5: 'connection refused',
  6: 'TTL expired',
  7: 'command not supported',
  8: 'address type not supported',
};

export function socksReplyText(code: number): string {
  return SOCKS_REPLIES[code] ?? `unassigned reply code`;
}

/** A SOCKS5 exchange that cannot go on: the message says why, without the proxy's name (the caller adds it). */
export class SocksError extends Error {
  constructor(
    message: string,
    readonly stage: SocksStage,
    /** The CONNECT reply code (stage 'connect'), or null. */
    readonly reply: number | null,
    /** The proxy's bytes of this stage read so far (at most 32), hex. */
    readonly receivedHex: string,
  ) {
    super(message);
    this.name = 'SocksError';
  }
}

const utf8 = (s: string): Buffer => Buffer.from(s, 'utf8');

/** Text of a port-qualified target as the errors show it. */
function authority(host: string, port: number): string {
  return `${host.includes(':') ? `[${host}]` : host}:${port}`;
}

/** The CONNECT request (RFC 1928 section 4). Throws SocksError for a name over 255 bytes. */
export function socksConnectRequest(host: string, port: number): Buffer {
  const head = Buffer.of(VERSION, CMD_CONNECT, 0);
  const portBytes = Buffer.of(port >> 8, port & 0xff);
  const family = isIP(host);
  if (family === 4) return Buffer.concat([head, Buffer.of(ATYP_IPV4, ...host.split('.').map(Number)), portBytes]);
  if (family === 6) return Buffer.concat([head, Buffer.of(ATYP_IPV6), ipv6Bytes(host), portBytes]);
  const name = utf8(host);
  if (name.length === 0 || name.length > 255) {
    throw new SocksError(`cannot ask for ${authority(host, port)}: a SOCKS5 host name is 1 to 255 bytes`, 'connect', null, '');
  }
  return Buffer.concat([head, Buffer.of(ATYP_DOMAIN, name.length), name, portBytes]);
}

/** 16 bytes of an IPv6 literal (no brackets, no zone). */
function ipv6Bytes(host: string): Buffer {
  const [headText, tailText] = host.includes('::') ? host.split('::') : [host, null];
  const words = (text: string | null | undefined): number[] => {
    if (!text) return [];
    const out: number[] = [];
    for (const part of text.split(':')) {
      if (part.includes('.')) {
        const [a, b, c, d] = part.split('.').map(Number) as [number, number, number, number];
        out.push((a << 8) | b, (c << 8) | d);
      } else out.push(parseInt(part, 16));
    }
    return out;
  };
  const head = words(headText);
  const tail = tailText === null ? [] : words(tailText);
  const all = tailText === null ? head : [...head, ...new Array<number>(8 - head.length - tail.length).fill(0), ...tail];
  const buf = Buffer.alloc(16);
  all.forEach((w, i) => buf.writeUInt16BE(w, i * 2));
  return buf;
}

export type SocksStep =
  /** More bytes are needed; `send` (if any) goes to the proxy first. */
  | { done: false; send: Buffer | null }
  /** The tunnel is open; `rest` are tunnel bytes that came with the reply. */
  | { done: true; rest: Buffer; bound: string };

/**
 * One SOCKS5 CONNECT, as a state machine: `greeting()` is sent first, then every chunk from the proxy goes to
 * `push`, which returns what to send next and whether the tunnel is open, or throws SocksError.
 */
export class Socks5Handshake {
  private stage: SocksStage = 'greeting';
  private buf: Buffer = Buffer.alloc(0);
  private readonly connectRequest: Buffer;

  constructor(
    private readonly host: string,
    private readonly port: number,
    private readonly auth: SocksAuth | null,
  ) {
    this.connectRequest = socksConnectRequest(host, port);
  }

  get currentStage(): SocksStage {
    return this.stage;
  }

  /** The proxy's bytes of the current stage not yet consumed (at most 32), hex. */
  get receivedHex(): string {
    return this.buf.subarray(0, 32).toString('hex');
  }

  /** The methods offered: Go offers username/password (besides none) only when the URL has credentials. */
  greeting(): Buffer {
    return this.auth ? Buffer.of(VERSION, 2, METHOD_NONE, METHOD_USERPASS) : Buffer.of(VERSION, 1, METHOD_NONE);
  }

  push(chunk: Uint8Array): SocksStep {
    this.buf = this.buf.length === 0 ? Buffer.from(chunk) : Buffer.concat([this.buf, chunk]);
    if (this.stage === 'greeting') return this.onGreeting();
    if (this.stage === 'auth') return this.onAuth();
    return this.onConnect();
  }

  private fail(message: string, reply: number | null = null): never {
    throw new SocksError(message, this.stage, reply, this.receivedHex);
  }

  /** The proxy's bytes must begin with `version`; checked on the first byte, so garbage fails at once. */
  private checkVersion(expected: number, what: string): void {
    const v = this.buf[0]!;
    if (v === expected) return;
    const printable = /^[\x20-\x7e]{4}/.test(this.buf.subarray(0, 4).toString('latin1'));
    const hint = printable ? ` (it sent ${JSON.stringify(firstLine(this.buf))}: not a SOCKS5 proxy?)` : '';
    this.fail(`${what} version ${v}, not ${expected}${hint}`);
  }

  private onGreeting(): SocksStep {
    if (this.buf.length === 0) return { done: false, send: null };
    this.checkVersion(VERSION, 'answered the greeting with');
    if (this.buf.length < 2) return { done: false, send: null };
    const method = this.buf[1]!;
    if (method === METHOD_NO_ACCEPTABLE) {
      this.fail(
        this.auth
          ? 'accepts neither no authentication nor username/password'
          : 'accepts no authentication-free connection (a username and password in the proxy URL may be needed)',
      );
    }
    if (method === METHOD_NONE) return this.toConnect(2);
    if (method === METHOD_USERPASS && this.auth) {
      const user = utf8(this.auth.username);
      const pass = utf8(this.auth.password);
      if (user.length === 0 || user.length > 255 || pass.length > 255) {
        this.fail('asks for username/password, but the URL has an empty or over-255-byte username, or an over-255-byte password');
      }
      this.consume(2);
      this.stage = 'auth';
      return { done: false, send: Buffer.concat([Buffer.of(USERPASS_VERSION, user.length), user, Buffer.of(pass.length), pass]) };
    }
    if (method === METHOD_USERPASS) this.fail('asks for username/password authentication, but the proxy URL has no credentials');
    this.fail(`chose authentication method ${method}, which was not offered`);
  }

  private onAuth(): SocksStep {
    if (this.buf.length === 0) return { done: false, send: null };
    this.checkVersion(USERPASS_VERSION, 'answered username/password authentication with');
    if (this.buf.length < 2) return { done: false, send: null };
    const status = this.buf[1]!;
    if (status !== 0) this.fail(`rejected the username/password (status ${status})`);
    return this.toConnect(2);
  }

  private toConnect(consumed: number): SocksStep {
    this.consume(consumed);
    if (this.buf.length > 0) this.fail('sent bytes before the CONNECT request');
    this.stage = 'connect';
    return { done: false, send: this.connectRequest };
  }

  private onConnect(): SocksStep {
    const b = this.buf;
    if (b.length === 0) return { done: false, send: null };
    this.checkVersion(VERSION, 'answered CONNECT with');
    if (b.length < 2) return { done: false, send: null };
    const reply = b[1]!;
    if (reply !== 0) {
      this.fail(`refused CONNECT ${authority(this.host, this.port)}: ${socksReplyText(reply)} (${reply})`, reply);
    }
    if (b.length < 4) return { done: false, send: null };
    if (b[2] !== 0) this.fail(`sent a CONNECT reply with a non-zero reserved byte (${b[2]})`, reply);
    let end: number;
    const atyp = b[3]!;
    if (atyp === ATYP_IPV4) end = 4 + 4 + 2;
    else if (atyp === ATYP_IPV6) end = 4 + 16 + 2;
    else if (atyp === ATYP_DOMAIN) {
      if (b.length < 5) return { done: false, send: null };
      end = 5 + b[4]! + 2;
    } else this.fail(`sent a CONNECT reply with unknown address type ${atyp}`, reply);
    if (b.length < end) return { done: false, send: null };
    const bound = boundAddress(b.subarray(3, end));
    const rest = Buffer.from(b.subarray(end));
    this.buf = Buffer.alloc(0);
    return { done: true, rest, bound };
  }

  private consume(n: number): void {
    this.buf = this.buf.subarray(n);
  }
}

function firstLine(buf: Buffer): string {
  return buf.subarray(0, 60).toString('latin1').split(/\r?\n/, 1)[0]!.replace(/[^\x20-\x7e]/g, '.');
}

/** BND.ADDR:BND.PORT of a CONNECT reply, from its ATYP byte on. */
function boundAddress(b: Buffer): string {
  const port = b.readUInt16BE(b.length - 2);
  const addr = b.subarray(1, b.length - 2);
  if (b[0] === ATYP_IPV4) return `${[...addr].join('.')}:${port}`;
  if (b[0] === ATYP_IPV6) {
    const words: string[] = [];
    for (let i = 0; i < 16; i += 2) words.push(addr.readUInt16BE(i).toString(16));
    return `[${words.join(':')}]:${port}`;
  }
  return `${addr.subarray(1).toString('latin1').replace(/[^\x20-\x7e]/g, '.')}:${port}`;
}

/**
 * Runs the handshake on a connected socket (or TLS stream): resolves once the tunnel is open, with any bytes that
 * came after the reply put back in front of the stream; rejects with SocksError, or with Error when the socket
 * closes or fails first. The caller bounds the time (destroying the socket rejects).
 */
export function socksConnect(socket: Duplex, host: string, port: number, auth: SocksAuth | null): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    let hs: Socks5Handshake;
    try {
      hs = new Socks5Handshake(host, port, auth);
    } catch (e) {
      reject(e as Error);
      return;
    }
    const cleanup = (): void => {
      socket.off('data', onData);
      socket.off('end', onClose);
      socket.off('close', onClose);
      socket.off('error', onError);
    };
    const onData = (chunk: Buffer): void => {
      let step: SocksStep;
      try {
        step = hs.push(chunk);
      } catch (e) {
        cleanup();
        reject(e as Error);
        return;
      }
      if (!step.done) {
        if (step.send) socket.write(step.send);
        return;
      }
      cleanup();
      socket.pause();
      if (step.rest.length > 0) socket.unshift(step.rest);
      resolve();
    };
    const onClose = (): void => {
      cleanup();
      reject(new Error(`the SOCKS5 proxy closed the connection during the ${stageText(hs.currentStage)}`));
    };
    const onError = (e: Error): void => {
      cleanup();
      reject(e);
    };
    socket.on('data', onData);
    socket.once('end', onClose);
    socket.once('close', onClose);
    socket.once('error', onError);
    socket.write(hs.greeting());
  });
}

/** How an error names a stage: "greeting", "username/password authentication", "CONNECT". */
export function stageText(stage: SocksStage): string {
  return stage === 'greeting' ? 'greeting' : stage === 'auth' ? 'username/password authentication' : 'CONNECT';
}
