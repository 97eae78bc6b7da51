/**
 * Every example in docs/json.md and docs/commands.md reproduces: each ```json block of json.md is paired with the
 * command its text names, run here (in process) against the shipped certificates under certs/reference with the time
 * pinned by --at, or against lab servers on 127.0.0.1, and every field the block shows must be in the output with
 * that value. Blocks are trimmed ("...": "..." keys, strings ending in "..." or "…", arrays showing some elements), so
 * the comparison is "the block is contained in the output". Against the lab, what the lab generates at start (ports,
 * temporary folders, certificate hashes, timings, its clock) is compared by shape. commands.md's examples are the
 * explain line and the lines `go` prints; `dial tcp: lookup HOST: no such host` is the one left out (it needs a DNS
 * answer, and tests reach nothing but loopback).
 */
import { copyFile, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { memoryIO } from '../../src/cli/io.js';
import { run } from '../../src/cli/run.js';
import { startLab, type Lab } from '../../src/lab/index.js';

const root = path.resolve(__dirname, '../..');
const ref = (f: string) => path.join(root, 'certs/reference', f);

/** The ```json blocks of a doc, in order. */
async function jsonBlocks(file: string): Promise<unknown[]> {
  const md = await readFile(path.join(root, 'docs', file), 'utf8');
  return [...md.matchAll(/^```json\n([\s\S]*?)^```$/gm)].map((m) => JSON.parse(m[1]!));
}

const TRUNCATED = /(\.\.\.|…)$/;

/** Where `doc` is not contained in `out`: one line per difference (empty when contained). */
export function notContained(doc: unknown, out: unknown, at: string, lab: boolean): string[] {
  if (typeof doc === 'string') {
    if (typeof out !== 'string') return [`${at}: expected a string, got ${JSON.stringify(out)}`];
    if (lab && (TRUNCATED.test(doc) || /^[0-9a-f]{64}$/.test(doc) || /^\d{4}-\d\d-\d\dT[\d:.]+Z$/.test(doc))) return [];
    const norm = (s: string) => (lab ? s.replace(/127\.0\.0\.1:\d+/g, '127.0.0.1:PORT').replace(/\/tmp\/chaindbg-lab-\w+/g, 'TMP') : s);
    const [d, o] = [norm(doc), norm(out)];
    const mid = /^(.+?)(\.\.\.|…)(.+)$/.exec(d);
    if (mid && !TRUNCATED.test(d)) return o.startsWith(mid[1]!) && o.endsWith(mid[3]!) ? [] : [`${at}: ${JSON.stringify(o)} is not ${JSON.stringify(d)}`];
    if (TRUNCATED.test(d)) return o.startsWith(d.replace(TRUNCATED, '')) ? [] : [`${at}: ${JSON.stringify(o)} does not start with ${JSON.stringify(d)}`];
    return d === o ? [] : [`${at}: ${JSON.stringify(o)} is not ${JSON.stringify(d)}`];
  }
  if (typeof doc === 'number' && lab && typeof out === 'number') return [];
  if (Array.isArray(doc)) {
    if (!Array.isArray(out)) return [`${at}: expected an array`];
    // Each element shown must be an element of the output (trimmed arrays show some of them); when none holds it,
    // the differences are the ones from the element at the same index.
    return doc.flatMap((d, i) => {
      if (d === '...' || d === '…') return []; // elements elided
      if (out.some((o) => notContained(d, o, '', lab).length === 0)) return [];
      return i < out.length ? notContained(d, out[i], `${at}[${i}]`, lab) : [`${at}[${i}]: missing (the output has ${out.length})`];
    });
  }
  if (doc !== null && typeof doc === 'object') {
    if (out === null || typeof out !== 'object') return [`${at}: expected an object, got ${JSON.stringify(out)}`];
    return Object.entries(doc).flatMap(([k, v]) => (k === '...' ? [] : k in out ? notContained(v, (out as Record<string, unknown>)[k], `${at}.${k}`, lab) : [`${at}.${k}: missing`]));
  }
  return doc === out ? [] : [`${at}: ${JSON.stringify(out)} is not ${JSON.stringify(doc)}`];
}

let dir: string;
let lab: Lab;
let labRoots: string;
const exec = async (args: string[], env: Record<string, string | undefined> = {}) => {
  const io = memoryIO({ env: { PATH: process.env.PATH, HOME: dir, GOENV: 'off', GOFLAGS: '', HTTPS_PROXY: '', https_proxy: '', NO_PROXY: '', ALL_PROXY: '', ...env }, cwd: dir });
  const code = await run(args, io);
  return { code, out: io.output, errors: io.errors };
};
const json = async (args: string[], env: Record<string, string | undefined> = {}) => {
  const r = await exec(args, env);
  if (!r.out) throw new Error(`no output (exit ${r.code}): ${r.errors}`);
  // The examples ran with their files in /tmp/docs-out: this test's folder stands in for it.
  // The shipped certificates are read from the checkout, shown as /work/main.
  const shown = r.out.replaceAll(`${dir}/certs/`, '/work/main/certs/').replaceAll(dir, '/tmp/docs-out');
  return { code: r.code, doc: JSON.parse(shown) as Record<string, unknown> };
};

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'chaindbg-docs-examples-'));
  // The files the examples name: google-chain.pem (leaf + WR2), storeA (GTS Root R1), storeB (GTS Root R1 cross-signed).
  const pem = async (f: string) => readFile(ref(f), 'utf8');
  await writeFile(path.join(dir, 'google-chain.pem'), (await pem('leaf-www.google.com-wr2-2024.pem')) + (await pem('gts-wr2.pem')));
  await symlink(path.join(root, 'certs'), path.join(dir, 'certs'));
  await copyFile(ref('gts-root-r1.pem'), path.join(dir, 'storeA.pem'));
  await copyFile(ref('gts-root-r1-cross-signed-by-globalsign-root-ca.pem'), path.join(dir, 'storeB.pem'));
  lab = await startLab({ now: new Date(), scenarios: ['healthy', 'missing-intermediate', 'client-cert-required'] });
  labRoots = lab.stores.find((s) => s.name === 'lab-roots')!.path!;
});
afterAll(async () => {
  await lab?.close();
  await rm(dir, { recursive: true, force: true });
});

