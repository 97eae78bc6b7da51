/**
 * The offline lab: loopback TLS servers that each send one scenario's chain exactly as planned, an HTTP server that
 * publishes the CA certificates at their AIA URLs (/ID.der and /ID.p7c), and trust-store PEM files in a temp folder
 * the lab owns and removes on close. This is an edge module: it opens sockets and writes files; the PKI and the
 * scenarios it serves are data.
 *
 * Node sends the `cert` option's PEM chain as given: the first block is the leaf (it must match the key), the others
 * are added with SSL_CTX_add1_chain_cert in order, and OpenSSL only builds a chain itself when none was given. The
 * tests check the bytes on the wire with `openssl s_client -showcerts`.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer as createHttpServer, type Server as HttpServer } from 'node:http';
import { createServer as createNetServer, type AddressInfo, type Server as NetServer, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer as createTlsServer, type SecureVersion, type Server as TlsServer } from 'node:tls';
import { peekClientHello } from './client-hello.js';
import { LabError } from './errors.js';
import { AIA_PUBLISHED, LAB_STORE_DESCRIPTIONS, LAB_STORES, labNodes, type LabStoreName } from './graph.js';
import { buildPki, certsOnlyPkcs7, makeOcspResponse, type Pki } from '../pki/index.js';
import { SCENARIOS, type ChainPlan, type ScenarioDef, type StoreExpectation, type TlsVersions } from './scenarios.js';

export interface StartLabOptions {
  now: Date;
  /** Scenario names to run (default: all). */
  scenarios?: string[];
  host?: '127.0.0.1';
}

export interface SentCert {
  id: string;
  subject: string;
  sha256: string;
}

export interface SentChain {
  tls: TlsVersions;
  certs: SentCert[];
}

export interface RunningScenario {
  name: string;
  story: string;
  servername: string;
  port: number;
  connect: string;
  kind: 'tls' | 'http';
  tls: TlsVersions;
  /** What the server sends, per negotiated version ([] for plain HTTP). */
  sent: SentChain[];
  requireClientCert: boolean;
  store: LabStoreName;
  expected: { trusted: boolean; codes: string[] };
  alsoExpected: StoreExpectation[];
  /** chaindbg arguments that probe this scenario as its expectation assumes, and the environment they need. */
  probeArgs: string[];
  probeEnv: Record<string, string>;
  /** The same as one shell line. */
  probeCommand: string;
}

function commandLine(p: { args: string[]; env: Record<string, string> }): string {
  const env = Object.entries(p.env).map(([k, v]) => `${k}=${v}`);
  return [...env, 'chaindbg', ...p.args].join(' ');
}

export interface LabStore {
  name: LabStoreName;
  description: string;
  pem: string;
  path?: string;
}

export interface Lab {
  now: Date;
  host: string;
  scenarios: RunningScenario[];
  stores: LabStore[];
  /** Folder holding the store files (removed on close). */
  dir: string;
  /** e.g. "http://127.0.0.1:PORT": CA certificates are at /ID.der and /ID.p7c. */
  aiaBaseUrl: string;
  pki: Pki;
  /** Client certificate and key the client-cert-required server accepts. */
  clientCert: { certPem: string; keyPem: string };
  /** Milliseconds spent in startLab, split by phase. */
  timings: { pkiMs: number; listenMs: number; totalMs: number };
  close(): Promise<void>;
}

type Closer = () => Promise<void>;

