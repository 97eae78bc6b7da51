/**
 * `npm run bench`: each figure is the median of several runs next to a reference measured in the same run, with
 * the ratio and the target. Importing this module does nothing; the run starts only when it is the entry point.
 *
 *   node dist/bench/index.js [--quick]
 */
import { readFileSync, existsSync } from 'node:fs';
import { cpus } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { connect as tlsConnect } from 'node:tls';
import { verify as cryptoVerify, createPublicKey } from 'node:crypto';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { probe } from '../capture/probe.js';
import { analyzeChain } from '../diagnose/analyze.js';
import { loadStore } from '../trust/load.js';
import { readCertificates } from '../x509/read.js';
import type { Certificate } from '../x509/types.js';
import { ProcessRunner, median, timeIt } from './measure.js';
import { startServers } from './servers.js';

export { median, timeIt, ProcessRunner, type ProcessRun } from './measure.js';
export { startServers, type BenchServers } from './servers.js';

export interface Figure {
  name: string;
  ms: number | null;
  reference: string;
  referenceMs: number | null;
  /** ms / referenceMs. */
  ratio: number | null;
  /** e.g. "<= 3x"; null when the figure has no target. */
  target: string | null;
  met: boolean | null;
  maxRssKb?: number | null;
  note?: string;
}

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const bin = join(root, 'bin', 'chaindbg.js');

function figure(name: string, ms: number | null, reference: string, referenceMs: number | null, limit: number | null, extra: Partial<Figure> = {}): Figure {
  const ratio = ms !== null && referenceMs !== null && referenceMs > 0 ? ms / referenceMs : null;
  return { name, ms, reference, referenceMs, ratio, target: limit === null ? null : `<= ${limit}x`, met: limit === null || ratio === null ? null : ratio <= limit, ...extra };
}

/** Google's 2024 leaf, WR2 and GTS Root R1 (certs/reference): a real 3-certificate chain valid on 2024-07-01. */
function referenceChain(): Certificate[] {
  const read = (n: string): Certificate[] => readCertificates(readFileSync(join(root, 'certs', 'reference', n)), n).map((s) => s.cert);
  return [...read('leaf-www.google.com-wr2-2024.pem'), ...read('gts-wr2.pem'), ...read('gts-root-r1.pem')];
}

function verifyWithCrypto(child: Certificate, issuer: Certificate): boolean {
  const key = createPublicKey({ key: Buffer.from(issuer.publicKey.spki), format: 'der', type: 'spki' });
  const hash = child.signatureAlgorithm.hash === 'none' || child.signatureAlgorithm.hash === 'unknown' ? null : child.signatureAlgorithm.hash;
  return cryptoVerify(hash, child.tbs, key, child.signature);
}

async function core(runs: number): Promise<Figure[]> {
  const now = new Date('2024-07-01T00:00:00Z');
  const store = await loadStore('mozilla', { env: {}, platform: process.platform, packageRoot: root });
  const chain = referenceChain();
  const batch = 20;
  const analysis = analyzeChain({ sent: chain, stores: [store], now, host: 'www.google.com' });
  const valid = analysis.stores[0]?.validPaths.length ?? 0;
  // src/x509/verify.ts caches signature results by (certificate sha256, issuer key): a repeated chain costs no
  // signature check at all. To measure real checks, each call gets certificates with a sha256 never seen before.
  let serial = 0;
  const fresh = (): Certificate[] => {
    serial++;
    return chain.map((c) => ({ ...c, sha256: `${c.sha256}-${serial}` }));
  };
  const uncached = (await timeIt(() => {
    for (let i = 0; i < batch; i++) analyzeChain({ sent: fresh(), stores: [store], now, host: 'www.google.com' });
  }, runs)) / batch;
  const cached = (await timeIt(() => {
    for (let i = 0; i < batch; i++) analyzeChain({ sent: chain, stores: [store], now, host: 'www.google.com' });
  }, runs)) / batch;
  // The physical floor: the path's two signature checks with imported keys, nothing else.
  const keys = chain.map((c) => createPublicKey({ key: Buffer.from(c.publicKey.spki), format: 'der', type: 'spki' }));
  const check = (child: Certificate, key: ReturnType<typeof createPublicKey>): boolean =>
    cryptoVerify(child.signatureAlgorithm.hash === 'sha384' ? 'sha384' : 'sha256', child.tbs, key, child.signature);
  const floor = (await timeIt(() => {
    for (let i = 0; i < batch; i++) if (!check(chain[0]!, keys[1]!) || !check(chain[1]!, keys[2]!)) throw new Error('reference chain does not verify');
  }, runs)) / batch;
  return [
    figure('core: analyzeChain, 3-cert chain vs Mozilla store (signature cache defeated)', uncached, 'node:crypto verify of its 2 signatures', floor, 3, {
      note: `${store.anchors.length} anchors, ${valid} valid path(s)`,
    }),
    figure('core: same chain again (signature results cached)', cached, 'node:crypto verify of its 2 signatures', floor, null),
  ];
}

