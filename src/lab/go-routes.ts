import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer as createHttpsServer, type Server } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { buildPki, type Pki } from '../pki/index.js';

/**
 * Two module routes on loopback for `chaindbg go MODULE --connect-to ...` (and for `go mod download` through a
 * CONNECT proxy that maps the names, in tests):
 *
 * go-private-git: GOPRIVATE=corp.example. https://corp.example/mod?go-get=1 answers a go-import tag naming
 *   https://git.corp.example/mod.git. Both hosts chain to "Corp Root CA", which SSL_CERT_FILE (corp-ca.pem) gives Go
 *   and which git's own bundle lacks: Go's request passes, git's clone fails.
 *
 *       Corp Root CA (only in corp-ca.pem)
 *        |- corp.example        (meta host; Go asks it)
 *        '- git.corp.example    (git host; git asks it)
 *
 * go-proxy-redirect: GOPROXY=https://proxy.lab.example answers every /@v/ request with 302 to
 *   https://cdn.lab.example/...; the CDN sends its leaf without the intermediate, so Go refuses it.
 *
 *       Lab Module Root (in lab-module-ca.pem)
 *        '- Lab Module Issuing CA
 *            |- proxy.lab.example  (sends leaf + intermediate)
 *            '- cdn.lab.example    (sends the leaf only: incomplete)
 */

export const GO_ROUTE_SCENARIOS = ['go-private-git', 'go-proxy-redirect'] as const;
export type GoRouteScenario = (typeof GO_ROUTE_SCENARIOS)[number];

export const GO_ROUTE_STORIES: Readonly<Record<GoRouteScenario, string>> = {
  'go-private-git': 'private module: Go trusts the meta host through SSL_CERT_FILE; git, which never reads SSL_CERT_FILE, refuses the git host',
  'go-proxy-redirect': 'the module proxy redirects downloads to a CDN host that sends its leaf without the intermediate',
};

export interface GoRouteHost {
  name: string;
  port: number;
}

export interface RunningGoRoute {
  name: GoRouteScenario;
  story: string;
  module: string;
  version: string;
  /** The Go settings of the scenario, as environment assignments. */
  env: Record<string, string>;
  hosts: GoRouteHost[];
  /** The one command that shows the scenario. */
  command: string;
  /** The step go get stops at (its host) and who makes it. */
  expected: { host: string; by: 'go' | 'git' };
}

export interface GoRouteLab {
  dir: string;
  routes: RunningGoRoute[];
  /** name:443 -> 127.0.0.1:port, for a CONNECT proxy standing in for DNS. */
  addressOf(authority: string): string | null;
  close(): Promise<void>;
}

const META_PAGE = (module: string, repo: string) =>
  `<!doctype html><html><head><meta name="go-import" content="${module} git ${repo}">` +
  `<meta name="go-source" content="${module} ${repo} ${repo}/tree/main{/dir} ${repo}/blob/main{/dir}/{file}#L{line}"></head><body>go get ${module}</body></html>\n`;

