/**
 * `npm run fuzz`: a dedicated fuzz run over the parsers that read what a server or a file hands us. Seeds are
 * recorded at start from loopback handshakes (probe, TLS 1.2 / 1.3 / HelloRetryRequest) plus certificates, PKCS#7,
 * PEM and the head of certdata.txt; inputs are byte-level mutations of those seeds and fast-check samples.
 *
 *   node dist/fuzz/index.js [--inputs N] [--seed S] [--workers W] [--time-bound MS] [--target NAME] [--replay I]
 *
 * Two worker threads share the inputs; a watchdog in the main thread reports a worker that makes no progress for
 * WATCHDOG_MS (a hang) with the target and iteration in flight. Exit code 0 when there is no failure, 1 otherwise.
 * Importing this module does nothing: the run starts only when it is the process's entry point.
 */
import { availableParallelism } from 'node:os';
import { dirname, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import { DEFAULT_TIME_BOUND_MS, type FuzzFailure, type TargetStats, allocate, makeInput, runTarget } from './run.js';
import { loadSeeds, type SeedSet } from './seeds.js';
import { fuzzTargets } from './targets.js';

export { mutate, mutateOnce, MUTATION_KINDS, type MutationKind } from './mutate.js';
export { Rng, inputSeed } from './rng.js';
export { fuzzTargets, type FuzzTarget } from './targets.js';
export { loadSeeds, recordCaptures, type SeedSet, type SeedCapture } from './seeds.js';
export { runTarget, makeInput, allocate, DEFAULT_TIME_BOUND_MS, type FuzzFailure, type TargetStats, type RunOptions } from './run.js';

/** A worker silent this long is hung on one input. */
const WATCHDOG_MS = 10_000;
const DEFAULT_INPUTS = 1_000_000;
/** Heap cap per fuzz worker: a target that grows past it (a leak, an unbounded buffer) fails the run. */
const WORKER_HEAP_MB = 256;

interface Job {
  seeds: SeedSet;
  seed: number;
  timeBoundMs: number;
  /** [targetIndex, start, iterations] slices for this worker. */
  slices: Array<[number, number, number]>;
  heartbeat: SharedArrayBuffer;
}

type WorkerMessage = { kind: 'stats'; stats: TargetStats } | { kind: 'target'; index: number } | { kind: 'done' };

function packageRoot(): string {
  return resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
}

function arg(argv: string[], name: string): string | undefined {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : undefined;
}

function workerMain(): void {
  const job = workerData as Job;
  const targets = fuzzTargets(job.seeds);
  const heartbeat = new Int32Array(job.heartbeat);
  for (const [index, start, iterations] of job.slices) {
    parentPort!.postMessage({ kind: 'target', index } satisfies WorkerMessage);
    // Chunks of 2,000 so the main thread can print progress.
    for (let s = start; s < start + iterations; s += 2000) {
      const stats = runTarget(targets[index]!, {
        seed: job.seed,
        targetIndex: index,
        start: s,
        iterations: Math.min(2000, start + iterations - s),
        timeBoundMs: job.timeBoundMs,
        heartbeat,
      });
      parentPort!.postMessage({ kind: 'stats', stats } satisfies WorkerMessage);
    }
  }
  parentPort!.postMessage({ kind: 'done' } satisfies WorkerMessage);
}

async function main(argv: string[], out: (line: string) => void): Promise<number> {
  const total = Number(arg(argv, '--inputs') ?? DEFAULT_INPUTS);
  const seed = Number(arg(argv, '--seed') ?? Date.now() % 2 ** 31);
  const timeBoundMs = Number(arg(argv, '--time-bound') ?? DEFAULT_TIME_BOUND_MS);
  const only = arg(argv, '--target');
  const replay = arg(argv, '--replay');
  const workers = Math.max(1, Math.min(Number(arg(argv, '--workers') ?? availableParallelism()), 8));

  const t0 = Date.now();
  const seeds = await loadSeeds(packageRoot());
  const targets = fuzzTargets(seeds);
  out(`seeds recorded in ${Date.now() - t0} ms: ${seeds.captures.map((c) => `${c.name} (${c.records.length} chunks)`).join(', ')}`);

  if (replay !== undefined) {
    const index = targets.findIndex((t) => t.name === only);
    if (index < 0) throw new Error(`--replay needs --target, one of: ${targets.map((t) => t.name).join(', ')}`);
    const target = targets[index]!;
    const { bytes, source } = makeInput(target, seed, index, Number(replay));
    out(`replaying ${target.name} seed ${seed} iteration ${replay} (${source}, ${bytes.length} bytes): ${Buffer.from(bytes).toString('hex')}`);
    target.run(bytes); // let it throw, with its stack: this is the debugging path
    out('no failure');
    return 0;
  }

  const chosen = only ? targets.map((t, i) => [t, i] as const).filter(([t]) => t.name === only) : targets.map((t, i) => [t, i] as const);
  if (chosen.length === 0) throw new Error(`unknown target ${only}; one of: ${targets.map((t) => t.name).join(', ')}`);
  const counts = allocate(chosen.map(([t]) => t), total);
  // Each target's iterations are cut in `workers` slices, dealt round-robin.
  const slices: Array<Array<[number, number, number]>> = Array.from({ length: workers }, () => []);
  chosen.forEach(([, index], k) => {
    const n = counts[k]!;
    const per = Math.ceil(n / workers);
    for (let w = 0; w < workers; w++) {
      const start = w * per;
      const len = Math.min(per, n - start);
      if (len > 0) slices[w]!.push([index, start, len]);
    }
  });
  out(`fuzzing ${counts.reduce((a, b) => a + b, 0)} inputs over ${chosen.length} targets, seed ${seed}, ${workers} workers, time bound ${timeBoundMs} ms`);

  const byTarget = new Map<string, TargetStats>();
  const failures: FuzzFailure[] = [];
  let done = 0;
  const started = Date.now();
  let lastPrint = started;
  await Promise.all(
    slices.map(
      (mine, w) =>
        new Promise<void>((resolveWorker) => {
          const heartbeat = new SharedArrayBuffer(4);
          const beat = new Int32Array(heartbeat);
          const worker = new Worker(fileURLToPath(import.meta.url), {
            workerData: { seeds, seed, timeBoundMs, slices: mine, heartbeat } satisfies Job,
            // Memory is bounded too: a worker whose heap passes this dies (ERR_WORKER_OUT_OF_MEMORY), a failure.
            resourceLimits: { maxOldGenerationSizeMb: WORKER_HEAP_MB },
          });
          let current = -1;
          let lastBeat = -1;
          let lastChange = Date.now();
          const watchdog = setInterval(() => {
            const b = Atomics.load(beat, 0);
            if (b !== lastBeat) {
              lastBeat = b;
              lastChange = Date.now();
              return;
            }
            if (Date.now() - lastChange > WATCHDOG_MS) {
              const name = targets[current]?.name ?? '?';
              failures.push({ target: name, seed, iteration: b, source: 'mutated', kind: 'slow', detail: `hang: no progress for ${WATCHDOG_MS} ms`, ms: WATCHDOG_MS, inputLength: -1, inputHead: '' });
              out(`HANG worker ${w}: target ${name} iteration ${b} (replay: --target ${name} --seed ${seed} --replay ${b})`);
              clearInterval(watchdog);
              void worker.terminate();
            }
          }, 1000);
          worker.on('message', (m: WorkerMessage) => {
            if (m.kind === 'target') current = m.index;
            else if (m.kind === 'stats') {
              const s = m.stats;
              const acc = byTarget.get(s.target) ?? { target: s.target, inputs: 0, typedErrors: 0, ms: 0, slowestMs: 0, failures: [] };
              acc.inputs += s.inputs;
              acc.typedErrors += s.typedErrors;
              acc.ms += s.ms;
              acc.slowestMs = Math.max(acc.slowestMs, s.slowestMs);
              byTarget.set(s.target, acc);
              for (const f of s.failures) {
                failures.push(f);
                if (failures.length <= 50)
                  out(`FAIL ${f.kind} ${f.target} seed ${f.seed} iteration ${f.iteration} (${f.source}, ${f.inputLength} bytes): ${f.detail}`);
              }
              done += s.inputs;
              if (Date.now() - lastPrint > 10_000) {
                lastPrint = Date.now();
                const secs = (lastPrint - started) / 1000;
                out(`  ${done} inputs in ${secs.toFixed(0)} s (${Math.round(done / secs)} inputs/s), ${failures.length} failures`);
              }
            }
          });
          const end = (): void => {
            clearInterval(watchdog);
            resolveWorker();
          };
          worker.once('exit', end);
          worker.once('error', (e) => {
            failures.push({ target: targets[current]?.name ?? '?', seed, iteration: Atomics.load(beat, 0), source: 'mutated', kind: 'crash', detail: `worker died: ${e.message}`, ms: 0, inputLength: -1, inputHead: '' });
            out(`WORKER ${w} DIED in ${targets[current]?.name ?? '?'} at iteration ${Atomics.load(beat, 0)}: ${e.message}`);
          });
        }),
    ),
  );
  const secs = (Date.now() - started) / 1000;
  out('');
  out('target                 inputs   inputs/s  typed errors  slowest ms  failures');
  for (const s of byTarget.values()) {
    const rate = Math.round(s.inputs / (s.ms / 1000));
    const fails = failures.filter((f) => f.target === s.target).length;
    out(`${s.target.padEnd(20)} ${String(s.inputs).padStart(8)} ${String(rate).padStart(10)} ${String(s.typedErrors).padStart(13)} ${s.slowestMs.toFixed(1).padStart(11)} ${String(fails).padStart(9)}`);
  }
  const peakMb = process.resourceUsage().maxRSS / 1024;
  out(`total: ${done} inputs in ${secs.toFixed(1)} s wall (${Math.round(done / secs)} inputs/s), ${failures.length} failures, seed ${seed}; peak RSS ${peakMb.toFixed(0)} MiB (each worker's heap capped at ${WORKER_HEAP_MB} MiB)`);
  return failures.length === 0 ? 0 : 1;
}

const isEntry = isMainThread && process.argv[1] !== undefined && import.meta.url === pathToFileURL(resolve(process.argv[1])).href;
if (!isMainThread && (workerData as Job | null)?.slices) workerMain();
else if (isEntry) {
  main(process.argv.slice(2), (line) => process.stdout.write(`${line}\n`)).then(
    (code) => {
      process.exitCode = code;
    },
    (err: Error) => {
      process.stderr.write(`fuzz: ${err.message}\n`);
      process.exitCode = 2;
    },
  );
}
