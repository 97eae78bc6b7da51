import { performance } from 'node:perf_hooks';
import fc from 'fast-check';
import { mutate } from './mutate.js';
import { Rng, inputSeed } from './rng.js';
import type { FuzzTarget } from './targets.js';

/** One call over this is a hang (the modules under test are synchronous: a slow call cannot be interrupted). */
export const DEFAULT_TIME_BOUND_MS = 500;
/** Share of inputs taken from the target's structured generator, when it has one. */
const GENERATED_SHARE = 0.25;
/** fast-check samples are drawn in batches; input i of a batch is reproducible from (seed, batch). */
const BATCH = 256;

export interface FuzzFailure {
  target: string;
  /** Run seed and iteration: `--target T --seed S --replay I` regenerates the input. */
  seed: number;
  iteration: number;
  source: 'mutated' | 'generated';
  kind: 'crash' | 'slow';
  /** Error name and message (crash) or the duration (slow). */
  detail: string;
  ms: number;
  inputLength: number;
  /** The first 256 bytes of the input, hex. */
  inputHead: string;
}

export interface TargetStats {
  target: string;
  inputs: number;
  /** Inputs that ended in the module's documented typed error. */
  typedErrors: number;
  ms: number;
  slowestMs: number;
  failures: FuzzFailure[];
}

export interface RunOptions {
  seed: number;
  /** Index of the target in its list (part of every input's seed). */
  targetIndex: number;
  iterations: number;
  /** First iteration (a worker may run a slice); default 0. */
  start?: number;
  timeBoundMs?: number;
  /** Stop recording after this many failures of one target (they tend to repeat). */
  maxFailures?: number;
  /** Cell bumped before each input: a watchdog in another thread sees progress (and what was in flight). */
  heartbeat?: Int32Array;
}

/** The input of one iteration: a mutated seed, or a structured sample. Pure and deterministic. */
export function makeInput(
  target: FuzzTarget,
  seed: number,
  targetIndex: number,
  iteration: number,
  batches: Map<number, Uint8Array[]> = new Map(),
): { bytes: Uint8Array; source: 'mutated' | 'generated' } {
  const rng = new Rng(inputSeed(seed, targetIndex, iteration));
  const useGenerated = target.generated !== null && (target.seeds.length === 0 || rng.chance(GENERATED_SHARE));
  if (useGenerated) {
    const batch = Math.floor(iteration / BATCH);
    let samples = batches.get(batch);
    if (!samples) {
      samples = fc.sample(target.generated!, { seed: inputSeed(seed, targetIndex, -1 - batch) | 0, numRuns: BATCH });
      batches.clear();
      batches.set(batch, samples);
    }
    const base = samples[iteration % BATCH]!;
    // Half of the samples go in as generated, half get a byte-level mutation on top.
    return { bytes: rng.chance(0.5) ? base : mutate(base, rng, target.seeds), source: 'generated' };
  }
  const base = rng.pick(target.seeds);
  return { bytes: mutate(base, rng, target.seeds), source: 'mutated' };
}

/** Runs `iterations` inputs against one target, synchronously; failures are collected, never thrown. */
export function runTarget(target: FuzzTarget, opts: RunOptions): TargetStats {
  const bound = opts.timeBoundMs ?? DEFAULT_TIME_BOUND_MS;
  const maxFailures = opts.maxFailures ?? 20;
  const start = opts.start ?? 0;
  const batches = new Map<number, Uint8Array[]>();
  const stats: TargetStats = { target: target.name, inputs: 0, typedErrors: 0, ms: 0, slowestMs: 0, failures: [] };
  const t0 = performance.now();
  for (let i = start; i < start + opts.iterations; i++) {
    if (opts.heartbeat) Atomics.store(opts.heartbeat, 0, i);
    const { bytes, source } = makeInput(target, opts.seed, opts.targetIndex, i, batches);
    const before = performance.now();
    let crash: unknown = null;
    let crashed = false;
    try {
      target.run(bytes);
    } catch (e) {
      if (target.expected(e)) stats.typedErrors++;
      else {
        crashed = true;
        crash = e;
      }
    }
    const ms = performance.now() - before;
    stats.inputs++;
    if (ms > stats.slowestMs) stats.slowestMs = ms;
    if ((crashed || ms > bound) && stats.failures.length < maxFailures) {
      const err = crash as { name?: string; message?: string } | null;
      stats.failures.push({
        target: target.name,
        seed: opts.seed,
        iteration: i,
        source,
        kind: crashed ? 'crash' : 'slow',
        detail: crashed ? `${err?.name ?? typeof crash}: ${String(err?.message ?? crash).split('\n')[0]}` : `${ms.toFixed(1)} ms > ${bound} ms`,
        ms,
        inputLength: bytes.length,
        inputHead: Buffer.from(bytes.subarray(0, 256)).toString('hex'),
      });
    }
  }
  stats.ms = performance.now() - t0;
  return stats;
}

/** Splits a total number of inputs over targets by weight (every target gets at least one). */
export function allocate(targets: readonly FuzzTarget[], total: number): number[] {
  const sum = targets.reduce((n, t) => n + t.weight, 0);
  return targets.map((t) => Math.max(1, Math.round((total * t.weight) / sum)));
}
