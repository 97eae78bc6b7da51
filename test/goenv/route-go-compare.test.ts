import { execFile, execFileSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { memoryIO } from '../../src/cli/io.js';
import { run } from '../../src/cli/run.js';
import { startGoRouteLab, type GoRouteLab, type RunningGoRoute } from '../../src/lab/go-routes.js';
import { connectProxy, type ConnectProxy } from '../support/connect-proxy.js';

/**
 * chaindbg's first failing step and its line, against what `go mod download` really prints for the same lab route.
 * go (and git, which go runs) reach the lab's names through a CONNECT proxy on 127.0.0.1 that maps each name to its
 * lab port and refuses everything else (502): nothing leaves loopback. Everything go reads is set here: GOPROXY,
 * GOSUMDB, GONOSUMCHECK, GOFLAGS, GOENV=off, HOME / GOPATH / GOMODCACHE / GOCACHE in a temporary directory, and git
 * without system or global config.
 */
const has = (cmd: string, args: string[]): boolean => {
  try {
    execFileSync(cmd, args, { stdio: 'ignore', timeout: 10_000 });
    return true;
  } catch {
    return false;
  }
};
const hasGoAndGit = has('go', ['version']) && has('git', ['--version']);
if (!hasGoAndGit) console.warn('route-go-compare: go or git is not on PATH: the comparison with `go mod download` is skipped');

describe.skipIf(!hasGoAndGit)('chaindbg go MODULE agrees with go mod download (go and git on PATH)', () => {
  let lab: GoRouteLab;
  let proxy: ConnectProxy;
  let tmp: string;

  beforeAll(async () => {
    tmp = await mkdtemp(path.join(tmpdir(), 'chaindbg-gocmp-'));
    lab = await startGoRouteLab(new Date());
    proxy = await connectProxy((authority) => lab.addressOf(authority));
  });
  afterAll(async () => {
    await proxy.close();
    await lab.close();
    await rm(tmp, { recursive: true, force: true });
  });

  const hermetic = (dir: string, r: RunningGoRoute): Record<string, string> => ({
    PATH: process.env.PATH ?? '',
    HOME: dir, GOPATH: path.join(dir, 'gopath'), GOMODCACHE: path.join(dir, 'modcache'), GOCACHE: path.join(dir, 'cache'),
    GOENV: 'off', GOFLAGS: '-mod=mod', GONOSUMCHECK: '1', GONOSUMDB: r.env.GOPRIVATE ?? '', GOINSECURE: '', GOTOOLCHAIN: 'local',
    GOTELEMETRY: 'off', GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: path.join(dir, 'no-gitconfig'), GIT_TERMINAL_PROMPT: '0',
    HTTPS_PROXY: proxy.url, https_proxy: proxy.url, HTTP_PROXY: proxy.url, http_proxy: proxy.url, ALL_PROXY: '', NO_PROXY: '', no_proxy: '',
    ...r.env,
  });

  const goModDownload = (dir: string, r: RunningGoRoute, query: string): Promise<string> =>
    new Promise((resolve) => {
      execFile('go', ['mod', 'download', query], { env: hermetic(dir, r), cwd: dir, timeout: 120_000 }, (_e, _out, err) =>
        resolve(String(err).trim()),
      );
    });

  /** The cache path go prints for a VCS checkout differs per run: compare the rest. */
  const normalize = (line: string) => line.replace(/ in \S+: exit status/, ' in <cache>: exit status');

  // With the lab's version (.info), and @latest (@v/list; go says "module M:" then).
  it.each([
    ['go-private-git', 'v1.0.0'], ['go-proxy-redirect', 'v1.0.0'], ['go-private-git', 'latest'], ['go-proxy-redirect', 'latest'],
  ])('%s@%s', async (name, version) => {
    const r = lab.routes.find((x) => x.name === name)!;
    const dir = await mkdtemp(path.join(tmp, `${name}-`));
    const query = `${r.module}@${version}`;
    const goSays = await goModDownload(dir, r, query);
    // The proxy answered only lab names, so go reached nothing else.
    expect(proxy.heads.every((h) => /^CONNECT (corp\.example|git\.corp\.example|proxy\.lab\.example|cdn\.lab\.example):443 /.test(h))).toBe(true);

    const env = { ...hermetic(dir, r), HTTPS_PROXY: '', https_proxy: '', HTTP_PROXY: '', http_proxy: '' };
    const io = memoryIO({ env, cwd: dir });
    const args = ['go', query, ...r.hosts.flatMap((h) => ['--connect-to', `${h.name}:443:127.0.0.1:${h.port}`]), '--format', 'json'];
    expect(await run(args, io)).toBe(1);
    const m = JSON.parse(io.output).modules[0];
    const failing = m.steps[m.failure.step];
    expect(`${failing.by} ${failing.host}`).toBe(`${r.expected.by} ${r.expected.host}`);
    expect(normalize(m.failure.goLine.replace('$GOMODCACHE/cache/vcs/<hash>', 'X'))).toBe(normalize(goSays));
  }, 180_000);
});

describe.skipIf(!hasGoAndGit)("bad input: chaindbg's line is go mod download's (go on PATH)", () => {
  let proxy: ConnectProxy;
  let tmp: string;
  let port: number;
  let requests = 0;
  let server: import('node:https').Server;
  let sumServer: import('node:https').Server;
  let sumPort: number;

  beforeAll(async () => {
    const { createServer } = await import('node:https');
    const { writeFile } = await import('node:fs/promises');
    const { buildPki } = await import('../../src/pki/index.js');
    tmp = await mkdtemp(path.join(tmpdir(), 'chaindbg-gobad-'));
    const pki = await buildPki({ now: new Date(), nodes: {
      root: { subject: { CN: 'Bad Input Root' }, ca: true },
      leaf: { subject: { CN: 'bad.example' }, issuer: 'root', sans: ['bad.example'], eku: ['serverAuth'] },
      other: { subject: { CN: 'Unknown Root' }, ca: true },
      sum: { subject: { CN: 'sum.example' }, issuer: 'other', sans: ['sum.example'], eku: ['serverAuth'] },
    } });
    await writeFile(path.join(tmp, 'ca.pem'), pki.pem('root'));
    server = createServer({ key: pki.keyPem('leaf'), cert: pki.chainPem(['leaf']) }, (req, res) => {
      requests++;
      const u = req.url ?? '/';
      if (u.startsWith('/loop')) res.writeHead(302, { location: u }).end();
      else if (u.startsWith('/none')) res.writeHead(200).end('<html><head></head><body></body></html>');
      else if (u.startsWith('/oops')) res.writeHead(200).end('<meta name="go-import" content="bad.example/oops git https://[oops">');
      else if (u.startsWith('/insec')) res.writeHead(302, { location: 'http://bad.example/x' }).end();
      else if (u.startsWith('/px/') && u.endsWith('.info')) res.writeHead(200).end('{"Version":"v1.0.0","Time":"2024-01-01T00:00:00Z"}');
      else if (u.startsWith('/px/') && u.endsWith('.mod')) res.writeHead(200).end('module example.com/x\n');
      else res.writeHead(404).end('not found');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    port = (server.address() as { port: number }).port;
    sumServer = createServer({ key: pki.keyPem('sum'), cert: pki.chainPem(['sum']) }, (_req, res) => res.writeHead(404).end());
    await new Promise<void>((r) => sumServer.listen(0, '127.0.0.1', r));
    sumPort = (sumServer.address() as { port: number }).port;
    const map: Record<string, string> = { 'bad.example:443': `127.0.0.1:${port}`, 'wrong.example:443': `127.0.0.1:${port}`, 'sum.example:443': `127.0.0.1:${sumPort}` };
    proxy = await connectProxy((authority) => map[authority] ?? null);
  });
  afterAll(async () => {
    await proxy.close();
    for (const s of [server, sumServer]) {
      s.closeAllConnections();
      await new Promise((r) => s.close(r));
    }
    await rm(tmp, { recursive: true, force: true });
  });

  // The last column: how many HTTP requests reach bad.example (null: not compared; go also fetches the .mod there).
  const CASES: Array<[string, Record<string, string>, string, number | null]> = [
    ['a malformed module path', { GOPROXY: 'https://bad.example' }, 'Corp.example/mod@v1.0.0', 0],
    ['a redirect loop (10 requests, then the error)', { GOPROXY: 'https://bad.example/loop' }, 'example.com/x@v1.0.0', 10],
    ['a redirect from https to http', { GOPROXY: 'https://bad.example/insec' }, 'example.com/x@v1.0.0', 1],
    ['a 404 from the only proxy', { GOPROXY: 'https://bad.example' }, 'example.com/x@v1.0.0', 1],
    ['a meta page naming no repository', { GOPROXY: 'direct', GOPRIVATE: 'bad.example' }, 'bad.example/none@v1.0.0', 1],
    ['a repository URL that does not parse', { GOPROXY: 'direct', GOPRIVATE: 'bad.example' }, 'bad.example/oops@v1.0.0', 1],
    ['GOPROXY=off', { GOPROXY: 'off' }, 'example.com/x@v1.0.0', 0],
    ['a proxy whose certificate names another host', { GOPROXY: 'https://wrong.example' }, 'example.com/x@v1.0.0', 0],
    ['"|": a failing proxy falls through to one that 404s; go reports the proxy error, not the 404', { GOPROXY: 'https://wrong.example|https://bad.example' }, 'example.com/x@v1.0.0', 1],
    ['",": a 404 falls through to a proxy that fails on TLS', { GOPROXY: 'https://bad.example,https://wrong.example' }, 'example.com/x@v1.0.0', 1],
    ['a checksum database (its URL in GOSUMDB: no proxy asked) with an unknown CA', { GOPROXY: 'https://bad.example/px', GOSUMDB: 'sum.golang.org https://sum.example' }, 'example.com/x@v1.0.0', null],
  ];

  it.each(CASES)('%s', async (_name, settings, query, goRequests) => {
    const dir = await mkdtemp(path.join(tmp, 'case-'));
    const env: Record<string, string> = {
      PATH: process.env.PATH ?? '', HOME: dir, GOPATH: path.join(dir, 'gp'), GOMODCACHE: path.join(dir, 'mc'), GOCACHE: path.join(dir, 'c'),
      GOENV: 'off', GOFLAGS: '-mod=mod', GONOSUMCHECK: '1', GOSUMDB: 'off', GOPRIVATE: '', GONOSUMDB: '', GOINSECURE: '', GOTOOLCHAIN: 'local',
      GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: path.join(dir, 'none'), GIT_TERMINAL_PROMPT: '0', NO_PROXY: '', no_proxy: '',
      SSL_CERT_FILE: path.join(tmp, 'ca.pem'), ...settings,
    };
    requests = 0;
    const goSays = await new Promise<string>((resolve) => {
      execFile('go', ['mod', 'download', query], { env: { ...env, HTTPS_PROXY: proxy.url, https_proxy: proxy.url }, cwd: dir, timeout: 120_000 },
        (_e, _o, err) => resolve(String(err).trim()));
    });
    if (goRequests !== null) expect(requests).toBe(goRequests);
    const io = memoryIO({ env, cwd: dir });
    await run(['go', query, '--connect-to', `bad.example:443:127.0.0.1:${port}`, '--connect-to', `wrong.example:443:127.0.0.1:${port}`,
      '--connect-to', `sum.example:443:127.0.0.1:${sumPort}`, '--format', 'json'], io);
    const m = JSON.parse(io.output).modules[0];
    expect(m.failure.goLine).toBe(goSays);
    // chaindbg made as many HTTP requests as go did (its probes are TLS handshakes only).
    if (goRequests !== null) expect(m.steps.filter((s: { http: unknown }) => s.http !== null).length).toBe(goRequests);
  }, 180_000);
});
