import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { memoryIO } from '../../src/cli/io.js';
import { run } from '../../src/cli/run.js';
import { startGoRouteLab, type GoRouteLab } from '../../src/lab/go-routes.js';
import { routeTargets } from '../../src/cli/commands/tui-route.js';
import { buildPki, type Pki } from '../../src/pki/index.js';
import { reportOf } from '../support/reports.js';

// Every request goes to 127.0.0.1: the module hosts' names are mapped with --connect-to, and the environment names
// no proxy. HOME is a temporary directory and git's system config is off, so no user setting leaks in.
const NOW = new Date();
let home: string;
let lab: GoRouteLab;
let pki: Pki;
let caFile: string;
const servers: Server[] = [];

const baseEnv = () => ({
  PATH: process.env.PATH, HOME: home, GIT_CONFIG_NOSYSTEM: '1', GOENV: 'off', GOFLAGS: '', GONOSUMCHECK: '1',
  HTTPS_PROXY: '', https_proxy: '', ALL_PROXY: '', all_proxy: '', NO_PROXY: '', no_proxy: '',
});

async function goJson(args: string[], env: Record<string, string | undefined>) {
  const io = memoryIO({ env: { ...baseEnv(), ...env }, cwd: home });
  const code = await run(['go', ...args, '--timeout', '5000', '--format', 'json'], io);
  expect(io.errors).toBe('');
  return { code, doc: JSON.parse(io.output) };
}

async function serve(handler: (req: IncomingMessage, res: ServerResponse) => void): Promise<number> {
  const server = createServer({ key: pki.keyPem('leaf'), cert: pki.chainPem(['leaf']) }, handler);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  servers.push(server);
  return (server.address() as { port: number }).port;
}

beforeAll(async () => {
  home = await mkdtemp(path.join(tmpdir(), 'chaindbg-route-'));
  lab = await startGoRouteLab(NOW);
  pki = await buildPki({ now: NOW, nodes: {
    root: { subject: { CN: 'Route Test Root' }, ca: true },
    leaf: { subject: { CN: 'bad.example' }, issuer: 'root', sans: ['bad.example', 'loop.example'], eku: ['serverAuth'] },
  } });
  caFile = path.join(home, 'route-root.pem');
  await writeFile(caFile, pki.pem('root'));
});

afterAll(async () => {
  await lab.close();
  for (const s of servers) s.closeAllConnections();
  await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
  await rm(home, { recursive: true, force: true });
});

const connectTo = (hosts: Array<{ name: string; port: number }>) => hosts.flatMap((h) => ['--connect-to', `${h.name}:443:127.0.0.1:${h.port}`]);

