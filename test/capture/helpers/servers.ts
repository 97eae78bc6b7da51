/** Loopback servers for capture tests: node tls, openssl s_server, and plain TCP ones. All bind 127.0.0.1:0. */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer as createNetServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer as createTlsServer, type TlsOptions } from 'node:tls';

export interface Running {
  port: number;
  close(): Promise<void>;
}

function listen(server: Server, sockets: Set<Socket>): Promise<Running> {
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      resolve({
        port: (server.address() as AddressInfo).port,
        close: () =>
          new Promise<void>((done) => {
            for (const s of sockets) s.destroy();
            server.close(() => done());
          }),
      });
    });
  });
}

/** A node TLS server sending `certPems` (leaf first, then the rest in the given order). */
export function nodeTlsServer(
  keyPem: string,
  certPems: string[],
  options: TlsOptions = {},
  staple?: Uint8Array,
): Promise<Running> {
  const server = createTlsServer({ key: keyPem, cert: certPems.join(''), ...options }, (s) => s.end());
  server.on('tlsClientError', () => undefined);
  if (staple) server.on('OCSPRequest', (_cert, _issuer, cb) => cb(null, Buffer.from(staple)));
  return listen(server, new Set());
}

/** A TCP server handing each connection to `onConnection`. */
export function tcpServer(onConnection: (s: Socket) => void): Promise<Running> {
  const server = createNetServer(onConnection);
  return listen(server, new Set());
}

/** `openssl s_server` on 127.0.0.1 with the leaf key/cert and a -cert_chain file (given order), plus extra args. */
export async function opensslServer(keyPem: string, leafPem: string, chainPems: string[], args: string[]): Promise<Running> {
  const dir = mkdtempSync(join(tmpdir(), 'chaindbg-capture-'));
  writeFileSync(join(dir, 'key.pem'), keyPem);
  writeFileSync(join(dir, 'cert.pem'), leafPem);
  const chainArgs: string[] = [];
  if (chainPems.length > 0) {
    writeFileSync(join(dir, 'chain.pem'), chainPems.join(''));
    chainArgs.push('-cert_chain', join(dir, 'chain.pem'));
  }
  const child: ChildProcess = spawn(
    '/usr/bin/openssl',
    ['s_server', '-accept', '127.0.0.1:0', '-key', join(dir, 'key.pem'), '-cert', join(dir, 'cert.pem'), ...chainArgs, '-www', ...args],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const port = await new Promise<number>((resolve, reject) => {
    let out = '';
    const onData = (d: Buffer): void => {
      out += d.toString();
      const m = /ACCEPT [^\n]*:(\d+)/.exec(out);
      if (m) resolve(Number(m[1]));
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => reject(new Error(`openssl s_server exited (${code}): ${out}`)));
    setTimeout(() => reject(new Error(`openssl s_server did not start: ${out}`)), 5000).unref();
  });
  return {
    port,
    close: () =>
      new Promise<void>((done) => {
        child.once('exit', () => {
          rmSync(dir, { recursive: true, force: true });
          done();
        });
        child.kill();
      }),
  };
}