async function capture(runs: number, ports: number[]): Promise<Figure> {
  const port = ports[0]!;
  const plain = (): Promise<void> =>
    new Promise((done, fail) => {
      const s = tlsConnect({ host: '127.0.0.1', port, servername: 'localhost', minVersion: 'TLSv1.3', maxVersion: 'TLSv1.3', rejectUnauthorized: false }, () => {
        s.end();
        s.destroy();
        done();
      });
      s.once('error', fail);
    });
  const viaProbe = async (): Promise<void> => {
    const c = await probe({ host: 'localhost', port, connect: { host: '127.0.0.1', port }, tls: '1.3', proxy: null, timeoutMs: 5000 });
    if (c.error) throw new Error(`probe failed: ${c.error.message}`);
  };
  const refMs = await timeIt(plain, runs, 3);
  const ms = await timeIt(viaProbe, runs, 3);
  return figure('capture: probe() of a loopback TLS 1.3 server', ms, 'plain tls.connect to the same server', refMs, 1.5);
}

async function scale(ports: number[]): Promise<Figure[]> {
  const one = (port: number) => probe({ host: 'localhost', port, connect: { host: '127.0.0.1', port }, tls: '1.3', proxy: null, timeoutMs: 10_000 });
  const wall = async (n: number): Promise<number> =>
    timeIt(async () => {
      const caps = await Promise.all(ports.slice(0, n).map(one));
      const bad = caps.filter((c) => c.error);
      if (bad.length) throw new Error(`${bad.length} of ${n} probes failed: ${bad[0]!.error!.message}`);
    }, 5, 1);
  const t1 = await wall(1);
  const t10 = await wall(10);
  const t100 = await wall(100);
  // What the machine itself allows: the same fan-out with plain tls.connect (no capture, no analysis).
  const plainOne = (port: number): Promise<void> =>
    new Promise((done, fail) => {
      const s = tlsConnect({ host: '127.0.0.1', port, servername: 'localhost', minVersion: 'TLSv1.3', maxVersion: 'TLSv1.3', rejectUnauthorized: false }, () => {
        s.destroy();
        done();
      });
      s.once('error', fail);
    });
  const p1 = await timeIt(() => plainOne(ports[0]!), 5, 1);
  const p100 = await timeIt(() => Promise.all(ports.slice(0, 100).map(plainOne)), 5, 1);
  return [
    figure('scale (reference): 100 plain tls.connect at once', p100, '1 plain tls.connect', p1, null, { note: 'loopback, CPU-bound: what 2 cores allow' }),
    figure('scale: 10 targets at once', t10, '1 target', t1, null, { note: 'linear would be 10x' }),
    figure('scale: 100 targets at once', t100, '1 target', t1, 3, { note: 'linear would be 100x' }),
  ];
}

async function commandExists(runner: ProcessRunner, args: string[]): Promise<boolean> {
  const r = await runner.run(process.execPath, [bin, ...args, '--help'], { node: true });
  return r.code === 0 && !/unknown command/i.test(r.stderr);
}