export async function startGoRouteLab(now: Date, only: readonly GoRouteScenario[] = GO_ROUTE_SCENARIOS): Promise<GoRouteLab> {
  const dir = await mkdtemp(path.join(tmpdir(), 'chaindbg-go-lab-'));
  const servers: Server[] = [];
  const ports = new Map<string, number>();
  const routes: RunningGoRoute[] = [];
  const serve = async (name: string, pki: Pki, chain: string[], handler: (req: IncomingMessage, res: ServerResponse) => void) => {
    const server = createHttpsServer({ key: pki.keyPem(chain[0]!), cert: pki.chainPem(chain), minVersion: 'TLSv1.2' }, handler);
    server.on('tlsClientError', () => undefined);
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    servers.push(server);
    const port = (server.address() as { port: number }).port;
    ports.set(`${name}:443`, port);
    return port;
  };
  const cmd = (env: Record<string, string>, args: string) =>
    `${Object.entries(env).map(([k, v]) => `${k}=${v === '' ? "''" : v}`).join(' ')} chaindbg go ${args}`;
  const connectTo = (hosts: GoRouteHost[]) => hosts.map((h) => `--connect-to ${h.name}:443:127.0.0.1:${h.port}`).join(' ');

  if (only.includes('go-private-git')) {
    const pki = await buildPki({ now, nodes: {
      'corp-root': { subject: { CN: 'Corp Root CA', O: 'Corp Example' }, ca: true },
      'corp-meta': { subject: { CN: 'corp.example' }, issuer: 'corp-root', sans: ['corp.example'], eku: ['serverAuth'] },
      'corp-git': { subject: { CN: 'git.corp.example' }, issuer: 'corp-root', sans: ['git.corp.example'], eku: ['serverAuth'] },
    } });
    const caFile = path.join(dir, 'corp-ca.pem');
    await writeFile(caFile, pki.pem('corp-root'));
    const module = 'corp.example/mod';
    const meta = await serve('corp.example', pki, ['corp-meta'], (req, res) => {
      if ((req.url ?? '').includes('go-get=1')) {
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(META_PAGE(module, 'https://git.corp.example/mod.git'));
      } else res.writeHead(404).end('not found\n');
    });
    const git = await serve('git.corp.example', pki, ['corp-git'], (_req, res) => res.writeHead(404).end('no repository here\n'));
    const hosts = [{ name: 'corp.example', port: meta }, { name: 'git.corp.example', port: git }];
    const env = { SSL_CERT_FILE: caFile, GOPRIVATE: 'corp.example', GOPROXY: 'https://proxy.golang.org,direct', GOSUMDB: 'sum.golang.org' };
    routes.push({
      name: 'go-private-git',
      story: GO_ROUTE_STORIES['go-private-git'],
      module, version: 'v1.0.0', env, hosts, expected: { host: 'git.corp.example:443', by: 'git' },
      command: cmd(env, `${module}@v1.0.0 ${connectTo(hosts)}`),
    });
  }

  if (only.includes('go-proxy-redirect')) {
    const pki = await buildPki({ now, nodes: {
      'mod-root': { subject: { CN: 'Lab Module Root', O: 'chaindbg lab' }, ca: true },
      'mod-int': { subject: { CN: 'Lab Module Issuing CA', O: 'chaindbg lab' }, issuer: 'mod-root', ca: true, pathLen: 0 },
      'mod-proxy': { subject: { CN: 'proxy.lab.example' }, issuer: 'mod-int', sans: ['proxy.lab.example'], eku: ['serverAuth'] },
      'mod-cdn': { subject: { CN: 'cdn.lab.example' }, issuer: 'mod-int', sans: ['cdn.lab.example'], eku: ['serverAuth'] },
    } });
    const caFile = path.join(dir, 'lab-module-ca.pem');
    await writeFile(caFile, pki.pem('mod-root'));
    const module = 'example.com/lib';
    const proxy = await serve('proxy.lab.example', pki, ['mod-proxy', 'mod-int'], (req, res) => {
      res.writeHead(302, { location: `https://cdn.lab.example${req.url ?? '/'}` }).end();
    });
    const cdn = await serve('cdn.lab.example', pki, ['mod-cdn'], (req, res) => {
      const url = req.url ?? '';
      if (url.endsWith('/@v/list')) res.writeHead(200).end('v1.0.0\n');
      else if (url.endsWith('.info')) res.writeHead(200, { 'content-type': 'application/json' }).end('{"Version":"v1.0.0","Time":"2024-01-01T00:00:00Z"}\n');
      else if (url.endsWith('.mod')) res.writeHead(200).end(`module ${module}\n`);
      else res.writeHead(404).end('not found\n');
    });
    const hosts = [{ name: 'proxy.lab.example', port: proxy }, { name: 'cdn.lab.example', port: cdn }];
    const env = { SSL_CERT_FILE: caFile, GOPROXY: 'https://proxy.lab.example', GOSUMDB: 'off', GOPRIVATE: '' };
    routes.push({
      name: 'go-proxy-redirect',
      story: GO_ROUTE_STORIES['go-proxy-redirect'],
      module, version: 'v1.0.0', env, hosts, expected: { host: 'cdn.lab.example:443', by: 'go' },
      command: cmd(env, `${module}@v1.0.0 ${connectTo(hosts)}`),
    });
  }

  return {
    dir,
    routes,
    addressOf: (authority) => {
      const port = ports.get(authority.toLowerCase());
      return port === undefined ? null : `127.0.0.1:${port}`;
    },
    close: async () => {
      for (const s of servers) s.closeAllConnections?.();
      await Promise.all(servers.map((s) => new Promise<void>((r) => s.close(() => r()))));
      await rm(dir, { recursive: true, force: true });
    },
  };
}