const port = (name: string) => lab.scenarios.find((s) => s.name === name)!.port;
const out = (p: string) => p.replaceAll('/tmp/docs-out', dir);

describe('docs/json.md examples reproduce', () => {
  let blocks: unknown[];
  beforeAll(async () => {
    blocks = await jsonBlocks('json.md');
  });
  const check = (i: number, output: unknown, lab = false) => {
    const diff = notContained(blocks[i], output, "$", lab);
    if (diff.length) throw new Error(`json.md example ${i + 1} differs from the output:\n${diff.join("\n")}`);
  };

  it('has one test per ```json block (a new example needs its command here)', () => {
    expect(blocks.length).toBe(9);
  });

  it('verify on the reference Google chain, as of 2024-07-01', async () => {
    const { code, doc } = await json(['verify', 'certs/reference/leaf-www.google.com-wr2-2024.pem', 'certs/reference/gts-wr2.pem', '--at', '2024-07-01', '--store', 'certs/reference/gts-root-r1.pem', '--go-version', '1.25.5', '--format', 'json'], {});
    expect(code).toBe(0);
    check(0, (doc.reports as unknown[])[0]);
  });

  it('probe fills target and tls (lab healthy); a failing store shows where it stops (lab missing-intermediate)', async () => {
    const healthy = await json(['probe', 'proxy.golang.org', '--connect', `127.0.0.1:${port('healthy')}`, '--store', labRoots, '--format', 'json']);
    check(1, (healthy.doc.reports as unknown[])[0], true);
    const missing = await json(['probe', 'sum.golang.org', '--connect', `127.0.0.1:${port('missing-intermediate')}`, '--store', labRoots, '--format', 'json']);
    expect(missing.code).toBe(1);
    check(2, ((missing.doc.reports as Array<{ stores: unknown[] }>)[0]!.stores)[0], true);
  });

  it('go (endpoint sweep) against the lab healthy server', async () => {
    const { code, doc } = await json(['go', '--store', labRoots, '--connect-to', `proxy.golang.org:443:127.0.0.1:${port('healthy')}`, '--format', 'json'], { GOPROXY: 'https://proxy.golang.org,direct', GOSUMDB: 'off', GOPRIVATE: '', PATH: '' });
    expect(code).toBe(0);
    check(3, doc, true);
  });

  it('stores with one missing store file: exit 2', async () => {
    const { code, doc } = await json(['stores', '--store', 'certs/reference/dst-root-ca-x3.pem', '--store', out('/tmp/docs-out/nonexist.pem'), '--at', '2024-07-01', '--format', 'json']);
    expect(code).toBe(2);
    check(4, doc);
  });

  it('diff of two stores', async () => {
    const { doc } = await json(['diff', '--store', 'storeA.pem', '--store', 'storeB.pem', '--at', '2024-07-01', '--format', 'json']);
    check(5, doc);
  });

  it('diff --for the Google chain: exit 1', async () => {
    const { code, doc } = await json(['diff', '--store', 'certs/reference/gts-root-r1.pem', '--store', 'certs/reference/isrg-root-x1.pem', '--for', 'google-chain.pem', '--host', 'www.google.com', '--at', '2024-07-01', '--format', 'json']);
    expect(code).toBe(1);
    check(6, doc);
  });

  it('export --kind fullchain', async () => {
    const { doc } = await json(['export', 'google-chain.pem', '--kind', 'fullchain', '--store', 'certs/reference/gts-root-r1.pem', '--at', '2024-07-01', '--out', out('/tmp/docs-out/full.pem'), '--force', '--format', 'json']);
    check(7, doc);
  });

  it('lab --once, trimmed to the healthy scenario', async () => {
    const { code, doc } = await json(['lab', 'healthy', '--once', '--format', 'json']);
    expect(code).toBe(0);
    check(8, doc, true);
  });
});

