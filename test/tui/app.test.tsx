import { existsSync, readFileSync } from 'node:fs';
import { afterEach, beforeAll, describe, expect, test } from 'vitest';
import { FIXES } from '../../src/tui/fixes.js';
import { KEYMAP } from '../../src/tui/keymap.js';
import { testEngine } from './support/engine.js';
import { KEYS, mount } from './support/mount.js';
import { makeTestPki, type TestPki } from './support/scenarios.js';

let pki: TestPki;
beforeAll(async () => {
  pki = await makeTestPki();
});

const mounted: ReturnType<typeof mount>[] = [];
function start(...args: Parameters<typeof mount>) {
  const m = mount(...args);
  mounted.push(m);
  return m;
}
afterEach(() => {
  for (const m of mounted.splice(0)) m.done();
});

/** The line of the frame that mentions `needle`. */
function lineWith(frame: string, needle: string): string {
  return frame.split('\n').find((l) => l.includes(needle)) ?? '';
}

const probed = (f: string) => f.includes('good.test (GOPROXY)') && !/[⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏·] /.test(f) && f.includes('✓system');

describe('chaindbg tui at 80x24', () => {
  test('every frame fits 80 columns and 23 rows, with no colour codes when colour is off', async () => {
    const { engine } = testEngine(pki);
    const m = start(engine);
    await m.waitFor(probed, 'all probes');
    await m.press(KEYS.down, KEYS.tab, KEYS.enter, KEYS.escape, KEYS.tab, KEYS.enter, KEYS.tab, 't', '?', KEYS.escape, 's');
    expect(m.frames.length).toBeGreaterThan(5);
    for (const f of m.frames) {
      const lines = f.split('\n');
      expect(lines.length).toBeLessThanOrEqual(23);
      for (const l of lines) expect(Array.from(l).length, l).toBeLessThanOrEqual(80);
      expect(f).not.toMatch(/\u001b\[/);
    }
  });

  test('a missing intermediate shows as such in the chain pane', async () => {
    const { engine } = testEngine(pki);
    const m = start(engine);
    await m.waitFor(probed, 'all probes');
    expect(lineWith(m.frame(), 'missing.test (GOSUMDB)')).toMatch(/✗system ✗mozilla\s+MISSING_INTERMEDIATE/);
    await m.press(KEYS.down);
    const f = await m.waitFor((x) => x.includes('Sent by the server (1)'), 'missing.test chain');
    expect(lineWith(f, 'system:')).toContain('✗ not trusted — MISSING_INTERMEDIATE');
    expect(lineWith(f, 'broken:')).toContain('MISSING_INTERMEDIATE');
    // The trusted target's path, by contrast, reaches the store's root.
    await m.press(KEYS.up);
    const g = await m.waitFor((x) => x.includes('Sent by the server (2)'), 'good.test chain');
    expect(lineWith(g, 'system:')).toContain('✓ trusted (path of 3)');
    expect(lineWith(g, 'Test Root')).toContain('[store]');
  });

  test('selecting a certificate shows its details, time left relative to the report time', async () => {
    const { engine } = testEngine(pki);
    const m = start(engine);
    await m.waitFor(probed, 'all probes');
    await m.press(KEYS.down, KEYS.tab, KEYS.enter);
    const f = await m.waitFor((x) => x.includes('time left'), 'details');
    expect(lineWith(f, 'subject')).toContain('CN=missing.test');
    expect(lineWith(f, 'issuer')).toContain('CN=Test Int');
    expect(lineWith(f, 'time left')).toContain('expires in 19 days'); // notAfter 2025-06-20, now 2025-06-01
    expect(lineWith(f, 'SANs')).toContain('missing.test');
    expect(lineWith(f, 'key')).toContain('EC P-256');
    expect(lineWith(f, 'AKI')).toContain(pki.pki.lonely.cert.aki!.slice(0, 20));
    await m.press(KEYS.escape);
    await m.waitFor((x) => x.includes('Sent by the server (1)'), 'back to the chain');
  });

  test('an issuer mismatch shows the attribute-by-attribute comparison', async () => {
    const { engine } = testEngine(pki, { targets: [{ id: 'mm', label: 'mismatch.test', target: 'mismatch.test:443' }] });
    const m = start(engine);
    await m.waitFor((x) => x.includes('Sent by the server (2)'), 'probe');
    await m.press(KEYS.tab, KEYS.enter);
    const f = await m.waitFor((x) => x.includes('Issuer vs subject'), 'comparison');
    expect(lineWith(f, '≠ CN')).toContain('"Test Int" != "Corp Root"');
  });

  test('findings expand into explanation, evidence and fix', async () => {
    const { engine } = testEngine(pki);
    const m = start(engine);
    await m.waitFor(probed, 'all probes');
    await m.press(KEYS.down, KEYS.tab, KEYS.tab);
    const collapsed = await m.waitFor((x) => x.includes('[Findings]') && x.includes('▸ ✗ MISSING_INTERMEDIATE'), 'findings');
    expect(collapsed).not.toContain('fix:');
    await m.press(KEYS.enter);
    const f = await m.waitFor((x) => x.includes('fix:'), 'expanded');
    expect(lineWith(f, 'fix:')).toContain(FIXES.MISSING_INTERMEDIATE);
    expect(lineWith(f, '    issuer:')).toContain('CN=Test Int');
    expect(f).toContain('▾ ✗ MISSING_INTERMEDIATE [system #0]');
    await m.press(KEYS.enter);
    await m.waitFor((x) => !x.includes('fix:'), 'collapsed again');
  });

  test('the help overlay lists the keys from the keymap', async () => {
    const { engine } = testEngine(pki);
    const m = start(engine);
    await m.waitFor(probed, 'all probes');
    await m.press('?');
    const f = await m.waitFor((x) => x.includes('Keys (↑↓ scroll, esc close)'), 'help');
    for (const b of KEYMAP.filter((k) => k.scope === 'global')) expect(f, b.help).toContain(b.help.slice(0, 20));
    await m.press(KEYS.escape);
    await m.waitFor((x) => x.includes('Targets (3)'), 'help closed');
  });

  test('toggling a store re-analyses without re-probing, and the verdict changes', async () => {
    const { engine, calls } = testEngine(pki);
    const m = start(engine);
    await m.waitFor(probed, 'all probes');
    expect(lineWith(m.frame(), 'corp.test')).toContain('✗system ✗mozilla');
    const probes = calls.probe.length;
    await m.press('s');
    await m.waitFor((x) => x.includes('[ ] corp'), 'store switcher');
    await m.press(KEYS.down, KEYS.down, KEYS.down, KEYS.space);
    await m.waitFor((x) => x.includes('[x] corp'), 'corp chosen');
    await m.press(KEYS.enter);
    const f = await m.waitFor((x) => lineWith(x, 'corp.test').includes('✓corp'), 'corp verdict');
    expect(lineWith(f, 'corp.test')).toContain('✗system ✗mozilla ✓corp');
    expect(lineWith(f, 'good.test')).toContain('✓system ✓mozilla ✗corp');
    expect(calls.reanalyze).toContainEqual(['system', 'mozilla', 'corp']);
    expect(calls.probe.length).toBe(probes);
    expect(f).toContain('stores: system, mozilla, corp');
  });

  test('export shows the plan, asks for confirmation, then writes', async () => {
    const { engine, calls } = testEngine(pki);
    const m = start(engine);
    await m.waitFor(probed, 'all probes');
    await m.press(KEYS.down, 'e');
    await m.waitFor((x) => x.includes('Export a PEM bundle (store system)'), 'export menu');
    await m.press(KEYS.enter);
    const f = await m.waitFor((x) => x.includes('will write:'), 'plan');
    const path = calls.exportPlan.length === 1 ? lineWith(f, 'will write:').replace(/^.*will write: /, '').trim() : '';
    expect(calls.exportPlan).toEqual([{ kind: 'fullchain', store: 'system' }]);
    expect(path).toMatch(/missing\.test-fullchain\.pem$/);
    expect(f).toContain('y writes');
    expect(calls.exportWrite).toEqual([]);
    expect(existsSync(path)).toBe(false);
    await m.press('y');
    const done = await m.waitFor((x) => x.includes('✓ wrote'), 'written');
    expect(calls.exportWrite).toEqual([{ kind: 'fullchain', store: 'system', path }]);
    expect(readFileSync(path, 'utf8')).toContain('-----BEGIN CERTIFICATE-----');
    expect(done).toContain('esc or enter closes');
    await m.press(KEYS.escape);
    await m.waitFor((x) => x.includes('Targets (3)'), 'closed');
  });

  test('export can be cancelled at the confirmation', async () => {
    const { engine, calls } = testEngine(pki);
    const m = start(engine);
    await m.waitFor(probed, 'all probes');
    await m.press('e', KEYS.down, KEYS.enter);
    await m.waitFor((x) => x.includes('will write:'), 'plan');
    expect(calls.exportPlan).toEqual([{ kind: 'trust', store: 'system' }]);
    await m.press('n');
    await m.waitFor((x) => x.includes('Targets (3)'), 'closed');
    expect(calls.exportWrite).toEqual([]);
  });

  test('t probes the other TLS version and the handshake pane compares the chains', async () => {
    const { engine, calls } = testEngine(pki);
    const m = start(engine);
    await m.waitFor(probed, 'all probes');
    await m.press(KEYS.shiftTab);
    const one = await m.waitFor((x) => x.includes('[Handshake]') && x.includes('version     TLSv1.3'), 'handshake 1.3');
    expect(one).toContain('TLS 1.2: not probed');
    await m.press('t');
    const f = await m.waitFor((x) => x.includes('version     TLSv1.2') && x.includes('chains differ'), 'handshake 1.2');
    expect(lineWith(f, 'chains differ')).toContain('TLS 1.2 and TLS 1.3');
    expect(calls.probe.filter((p) => p.tls === '1.2').map((p) => p.id).sort()).toEqual(['corp', 'good', 'missing']);
  });

  test('r re-probes the selected target only', async () => {
    const { engine, calls } = testEngine(pki);
    const m = start(engine);
    await m.waitFor(probed, 'all probes');
    const before = calls.probe.length;
    await m.press(KEYS.down, 'r');
    await m.waitFor(() => calls.probe.length === before + 1, 're-probe');
    expect(calls.probe.at(-1)).toMatchObject({ id: 'missing', tls: '1.3' });
  });

  test('targets show a spinner while probing and never block the UI', async () => {
    let release = () => {};
    const gate = new Promise<void>((r) => (release = r));
    const { engine } = testEngine(pki, { gate });
    const m = start(engine);
    const f = await m.waitFor((x) => x.includes('probing…'), 'probing');
    expect(lineWith(f, 'good.test')).toMatch(/[⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏] good\.test/);
    await m.press('?');
    await m.waitFor((x) => x.includes('Keys ('), 'help while probing');
    await m.press(KEYS.escape);
    release();
    await m.waitFor(probed, 'probes done');
  });

  test('a target added at runtime is probed; a failing one shows its error', async () => {
    const { engine, calls } = testEngine(pki);
    const m = start(engine);
    await m.waitFor(probed, 'all probes');
    await m.press('a');
    await m.waitFor((x) => x.includes('host[:port] >'), 'add box');
    await m.press(...'nowhere.tesx'.split(''), KEYS.backspace, 't', KEYS.enter);
    const f = await m.waitFor((x) => lineWith(x, 'nowhere.test:443').includes('ECONNREFUSED'), 'failed probe');
    expect(lineWith(f, 'nowhere.test:443')).toContain('error');
    expect(calls.probe.at(-1)).toMatchObject({ id: 'added:nowhere.test:443' });
    await m.press('a', 'x', ' ', 'y', KEYS.enter);
    await m.waitFor((x) => x.includes('! no spaces'), 'input error');
  });

  test('keys arriving in one chunk (tmux send-keys, paste) are handled one by one', async () => {
    const { engine, calls } = testEngine(pki);
    const m = start(engine);
    await m.waitFor(probed, 'all probes');
    await m.press(KEYS.down, '\t\r');
    await m.waitFor((x) => x.includes('time left') && x.includes('CN=missing.test'), 'details via chunk');
    await m.press(KEYS.escape, KEYS.shiftTab, 'anowhere.test\r');
    await m.waitFor((x) => x.includes('nowhere.test:443'), 'added via chunk');
    expect(calls.probe.at(-1)).toMatchObject({ id: 'added:nowhere.test:443' });
  });

  test('enter on a target moves focus to the detail pane', async () => {
    const { engine } = testEngine(pki);
    const m = start(engine);
    await m.waitFor(probed, 'all probes');
    await m.press(KEYS.enter);
    await m.waitFor((x) => x.includes('▶ [Chain]'), 'chain focused');
  });

  test('q quits, and Ctrl-C quits even from an overlay', async () => {
    const { engine } = testEngine(pki);
    const m = start(engine);
    await m.waitFor(probed, 'all probes');
    await m.press('q');
    expect(m.quits()).toBe(1);
    await m.press('a', KEYS.ctrlC);
    expect(m.quits()).toBe(2);
  });
});