async function processes(runner: ProcessRunner, runs: number, port: number): Promise<Figure[]> {
  const out: Figure[] = [];
  const node = process.execPath;
  const base = await runner.repeat(node, ['-e', '0'], { node: true }, runs);
  const version = await runner.repeat(node, [bin, '--version'], { node: true }, runs);
  out.push(figure('startup: chaindbg --version (process)', version.ms, 'node -e 0', base.ms, null, { maxRssKb: version.maxRssKb, note: `node -e 0 peak RSS ${base.maxRssKb ?? '?'} KiB` }));

  if (await commandExists(runner, ['probe'])) {
    const target = `localhost:${port}`;
    const cli = await runner.repeat(node, [bin, 'probe', target, '--connect', `127.0.0.1:${port}`, '--store', 'mozilla', '--format', 'json'], { node: true }, runs);
    const ossl = await runner.repeat('/usr/bin/openssl', ['s_client', '-connect', `127.0.0.1:${port}`, '-servername', 'localhost', '-showcerts'], { node: false, input: '' }, runs);
    out.push(
      figure('capture: chaindbg probe (process)', cli.ms, 'openssl s_client -showcerts (process)', ossl.ms, null, {
        maxRssKb: cli.maxRssKb,
        note: `exit ${cli.last.code}${cli.last.code !== 0 && cli.last.code !== 1 ? `: ${cli.last.stderr.trim().split('\n')[0]}` : ''}; openssl peak RSS ${ossl.maxRssKb ?? '?'} KiB`,
      }),
    );
  } else out.push(figure('capture: chaindbg probe (process)', null, 'openssl s_client', null, null, { note: 'skipped: command not available' }));

  if (await commandExists(runner, ['diff'])) {
    const diff = await runner.repeat(node, [bin, 'diff', '--store', 'mozilla', '--store', 'system'], { node: true }, runs);
    out.push(figure('stores: chaindbg diff --store mozilla --store system (cold process)', diff.ms, 'node -e 0', base.ms, null, { maxRssKb: diff.maxRssKb, note: `exit ${diff.last.code}` }));
  } else out.push(figure('stores: chaindbg diff (process)', null, 'node -e 0', null, null, { note: 'skipped: command not available' }));

  const tuiEntry = join(root, 'dist', 'tui', 'first-frame.js');
  if (existsSync(tuiEntry)) {
    const tui = await runner.repeat(node, [tuiEntry], { node: true }, runs);
    out.push(figure('startup: TUI first frame (process)', tui.ms, 'node -e 0', base.ms, null, { maxRssKb: tui.maxRssKb }));
  } else out.push(figure('startup: TUI first frame', null, 'node -e 0', null, null, { note: 'skipped: the TUI exposes no first-frame entry point (dist/tui/first-frame.js)' }));
  return out;
}

function fmt(ms: number | null): string {
  return ms === null ? '-' : ms < 1 ? `${(ms * 1000).toFixed(0)} us` : `${ms.toFixed(ms < 10 ? 2 : 1)} ms`;
}

export function renderFigures(figures: Figure[]): string {
  const lines = figures.map((f) => {
    const ratio = f.ratio === null ? '' : ` = ${f.ratio.toFixed(2)}x`;
    const verdict = f.met === null ? '' : f.met ? ` (target ${f.target}: met)` : ` (target ${f.target}: MISSED)`;
    const rss = f.maxRssKb ? `, peak RSS ${(f.maxRssKb / 1024).toFixed(0)} MiB` : '';
    const note = f.note ? ` [${f.note}]` : '';
    return f.ms === null && f.referenceMs === null
      ? `${f.name}: ${note.trim()}`
      : `${f.name}: ${fmt(f.ms)} vs ${f.reference} ${fmt(f.referenceMs)}${ratio}${verdict}${rss}${note}`;
  });
  return lines.join('\n');
}

async function main(argv: string[], out: (s: string) => void): Promise<number> {
  const quick = argv.includes('--quick');
  const runs = quick ? 5 : 15;
  const t0 = Date.now();
  out(`chaindbg bench: node ${process.version}, ${cpus().length} CPUs (${cpus()[0]?.model ?? '?'}), ${new Date().toISOString().slice(0, 10)}`);
  const figures: Figure[] = [];
  const emit = (f: Figure[]): void => {
    figures.push(...f);
    out(renderFigures(f));
  };
  emit(await core(runs));
  const servers = await startServers(100);
  const runner = new ProcessRunner();
  try {
    emit([await capture(runs * 2, servers.ports)]);
    emit(await scale(servers.ports));
    emit(await processes(runner, quick ? 3 : 7, servers.ports[0]!));
  } finally {
    runner.dispose();
    await servers.close();
  }
  const missed = figures.filter((f) => f.met === false);
  out(`done in ${((Date.now() - t0) / 1000).toFixed(1)} s; ${figures.filter((f) => f.met === true).length} targets met, ${missed.length} missed${missed.length ? `: ${missed.map((f) => f.name).join('; ')}` : ''}`);
  out(`every figure is a median of wall time: ${runs} runs in process, ${quick ? 3 : 7} whole-process runs`);
  return 0;
}

const isEntry = process.argv[1] !== undefined && import.meta.url === pathToFileURL(resolve(process.argv[1])).href;
if (isEntry) {
  main(process.argv.slice(2), (s) => process.stdout.write(`${s}\n`)).then(
    (code) => {
      process.exitCode = code;
    },
    (err: Error) => {
      process.stderr.write(`bench: ${err.message}\n`);
      process.exitCode = 2;
    },
  );
}