export async function startLab(opts: StartLabOptions): Promise<Lab> {
  const t0 = performance.now();
  const host = opts.host ?? '127.0.0.1';
  const defs = selectScenarios(opts.scenarios);
  const closers: Closer[] = [];
  const close = async (): Promise<void> => {
    const all = closers.splice(0).reverse();
    await Promise.all(all.map((c) => c().catch(() => undefined)));
  };

  try {
    // The AIA server must listen first: its port goes into the certificates.
    const aia = createHttpServer();
    closers.push(track(aia));
    const aiaPort = await listen(aia, host);
    const aiaBaseUrl = `http://${host}:${aiaPort}`;

    const tPki = performance.now();
    const pki = await buildPki({ now: opts.now, nodes: labNodes((id) => `${aiaBaseUrl}/${id}.der`) });
    const pkiMs = performance.now() - tPki;
    serveAia(aia, pki);

    const dir = await mkdtemp(join(tmpdir(), 'chaindbg-lab-'));
    closers.unshift(() => rm(dir, { recursive: true, force: true }));
    const stores: LabStore[] = [];
    for (const [name, ids] of Object.entries(LAB_STORES) as [LabStoreName, readonly string[]][]) {
      // A store without roots is an empty folder (an empty PEM file is not a store).
      const pem = ids.length ? pki.chainPem(ids) : '';
      const path = join(dir, ids.length ? `${name}.pem` : name);
      if (ids.length) await writeFile(path, pem, { mode: 0o644 });
      else await mkdir(path);
      stores.push({ name, description: LAB_STORE_DESCRIPTIONS[name], pem, path });
    }
    const storePath = (name: LabStoreName): string => stores.find((s) => s.name === name)!.path!;
    // The "system" of a machine behind a TLS-inspecting proxy: Go reads SSL_CERT_FILE (and SSL_CERT_DIR, here an
    // empty folder so the real system folder is not mixed in).
    const emptyCertDir = join(dir, 'empty-cert-dir');
    await mkdir(emptyCertDir);
    const systemEnv = { SSL_CERT_FILE: storePath('lab-system'), SSL_CERT_DIR: emptyCertDir };
    // A stale or empty system store: Go reads it through SSL_CERT_FILE / SSL_CERT_DIR; lab-roots, today's public
    // roots, stands beside it as the reference that tells a stale store from a server's incomplete chain.
    const asSystemEnv = (def: ScenarioDef): Record<string, string> => {
      const ids = LAB_STORES[def.store] as readonly string[];
      return ids.length
        ? { SSL_CERT_FILE: storePath(def.store), SSL_CERT_DIR: emptyCertDir }
        : { SSL_CERT_FILE: join(storePath(def.store), 'ca-certificates.crt'), SSL_CERT_DIR: storePath(def.store) };
    };
    const probeArgsFor = (def: ScenarioDef, port: number): { args: string[]; env: Record<string, string> } =>
      def.store === 'lab-system'
        ? {
            args: ['probe', def.servername, '--connect', `${host}:${port}`, '--store', 'system', '--store', 'mozilla'],
            env: systemEnv,
          }
        : def.asSystem
          ? { args: ['probe', def.servername, '--connect', `${host}:${port}`, '--store', 'system', '--store', storePath('lab-roots')], env: asSystemEnv(def) }
          : { args: ['probe', def.servername, '--connect', `${host}:${port}`, '--store', storePath(def.store)], env: {} };

    const tListen = performance.now();
    const scenarios = await Promise.all(
      defs.map(async (def): Promise<RunningScenario> => {
        const { port, closer } = await startScenarioServer(def, pki, host);
        closers.push(closer);
        return {
          name: def.name,
          story: def.story,
          servername: def.servername,
          port,
          connect: `${host}:${port}`,
          kind: def.kind,
          tls: def.tls,
          sent: def.chains.map((c) => ({
            tls: c.tls,
            certs: c.ids.map((id) => ({ id, subject: pki.node(id).subjectText, sha256: pki.node(id).sha256 })),
          })),
          requireClientCert: def.requireClientCert,
          store: def.store,
          expected: { trusted: def.expected.trusted, codes: [...def.expected.codes] },
          alsoExpected: def.alsoExpected.map((e) => ({ ...e, codes: [...e.codes] })),
          probeArgs: probeArgsFor(def, port).args,
          probeEnv: probeArgsFor(def, port).env,
          probeCommand: commandLine(probeArgsFor(def, port)),
        };
      }),
    );
    const listenMs = performance.now() - tListen;

    return {
      now: pki.now,
      host,
      scenarios,
      stores,
      dir,
      aiaBaseUrl,
      pki,
      clientCert: { certPem: pki.pem('client'), keyPem: pki.keyPem('client') },
      timings: { pkiMs, listenMs, totalMs: performance.now() - t0 },
      close,
    };
  } catch (err) {
    await close();
    throw err;
  }
}

function selectScenarios(names: string[] | undefined): ScenarioDef[] {
  if (names === undefined) return [...SCENARIOS];
  const unknown = names.filter((n) => !SCENARIOS.some((s) => s.name === n));
  if (unknown.length > 0) {
    throw new LabError('LAB_UNKNOWN_SCENARIO', `unknown lab scenario: ${unknown.join(', ')}`, {
      unknown,
      known: SCENARIOS.map((s) => s.name),
    });
  }
  return SCENARIOS.filter((s) => names.includes(s.name));
}

