import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer as createHttpsServer, type Server } from 'node:https';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { buildPki } from '../pki/index.js';
import { startConnectProxy, type ConnectProxy } from './connect-proxy.js';

/**
 * `chaindbg go` (the endpoint sweep: GOPROXY, GOSUMDB, the VCS host) pointed at the lab's own servers, end to end.
 * Every name is one of Go's (or a lab name) served on loopback under "Lab Go Root", which SSL_CERT_FILE gives Go.
 * A --connect-to rule stands in for DNS; the lab's CONNECT proxy stands in for a corporate proxy (it maps lab names
 * to their ports and refuses anything else with 502).
 *
 * go-endpoints: GOPROXY=https://proxy.golang.org, GOSUMDB=sum.golang.org, both mapped with --connect-to, no proxy.
 *   go get gets through; the checksum database is reached through the module proxy, as Go does.
 * go-no-proxy-suffix: HTTPS_PROXY is the lab's proxy and NO_PROXY=golang.org. GOPROXY=direct, --module
 *   git.lab.example/mod. Go's rule (a domain matches itself and its subdomains) exempts sum.golang.org: it is dialled
 *   directly (its --connect-to rule); git.lab.example is not exempted and goes through the proxy, which alone knows
 *   where it is (it has no --connect-to rule). The proxy's log shows which names it was asked for.
 */
export const GO_ENDPOINT_SCENARIOS = ['go-endpoints', 'go-no-proxy-suffix'] as const;
export type GoEndpointScenario = (typeof GO_ENDPOINT_SCENARIOS)[number];

export const GO_ENDPOINT_STORIES: Readonly<Record<GoEndpointScenario, string>> = {
  'go-endpoints': 'chaindbg go pointed at the lab: GOPROXY and GOSUMDB on lab servers (--connect-to), Go\'s store from SSL_CERT_FILE',
  'go-no-proxy-suffix': 'NO_PROXY=golang.org exempts sum.golang.org (Go: a domain matches its subdomains): direct; the VCS host goes through HTTPS_PROXY',
};

/** How `chaindbg go` must reach each endpoint (net/go-dial.ts's why), and whether go get gets through. */
export interface GoEndpointExpectation {
  ok: boolean;
  dials: Record<string, 'no-proxy-set' | 'no-proxy-match' | 'proxy' | 'connect-to-loopback' | 'loopback-host'>;
  /** The CONNECT authorities the lab proxy must have been asked for (null: no proxy in the scenario). */
  proxyAsked: string[] | null;
}

export interface RunningGoEndpoints {
  name: GoEndpointScenario;
  story: string;
  /** The Go settings as environment assignments (GOPROXY, GOSUMDB, SSL_CERT_FILE, and the proxy's). */
  env: Record<string, string>;
  /** chaindbg arguments (after the env). */
  args: string[];
  hosts: Array<{ name: string; port: number }>;
  command: string;
  expected: GoEndpointExpectation;
  /** The lab proxy's log, when the scenario has one. */
  proxy: ConnectProxy | null;
}

export interface GoEndpointLab {
  dir: string;
  demos: RunningGoEndpoints[];
  close(): Promise<void>;
}

const NAMES = ['proxy.golang.org', 'sum.golang.org', 'git.lab.example'] as const;

export async function startGoEndpointLab(now: Date, only: readonly GoEndpointScenario[] = GO_ENDPOINT_SCENARIOS): Promise<GoEndpointLab> {
  const dir = await mkdtemp(path.join(tmpdir(), 'chaindbg-go-endpoints-'));
  const servers: Server[] = [];
  const proxies: ConnectProxy[] = [];
  const close = async (): Promise<void> => {
    await Promise.all(proxies.map((p) => p.close()));
    for (const s of servers) s.closeAllConnections?.();
    await Promise.all(servers.map((s) => new Promise<void>((r) => s.close(() => r()))));
    await rm(dir, { recursive: true, force: true });
  };
  try {
    const leaves = Object.fromEntries(NAMES.map((n) => [n, { subject: { CN: n }, issuer: 'root', sans: [n], eku: ['serverAuth'] as const }]));
    const pki = await buildPki({ now, nodes: { root: { subject: { CN: 'Lab Go Root', O: 'chaindbg lab' }, ca: true }, ...leaves } });
    const caFile = path.join(dir, 'lab-go-ca.pem');
    await writeFile(caFile, pki.pem('root'));
    const port = new Map<string, number>();
    for (const n of NAMES) {
      const server = createHttpsServer({ key: pki.keyPem(n), cert: pki.chainPem([n]), minVersion: 'TLSv1.2' }, (_req, res) => res.writeHead(404).end('not found\n'));
      server.on('tlsClientError', () => undefined);
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
      servers.push(server);
      port.set(n, (server.address() as { port: number }).port);
    }
    const rule = (n: string) => ['--connect-to', `${n}:443:127.0.0.1:${port.get(n)}`];
    const demos: RunningGoEndpoints[] = [];
    const demo = (d: Omit<RunningGoEndpoints, 'story' | 'command'>) => {
      const env = Object.entries(d.env).map(([k, v]) => `${k}=${v === '' ? "''" : v}`).join(' ');
      demos.push({ ...d, story: GO_ENDPOINT_STORIES[d.name], command: `${env} chaindbg ${d.args.join(' ')}` });
    };
    if (only.includes('go-endpoints')) {
      demo({
        name: 'go-endpoints',
        env: { SSL_CERT_FILE: caFile, GOPROXY: 'https://proxy.golang.org', GOSUMDB: 'sum.golang.org', GOPRIVATE: '', HTTPS_PROXY: '' },
        args: ['go', ...rule('proxy.golang.org'), ...rule('sum.golang.org')],
        hosts: [{ name: 'proxy.golang.org', port: port.get('proxy.golang.org')! }, { name: 'sum.golang.org', port: port.get('sum.golang.org')! }],
        expected: { ok: true, dials: { 'proxy.golang.org:443': 'no-proxy-set', 'sum.golang.org:443': 'no-proxy-set' }, proxyAsked: null },
        proxy: null,
      });
    }
    if (only.includes('go-no-proxy-suffix')) {
      const git = port.get('git.lab.example')!;
      const proxy = await startConnectProxy((authority) => (authority.toLowerCase() === 'git.lab.example:443' ? `127.0.0.1:${git}` : null));
      proxies.push(proxy);
      demo({
        name: 'go-no-proxy-suffix',
        env: { SSL_CERT_FILE: caFile, HTTPS_PROXY: proxy.url, NO_PROXY: 'golang.org', GOPROXY: 'direct', GOSUMDB: 'sum.golang.org', GOPRIVATE: '' },
        args: ['go', '--module', 'git.lab.example/mod', ...rule('sum.golang.org')],
        hosts: [{ name: 'sum.golang.org', port: port.get('sum.golang.org')! }, { name: 'git.lab.example', port: git }],
        expected: { ok: true, dials: { 'sum.golang.org:443': 'no-proxy-match', 'git.lab.example:443': 'proxy' }, proxyAsked: ['git.lab.example:443'] },
        proxy,
      });
    }
    return { dir, demos, close };
  } catch (err) {
    await close();
    throw err;
  }
}
