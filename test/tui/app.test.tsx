import { existsSync, readFileSync, writeFileSync } from 'node:fs';
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

/** The frame's text as read: rows trimmed and joined with single spaces (a wrapped text reads as one). */
const readAs = (rows: string[]) => rows.map((l) => l.trim()).filter(Boolean).join(' ').replace(/\s+/g, ' ');

/** Every frame fits the size, with no colour codes. */
function expectFits(frames: string[], size = { columns: 80, rows: 24 }): void {
  for (const f of frames) {
    const lines = f.split('\n');
    expect(lines.length).toBeLessThanOrEqual(size.rows - 1);
    for (const l of lines) expect(Array.from(l).length, l).toBeLessThanOrEqual(size.columns);
    expect(f).not.toMatch(/\u001b\[/);
  }
}

const MORE_TARGETS = [
  { id: 'cross', label: 'cross.test', target: 'cross.test:443' },
  { id: 'missing', label: 'missing.test (GOSUMDB)', target: 'missing.test:443' },
  { id: 'old', label: 'old.test (TLS 1.2 only)', target: 'old.test:443' },
];
const allProbed = (f: string) => f.includes('old.test') && !/[⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏·] /.test(f) && lineWith(f, 'cross.test').includes('✓system');

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
    expect(f.split('\n').find((l) => /^\s*key\s/.test(l)) ?? '').toContain('EC P-256');
    expect(lineWith(f, 'AKI')).toContain(pki.pki.lonely.cert.aki!.slice(0, 20));
    await m.press(KEYS.escape);
    await m.waitFor((x) => x.includes('Sent by the server (1)'), 'back to the chain');
  });

  test('an issuer mismatch shows the attribute-by-attribute comparison', async () => {
    const { engine } = testEngine(pki, { targets: [{ id: 'mm', label: 'mismatch.test', target: 'mismatch.test:443' }] });
    const m = start(engine);
    await m.waitFor((x) => x.includes('Sent by the server (2)'), 'probe');
    await m.press(KEYS.tab, KEYS.enter);
    await m.waitFor((x) => x.includes('sha256'), 'details');
    for (let i = 0; i < 30 && !m.frame().includes('≠ CN'); i++) await m.press(KEYS.down);
    const f = await m.waitFor((x) => x.includes('≠ CN'), 'comparison');
    expect(lineWith(f, '≠ CN')).toContain('"Test Int" != "Corp Root"');
  });

  test('findings expand into explanation, evidence and fix', async () => {
    const { engine } = testEngine(pki);
    const m = start(engine);
    await m.waitFor(probed, 'all probes');
    await m.press(KEYS.down, KEYS.tab, KEYS.tab);
    const collapsed = await m.waitFor((x) => x.includes('[Findings]') && x.includes('▸ ✗ MISSING_INTERMEDIATE'), 'findings');
    // The selected finding shows its fix even collapsed; the evidence only once expanded.
    const pane = (x: string) => x.split('\n').slice(x.split('\n').findIndex((l) => l.includes('[Findings]')) + 1);
    expect(readAs(pane(collapsed))).toContain(`fix: ${FIXES.MISSING_INTERMEDIATE.slice(0, 40)}`);
    expect(collapsed).not.toContain('    issuer:');
    await m.press(KEYS.enter);
    const f = await m.waitFor((x) => x.includes('    issuer:'), 'expanded');
    expect(lineWith(f, '    issuer:')).toContain('CN=Test Int');
    // One row per cause: the stores are columns under it, not a row each.
    expect(f).toContain('▾ ✗ MISSING_INTERMEDIATE [#0]');
    expect(f).not.toContain('[system #0]');
    await m.press(KEYS.enter);
    await m.waitFor((x) => !x.includes('    issuer:'), 'collapsed again');
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

  test('export shows the plan and the path, which can be edited, then writes', async () => {
    const { engine, calls } = testEngine(pki);
    const m = start(engine);
    await m.waitFor(probed, 'all probes');
    await m.press(KEYS.down, 'e');
    await m.waitFor((x) => x.includes('Export a PEM bundle (store system)'), 'export menu');
    await m.press(KEYS.enter);
    const f = await m.waitFor((x) => x.includes('will write:'), 'plan');
    const planned = calls.exportPlan.length === 1 ? lineWith(f, 'will write:').replace(/^.*will write: /, '').replace(/█$/, '').trim() : '';
    expect(calls.exportPlan).toEqual([{ kind: 'fullchain', store: 'system', aia: false }]);
    expect(planned).toMatch(/missing\.test-fullchain\.pem$/);
    expect(readAs(f.split('\n'))).toContain('enter writes, never over an existing file');
    expect(calls.exportWrite).toEqual([]);
    // The path is edited in place: four backspaces take ".pem" off, then "-2.pem" is typed.
    await m.press(KEYS.backspace, KEYS.backspace, KEYS.backspace, KEYS.backspace, '-', '2', '.', 'p', 'e', 'm');
    const path = planned.replace(/\.pem$/, '-2.pem');
    await m.waitFor((x) => x.includes('-2.pem█'), 'edited path');
    expect(existsSync(path)).toBe(false);
    await m.press(KEYS.enter);
    const done = await m.waitFor((x) => x.includes('✓ wrote'), 'written');
    expect(calls.exportWrite).toEqual([{ kind: 'fullchain', store: 'system', path, aia: false }]);
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
    expect(calls.exportPlan).toEqual([{ kind: 'trust', store: 'system', aia: false }]);
    await m.press(KEYS.escape);
    await m.waitFor((x) => x.includes('Targets (3)'), 'closed');
    expect(calls.exportWrite).toEqual([]);
  });

  test('export never overwrites a file without a second key, and says so', async () => {
    const { engine, calls } = testEngine(pki);
    const m = start(engine);
    await m.waitFor(probed, 'all probes');
    await m.press(KEYS.down, 'e', KEYS.enter);
    await m.waitFor((x) => x.includes('will write:'), 'plan');
    await m.press(KEYS.enter);
    await m.waitFor((x) => x.includes('✓ wrote'), 'written once');
    const path = calls.exportWrite[0]!.path;
    writeFileSync(path, 'keep me\n');
    await m.press(KEYS.escape, 'e', KEYS.enter);
    await m.waitFor((x) => x.includes('will write:'), 'plan again');
    await m.press(KEYS.enter);
    const asked = await m.waitFor((x) => x.includes('already exists'), 'refused');
    expect(readAs(asked.split('\n'))).toContain('o overwrites it, enter edits the path, esc cancels');
    expect(readFileSync(path, 'utf8')).toBe('keep me\n');
    // y, n or enter do not overwrite; enter goes back to the path.
    await m.press('y');
    expect(readFileSync(path, 'utf8')).toBe('keep me\n');
    await m.press(KEYS.enter);
    await m.waitFor((x) => x.includes('.pem█'), 'editing again');
    await m.press(KEYS.enter);
    await m.waitFor((x) => x.includes('already exists'), 'refused again');
    await m.press('o');
    await m.waitFor((x) => x.includes('✓ wrote'), 'overwritten');
    expect(readFileSync(path, 'utf8')).toContain('-----BEGIN CERTIFICATE-----');
    expect(calls.exportWrite.filter((c) => c.force)).toHaveLength(1);
  });

  test('t cycles auto, 1.2, 1.3 (probing each once) and the handshake pane compares the chains', async () => {
    const { engine, calls } = testEngine(pki);
    const m = start(engine);
    await m.waitFor(probed, 'all probes');
    expect(calls.probe.map((p) => p.tls)).toEqual(['auto', 'auto', 'auto']);
    await m.press(KEYS.shiftTab);
    const auto = await m.waitFor((x) => x.includes('[Handshake]') && x.includes('version     TLSv1.3'), 'handshake auto');
    expect(auto).toContain('TLS auto probe of good.test:443');
    expect(lineWith(auto, 'TLS auto:')).toContain('TLSv1.3, 2 sent');
    expect(auto).toContain('TLS 1.2: not probed');
    await m.press('t');
    const one = await m.waitFor((x) => x.includes('version     TLSv1.2') && x.includes('TLS 1.2: TLSv1.2'), 'handshake 1.2');
    expect(one).toContain('probe 1.2 and 1.3 (t) to compare the chains');
    await m.press('t');
    const f = await m.waitFor((x) => x.includes('version     TLSv1.3') && x.includes('chains differ'), 'handshake 1.3');
    expect(lineWith(f, 'chains differ')).toContain('TLS 1.2 and TLS 1.3');
    expect(f).toContain('Targets (3)  TLS 1.3');
    await m.press('t');
    await m.waitFor((x) => x.includes('Targets (3)  TLS auto'), 'back to auto');
    // t acts on the selected target only: the others were probed at auto and nothing else.
    expect(calls.probe.filter((p) => p.tls === 'auto').map((p) => p.id).sort()).toEqual(['corp', 'good', 'missing']);
    for (const tls of ['1.2', '1.3'] as const) expect(calls.probe.filter((p) => p.tls === tls).map((p) => p.id), tls).toEqual(['good']);
    // Another target is shown at its own version; the one switched says so in its row.
    await m.press('t', KEYS.tab, KEYS.down);
    const other = await m.waitFor((x) => x.includes('Targets (3)  TLS auto') && lineWith(x, 'good.test').includes('[TLS 1.2]'), 'per target');
    expect(lineWith(other, 'missing.test')).not.toContain('[TLS');
  });

  test('r re-probes the selected target only', async () => {
    const { engine, calls } = testEngine(pki);
    const m = start(engine);
    await m.waitFor(probed, 'all probes');
    const before = calls.probe.length;
    await m.press(KEYS.down, 'r');
    await m.waitFor(() => calls.probe.length === before + 1, 're-probe');
    expect(calls.probe.at(-1)).toMatchObject({ id: 'missing', tls: 'auto', aia: false });
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

  test('a store file added at runtime (s, a) joins the list, is selected and applied without re-probing', async () => {
    const { engine, calls, dir } = testEngine(pki);
    const m = start(engine);
    await m.waitFor(probed, 'all probes');
    expect(lineWith(m.frame(), 'corp.test')).toContain('✗system ✗mozilla');
    const probes = calls.probe.length;
    await m.press('s');
    const list = await m.waitFor((x) => x.includes('[ ] corp'), 'store switcher');
    expect(list).toContain('a adds a PEM/DER file or a folder of them (~ and relative paths work)');
    await m.press('a');
    await m.waitFor((x) => x.includes('path > █'), 'path input');
    // Keys the list binds (a, k, j) are text here; backspace erases.
    await m.press(...'./cak'.split(''), KEYS.backspace, ...'.pem'.split(''));
    const typed = await m.waitFor((x) => x.includes('path > ./ca.pem█'), 'typed');
    expect(lineWith(typed, 'Add a store:')).toBe('Add a store: a PEM/DER file or a folder (enter loads, esc goes back)');
    expect(typed).not.toContain('›');
    await m.press(KEYS.enter);
    const f = await m.waitFor((x) => x.includes('(selected and applied)'), 'loaded');
    expect(calls.addStore).toEqual(['./ca.pem']);
    expect(lineWith(f, `] ${dir}`)).toBe(`› [x] ${dir}/ca.pem`);
    expect(lineWith(f, '✓ file')).toBe(`✓ file ${dir}/ca.pem: 1 root (selected and applied)`);
    expect(f).not.toContain('path >');
    await m.waitFor(() => calls.reanalyze.length > 0, 're-analysis');
    expect(calls.reanalyze).toContainEqual(['system', 'mozilla', `${dir}/ca.pem`]);
    await m.press(KEYS.escape);
    const g = await m.waitFor((x) => lineWith(x, 'corp.test').includes('✓ca'), 'verdict against the added store');
    expect(lineWith(g, 'corp.test')).toContain('✗system ✗mozilla ✓ca');
    expect(lineWith(g, 'good.test')).toContain('✓system ✓mozilla ✗ca');
    expect(g).toContain('stores: system, mozilla, ca ');
    expect(calls.probe.length).toBe(probes);
    // Typing it again (spelled otherwise) selects it; the list does not grow.
    await m.press('s', 'a', 'ca.pem', KEYS.enter);
    const h = await m.waitFor((x) => x.includes('(selected and applied)'), 'again');
    expect(h.split('\n').filter((l) => l.includes('/ca.pem'))).toEqual([`› [x] ${dir}/ca.pem`, `✓ file ${dir}/ca.pem: 1 root (selected and applied)`]);
    expectFits(m.frames);
  });

  test('a store that fails to load: one line under the path, nothing else changes; the UI keeps working meanwhile', async () => {
    let release = () => {};
    const storeGate = new Promise<void>((r) => (release = r));
    const { engine, calls, dir } = testEngine(pki, { storeGate });
    const m = start(engine);
    await m.waitFor(probed, 'all probes');
    const before = m.store.getState();
    await m.press('s', 'a', 'nope.pem', KEYS.enter);
    const loading = await m.waitFor((x) => x.includes('loading…'), 'loading');
    expect(loading).toContain('path > nope.pem\n');
    // Typing is held while it loads; the terminal still answers (the input text stays as it was).
    await m.press('x', KEYS.backspace);
    expect(m.frame()).toContain('path > nope.pem\n');
    release();
    const f = await m.waitFor((x) => x.includes('no such file'), 'the failure');
    expect(lineWith(f, 'no such file')).toBe(`! store "${dir}/nope.pem": no such file or directory`);
    expect(f).toContain('path > nope.pem█');
    expect(f).not.toMatch(/loading…|Error|^\s+at /m);
    for (const row of ['  [x] system', '  [x] mozilla', '  [ ] node', '  [ ] corp']) expect(f.split('\n')).toContain(row);

    // A folder without a certificate: the same, with its reason.
    await m.press(...Array<string>(8).fill(KEYS.backspace), 'empty-dir', KEYS.enter);
    const g = await m.waitFor((x) => x.includes('no certificate in any file'), 'the second failure');
    expect(lineWith(g, '! store')).toBe(`! store "${dir}/empty-dir": no certificate in any file`);
    expect(g).not.toContain('no such file');

    await m.press(KEYS.escape, KEYS.escape);
    const after = await m.waitFor((x) => x.includes('Targets (3)'), 'closed');
    expect(after).toContain('stores: system, mozilla');
    expect(m.store.getState().stores).toEqual(before.stores);
    expect(m.store.getState().availableStores).toEqual(before.availableStores);
    expect(calls.addStore).toEqual(['nope.pem', 'empty-dir']);
    expect(calls.reanalyze).toEqual([]);
    expectFits(m.frames);
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

  test('a store root on a path shows the same details as a sent certificate', async () => {
    const { engine } = testEngine(pki);
    const m = start(engine);
    await m.waitFor(probed, 'all probes');
    // good.test: two sent rows, then the system path good -> int -> root.
    await m.press(KEYS.tab, KEYS.down, KEYS.down, KEYS.down, KEYS.down, KEYS.enter);
    const f = await m.waitFor((x) => x.includes('CN=Test Root  (system path, position 2)'), 'root details');
    expect(lineWith(f, 'origin')).toContain('trust store system (system#0); not sent by the server');
    expect(lineWith(f, 'subject')).toContain('CN=Test Root');
    expect(lineWith(f, 'issuer')).toContain('CN=Test Root');
    expect(lineWith(f, 'validity')).toContain('2024-01-01T00:00:00.000Z → 2034-01-01T00:00:00.000Z');
    expect(lineWith(f, 'time left')).toContain('expires in 8 years');
    expect(lineWith(f, 'key ')).toContain('EC P-256');
    expect(lineWith(f, 'CA ')).toContain('yes, self-issued');
    expect(lineWith(f, 'SKI')).toContain(pki.pki.root.cert.ski!.slice(0, 20));
    expect(lineWith(f, 'sha256')).toContain(pki.pki.root.cert.sha256);
  });

  test('every valid path: p shows the next one of the store under the cursor, with its details', async () => {
    const { engine } = testEngine(pki, { targets: MORE_TARGETS });
    const m = start(engine);
    await m.waitFor(allProbed, 'all probes');
    expect(lineWith(m.frame(), 'system:')).toContain('✓ trusted (path 1 of 2, 3 certs; p: next)');
    // Three sent rows, then the system path; from its root, p keeps the cursor on the root of the other path.
    await m.press(KEYS.tab, KEYS.down, KEYS.down, KEYS.down, KEYS.down, KEYS.down, 'p');
    const f = await m.waitFor((x) => x.includes('path 2 of 2'), 'second path');
    expect(lineWith(f, 'Test Int [sent #2]')).toContain('└ ✓');
    expect(lineWith(f, 'Second Root')).toMatch(/› +└ ◆ CN=Second Root \[store\]/);
    await m.press(KEYS.enter);
    const d = await m.waitFor((x) => x.includes('CN=Second Root  (system path, position 2)'), 'details');
    expect(lineWith(d, 'origin')).toContain('trust store system (system#1)');
    expect(lineWith(d, 'key ')).toContain('EC P-256');
    await m.press(KEYS.escape, 'p');
    await m.waitFor((x) => x.includes('path 1 of 2') && lineWith(x, 'Test Root').includes('›'), 'back to the best path');
  });

  test('TLS auto is the default: a TLS 1.2-only server is trusted, as Go would connect; at 1.3 it fails', async () => {
    const { engine, calls } = testEngine(pki, { targets: MORE_TARGETS });
    const m = start(engine);
    const f = await m.waitFor(allProbed, 'all probes');
    expect(f).toContain('chaindbg  TLS auto');
    expect(lineWith(f, 'old.test')).toMatch(/✓ old\.test.*✓system ✓mozilla/);
    expect(calls.probe.map((p) => p.tls)).toEqual(['auto', 'auto', 'auto']);
    await m.press(KEYS.down, KEYS.down, 't');
    await m.waitFor((x) => x.includes('TLS 1.2') && lineWith(x, 'old.test').includes('✓system'), 'trusted at 1.2');
    await m.press('t');
    const g = await m.waitFor((x) => lineWith(x, 'old.test').includes('error'), 'fails at 1.3');
    expect(lineWith(g, 'old.test')).toContain('TLS alert');
    await m.press(KEYS.shiftTab);
    const h = await m.waitFor((x) => x.includes('[Handshake]'), 'handshake');
    expect(lineWith(h, 'TLS auto:')).toContain('TLSv1.2, 2 sent');
    expect(lineWith(h, 'TLS 1.2:')).toContain('TLSv1.2, 2 sent');
    expect(lineWith(h, 'TLS 1.3:')).toContain('failed');
  });

  test('an expanded finding wraps to the pane, its head whole, and scrolls when taller than it', async () => {
    const size = { columns: 60, rows: 18 };
    const { engine } = testEngine(pki);
    const report = (await engine.probe({ id: 'missing', label: 'missing.test', target: 'missing.test:443' }, { tls: 'auto', stores: ['system', 'mozilla'], aia: false }, new AbortController().signal)).report;
    const finding = report.findings.find((x) => x.code === 'MISSING_INTERMEDIATE' && x.store === 'system')!;
    const m = start(engine, { size });
    await m.waitFor(probed, 'all probes');
    await m.press(KEYS.down, KEYS.tab, KEYS.tab, KEYS.enter);
    const first = await m.waitFor((x) => x.includes('▾ ✗ MISSING_INTERMEDIATE [#0]'), 'expanded');
    expect(first).not.toContain('…');
    // Scroll through it, reading each frame's finding rows (below the tabs, above the footer), until it stops.
    const seen: string[] = [];
    const body = (f: string) => f.split('\n').slice(f.split('\n').findIndex((l) => l.includes('[Findings]')) + 1, -1);
    seen.push(...body(first));
    let scrolls = 0;
    let last = '';
    while (m.frame() !== last && scrolls < 40) {
      last = m.frame();
      await m.press(KEYS.down);
      scrolls++;
      seen.push(...body(m.frame()).filter((l) => !seen.includes(l)));
    }
    expect(scrolls).toBeGreaterThan(1);
    const text = readAs(seen);
    expect(text).toContain(`error: ${finding.message}`);
    expect(text).toContain(`fix: ${FIXES.MISSING_INTERMEDIATE}`);
    expect(text).toContain('caIssuers: http://127.0.0.1:9/test-int.der');
    // The same finding in the other store is folded under the cause, named by its label.
    expect(text).toContain('+ MISSING_INTERMEDIATE (mozilla)');
    expectFits(m.frames, size);
  });

  test("the help overlay shows every key's help whole, wrapped in its column", async () => {
    const { engine } = testEngine(pki);
    const m = start(engine);
    await m.waitFor(probed, 'all probes');
    await m.press('?');
    const f = await m.waitFor((x) => x.includes('Keys (↑↓ scroll, esc close)'), 'help');
    // Two columns of 39 characters: read the left one.
    const left = readAs(f.split('\n').slice(2, -1).map((l) => Array.from(l).slice(0, 39).join('')));
    for (const b of KEYMAP.filter((k) => k.scope === 'global')) expect(left).toContain(b.help);
    expect(lineWith(f, 'AIA on / off')).toMatch(/^ {2}A {10}/);
  });

  test('export says when AIA could complete the bundle but is off; A turns AIA on without re-probing', async () => {
    const { engine, calls } = testEngine(pki);
    const m = start(engine);
    await m.waitFor(probed, 'all probes');
    expect(m.frame()).toContain('TLS auto  AIA off');
    expect(calls.probe.every((p) => !p.aia)).toBe(true);
    await m.press(KEYS.down, 'e', KEYS.enter);
    const f = await m.waitFor((x) => x.includes('will write:'), 'plan');
    expect(calls.exportPlan).toEqual([{ kind: 'fullchain', store: 'system', aia: false }]);
    expect(readAs(f.split('\n'))).toContain(
      '! AIA is off: the missing issuer could be fetched from http://127.0.0.1:9/test-int.der. Press A (AIA on), then export again.',
    );
    const probes = calls.probe.length;
    await m.press(KEYS.escape, 'A');
    await m.waitFor((x) => x.includes('AIA on'), 'AIA on');
    await m.waitFor(() => calls.reanalyzeAia.filter(Boolean).length === 3, 're-analysis with AIA');
    expect(calls.probe.length).toBe(probes);
    await m.press('e', KEYS.enter);
    const g = await m.waitFor((x) => x.includes('will write:'), 'plan with AIA');
    expect(calls.exportPlan.at(-1)).toEqual({ kind: 'fullchain', store: 'system', aia: true });
    expect(g).not.toContain('AIA is off');
  });

  test('the export plan and result are wrapped, whole, on a narrow terminal', async () => {
    const size = { columns: 50, rows: 20 };
    const { engine, calls } = testEngine(pki);
    const m = start(engine, { size });
    await m.waitFor((x) => x.includes('good.test') && x.includes('✓syst'), 'all probes');
    await m.press(KEYS.down, 'e', KEYS.enter);
    await m.waitFor((x) => x.includes('will write:'), 'plan');
    await m.press(KEYS.enter);
    const done = await m.waitFor((x) => x.includes('✓ wrote'), 'written');
    const path = calls.exportWrite[0]!.path;
    const f = done;
    const result = `✓ wrote 1 certificates to ${path}`;
    expect(Array.from(result).length).toBeGreaterThan(size.columns);
    // A path has no spaces to break at: it is cut where the row ends and goes on on the next.
    const squash = (x: string) => x.replace(/\s+/g, '');
    expect(squash(f)).toContain(squash(`will write: ${path}`));
    expect(squash(done)).toContain(squash(result));
    expect(readAs(done.split('\n'))).toContain('esc or enter closes');
    expectFits(m.frames, size);
  });

  test('80x24 stays readable through every view, with or without colour', async () => {
    for (const color of [false, true]) {
      const { engine } = testEngine(pki, { targets: MORE_TARGETS });
      const m = start(engine, { color });
      await m.waitFor(allProbed, 'all probes');
      await m.press(KEYS.tab, KEYS.down, KEYS.down, KEYS.down, 'p', KEYS.enter, KEYS.down, KEYS.down, KEYS.escape);
      await m.press(KEYS.tab, KEYS.enter, KEYS.down, KEYS.down, KEYS.tab, KEYS.down, 'A', 't', '?', KEYS.down, KEYS.escape);
      await m.press(KEYS.shiftTab, KEYS.shiftTab, KEYS.shiftTab, KEYS.down, 'e', KEYS.enter);
      await m.waitFor((x) => x.includes('will write:'), 'plan');
      expect(m.frames.length).toBeGreaterThan(10);
      for (const f of m.frames) {
        const lines = f.split('\n');
        expect(lines.length).toBeLessThanOrEqual(23);
        for (const l of lines) expect(Array.from(l.replace(/\u001b\[[0-9;]*m/g, '')).length, l).toBeLessThanOrEqual(80);
        if (!color) expect(f).not.toMatch(/\u001b\[/);
      }
    }
  });
});
