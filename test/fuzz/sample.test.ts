/**
 * A small seeded sample of the fuzz run (`npm run fuzz` runs a million inputs): every target gets a few hundred
 * mutated and generated inputs from seeds recorded from loopback handshakes. Failures print their replay seed.
 */
import { resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { type FuzzTarget, fuzzTargets } from '../../src/fuzz/targets.js';
import { loadSeeds, type SeedSet } from '../../src/fuzz/seeds.js';
import { allocate, makeInput, runTarget } from '../../src/fuzz/run.js';

const SEED = 20250601;
const TOTAL = 4000;

let seeds: SeedSet;
let targets: FuzzTarget[];

beforeAll(async () => {
  seeds = await loadSeeds(resolve(import.meta.dirname, '../..'));
  targets = fuzzTargets(seeds);
});

describe('fuzz sample', () => {
  it('recorded real TLS 1.2, 1.3 and HelloRetryRequest seeds', () => {
    expect(seeds.captures.map((c) => c.name)).toEqual(['tls12', 'tls13', 'tls13-hrr']);
    for (const c of seeds.captures) expect(c.records.some((r) => r.dir === 'server')).toBe(true);
    expect(targets.every((t) => t.seeds.length > 0 || t.generated !== null)).toBe(true);
  });

  it('inputs are reproducible from (seed, target, iteration)', () => {
    for (const [i, t] of targets.entries()) {
      const a = makeInput(t, SEED, i, 777);
      const b = makeInput(t, SEED, i, 777);
      expect(Buffer.from(a.bytes).equals(Buffer.from(b.bytes))).toBe(true);
    }
  });

  it(`${TOTAL} inputs over every target: only typed errors, each call within the bound`, () => {
    const counts = allocate(targets, TOTAL);
    const all = targets.map((t, i) => runTarget(t, { seed: SEED, targetIndex: i, iterations: counts[i]!, timeBoundMs: 1000 }));
    const failures = all.flatMap((s) => s.failures);
    expect(failures).toEqual([]);
    expect(all.reduce((n, s) => n + s.inputs, 0)).toBeGreaterThanOrEqual(TOTAL - targets.length);
    // the typed-error targets did reach their error paths (the mutations are not all no-ops)
    for (const name of ['records', 'pem-der', 'aia-body', 'certdata']) {
      expect(all.find((s) => s.target === name)!.typedErrors).toBeGreaterThan(0);
    }
  });
});
