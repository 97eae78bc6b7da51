/**
 * `npm run bench`: each figure is the median of several runs next to a reference measured in the same run, with
 * the ratio and the target. Importing this module does nothing; the run starts only when it is the entry point.
 *
 *   node dist/bench/index.js [--quick] [--only=core,hostile,capture,scale,processes,tui]
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { connect as tlsConnect } from 'node:tls';
import { verify as cryptoVerify, createPublicKey } from 'node:crypto';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { probe } from '../capture/probe.js';
import { captureToReport, parseCapture } from '../session/index.js';
import { analyzeChain } from '../diagnose/analyze.js';
import { loadStore } from '../trust/load.js';
import { readCertificates } from '../x509/read.js';
import type { Certificate } from '../model/certificate.js';
import { ProcessRunner, median, timeIt, type ProcessRun } from './measure.js';
import { startRelays } from './relay.js';
import { SERVERS_NOW, startServers } from './servers.js';
import { runInPty, SCRIPT, type PtyRun } from './tui.js';
import { hostileRows } from './hostile.js';

export { median, timeIt, ProcessRunner, type ProcessRun } from './measure.js';
export { startServers, SERVERS_NOW, type BenchServers } from './servers.js';
export { startRelays, relay, type Relays } from './relay.js';
export { runInPty, stripAnsi, findNodeBelow, readRss, type PtyRun, type PtyOptions } from './tui.js';

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

/** One-way delay of the latency relay: 25 ms each way, a 50 ms round trip (real targets are 20-200 ms away). */
const RELAY_DELAY_MS = 25;
/** 100 ms each way: a 200 ms round trip, the far end of the range. */
const FAR_DELAY_MS = 100;

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
    figure('core: same chain again (signature results cached)', cached, 'node:crypto verify of its 2 signatures', floor, null, {
      maxRssKb: peakRssKb(),
      note: 'process peak RSS so far',
    }),
  ];
}

/** The bench process's peak RSS so far (in-process figures share one process: a running high-water mark). */
const peakRssKb = (): number => process.resourceUsage().maxRSS;

async function capture(runs: number, ports: number[]): Promise<Figure[]> {
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
  // What `chaindbg probe` does per target: capture, parse, then the whole analysis and report against Mozilla's store.
  const store = await loadStore('mozilla', { env: {}, platform: process.platform, packageRoot: root });
  const withAnalysis = async (): Promise<void> => {
    const c = await probe({ host: 'localhost', port, connect: { host: '127.0.0.1', port }, tls: '1.3', proxy: null, timeoutMs: 5000 });
    if (c.error) throw new Error(`probe failed: ${c.error.message}`);
    captureToReport(parseCapture(c), { stores: [store], reference: store, now: new Date(SERVERS_NOW), host: 'localhost' });
  };
  const refMs = await timeIt(plain, runs, 3);
  const ms = await timeIt(viaProbe, runs, 3);
  const fullMs = await timeIt(withAnalysis, runs, 3);
  const note = 'process peak RSS so far (in-process figures share the bench process)';
  return [
    figure('capture: probe() of a loopback TLS 1.3 server', ms, 'plain tls.connect to the same server', refMs, 1.5, { maxRssKb: peakRssKb(), note }),
    figure('capture + analysis: probe(), parse and report vs Mozilla store (what probe does per target)', fullMs, 'plain tls.connect to the same server', refMs, 1.5, { maxRssKb: peakRssKb(), note }),
  ];
}

/** One plain TLS 1.3 handshake (no capture, no analysis): what the machine and the link allow. */
function plainHandshake(port: number, dial: number = port): Promise<void> {
  return new Promise((done, fail) => {
    const s = tlsConnect({ host: '127.0.0.1', port: dial, servername: 'localhost', minVersion: 'TLSv1.3', maxVersion: 'TLSv1.3', rejectUnauthorized: false }, () => {
      s.destroy();
      done();
    });
    s.once('error', fail);
  });
}

/**
 * n probes at once, all started together (`Promise.all`), to the first n servers; `dial[i]` is where the i-th
 * probe connects (the server itself, or its latency relay). Median wall time of `runs` rounds.
 */
async function fanOut(n: number, ports: number[], dial: number[], runs: number): Promise<number> {
  const one = (i: number) =>
    probe({ host: 'localhost', port: ports[i]!, connect: { host: '127.0.0.1', port: dial[i]! }, tls: '1.3', proxy: null, timeoutMs: 10_000 });
  return timeIt(async () => {
    const caps = await Promise.all(Array.from({ length: n }, (_, i) => one(i)));
    const bad = caps.filter((c) => c.error);
    if (bad.length) throw new Error(`${bad.length} of ${n} probes failed: ${bad[0]!.error!.message}`);
  }, runs, 1);
}

