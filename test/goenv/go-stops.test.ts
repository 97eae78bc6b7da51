/**
 * `chaindbg go` stops where go get stops: GOPROXY=off and entries Go rejects end it before any connection, with the
 * error Go prints (checked against the go on PATH, which fails on these settings without touching the network);
 * connection failures carry Go's "dial tcp" text.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { memoryIO } from '../../src/cli/io.js';
import { run } from '../../src/cli/run.js';
import { GO_DEFAULTS, GO_ENV_KEYS, goOutcome, goStopsEarly, goTargets, type GoSettings } from '../../src/goenv/index.js';
import { GO, NO_GO_REASON } from '../support/go-tool.js';

const settings = (over: Partial<GoSettings>): GoSettings =>
  ({ ...Object.fromEntries(GO_ENV_KEYS.map((k) => [k, ''])), ...GO_DEFAULTS, source: 'environment', ...over }) as GoSettings;

const CASES: Array<[string, string | null]> = [
  ['off', 'module lookup disabled by GOPROXY=off'],
  [' off ', 'module lookup disabled by GOPROXY=off'],
  ['lol', 'invalid proxy URL missing scheme: lol'],
  ['ftp://x', 'invalid proxy URL scheme (must be https, http, file): ftp://x'],
  ['https://proxy.golang.org,lol', 'invalid proxy URL missing scheme: lol'], // Go parses the whole list first
  ['https://proxy.golang.org|off', null],
  ['direct', null],
  ['proxy.corp.example:8443', null], // "https://" is implied
  ['file:///srv/goproxy', null],
];

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'chaindbg-gostop-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('goStopsEarly (pure)', () => {
  it.each(CASES)('GOPROXY=%j', (value, want) => {
    expect(goStopsEarly(settings({ GOPROXY: value }), 'golang.org/x/text')).toBe(want);
  });
  it('GOFLAGS=-insecure: every go command refuses to start (removed in Go 1.17)', () => {
    expect(goStopsEarly(settings({ GOFLAGS: '-mod=mod -insecure' }))).toBe('-insecure flag is no longer supported; use GOINSECURE instead');
    expect(goTargets(settings({ GOFLAGS: '-insecure' })).targets).toEqual([]);
  });
  it('GOINSECURE: a matching module fetched directly passes whatever its TLS (the checksum database still counts)', () => {
    const s = settings({ GOPROXY: 'direct', GOSUMDB: 'off', GOINSECURE: 'corp.example' });
    const plan = goTargets(s, { module: 'corp.example/lib' });
    const o = goOutcome({ settings: s, targets: plan.targets, module: 'corp.example/lib', passes: () => false });
    expect([o.ok, o.breaksAt]).toEqual([true, null]);
    const other = goOutcome({ settings: s, targets: goTargets(s, { module: 'other.example/lib' }).targets, module: 'other.example/lib', passes: () => false });
    expect(other.ok).toBe(false);
  });
  it('a GONOPROXY module skips the list; GOPROXY=off then probes nothing at all', () => {
    expect(goStopsEarly(settings({ GOPROXY: 'off', GONOPROXY: 'corp.example' }), 'corp.example/lib')).toBeNull();
    const plan = goTargets(settings({ GOPROXY: 'off' }));
    expect(plan.targets).toEqual([]); // not even sum.golang.org
    expect(plan.stop).toBe('module lookup disabled by GOPROXY=off');
  });
});

describe('chaindbg go', () => {
  const go = async (env: Record<string, string>) => {
    const io = memoryIO({ env: { PATH: join(dir, 'no-go-here'), GOSUMDB: 'off', ...env } });
    const code = await run(['go', '--timeout', '3000', '--format', 'json'], io);
    const text = memoryIO({ env: { PATH: join(dir, 'no-go-here'), GOSUMDB: 'off', ...env } });
    await run(['go', '--timeout', '3000'], text);
    return { code, json: JSON.parse(io.output), text: text.output };
  };
  it('GOPROXY=off: says what Go says, probes nothing, exit 1', async () => {
    const { code, json, text } = await go({ GOPROXY: 'off' });
    expect(code).toBe(1);
    expect(json.endpoints).toEqual([]);
    expect(json.goGet).toMatchObject({ ok: false, stop: 'module lookup disabled by GOPROXY=off' });
    expect(text).toMatch(/go get: FAILS/);
    expect(text).toMatch(/go: MODULE: module lookup disabled by GOPROXY=off/);
  });
  it('GOPROXY=lol is Go\'s error, not "go uses it as is"', async () => {
    const { code, json, text } = await go({ GOPROXY: 'lol' });
    expect([code, json.goGet.stop]).toEqual([1, 'invalid proxy URL missing scheme: lol']);
    expect(text).not.toMatch(/as is/);
  });
  it('a refused connection carries Go\'s "dial tcp" line, never a bare ECONNREFUSED', async () => {
    const { code, json, text } = await go({ GOPROXY: 'https://127.0.0.1:1' });
    expect(code).toBe(3);
    expect(json.endpoints[0].goError).toBe('dial tcp 127.0.0.1:1: connect: connection refused');
    expect(text).toMatch(/FAILS\s+GOPROXY\s+127\.0\.0\.1:1\s+CONNECT_FAILED: dial tcp 127\.0\.0\.1:1: connect: connection refused/);
  });
});

describe.skipIf(!GO)(`against the go on PATH (${GO?.version ?? NO_GO_REASON})`, () => {
  it('go get prints exactly "go: MODULE@VERSION: " + the stop chaindbg predicts (no network needed)', () => {
    const mod = join(dir, 'mod');
    const env = { ...process.env, GOPATH: join(dir, 'gopath'), GOMODCACHE: join(dir, 'gopath', 'mod'), GOFLAGS: '-mod=mod', GOSUMDB: 'off', GOTOOLCHAIN: 'local' };
    spawnSync('mkdir', ['-p', mod]);
    spawnSync('go', ['mod', 'init', 'example.com/m'], { cwd: mod, env, encoding: 'utf8' });
    for (const [value, want] of CASES.filter(([, w]) => w !== null)) {
      const r = spawnSync('go', ['get', 'golang.org/x/text@v0.3.0'], { cwd: mod, env: { ...env, GOPROXY: value }, encoding: 'utf8', timeout: 60_000 });
      expect(`${value}: ${r.stderr.trim()}`).toBe(`${value}: go: golang.org/x/text@v0.3.0: ${want}`);
    }
    const insecure = spawnSync('go', ['get', 'golang.org/x/text@v0.3.0'], { cwd: mod, env: { ...env, GOPROXY: 'off', GOFLAGS: '-insecure' }, encoding: 'utf8', timeout: 60_000 });
    expect(insecure.stderr.trim()).toBe(`go: ${goStopsEarly(settings({ GOFLAGS: '-insecure' }))}`);
  }, 120_000);
});
