import { performance } from 'node:perf_hooks';
import { connect } from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { probe } from '../../src/capture/index.js';
import { makeChain } from './helpers/pki.js';
import { type Running, nodeTlsServer } from './helpers/servers.js';

const RUNS = 30;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

function plainHandshake(port: number): Promise<number> {
  const start = performance.now();
  return new Promise((resolve, reject) => {
    const s = connect({ host: '127.0.0.1', port, minVersion: 'TLSv1.3', maxVersion: 'TLSv1.3', rejectUnauthorized: false }, () => {
      const ms = performance.now() - start;
      s.destroy();
      resolve(ms);
    });
    s.on('error', reject);
  });
}

let server: Running;
beforeAll(async () => {
  const chain = await makeChain('ec-p256');
  server = await nodeTlsServer(chain.leaf.keyPem, [chain.leaf.pem, chain.intermediate.pem]);
});
afterAll(() => server.close());

describe('probe overhead against a plain tls.connect (loopback, TLS 1.3)', () => {
  it(`median of ${RUNS}: probe stays within a few ms of a plain handshake`, async () => {
    const plain: number[] = [];
    const probed: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      plain.push(await plainHandshake(server.port));
      const start = performance.now();
      const c = await probe({ host: '127.0.0.1', port: server.port, tls: '1.3', timeoutMs: 5000 });
      probed.push(performance.now() - start);
      expect(c.certificates).toHaveLength(2);
    }
    const figures = { plainMedianMs: median(plain), probeMedianMs: median(probed) };
    process.stderr.write(`capture overhead: ${JSON.stringify(figures)}\n`);
    // loose bound: CI machines are shared; the figures themselves go in the report
    expect(figures.probeMedianMs).toBeLessThan(figures.plainMedianMs * 2 + 20);
  });
});