function serveAia(server: HttpServer, pki: Pki): void {
  const published = new Set<string>(AIA_PUBLISHED);
  server.on('request', (req, res) => {
    const m = /^\/([a-z0-9-]+)\.(der|p7c|crt)$/.exec(req.url ?? '');
    if (req.method !== 'GET' || m === null || !published.has(m[1]!)) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found\n');
      return;
    }
    const der = pki.der(m[1]!);
    const body = m[2] === 'p7c' ? certsOnlyPkcs7([der]) : der;
    const type = m[2] === 'p7c' ? 'application/pkcs7-mime' : 'application/pkix-cert';
    res.writeHead(200, { 'content-type': type, 'content-length': body.length }).end(Buffer.from(body));
  });
}

async function startScenarioServer(
  def: ScenarioDef,
  pki: Pki,
  host: string,
): Promise<{ port: number; closer: Closer }> {
  if (def.kind === 'http') {
    const server = createHttpServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain' }).end(`chaindbg lab: plain HTTP, not TLS (${def.name})\n`);
    });
    return { port: await listen(server, host), closer: track(server) };
  }

  const staple = def.staple ? Buffer.from(await makeOcspResponse(pki, def.chains[0]!.ids[0]!, def.staple)) : null;
  const tlsServerFor = (plan: ChainPlan, versions: TlsVersions): TlsServer => {
    const [min, max] = versionRange(versions);
    const server = createTlsServer({
      key: pki.keyPem(plan.ids[0]!),
      cert: pki.chainPem(plan.ids),
      minVersion: min,
      maxVersion: max,
      ...(def.requireClientCert
        ? { requestCert: true, rejectUnauthorized: true, ca: [pki.pem('client-ca')] }
        : { requestCert: false }),
    });
    server.on('tlsClientError', () => undefined);
    if (staple) server.on('OCSPRequest', (_cert: Buffer, _issuer: Buffer, done: (err: Error | null, resp?: Buffer) => void) => done(null, staple));
    return server;
  };

  if (def.chains.length === 1) {
    const server = tlsServerFor(def.chains[0]!, def.tls);
    return { port: await listen(server, host), closer: track(server) };
  }

  // One chain per negotiated version: read the ClientHello, then hand the connection to the listener that will
  // negotiate that version (the 1.2 one refuses 1.3, the 1.3 one refuses 1.2).
  const plan12 = def.chains.find((c) => c.tls === '1.2');
  const plan13 = def.chains.find((c) => c.tls === '1.3');
  if (plan12 === undefined || plan13 === undefined) {
    throw new LabError('LAB_LISTEN_FAILED', `scenario ${def.name}: per-version chains need a 1.2 and a 1.3 plan`, {
      scenario: def.name,
    });
  }
  const s12 = tlsServerFor(plan12, '1.2');
  const s13 = tlsServerFor(plan13, '1.3');
  const front = createNetServer((socket) => {
    socket.on('error', () => undefined);
    let buffered = Buffer.alloc(0);
    const onData = (chunk: Buffer): void => {
      buffered = Buffer.concat([buffered, chunk]);
      const peek = peekClientHello(buffered);
      if (peek.kind === 'incomplete') return;
      socket.off('data', onData);
      socket.pause();
      socket.unshift(buffered);
      const target = peek.kind === 'client-hello' && peek.offersTls13 ? s13 : s12;
      target.emit('connection', socket);
    };
    socket.on('data', onData);
  });
  const port = await listen(front, host);
  const closeFront = track(front);
  const close12 = track(s12);
  const close13 = track(s13);
  return { port, closer: async () => void (await Promise.all([closeFront(), close12(), close13()])) };
}

function versionRange(v: TlsVersions): [SecureVersion, SecureVersion] {
  if (v === '1.2') return ['TLSv1.2', 'TLSv1.2'];
  if (v === '1.3') return ['TLSv1.3', 'TLSv1.3'];
  return ['TLSv1.2', 'TLSv1.3'];
}

function listen(server: NetServer, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (err: Error): void =>
      reject(new LabError('LAB_LISTEN_FAILED', `cannot listen on ${host}: ${err.message}`, { host }));
    server.once('error', onError);
    server.listen(0, host, () => {
      server.off('error', onError);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

/** Remembers the server's open connections so close() ends them instead of waiting for clients. */
function track(server: NetServer): Closer {
  const sockets = new Set<Socket>();
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.once('close', () => sockets.delete(s));
  });
  return () =>
    new Promise<void>((resolve) => {
      for (const s of sockets) s.destroy();
      if (!server.listening) {
        resolve();
        return;
      }
      server.close(() => resolve());
    });
}
