/**
 * Whose fault, on the lab's loopback servers, with the very command each scenario prints: a stale or empty system
 * store is the client's (UNKNOWN_ROOT with its cause), a server demanding a client certificate fails go get
 * (exit 1, Go's line), and a corporate root in the system store leads with "go get: accepts".
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { memoryIO } from '../../src/cli/io.js';
import { run } from '../../src/cli/run.js';
import { startLab, type Lab } from '../../src/lab/index.js';
import { reportOf } from '../support/reports.js';

const NOW = new Date('2026-06-01T12:00:00Z');
let lab: Lab;

beforeAll(async () => {
  lab = await startLab({ now: NOW, scenarios: ['stale-client-store', 'no-system-roots', 'client-cert-required', 'interception', 'revoked-staple'] });
});
afterAll(async () => {
  await lab?.close();
});

async function probe(name: string, format: 'json' | 'text' = 'json') {
  const s = lab.scenarios.find((x) => x.name === name)!;
  const io = memoryIO({ env: { ...s.probeEnv }, now: () => NOW });
  const code = await run([...s.probeArgs, '--timeout', '5000', '--format', format], io);
  return { code, out: io.output, report: format === 'json' ? reportOf(io.output) : null };
}

describe('lab: wording', () => {
  it('revoked-staple: never "browser: accepts" next to "Firefox refuses"', async () => {
    const { report } = await probe('revoked-staple');
    const browser = report!.findings.find((x) => x.code === 'BROWSER_VERDICT')!;
    expect(browser.message).toMatch(/^browser: Chrome accepts \(Firefox does not\) the chain .*Firefox refuses the connection: revoked OCSP staple/);
  });
});

describe('lab: whose fault', () => {
  it('stale-client-store: the chain is complete, the system store is stale; the fix is the client\'s', async () => {
    const { code, report } = await probe('stale-client-store');
    expect(code).toBe(1);
    const f = report!.findings.find((x) => x.code === 'UNKNOWN_ROOT' && x.store === 'system')!;
    expect(f.evidence).toMatchObject({ cause: 'stale-store', root: expect.stringContaining('Lab GTS Root R1') });
    expect(report!.findings.some((x) => x.code === 'MISSING_INTERMEDIATE')).toBe(false);
    expect(report!.stores.map((v) => v.trusted)).toEqual([false, true]); // system stale, today's roots fine
  });

  it('no-system-roots: says the store holds no roots at all', async () => {
    const { code, report } = await probe('no-system-roots');
    expect(code).toBe(1);
    const f = report!.findings.find((x) => x.code === 'UNKNOWN_ROOT' && x.store === 'system')!;
    expect(f.evidence).toMatchObject({ cause: 'empty-store', storeRoots: 0 });
    expect(f.message).toMatch(/this store holds no roots at all/);
  });

  it('client-cert-required: go get fails with "remote error: tls: certificate required", exit 1', async () => {
    const { code, report } = await probe('client-cert-required');
    expect(code).toBe(1);
    expect(report!.stores[0]!.trusted).toBe(true);
    expect(report!.findings.find((x) => x.code === 'GO_VERDICT')!.evidence).toMatchObject({ accepts: false, reason: 'TLS_ALERT', goError: 'remote error: tls: certificate required' });
  });

  it('interception: a corporate root in the system store; the findings start with "go get: accepts"', async () => {
    const { out } = await probe('interception', 'text');
    const lines = out.split('\n');
    expect(lines[lines.indexOf('Findings (most important first)') + 1]).toBe('  go get: accepts with store system');
  });
});