describe('chaindbg go MODULE against the lab', () => {
  it('go-private-git: Go accepts the meta host through SSL_CERT_FILE, git refuses the git host, and says so', async () => {
    const r = lab.routes.find((x) => x.name === 'go-private-git')!;
    const { code, doc } = await goJson([`${r.module}@${r.version}`, ...connectTo(r.hosts)], r.env);
    expect(code).toBe(1);
    const m = doc.modules[0];
    expect(m.plan.noProxy).toBe(true);
    expect(m.steps.map((s: { by: string; host: string; verdict: string }) => `${s.by} ${s.host} ${s.verdict}`)).toEqual([
      'go corp.example:443 ok',
      'git git.corp.example:443 fails',
    ]);
    expect(m.steps[0].note).toBe('go-import: corp.example/mod git https://git.corp.example/mod.git; go-source: https://git.corp.example/mod.git (cmd/go ignores go-source)');
    expect(m.steps[0].store).toBe(`Go: SSL_CERT_FILE=${r.env.SSL_CERT_FILE}`);
    expect(m.steps[1].dial).toBe(`127.0.0.1:${r.hosts[1]!.port}`);
    expect(m.steps[1].otherClient).toMatchObject({ by: 'go', accepts: true });
    expect(m.failure.step).toBe(1);
    expect(m.failure.goLine).toMatch(/^go: corp\.example\/mod@v1\.0\.0: invalid version: git ls-remote -q origin in .*: exit status 128:\n\tfatal: unable to access 'https:\/\/git\.corp\.example\/mod\.git\/': /);
    expect(m.failure.fixes[0]).toBe(`git config --global http.https://git.corp.example/.sslCAInfo ${r.env.SSL_CERT_FILE}   (or GIT_SSL_CAINFO=${r.env.SSL_CERT_FILE} for one command; SSL_CERT_FILE does not reach git)`);
  });

  it('the TUI shows a route as a group of targets, one per host, with the store of whoever asks', async () => {
    const r = lab.routes.find((x) => x.name === 'go-private-git')!;
    const { doc } = await goJson([`${r.module}@${r.version}`, ...connectTo(r.hosts)], { ...r.env, GIT_SSL_CAINFO: path.join(home, 'git-ca.pem') });
    const { targets, gitFiles } = routeTargets(doc.modules);
    expect(targets.map((t) => [t.label, t.target, t.connect])).toEqual([
      ['corp.example/mod@v1.0.0 1/2 go corp.example', 'corp.example:443', `127.0.0.1:${r.hosts[0]!.port}`],
      ['corp.example/mod@v1.0.0 2/2 git git.corp.example', 'git.corp.example:443', `127.0.0.1:${r.hosts[1]!.port}`],
    ]);
    expect(targets[1]!.note).toMatch(/^git ls-remote .*: git asks, with git: GIT_SSL_CAINFO=.*; fails \(go get stops here\)$/);
    expect(gitFiles).toEqual([path.join(home, 'git-ca.pem')]);
  });

  it('the reverse: git trusts the meta host through GIT_SSL_CAINFO, Go does not: the step says so and the fix is for Go', async () => {
    const r = lab.routes.find((x) => x.name === 'go-private-git')!;
    const corpCa = r.env.SSL_CERT_FILE!;
    const { doc } = await goJson([`${r.module}@${r.version}`, ...connectTo(r.hosts)], { ...r.env, SSL_CERT_FILE: caFile, GIT_SSL_CAINFO: corpCa });
    const m = doc.modules[0];
    expect(m.steps[0]).toMatchObject({ by: 'go', verdict: 'fails', otherClient: { by: 'git', accepts: true } });
    expect(m.failure.goLine).toBe('go: corp.example/mod@v1.0.0: unrecognized import path "corp.example/mod": https fetch: Get "https://corp.example/mod?go-get=1": x509: certificate signed by unknown authority');
    expect(m.failure.fixes[0]).toBe(`git already trusts corp.example (GIT_SSL_CAINFO=${corpCa}): give Go the same roots: SSL_CERT_FILE=${corpCa} (Go does not read GIT_SSL_CAINFO or git config)`);
  });

  it('go-private-git with GIT_SSL_CAINFO set: both agree and go get gets through to git', async () => {
    const r = lab.routes.find((x) => x.name === 'go-private-git')!;
    const { code, doc } = await goJson([`${r.module}@${r.version}`, ...connectTo(r.hosts)], { ...r.env, GIT_SSL_CAINFO: r.env.SSL_CERT_FILE });
    expect(code).toBe(0);
    expect(doc.modules[0].ok).toBe(true);
    expect(doc.modules[0].steps[1]).toMatchObject({ by: 'git', verdict: 'ok', otherClient: null });
    expect(doc.modules[0].steps[1].store).toContain(`GIT_SSL_CAINFO=${r.env.SSL_CERT_FILE}`);
  });

  it('go-proxy-redirect: the proxy passes, its redirect target sends an incomplete chain: Go\'s own line', async () => {
    const r = lab.routes.find((x) => x.name === 'go-proxy-redirect')!;
    const { code, doc } = await goJson([`${r.module}@${r.version}`, ...connectTo(r.hosts)], r.env);
    expect(code).toBe(1);
    const m = doc.modules[0];
    expect(m.steps.map((s: { host: string; verdict: string; http: { status: number } | null }) => `${s.host} ${s.verdict} ${s.http?.status ?? '-'}`)).toEqual([
      'proxy.lab.example:443 ok 302',
      'cdn.lab.example:443 fails -',
    ]);
    expect(m.failure.goLine).toBe('go: example.com/lib@v1.0.0: Get "https://cdn.lab.example/example.com/lib/@v/v1.0.0.info": x509: certificate signed by unknown authority');
    expect(m.failure.fixes[0]).toMatch(/^the server at cdn\.lab\.example must send its intermediate/);
    expect(m.steps[1].report.findings.map((f: { code: string }) => f.code)).toContain('MISSING_INTERMEDIATE');
  });

  it('a --connect-to rule pointing at loopback is never sent through HTTPS_PROXY (no proxy reaches this loopback)', async () => {
    const r = lab.routes.find((x) => x.name === 'go-proxy-redirect')!;
    const { doc } = await goJson([`${r.module}@${r.version}`, ...connectTo(r.hosts)], { ...r.env, HTTPS_PROXY: 'http://127.0.0.1:1', https_proxy: 'http://127.0.0.1:1' });
    expect(doc.modules[0].steps.map((s: { verdict: string }) => s.verdict)).toEqual(['ok', 'fails']);
  });

  it('text output: the route step by step, the line go get prints, the fix', async () => {
    const r = lab.routes.find((x) => x.name === 'go-proxy-redirect')!;
    const io = memoryIO({ env: { ...baseEnv(), ...r.env }, cwd: home });
    expect(await run(['go', `${r.module}@${r.version}`, ...connectTo(r.hosts), '--timeout', '5000'], io)).toBe(1);
    expect(io.output).toContain('2. go  GET .info (redirect 1)  FAILS  <- go get stops here');
    expect(io.output).toContain('    go: example.com/lib@v1.0.0: Get "https://cdn.lab.example/example.com/lib/@v/v1.0.0.info": x509: certificate signed by unknown authority');
  });
});

