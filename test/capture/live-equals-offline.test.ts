/**
 * probe() returns what its live analyzer read as the bytes arrived; `chaindbg analyze` re-reads a saved capture with
 * analyzeTranscript. Both must say the same thing about the same bytes, or a saved capture would not reproduce.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyzeTranscript, probe, type Capture } from '../../src/capture/index.js';
import { startLab, type Lab } from '../../src/lab/index.js';

let lab: Lab;
beforeAll(async () => {
  lab = await startLab({ now: new Date('2026-06-01T00:00:00Z'), scenarios: ['healthy', 'tls12-only', 'client-cert-required', 'plain-http', 'per-version-chain', 'wrong-order'] });
});
afterAll(async () => {
  await lab?.close();
});

const view = (c: Pick<Capture, 'certificates' | 'certificateExtensions' | 'tls' | 'error'> & { certificateMessage?: unknown }) => ({
  certificates: c.certificates.map((d) => Buffer.from(d).toString('hex')),
  extensions: c.certificateExtensions.map((e) => [e.ocsp?.length ?? null, e.scts?.length ?? null]),
  tls: { ...c.tls, timings: null },
  error: c.error?.code ?? null,
  certificateMessage: c.certificateMessage ?? null,
});

describe('live analysis equals the offline re-analysis', () => {
  const cases: Array<[string, '1.2' | '1.3' | 'auto']> = [
    ['healthy', 'auto'],
    ['healthy', '1.2'],
    ['tls12-only', 'auto'],
    ['tls12-only', '1.3'],
    ['client-cert-required', '1.3'],
    ['client-cert-required', '1.2'],
    ['plain-http', 'auto'],
    ['per-version-chain', '1.2'],
    ['wrong-order', '1.3'],
  ];
  for (const [name, tls] of cases) {
    it(`${name} over TLS ${tls}`, async () => {
      const s = lab.scenarios.find((x) => x.name === name)!;
      const c = await probe({ host: s.servername, port: 443, connect: { host: '127.0.0.1', port: s.port }, tls, timeoutMs: 5000, env: {} });
      const offline = analyzeTranscript(c.records, c.keylog);
      expect(view(offline)).toEqual(view(c));
    });
  }
});