async function plainFanOut(n: number, dial: number[], runs: number): Promise<number> {
  return timeIt(() => Promise.all(dial.slice(0, n).map((d) => plainHandshake(d))), runs, 1);
}

/**
 * Scale, twice. Bare loopback: each handshake is pure CPU, so 2 cores serialise them and no client can meet the
 * target there (the plain tls.connect row shows the machine's own limit). Through the latency relay (every server
 * behind its own relay port, `delayMs` each way): the figure the target is about, whether chaindbg overlaps the
 * waiting of many targets instead of serialising them.
 */
async function scale(ports: number[], relayPorts: number[], delayMs: number, runs: number): Promise<Figure[]> {
  const b1 = await fanOut(1, ports, ports, runs);
  const b10 = await fanOut(10, ports, ports, runs);
  const b100 = await fanOut(100, ports, ports, runs);
  const p1 = await plainFanOut(1, ports, runs);
  const p100 = await plainFanOut(100, ports, runs);
  const rtt = `${2 * delayMs} ms RTT relay`;
  const r1 = await fanOut(1, ports, relayPorts, runs);
  const r10 = await fanOut(10, ports, relayPorts, runs);
  const r100 = await fanOut(100, ports, relayPorts, runs);
  const q1 = await plainFanOut(1, relayPorts, runs);
  const q100 = await plainFanOut(100, relayPorts, runs);
  // The far end of the real range (200 ms RTT): where the per-probe CPU is small next to the waiting.
  const far = await startRelays(ports, FAR_DELAY_MS);
  let f1: number, f100: number, g1: number, g100: number;
  try {
    f1 = await fanOut(1, ports, far.ports, runs);
    f100 = await fanOut(100, ports, far.ports, runs);
    g1 = await plainFanOut(1, far.ports, runs);
    g100 = await plainFanOut(100, far.ports, runs);
  } finally {
    await far.close();
  }
  const farRtt = `${2 * FAR_DELAY_MS} ms RTT relay`;
  return [
    figure('scale, bare loopback (reference): 100 plain tls.connect at once', p100, '1 plain tls.connect', p1, null, { note: 'CPU-bound: what 2 cores allow' }),
    figure('scale, bare loopback: 10 probes at once', b10, '1 probe', b1, null, { note: 'CPU-bound; linear would be 10x' }),
    figure('scale, bare loopback: 100 probes at once', b100, '1 probe', b1, null, { note: 'CPU-bound; linear would be 100x' }),
    figure(`scale, ${rtt} (reference): 100 plain tls.connect at once`, q100, '1 plain tls.connect', q1, 3),
    figure(`scale, ${rtt}: 10 probes at once`, r10, '1 probe', r1, null, { note: 'linear would be 10x' }),
    // Issue 14's goal: no worse than plain tls.connect does through the same relay in the same run.
    figure(`scale, ${rtt}: 100 probes at once`, r100, '1 probe', r1, Number((q100 / q1).toFixed(2)), { note: 'target: the plain tls.connect ratio above; linear would be 100x' }),
    figure(`scale, ${farRtt} (reference): 100 plain tls.connect at once`, g100, '1 plain tls.connect', g1, 3),
    figure(`scale, ${farRtt}: 100 probes at once`, f100, '1 probe', f1, 3, { note: 'linear would be 100x' }),
  ];
}

/**
 * The TUI in a pseudo-terminal (util-linux script): spawn to header, to first verdict, `q` to exit; then 20 targets
 * at once, RSS of the node process once every verdict is drawn. Reference: `node -e 0` under the same `script`.
 */
