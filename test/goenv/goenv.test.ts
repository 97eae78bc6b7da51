import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { goTargets, matchesGlobList, parseGoSumdb, readGoEnv, runGoEnvJson, type GoSettings } from '../../src/goenv/index.js';

const base: GoSettings = {
  source: 'defaults',
  GOPROXY: 'https://proxy.golang.org,direct',
  GOSUMDB: 'sum.golang.org',
  GOPRIVATE: '',
  GONOPROXY: '',
  GONOSUMDB: '',
  GOINSECURE: '',
  GOFLAGS: '',
};

const targetsOf = (s: Partial<GoSettings>, opts = {}) =>
  goTargets({ ...base, ...s }, opts).targets.map((t) => `${t.role} ${t.target} ${t.url}`);

describe('readGoEnv', () => {
  it('falls back to Go defaults with an empty environment', async () => {
    const s = await readGoEnv({ env: {} });
    expect(s.source).toBe('defaults');
    expect(s.GOPROXY).toBe('https://proxy.golang.org,direct');
    expect(s.GOSUMDB).toBe('sum.golang.org');
    expect(s.GONOPROXY).toBe('');
  });

  it('reads the environment, empty values meaning the default, GOPRIVATE feeding GONOPROXY/GONOSUMDB', async () => {
    const s = await readGoEnv({ env: { GOPROXY: 'https://goproxy.cn|direct', GOSUMDB: '', GOPRIVATE: 'corp.example/*' } });
    expect(s.source).toBe('environment');
    expect(s.GOPROXY).toBe('https://goproxy.cn|direct');
    expect(s.GOSUMDB).toBe('sum.golang.org');
    expect(s.GONOPROXY).toBe('corp.example/*');
    expect(s.GONOSUMDB).toBe('corp.example/*');
  });

  it('prefers go env -json and falls back to the environment when it fails or prints garbage', async () => {
    const json = JSON.stringify({ GOPROXY: 'https://athens.corp.example', GOSUMDB: 'off', GOROOT: '/usr/lib/go' });
    const fromGo = await readGoEnv({ env: { GOPROXY: 'ignored' }, runGoEnv: async () => json });
    expect(fromGo.source).toBe('go env -json');
    expect(fromGo.GOPROXY).toBe('https://athens.corp.example');
    expect(fromGo.GOSUMDB).toBe('off');
    const noGo = await readGoEnv({ env: { GOPROXY: 'https://x.example' }, runGoEnv: async () => null });
    expect(noGo.source).toBe('environment');
    const garbage = await readGoEnv({ env: {}, runGoEnv: async () => 'go: command failed\n' });
    expect(garbage.source).toBe('defaults');
  });
});

describe('runGoEnvJson with a fake go on a temporary PATH', () => {
  let dir = '';
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'chaindbg-goenv-'));
    await mkdirp(path.join(dir, 'bin'));
    await mkdirp(path.join(dir, 'empty'));
    // The fake go echoes what it was asked and a value from its environment, proving env and args are passed.
    const script = `#!/bin/sh
[ "$1 $2" = "env -json" ] || exit 2
printf '{"GOPROXY": "%s", "GOSUMDB": "sum.golang.google.cn", "GOTOOLCHAIN": "%s"}\\n' "$FAKE_PROXY" "$GOTOOLCHAIN"
`;
    await writeFile(path.join(dir, 'bin', 'go'), script);
    await chmod(path.join(dir, 'bin', 'go'), 0o755);
    await mkdirp(path.join(dir, 'slow'));
    await writeFile(path.join(dir, 'slow', 'go'), '#!/bin/sh\nsleep 5\n');
    await chmod(path.join(dir, 'slow', 'go'), 0o755);
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('runs the first go found on PATH with the given env and forces GOTOOLCHAIN=local', async () => {
    const out = await runGoEnvJson({ FAKE_PROXY: 'https://goproxy.io,direct', PATH: '/usr/bin:/bin' }, [path.join(dir, 'empty'), path.join(dir, 'bin')]);
    expect(out).not.toBeNull();
    expect(JSON.parse(out!)).toEqual({ GOPROXY: 'https://goproxy.io,direct', GOSUMDB: 'sum.golang.google.cn', GOTOOLCHAIN: 'local' });
    const env = { FAKE_PROXY: 'https://goproxy.io,direct', PATH: '/usr/bin:/bin' };
    const s = await readGoEnv({ env: {}, runGoEnv: () => runGoEnvJson(env, [path.join(dir, 'bin')]) });
    expect(s).toMatchObject({ source: 'go env -json', GOPROXY: 'https://goproxy.io,direct', GOSUMDB: 'sum.golang.google.cn' });
  });

  it('returns null when go is absent or times out', async () => {
    expect(await runGoEnvJson({}, [path.join(dir, 'empty')])).toBeNull();
    const t0 = Date.now();
    expect(await runGoEnvJson({ PATH: '/usr/bin:/bin' }, [path.join(dir, 'slow')], 300)).toBeNull();
    expect(Date.now() - t0).toBeLessThan(3000);
  });
});

