/**
 * A latency relay for the bench: TCP listeners on 127.0.0.1 that forward to loopback servers and hold every chunk
 * for a fixed one-way delay in each direction (25 ms each way = 50 ms round trip). Real targets are 20-200 ms away;
 * the relay lets the scale figure measure what it is about (overlapping the waiting) instead of raw handshake CPU.
 *
 * The relays run in their own worker thread, so their timers do not wait behind the client's or the servers'
 * handshake work (on 2 cores they still share the CPU). Order is kept: chunks of one direction leave in the order
 * they came, each `delayMs` after it arrived; an end or an error is passed on after the same delay.
 */
import { createServer, connect, type AddressInfo, type Server, type Socket } from 'node:net';
import { fileURLToPath } from 'node:url';
import { Worker, parentPort, workerData } from 'node:worker_threads';

export interface Relays {
  /** relayPorts[i] forwards to the i-th upstream port. */
  ports: number[];
  delayMs: number;
  close(): Promise<void>;
}

interface RelayJob {
  benchRelays: { upstream: number[]; delayMs: number };
}

/** One relay per upstream port (on 127.0.0.1), each delaying every chunk by `delayMs` one way. */
export function startRelays(upstream: number[], delayMs: number): Promise<Relays> {
  const worker = new Worker(fileURLToPath(import.meta.url), { workerData: { benchRelays: { upstream, delayMs } } satisfies RelayJob });
  return new Promise((resolve, reject) => {
    worker.once('error', reject);
    worker.once('message', (m: { ports: number[] }) => resolve({ ports: m.ports, delayMs, close: async () => void (await worker.terminate()) }));
  });
}

/** Pipes `from` into `to`, each chunk and the end `delayMs` late. */
function delayedPipe(from: Socket, to: Socket, delayMs: number): void {
  from.on('data', (chunk: Buffer) => {
    setTimeout(() => {
      if (!to.destroyed) to.write(chunk);
    }, delayMs);
  });
  from.on('end', () => setTimeout(() => to.end(), delayMs));
  from.on('error', () => setTimeout(() => to.destroy(), delayMs));
  from.on('close', () => setTimeout(() => to.destroy(), delayMs + 1));
}

/** A relay in this thread (the worker calls it; exported for tests). */
export function relay(upstreamPort: number, delayMs: number): Promise<Server> {
  const server = createServer({ noDelay: true }, (client) => {
    client.setNoDelay(true);
    const up = connect({ host: '127.0.0.1', port: upstreamPort, noDelay: true });
    // The TCP connect to the target takes one round trip: the client's SYN and the server's SYN-ACK each cross the
    // link once. The client's connect already succeeded locally, so wait for the other half here before relaying.
    client.pause();
    up.once('connect', () => setTimeout(() => client.resume(), delayMs));
    delayedPipe(client, up, delayMs);
    delayedPipe(up, client, delayMs);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

async function serve(job: RelayJob['benchRelays']): Promise<void> {
  const servers = await Promise.all(job.upstream.map((p) => relay(p, job.delayMs)));
  parentPort!.postMessage({ ports: servers.map((s) => (s.address() as AddressInfo).port) });
}

if (parentPort && (workerData as RelayJob | null)?.benchRelays) void serve((workerData as RelayJob).benchRelays);