async function tui(runs: number, ports: number[], rootPem: string, at: string): Promise<Figure[]> {
  const skip = (why: string): Figure[] => [figure('startup: TUI first frame', null, 'node -e 0', null, null, { note: `skipped: ${why}` })];
  try {
    readFileSync(SCRIPT);
  } catch {
    return skip(`${SCRIPT} (util-linux) not found`);
  }
  const dir = mkdtempSync(join(tmpdir(), 'chaindbg-bench-tui-'));
  try {
    const pem = join(dir, 'bench-root.pem');
    writeFileSync(pem, rootPem);
    const node = process.execPath;
    const cmd = (targets: number[]) =>
      `exec '${node}' '${bin}' tui ${targets.map((p) => `127.0.0.1:${p}`).join(' ')} --store '${pem}' --at ${at}`;
    const header = 'chaindbg  TLS';
    const base: number[] = [];
    const one: PtyRun[] = [];
    for (let i = 0; i < runs; i++) {
      // A command that draws no header runs to its exit: the reference is spawn to exit.
      const t = performance.now();
      await runInPty({ command: `exec '${node}' -e 0`, header, columns: 120, lines: 40 });
      base.push(performance.now() - t);
      one.push(await runInPty({ command: cmd([ports[0]!]), header, columns: 120, lines: 40 }));
    }
    const ok = (r: PtyRun) => r.headerMs !== null && r.verdictMs !== null && r.code === 0;
    const good = one.filter(ok);
    if (!good.length) return skip(`the TUI drew no verdict: ${(one[0]?.output ?? '').trim().split('\n').slice(-3).join(' | ')}`);
    const baseMs = median(base);
    const trusted = good.every((r) => r.output.includes(`✓ 127.0.0.1:${ports[0]}`));
    const twenty = ports.slice(0, 20);
    const many = await runInPty({ command: cmd(twenty), header, settle: true, checkKeys: 'j'.repeat(19), timeoutMs: 60_000 });
    const last = `127.0.0.1:${twenty[19]}`;
    const allShown = many.checkScreen.includes(`✓ ${last}`);
    return [
      figure('process: TUI spawn to first frame, header drawn (pty 120x40)', median(good.map((r) => r.headerMs!)), 'node -e 0 under the same script', baseMs, 2.5, {
        note: `${good.length}/${one.length} runs drew a verdict`,
      }),
      figure('process: TUI spawn to first verdict on screen, 1 loopback target (pty 120x40)', median(good.map((r) => r.verdictMs!)), 'node -e 0 under the same script', baseMs, 4, {
        note: `${trusted ? 'trusted (✓)' : 'verdict drawn but not ✓'}; q to exit ${median(good.map((r) => r.quitMs ?? NaN)).toFixed(0)} ms`,
      }),
      figure('memory: TUI with 20 loopback targets, every verdict drawn (pty process)', many.settledMs, 'node -e 0 under the same script', baseMs, null, {
        maxRssKb: many.rssKb,
        note: `VmRSS ${many.rssKb ?? '?'} KiB, VmHWM ${many.hwmKb ?? '?'} KiB at settle; ${allShown ? `20th target shows ✓` : 'the 20th target did NOT show ✓'}; exit ${many.code}`,
      }),
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A bare Node process doing what a probe's network part does: one tls.connect and getPeerCertificate. */
const BARE_PROBE = `import { connect } from 'node:tls';
const [port] = process.argv.slice(2);
const s = connect({ host: '127.0.0.1', port: Number(port), servername: 'localhost', rejectUnauthorized: false }, () => {
  const c = s.getPeerCertificate(true);
  if (!c || !c.raw) process.exitCode = 1;
  s.destroy();
});
s.on('error', (e) => { console.error(e.message); process.exitCode = 2; });
`;

/**
 * Whole processes, each paired with its reference in the same loop (reference, subject, reference, ...): the rows
 * of issue 14's table, plus --version and openssl for the record. `rootPem` is the bench servers' root.
 */
async function processes(runner: ProcessRunner, runs: number, port: number, rootPem: string): Promise<Figure[]> {
  const out: Figure[] = [];
  const node = process.execPath;
  const dir = mkdtempSync(join(tmpdir(), 'chaindbg-bench-proc-'));
  const nodeRun = (args: string[]) => ({ command: node, args, opts: { node: true } });
  try {
    const pem = join(dir, 'bench-root.pem');
    writeFileSync(pem, rootPem);
    const bare = join(dir, 'bare-probe.mjs');
    writeFileSync(bare, BARE_PROBE);
    const empty = nodeRun(['-e', '0']);
    const exit = (r: ProcessRun) => `exit ${r.code}${r.code !== 0 && r.code !== 1 ? `: ${r.stderr.trim().split('\n')[0]}` : ''}`;

    const version = await runner.paired(nodeRun([bin, '--version']), empty, runs);
    out.push(figure('startup: chaindbg --version (process)', version.ms, 'node -e 0', version.refMs, null, { maxRssKb: version.maxRssKb, note: `${cpuNote(version)}; node -e 0 peak RSS ${version.refRssKb ?? '?'} KiB` }));

    const target = `localhost:${port}`;
    const probeRun = await runner.paired(nodeRun([bin, 'probe', target, '--connect', `127.0.0.1:${port}`, '--store', pem, '--at', SERVERS_NOW]), nodeRun([bare, String(port)]), runs);
    const memRatio = probeRun.maxRssKb !== null && probeRun.refRssKb ? probeRun.maxRssKb / probeRun.refRssKb : null;
    out.push(
      figure('process: chaindbg probe HOST --connect 127.0.0.1:PORT --store PEM', probeRun.ms, 'bare node: one tls.connect + getPeerCertificate', probeRun.refMs, 1.3, {
        maxRssKb: probeRun.maxRssKb,
        note: `${exit(probeRun.last)}; ${cpuNote(probeRun)}; peak RSS ${kib(probeRun.maxRssKb)} vs ${kib(probeRun.refRssKb)} = ${memRatio === null ? '?' : memRatio.toFixed(2)}x (target <= 1.25x: ${memRatio !== null && memRatio <= 1.25 ? 'met' : 'MISSED'}); bare ${exit(probeRun.refLast)}`,
      }),
    );

    const chain = ['leaf-www.google.com-wr2-2024.pem', 'gts-wr2.pem'].map((n) => join(root, 'certs', 'reference', n));
    const verify = await runner.paired(nodeRun([bin, 'verify', ...chain, '--store', 'mozilla', '--host', 'www.google.com', '--at', '2024-07-01']), empty, runs);
    out.push(figure('process: chaindbg verify (2-certificate chain) --store mozilla', verify.ms, 'node -e 0', verify.refMs, 1.5, { maxRssKb: verify.maxRssKb, note: `${exit(verify.last)}; ${cpuNote(verify)}` }));

    const diff = await runner.paired(nodeRun([bin, 'diff', '--store', 'mozilla', '--store', 'system']), empty, runs);
    out.push(figure('process: cold chaindbg diff --store mozilla --store system', diff.ms, 'node -e 0', diff.refMs, 1.8, { maxRssKb: diff.maxRssKb, note: `${exit(diff.last)}; ${cpuNote(diff)}` }));

    const ossl = await runner.paired(nodeRun([bin, 'probe', target, '--connect', `127.0.0.1:${port}`, '--store', 'mozilla', '--format', 'json']), { command: '/usr/bin/openssl', args: ['s_client', '-connect', `127.0.0.1:${port}`, '-servername', 'localhost', '-showcerts'], opts: { node: false, input: '' } }, runs);
    out.push(figure('process: chaindbg probe --store mozilla --format json', ossl.ms, 'openssl s_client -showcerts (process)', ossl.refMs, null, { maxRssKb: ossl.maxRssKb, note: `${exit(ossl.last)}; openssl peak RSS ${kib(ossl.refRssKb)}` }));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return out;
}

/** CPU time of both sides (median): what the process itself spent, less moved by other load than wall time. */
const cpuNote = (r: { cpuMs: number | null; refCpuMs: number | null }): string =>
  r.cpuMs === null || r.refCpuMs === null || r.refCpuMs === 0
    ? 'CPU ?'
    : `CPU ${r.cpuMs.toFixed(0)} vs ${r.refCpuMs.toFixed(0)} ms = ${(r.cpuMs / r.refCpuMs).toFixed(2)}x`;

const kib = (k: number | null): string => (k === null ? '?' : `${(k / 1024).toFixed(0)} MiB`);

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
  // --only=processes,tui (groups: core, hostile, capture, scale, processes, tui) runs a part, for working on one row.
  const onlyArg = argv.find((a) => a.startsWith('--only='));
  const only = onlyArg ? new Set(onlyArg.slice('--only='.length).split(',')) : null;
  const want = (g: string): boolean => only === null || only.has(g);
  const runs = quick ? 5 : 15;
  const t0 = Date.now();
  const load = loadavg().map((x) => x.toFixed(2)).join(' ');
  out(`chaindbg bench: node ${process.version}, ${cpus().length} CPUs (${cpus()[0]?.model ?? '?'}), ${new Date().toISOString().slice(0, 10)}, load average ${load}`);
  const figures: Figure[] = [];
  const emit = (f: Figure[]): void => {
    figures.push(...f);
    out(renderFigures(f));
  };
  if (want('core')) emit(await core(runs));
  if (want('hostile')) emit((await hostileRows(runs)).map((h) => figure(h.name, h.ms, h.reference, h.referenceMs, h.limit, { note: h.note })));
  const servers = await startServers(100);
  const relays = await startRelays(servers.ports, RELAY_DELAY_MS);
  const runner = new ProcessRunner();
  try {
    if (want('capture')) emit(await capture(runs * 2, servers.ports));
    if (want('scale')) emit(await scale(servers.ports, relays.ports, relays.delayMs, quick ? 3 : 5));
    if (want('processes')) emit(await processes(runner, 7, servers.ports[0]!, servers.rootPem));
    if (want('tui')) emit(await tui(7, servers.ports, servers.rootPem, SERVERS_NOW));
  } finally {
    runner.dispose();
    await relays.close();
    await servers.close();
  }
  const missed = figures.filter((f) => f.met === false);
  out(`done in ${((Date.now() - t0) / 1000).toFixed(1)} s; ${figures.filter((f) => f.met === true).length} targets met, ${missed.length} missed${missed.length ? `: ${missed.map((f) => f.name).join('; ')}` : ''}`);
  out(`every figure is a median of wall time: ${runs} runs in process (capture ${runs * 2}, scale ${quick ? 3 : 5} rounds), 7 whole-process runs (paired with their reference), 7 pty runs of the TUI, paired with node -e 0 (1 of 20 targets)`);
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
