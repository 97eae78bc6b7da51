/**
 * A read-only npm registry on 127.0.0.1 holding exactly the runtime packages of package-lock.json, so a packed
 * chaindbg can be installed for real (`npm install -g`) without the network. Packuments are built from the lockfile
 * (each package at the versions it holds); tarballs are made from the installed copies in node_modules (GNU tar),
 * without their nested node_modules. Nothing else is served: any other name answers 404, which makes npm fail
 * loudly instead of reaching elsewhere.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';

interface LockEntry {
  version: string;
  dev?: boolean;
  dependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  peerDependenciesMeta?: Record<string, { optional?: boolean }>;
  optionalDependencies?: Record<string, string>;
  bin?: Record<string, string> | string;
  engines?: Record<string, string>;
  license?: string;
}

export interface LoopbackRegistry {
  url: string;
  /**
   * Paths asked for that the registry does not hold: npm wanted something outside the runtime tree. npm also looks up
   * optional peer dependencies that nothing installs (ink's react-devtools-core, ws's bufferutil): those 404s are
   * expected and not listed.
   */
  misses: string[];
  close(): Promise<void>;
}

/** Starts the registry for the project at `root` (its package-lock.json and node_modules). */
export async function startLockfileRegistry(root: string): Promise<LoopbackRegistry> {
  const lock = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8')) as { packages: Record<string, LockEntry> };
  // name -> version -> { lockfile entry, the folder holding that version }
  const held = new Map<string, Map<string, { entry: LockEntry; dir: string }>>();
  for (const [path, entry] of Object.entries(lock.packages)) {
    if (path === '' || entry.dev === true) continue;
    const name = path.slice(path.lastIndexOf('node_modules/') + 'node_modules/'.length);
    const versions = held.get(name) ?? new Map<string, { entry: LockEntry; dir: string }>();
    if (!versions.has(entry.version)) versions.set(entry.version, { entry, dir: join(root, path) });
    held.set(name, versions);
  }
  const optionalPeers = new Set(
    Object.values(lock.packages).flatMap((e) =>
      Object.entries(e.peerDependenciesMeta ?? {})
        .filter(([, meta]) => meta.optional === true)
        .map(([name]) => name),
    ),
  );
  const tarballs = new Map<string, Buffer>();
  const misses: string[] = [];
  let base = '';

  const packument = (name: string): object => {
    const versions = held.get(name)!;
    const out: Record<string, object> = {};
    for (const [version, { entry }] of versions) {
      out[version] = {
        name,
        version,
        ...(entry.dependencies ? { dependencies: entry.dependencies } : {}),
        ...(entry.peerDependencies ? { peerDependencies: entry.peerDependencies } : {}),
        ...(entry.peerDependenciesMeta ? { peerDependenciesMeta: entry.peerDependenciesMeta } : {}),
        ...(entry.optionalDependencies ? { optionalDependencies: entry.optionalDependencies } : {}),
        ...(entry.bin ? { bin: entry.bin } : {}),
        ...(entry.engines ? { engines: entry.engines } : {}),
        dist: { tarball: `${base}/${name}/-/${name.replace(/^@[^/]+\//, '')}-${version}.tgz` },
      };
    }
    const latest = [...versions.keys()].at(-1)!;
    return { name, 'dist-tags': { latest }, versions: out };
  };

  const tarball = (name: string, version: string): Buffer => {
    const key = `${name}@${version}`;
    let t = tarballs.get(key);
    if (t === undefined) {
      const dir = held.get(name)!.get(version)!.dir;
      t = execFileSync('tar', ['-C', dir, '--exclude=./node_modules', '--transform', 's,^\\.,package,', '-czf', '-', '.'], {
        maxBuffer: 64 * 1024 * 1024,
      });
      tarballs.set(key, t);
    }
    return t;
  };

  const server: Server = createServer((req, res) => {
    const path = decodeURIComponent((req.url ?? '/').split('?')[0]!.slice(1));
    const m = /^(@[^/]+\/[^/]+|[^@/][^/]*)(?:\/-\/.+-(\d+\.\d+\.\d+[^/]*)\.tgz)?$/.exec(path);
    const name = m?.[1];
    if (req.method !== 'GET' || name === undefined || !held.has(name)) {
      if (name === undefined || !optionalPeers.has(name)) misses.push(path);
      res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":"not found"}');
      return;
    }
    const version = m?.[2];
    if (version !== undefined) {
      if (!held.get(name)!.has(version)) {
        misses.push(path);
        res.writeHead(404).end();
        return;
      }
      res.writeHead(200, { 'content-type': 'application/octet-stream' }).end(tarball(name, version));
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(packument(name)));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: `${base}/`,
    misses,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