describe('bad input gets Go\'s words', () => {
  const env = () => ({ SSL_CERT_FILE: caFile, GOPROXY: 'https://bad.example', GOSUMDB: 'off', GOPRIVATE: '' });

  it('a malformed module path: no request, exit 1, Go\'s line', async () => {
    const { code, doc } = await goJson(['Corp.example/mod@v1.0.0'], env());
    expect(code).toBe(1);
    expect(doc.modules[0].steps).toEqual([]);
    expect(doc.modules[0].failure.goLine).toBe(`go: Corp.example/mod@v1.0.0: malformed module path "Corp.example/mod": invalid char 'C' in first path element`);
  });

  it('a redirect loop stops after 10 redirects, as Go\'s client does', async () => {
    const port = await serve((req, res) => res.writeHead(302, { location: req.url ?? '/' }).end());
    const { doc } = await goJson(['example.com/x@v1.0.0', '--connect-to', `bad.example:443:127.0.0.1:${port}`], env());
    const m = doc.modules[0];
    expect(m.steps).toHaveLength(10);
    expect(m.failure.goLine).toBe('go: example.com/x@v1.0.0: Get "/example.com/x/@v/v1.0.0.info": stopped after 10 redirects');
  });

  it('a redirect from https to http is refused', async () => {
    const port = await serve((_req, res) => res.writeHead(302, { location: 'http://bad.example/x' }).end());
    const { doc } = await goJson(['example.com/x@v1.0.0', '--connect-to', `bad.example:443:127.0.0.1:${port}`], env());
    expect(doc.modules[0].failure.goLine).toBe('go: example.com/x@v1.0.0: Get "http://bad.example/x": redirected from secure URL https://bad.example/example.com/x/@v/v1.0.0.info to insecure URL http://bad.example/x');
  });

  it('a meta page that names no repository, and one that names a plain-HTTP repository', async () => {
    const port = await serve((req, res) => {
      if ((req.url ?? '').startsWith('/none')) res.writeHead(200).end('<html><head><title>x</title></head><body></body></html>');
      else res.writeHead(200).end('<meta name="go-import" content="bad.example/plain git http://bad.example/plain.git">');
    });
    const direct = { ...env(), GOPROXY: 'direct', GOPRIVATE: 'bad.example' };
    const none = await goJson(['bad.example/none@v1.0.0', '--connect-to', `bad.example:443:127.0.0.1:${port}`], direct);
    expect(none.doc.modules[0].failure.goLine).toBe('go: bad.example/none@v1.0.0: unrecognized import path "bad.example/none": parse https://bad.example/none?go-get=1: no go-import meta tags ()');
    const plain = await goJson(['bad.example/plain@v1.0.0', '--connect-to', `bad.example:443:127.0.0.1:${port}`], direct);
    expect(plain.doc.modules[0].steps[1]).toMatchObject({ by: 'git', verdict: 'no-tls' });
    expect(plain.doc.modules[0].steps[1].note).toMatch(/^plain HTTP: no certificate involved/);
  });

  it('probe --connect-to dials the mapped address; SNI and the hostname check keep the name', async () => {
    const port = await serve((_req, res) => res.writeHead(200).end());
    const io = memoryIO({ env: baseEnv(), cwd: home });
    const code = await run(['probe', 'bad.example', '--connect-to', 'other.example:443:127.0.0.1:1', '--connect-to', `:443:127.0.0.1:${port}`,
      '--store', caFile, '--format', 'json', '--timeout', '5000'], io);
    const doc = reportOf(io.output);
    expect(code).toBe(0);
    expect(doc.host).toBe('bad.example');
    expect(doc.stores[0]!.trusted).toBe(true);
  });

  it('the checksum database through the proxy: /sumdb/<name>/supported, then the lookup there, never the database itself', async () => {
    const port = await serve((req, res) => {
      const u = req.url ?? '';
      if (u.endsWith('.info')) res.writeHead(200).end('{"Version":"v1.0.0"}');
      else if (u === '/sumdb/sum.golang.org/supported') res.writeHead(200).end();
      else if (u === '/sumdb/sum.golang.org/lookup/example.com/!x@v1.0.0') res.writeHead(200).end('1\nexample.com/X v1.0.0 h1:x=\n');
      else res.writeHead(404).end();
    });
    const { code, doc } = await goJson(['example.com/X@v1.0.0', '--connect-to', `bad.example:443:127.0.0.1:${port}`],
      { ...env(), GOSUMDB: 'sum.golang.org' });
    expect(code).toBe(0);
    expect(doc.modules[0].steps.map((s: { phase: string; url: string; http: { status: number } }) => `${s.phase} ${s.url} ${s.http.status}`)).toEqual([
      'module https://bad.example/example.com/!x/@v/v1.0.0.info 200',
      'sumdb https://bad.example/sumdb/sum.golang.org/supported 200',
      'sumdb https://bad.example/sumdb/sum.golang.org/lookup/example.com/!x@v1.0.0 200',
    ]);
  });

  it('hostile answers: control characters from a page are shown escaped; an unparseable Location or repository URL is one line', async () => {
    const port = await serve((req, res) => {
      const u = req.url ?? '';
      if (u.startsWith('/esc')) res.writeHead(200).end('<meta name="go-import" content="bad.example/esc git https://bad.example/\u001b[2J.git">');
      else if (u.startsWith('/bad')) res.writeHead(302, { location: 'http://[::1' }).end();
      else res.writeHead(200).end('<meta name="go-import" content="bad.example/repo git https://[oops">');
    });
    const ct = ['--connect-to', `bad.example:443:127.0.0.1:${port}`];
    const io = memoryIO({ env: { ...baseEnv(), ...env(), GOPROXY: 'direct', GOPRIVATE: 'bad.example' }, cwd: home });
    await run(['go', 'bad.example/esc@v1.0.0', ...ct, '--timeout', '5000'], io);
    expect(io.output).not.toContain('\u001b');
    expect(io.output).toContain('https://bad.example/\\x1b[2J.git');
    const bad = await goJson(['example.com/x@v1.0.0', ...ct], { ...env(), GOPROXY: 'https://bad.example/bad' });
    expect(bad.doc.modules[0].failure.goLine).toBe('go: example.com/x@v1.0.0: Get "https://bad.example/bad/example.com/x/@v/v1.0.0.info": failed to parse Location header "http://[::1"');
    const repo = await goJson(['bad.example/repo@v1.0.0', ...ct], { ...env(), GOPROXY: 'direct', GOPRIVATE: 'bad.example' });
    expect(repo.doc.modules[0].failure.goLine).toBe(`go: bad.example/repo@v1.0.0: unrecognized import path "bad.example/repo": https://bad.example/repo?go-get=1: invalid repo root "https://[oops": parse "https://[oops": missing ']' in host`);
  });

  it('a go-import "mod" tag names a proxy, asked like one; GOINSECURE lets an untrusted meta host through unverified', async () => {
    const port = await serve((req, res) => {
      const u = req.url ?? '';
      if (u.startsWith('/m?go-get=1')) res.writeHead(200).end('<meta name="go-import" content="bad.example/m mod https://bad.example/modproxy">');
      else if (u === '/modproxy/bad.example/m/@v/v1.0.0.info') res.writeHead(200).end('{"Version":"v1.0.0"}');
      else res.writeHead(404).end();
    });
    const ct = ['--connect-to', `bad.example:443:127.0.0.1:${port}`];
    const direct = { ...env(), GOPROXY: 'direct', GOPRIVATE: 'bad.example' };
    const mod = await goJson(['bad.example/m@v1.0.0', ...ct], direct);
    expect(mod.code).toBe(0);
    expect(mod.doc.modules[0].steps.map((s: { what: string; url: string }) => `${s.what} ${s.url}`)).toEqual([
      'GET ?go-get=1 (go-import meta tag) https://bad.example/m?go-get=1',
      'GET (go-import "mod" proxy) https://bad.example/modproxy/bad.example/m/@v/v1.0.0.info',
    ]);
    // Go's store without the test root: refused, unless GOINSECURE covers the module.
    const strict = await goJson(['bad.example/m@v1.0.0', ...ct], { ...direct, SSL_CERT_FILE: lab.routes[0]!.env.SSL_CERT_FILE });
    expect(strict.doc.modules[0].steps[0].verdict).toBe('fails');
    const insecure = await goJson(['bad.example/m@v1.0.0', ...ct], { ...direct, SSL_CERT_FILE: lab.routes[0]!.env.SSL_CERT_FILE, GOINSECURE: 'bad.example' });
    expect(insecure.doc.modules[0].steps[0]).toMatchObject({
      verdict: 'unverified',
      note: "GOINSECURE: go skips certificate checks for this module's meta tag; go-import: bad.example/m mod https://bad.example/modproxy",
    });
    // The "mod" proxy is asked as any proxy is, with certificate checks (GOINSECURE covers the meta lookup only).
    expect(insecure.doc.modules[0].steps[1].verdict).toBe('fails');
  });

  it('a bad --connect-to is a one-line usage error', async () => {
    const io = memoryIO({ env: baseEnv(), cwd: home });
    expect(await run(['go', 'example.com/x', '--connect-to', 'a.example:443'], io)).toBe(2);
    expect(io.errors).toMatch(/^chaindbg: --connect-to "a.example:443": expected HOST:PORT:CONNECT_HOST:CONNECT_PORT\n$/);
  });
});