describe('goTargets', () => {
  it('defaults: proxy.golang.org and sum.golang.org, direct noted', () => {
    const r = goTargets(base);
    expect(r.targets.map((t) => `${t.role} ${t.target}`)).toEqual(['GOPROXY proxy.golang.org:443', 'GOSUMDB sum.golang.org:443']);
    expect(r.notes.some((n) => n.includes('direct'))).toBe(true);
  });

  it('splits on pipes and commas, skips direct and stops at off, adds https:// to bare hosts', () => {
    expect(targetsOf({ GOPROXY: 'https://goproxy.cn|goproxy.io:8443/x,off,https://never.example' })).toEqual([
      'GOPROXY goproxy.cn:443 https://goproxy.cn',
      'GOPROXY goproxy.io:8443 https://goproxy.io:8443/x',
      'GOSUMDB sum.golang.org:443 https://sum.golang.org',
    ]);
    // GOPROXY=off alone: go get stops before any connection, so nothing is probed (not even the checksum database)
    const r = goTargets({ ...base, GOPROXY: 'off' });
    expect(r.targets).toEqual([]);
    expect(r.notes).toEqual(['go get stops before any connection: module lookup disabled by GOPROXY=off']);
  });

  it('plain http and file proxies are noted, not probed', () => {
    const r = goTargets({ ...base, GOPROXY: 'http://athens.local:3000,file:///srv/mods,direct' });
    expect(r.targets.map((t) => t.role)).toEqual(['GOSUMDB']);
    expect(r.notes.filter((n) => n.includes('athens.local') || n.includes('/srv/mods'))).toHaveLength(2);
  });

  it('adds the module VCS host for direct, deduplicated', () => {
    expect(targetsOf({ GOPROXY: 'direct' }, { module: 'github.com/x/y' })).toEqual([
      'direct github.com:443 https://github.com/x/y?go-get=1',
      'GOSUMDB sum.golang.org:443 https://sum.golang.org',
    ]);
    expect(targetsOf({ GOPROXY: 'https://proxy.golang.org,direct' }, { module: 'golang.org/x/tools' })).toContain(
      'direct golang.org:443 https://golang.org/x/tools?go-get=1',
    );
    // a private module skips the proxy entirely
    expect(targetsOf({ GONOPROXY: 'corp.example.com/*' }, { module: 'corp.example.com/team/lib' })).toEqual([
      'direct corp.example.com:443 https://corp.example.com/team/lib?go-get=1',
      'GOSUMDB sum.golang.org:443 https://sum.golang.org',
    ]);
  });

  it('reads every GOSUMDB form', () => {
    expect(parseGoSumdb('off')).toBeNull();
    expect(parseGoSumdb('sum.golang.org')).toEqual({ name: 'sum.golang.org', url: 'https://sum.golang.org' });
    expect(parseGoSumdb('sum.golang.google.cn')).toEqual({ name: 'sum.golang.org', url: 'https://sum.golang.google.cn' });
    expect(parseGoSumdb('sum.golang.org+033de0ae+Ac4zctda0e5eza+HJyk9SxEdh+s3Ze6NRFlntn0QFYwWM3')).toEqual({
      name: 'sum.golang.org',
      url: 'https://sum.golang.org',
    });
    expect(parseGoSumdb('sumdb.corp+abc https://sumdb.corp.example:8443/x')).toEqual({ name: 'sumdb.corp', url: 'https://sumdb.corp.example:8443/x' });
    expect(parseGoSumdb('sumdb.corp https://s.corp.example')).toEqual({ name: 'sumdb.corp', url: 'https://s.corp.example' });
    expect(parseGoSumdb('a b c')).toHaveProperty('error');
    expect(targetsOf({ GOSUMDB: 'sum.golang.google.cn' })).toContain('GOSUMDB sum.golang.google.cn:443 https://sum.golang.google.cn');
    const off = goTargets({ ...base, GOSUMDB: 'off', GONOSUMDB: 'corp.example' });
    expect(off.targets.map((t) => t.role)).toEqual(['GOPROXY']);
    expect(off.notes.some((n) => n.includes('GOSUMDB=off'))).toBe(true);
    expect(off.notes.some((n) => n.includes('GONOSUMDB=corp.example'))).toBe(true);
  });

  it('mirrors are added once, in order, after what the settings name', () => {
    const r = goTargets({ ...base, GOPROXY: 'https://goproxy.cn,direct' }, { mirrors: true });
    expect(r.targets.map((t) => `${t.role} ${t.target}`)).toEqual([
      'GOPROXY goproxy.cn:443',
      'GOSUMDB sum.golang.org:443',
      'mirror goproxy.io:443',
      'mirror mirrors.aliyun.com:443',
      'mirror sum.golang.google.cn:443',
    ]);
  });

  it('matches GOPRIVATE-style glob lists on leading path elements', () => {
    expect(matchesGlobList('*.corp.example,rsc.io/private', 'git.corp.example/a/b')).toBe(true);
    expect(matchesGlobList('rsc.io/private', 'rsc.io/private/quote')).toBe(true);
    expect(matchesGlobList('rsc.io/private', 'rsc.io/public')).toBe(false);
    expect(matchesGlobList('', 'github.com/x')).toBe(false);
  });
});

async function mkdirp(p: string): Promise<void> {
  await mkdir(p, { recursive: true });
}
