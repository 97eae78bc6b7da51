/**
 * The TUI without TARGETs starts where `chaindbg go` starts: the endpoints go get contacts (the checksum database
 * left out when go reaches it through the module proxy's /sumdb/), the system store alone as the verdict, and
 * Mozilla as a reference beside it (here: the lab's servers on 127.0.0.1, a lab store standing in for the system's).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { memoryIO } from '../../src/cli/io.js';
import { createTuiEngine, goTuiTargets, tuiSettings } from '../../src/cli/commands/tui.js';
import { GO_DEFAULTS, GO_ENV_KEYS, goOutcome, goTargets, type GoSettings } from '../../src/goenv/index.js';
import { startLab, type Lab } from '../../src/lab/index.js';
import { mount } from './support/mount.js';

const settings = (over: Partial<GoSettings>): GoSettings =>
  ({ ...Object.fromEntries(GO_ENV_KEYS.map((k) => [k, ''])), ...GO_DEFAULTS, source: 'environment', ...over }) as GoSettings;

describe('the Go endpoints the TUI starts with', () => {
  test("Go's defaults: the proxy, which carries the checksum database; sum.golang.org is not a target", () => {
    const s = settings({});
    const all = goTargets(s).targets.map((t) => t.target);
    expect(all).toContain('sum.golang.org:443');
    // As `chaindbg go` says it: go reaches the database through the proxy.
    expect(goOutcome({ settings: s, targets: goTargets(s).targets, passes: () => true }).uses['sum.golang.org:443']).toBe('via-proxy');
    const list = goTuiTargets(s);
    expect(list.map((t) => t.target)).toEqual(['proxy.golang.org:443']);
    expect(list[0]!.label).toBe('proxy.golang.org (GOPROXY, and GOSUMDB via /sumdb/)');
    expect(list[0]!.note).toContain('https://sum.golang.org');
  });

  test('GOPROXY=direct: go asks the checksum database itself, so it is a target', () => {
    const list = goTuiTargets(settings({ GOPROXY: 'direct' }));
    expect(list.map((t) => t.label)).toEqual(['sum.golang.org (GOSUMDB)']);
  });

  test('a second proxy after "," is only a fallback, and says so', () => {
    const list = goTuiTargets(settings({ GOPROXY: 'https://a.example,https://b.example,direct' }));
    expect(list.map((t) => t.label)).toEqual(['a.example (GOPROXY, and GOSUMDB via /sumdb/)', 'b.example (GOPROXY, fallback)']);
  });
});

describe('Mozilla as a reference column', () => {
  let lab: Lab;
  let dir: string;
  beforeAll(async () => {
    lab = await startLab({ now: new Date(), scenarios: ['healthy', 'missing-intermediate'] });
    dir = mkdtempSync(join(tmpdir(), 'chaindbg-go-start-'));
  });
  afterAll(async () => {
    await lab?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('beside the chosen store, not a verdict: a target trusted by it is ✓ though Mozilla does not trust it', async () => {
    const io = memoryIO({ cwd: dir, env: {}, now: () => lab.now });
    const roots = lab.stores.find((s) => s.name === 'lab-roots')!.path!;
    const targets = lab.scenarios.map((s) => ({ id: s.name, label: s.name, target: s.servername, connect: s.connect, servername: s.servername }));
    const engine = await createTuiEngine(targets, [roots], { ...tuiSettings({}, io), reference: 'mozilla' }, io, [roots, 'mozilla']);
    const m = mount(engine, { stores: [roots], size: { columns: 100, rows: 24 } });
    try {
      const f = await m.waitFor((x) => x.includes('✓ healthy') && x.includes('✗ missing-intermediate'), 'probes', 30_000);
      const healthy = f.split('\n').find((l) => l.includes('✓ healthy'))!;
      expect(healthy).toContain('✓lab-roots');
      expect(healthy).toContain('(reference mozilla: ✗)');
      expect(healthy).not.toContain('✗mozilla');
      // Only the chosen store is a verdict: the report has one.
      const e = m.store.getState().targets.find((t) => t.target.id === 'healthy')!;
      expect(e.runs.auto!.outcome!.report.stores.map((v) => v.name)).toEqual([roots]);
      expect(e.runs.auto!.outcome!.reference).toEqual({ name: 'mozilla', trusted: false });
    } finally {
      m.done();
    }
  }, 60_000);
});