describe('the comparison itself', () => {
  it('notices a changed field, a missing key and a wrong prefix, and accepts what is trimmed', () => {
    const out = { a: 'UNKNOWN_ROOT', b: [{ x: 1 }, { x: 2 }], c: 'abcdef' };
    expect(notContained({ a: 'MISSING_INTERMEDIATE' }, out, '$', false)).toEqual(['$.a: "UNKNOWN_ROOT" is not "MISSING_INTERMEDIATE"']);
    expect(notContained({ z: 1 }, out, '$', false)).toEqual(['$.z: missing']);
    expect(notContained({ c: 'abx...' }, out, '$', false)).toHaveLength(1);
    expect(notContained({ b: [{ x: 2 }, '...'], c: 'ab...', '...': '...' }, out, '$', false)).toEqual([]);
    expect(notContained({ b: [{ x: 3 }] }, out, '$', false)).toEqual(['$.b[0].x: 1 is not 3']);
  });
});

describe('docs/commands.md examples reproduce', () => {
  it('explain on the pasted go get line lists the five findings, with the commands that tell them apart', async () => {
    const line = 'go: golang.org/x/text@v0.3.0: Get "https://proxy.golang.org/golang.org/x/text/@v/v0.3.0.mod": x509: certificate signed by unknown authority';
    const md = await readFile(path.join(root, 'docs/commands.md'), 'utf8');
    expect(md).toContain(`Example: \`chaindbg explain '${line}'\``);
    const { code, doc } = await json(['explain', line, '--format', 'json']);
    expect(code).toBe(0);
    const causes = doc.causes as Array<{ code: string; confirm: string }>;
    expect(causes.map((c) => c.code)).toEqual(['MISSING_INTERMEDIATE', 'UNKNOWN_ROOT', 'ISSUER_MISMATCH', 'SELF_SIGNED_LEAF', 'INTERCEPTION_SUSPECTED']);
    expect(causes[0]!.confirm).toBe('chaindbg probe proxy.golang.org');
    expect(causes[1]!.confirm).toBe('chaindbg probe proxy.golang.org --store system --store mozilla');
  });

  it.each([
    [{ GOPROXY: 'off' }, 'module lookup disabled by GOPROXY=off'],
    [{ GOPROXY: 'lol' }, 'invalid proxy URL missing scheme: lol'],
    [{ GOPROXY: 'ftp://x' }, 'invalid proxy URL scheme (must be https, http, file)'],
    [{ GOPROXY: 'https://proxy.golang.org', GOFLAGS: '-insecure' }, '-insecure flag is no longer supported; use GOINSECURE instead'],
  ])('go %j stops before any connection with Go\'s words (exit 1)', async (env, stop) => {
    const { code, doc } = await json(['go', '--module', 'example.com/m', '--format', 'json'], { ...env, GOSUMDB: 'off', GOPRIVATE: '', PATH: '' });
    expect((doc.goGet as { stop: string }).stop).toContain(stop);
    expect(doc.endpoints).toEqual([]);
    expect(code).toBe(1);
    if ('GOFLAGS' in env) {
      const text = await exec(['go', '--module', 'example.com/m'], { ...env, GOSUMDB: 'off', GOPRIVATE: '', PATH: '' });
      expect(text.out).toContain('go: -insecure flag is no longer supported; use GOINSECURE instead (as go prints it');
    }
  });

  it('go: the lines go get prints for a refused connection, a refused proxy, a fatal alert and an x509 error (lab)', async () => {
    const closed = await freePort();
    const sweep = async (env: Record<string, string>, args: string[]) => {
      const { code, doc } = await json(['go', ...args, '--store', labRoots, '--go-version', '1.19.8', '--format', 'json'], { GOSUMDB: 'off', GOPRIVATE: '', PATH: '', ...env });
      return { code, line: (doc.endpoints as Array<{ goError: string | null }>)[0]!.goError };
    };
    const refused = await sweep({ GOPROXY: 'https://proxy.golang.org' }, ['--connect-to', `proxy.golang.org:443:127.0.0.1:${closed}`]);
    expect(refused).toEqual({ code: 3, line: `dial tcp 127.0.0.1:${closed}: connect: connection refused` });
    // Through a proxy nothing is resolved here: the proxy itself is refused.
    const proxy = await sweep({ GOPROXY: 'https://proxy.golang.org', HTTPS_PROXY: `http://127.0.0.1:${closed}` }, []);
    expect(proxy.code).toBe(3);
    expect(proxy.line).toMatch(/^proxyconnect tcp: /);
    const missing = await sweep({ GOPROXY: 'https://sum.golang.org' }, ['--connect-to', `sum.golang.org:443:127.0.0.1:${port('missing-intermediate')}`]);
    expect(missing).toEqual({ code: 1, line: 'x509: certificate signed by unknown authority' });
    const alert = await sweep({ GOPROXY: 'https://proxy.golang.org' }, ['--connect-to', `proxy.golang.org:443:127.0.0.1:${port('client-cert-required')}`]);
    expect(alert).toEqual({ code: 1, line: 'remote error: tls: certificate required' });
  });
});

async function freePort(): Promise<number> {
  const { createServer } = await import('node:net');
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const { port: p } = s.address() as { port: number };
  await new Promise<void>((r) => s.close(() => r()));
  return p;
}
