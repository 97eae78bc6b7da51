/**
 * Loopback TLS servers for the bench, run in a worker thread so that their handshake work does not share the
 * measuring thread's event loop. The worker answers { ports } once every server listens.
 */
import type { AddressInfo } from 'node:net';
import { createServer, type Server } from 'node:tls';
import { fileURLToPath } from 'node:url';
import { Worker, parentPort, workerData } from 'node:worker_threads';
import { buildPki } from '../pki/index.js';

/** The instant the servers' certificates are minted for (they are valid around it, not on today's clock). */
export const SERVERS_NOW = '2025-06-01T00:00:00Z';

export interface BenchServers {
  ports: number[];
  /** PEM of the root that issued the servers' chain. */
  rootPem: string;
  close(): Promise<void>;
}

interface ServerJob {
  benchServers: number;
}

export function startServers(count: number): Promise<BenchServers> {
  const worker = new Worker(fileURLToPath(import.meta.url), { workerData: { benchServers: count } satisfies ServerJob });
  return new Promise((resolve, reject) => {
    worker.once('error', reject);
    worker.once('message', (m: { ports: number[]; rootPem: string }) =>
      resolve({ ports: m.ports, rootPem: m.rootPem, close: async () => void (await worker.terminate()) }),
    );
  });
}

async function serve(count: number): Promise<void> {
  const pki = await buildPki({
    now: new Date(SERVERS_NOW),
    nodes: {
      root: { subject: { CN: 'Bench Root' }, ca: true },
      int: { subject: { CN: 'Bench Intermediate' }, issuer: 'root', ca: true },
      leaf: { subject: { CN: 'localhost' }, issuer: 'int', sans: ['localhost', '127.0.0.1'], eku: ['serverAuth'] },
    },
  });
  const servers: Server[] = [];
  const ports: number[] = [];
  for (let i = 0; i < count; i++) {
    const server = createServer({ key: pki.keyPem('leaf'), cert: pki.chainPem(['leaf', 'int']) }, (s) => s.end());
    server.on('tlsClientError', () => undefined);
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    servers.push(server);
    ports.push((server.address() as AddressInfo).port);
  }
  parentPort!.postMessage({ ports, rootPem: pki.pem('root') });
}

if (parentPort && (workerData as ServerJob | null)?.benchServers) void serve((workerData as ServerJob).benchServers);