describe('go.mod in the current directory', () => {
  it('with no MODULE argument, each require is followed', async () => {
    const dir = await mkdtemp(path.join(home, 'mod-'));
    await writeFile(path.join(dir, 'go.mod'), 'module me.example/app\n\ngo 1.19\n\nrequire (\n\tbad.example/a v1.0.0 // indirect\n\tbad.example/b v1.1.0\n)\nreplace bad.example/b => ../b\n');
    const port = await serve((_req, res) => res.writeHead(404).end());
    const io = memoryIO({ env: { ...baseEnv(), ...env() }, cwd: dir });
    await run(['go', '--connect-to', `bad.example:443:127.0.0.1:${port}`, '--format', 'json', '--timeout', '5000'], io);
    const doc = JSON.parse(io.output);
    expect(doc.modules.map((m: { module: string; version: string }) => `${m.module}@${m.version}`)).toEqual(['bad.example/a@v1.0.0']);
    expect(doc.modules[0].failure.goLine).toBe('go: bad.example/a@v1.0.0: reading https://bad.example/bad.example/a/@v/v1.0.0.info: 404 Not Found');
  });
  function env() {
    return { SSL_CERT_FILE: caFile, GOPROXY: 'https://bad.example', GOSUMDB: 'off', GOPRIVATE: '' };
  }
});
