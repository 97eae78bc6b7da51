import { beforeAll, describe, expect, test } from 'vitest';
import { FINDING_CODES } from '../../src/model/finding.js';
import type { ProbeOutcome, TlsChoice, TuiTarget } from '../../src/tui/index.js';
import { summarizeCert } from '../../src/session/summary.js';
import { certDetailLines, findingItems } from '../../src/tui/details.js';
import { causeItems, causesOf } from '../../src/tui/causes.js';
import { groupCauses, makeFinding } from '../../src/diagnose/index.js';
import { FIXES } from '../../src/tui/fixes.js';
import { helpColumns } from '../../src/tui/help.js';
import { unsentDetails } from '../../src/tui/index.js';
import { KEYMAP, keyName, resolveKey, splitChunk } from '../../src/tui/keymap.js';
import { MARK_WIDTH } from '../../src/tui/layout.js';
import { chainSelectable, chainsDiffer, findingsSorted, targetStatus, wrapLines } from '../../src/tui/selectors.js';
import { initialState, overlayScope, parseTargetInput, reducer, type Action, type State } from '../../src/tui/state.js';
import { chainView, currentOutcome, currentTls, paneLayout } from '../../src/tui/state-selectors.js';
import { testEngine } from './support/engine.js';
import { makeTestPki, type TestPki } from './support/scenarios.js';

const TARGETS: TuiTarget[] = [
  { id: 'good', label: 'good.test', target: 'good.test:443' },
  { id: 'missing', label: 'missing.test', target: 'missing.test:443' },
];

let pki: TestPki;
let goodOutcome: ProbeOutcome;
let missingOutcome: ProbeOutcome;
let good12: ProbeOutcome;
let crossOutcome: ProbeOutcome;
let missingTwoStores: ProbeOutcome;

const CROSS: TuiTarget = { id: 'cross', label: 'cross.test', target: 'cross.test:443' };
/** Small enough that details and an expanded finding overflow their pane. */
const SMALL = { columns: 60, rows: 16 };

beforeAll(async () => {
  pki = await makeTestPki();
  const { engine } = testEngine(pki);
  const signal = new AbortController().signal;
  goodOutcome = await engine.probe(TARGETS[0]!, { tls: '1.3', stores: ['system'], aia: false }, signal);
  good12 = await engine.probe(TARGETS[0]!, { tls: '1.2', stores: ['system'], aia: false }, signal);
  missingOutcome = await engine.probe(TARGETS[1]!, { tls: '1.3', stores: ['system'], aia: false }, signal);
  crossOutcome = await engine.probe(CROSS, { tls: 'auto', stores: ['system'], aia: false }, signal);
  missingTwoStores = await engine.probe(TARGETS[1]!, { tls: '1.3', stores: ['system', 'mozilla'], aia: false }, signal);
});

function run(actions: Action[], s: State = fresh()): State {
  return actions.reduce(reducer, s);
}

function fresh(): State {
  return initialState({ tls: '1.3', stores: ['system'], availableStores: ['system', 'mozilla', 'node'] });
}

function probed(): State {
  return run([
    { type: 'targetsLoaded', targets: TARGETS },
    { type: 'probeQueued', id: 'good', tls: '1.3', seq: 1, stores: ['system'] },
    { type: 'probeStarted', id: 'good', tls: '1.3', seq: 1 },
    { type: 'probeDone', id: 'good', tls: '1.3', seq: 1, outcome: goodOutcome },
    { type: 'probeQueued', id: 'missing', tls: '1.3', seq: 2, stores: ['system'] },
    { type: 'probeDone', id: 'missing', tls: '1.3', seq: 2, outcome: missingOutcome },
  ]);
}

describe('navigation and focus', () => {
  test('moving in the targets pane clamps and resets the detail cursors', () => {
    let s = probed();
    s = run([{ type: 'focus', pane: 'chain' }, { type: 'move', delta: 2 }, { type: 'focus', pane: 'targets' }], s);
    expect(s.chainCursor).toBe(2);
    s = run([{ type: 'move', delta: 5 }], s);
    expect(s.selected).toBe(1);
    expect(s.chainCursor).toBe(0);
    s = run([{ type: 'move', delta: -9 }], s);
    expect(s.selected).toBe(0);
  });

  test('chain cursor stops at the last certificate row', () => {
    const s = run([{ type: 'focus', pane: 'chain' }, { type: 'move', delta: 99 }], probed());
    expect(s.chainCursor).toBe(chainSelectable(goodOutcome.report).length - 1);
  });

  test('tab and shift-tab cycle the panes; the detail pane follows focus', () => {
    let s = fresh();
    const seen: string[] = [];
    for (let i = 0; i < 4; i++) {
      s = reducer(s, { type: 'focusNext' });
      seen.push(`${s.focus}/${s.detail}`);
    }
    expect(seen).toEqual(['chain/chain', 'findings/findings', 'handshake/handshake', 'targets/handshake']);
    s = reducer(s, { type: 'focusPrev' });
    expect(s.focus).toBe('handshake');
  });

  test('enter toggles certificate details in the chain and expands findings', () => {
    let s = run([{ type: 'focus', pane: 'chain' }, { type: 'enter' }], probed());
    expect(s.chainDetails).toBe(true);
    // At 80x24 the leaf's details fit the pane: nothing to scroll.
    s = run([{ type: 'move', delta: 3 }], s);
    expect(s.chainScroll).toBe(0);
    s = run([{ type: 'back' }], s);
    expect(s.chainDetails).toBe(false);
    s = run([{ type: 'focus', pane: 'findings' }, { type: 'enter' }], s);
    expect(s.expanded).toEqual([]); // good.test has no findings
    s = run([{ type: 'focus', pane: 'targets' }, { type: 'move', delta: 1 }, { type: 'focus', pane: 'findings' }, { type: 'enter' }], s);
    expect(s.expanded).toEqual([0]);
    expect(run([{ type: 'enter' }], s).expanded).toEqual([]);
  });
});

describe('probe lifecycle', () => {
  test('queued, probing, done; the answer to a superseded probe is dropped', () => {
    let s = run([
      { type: 'targetsLoaded', targets: TARGETS },
      { type: 'probeQueued', id: 'good', tls: '1.3', seq: 1, stores: ['system'] },
    ]);
    expect(targetStatus(s.targets[0]!.runs['1.3']!).kind).toBe('queued');
    s = run([{ type: 'probeStarted', id: 'good', tls: '1.3', seq: 1 }], s);
    expect(s.targets[0]!.runs['1.3']!.phase).toBe('probing');
    s = run([{ type: 'probeQueued', id: 'good', tls: '1.3', seq: 2, stores: ['system'] }], s);
    const stale = run([{ type: 'probeDone', id: 'good', tls: '1.3', seq: 1, outcome: goodOutcome }], s);
    expect(stale).toBe(s);
    s = run([{ type: 'probeDone', id: 'good', tls: '1.3', seq: 2, outcome: goodOutcome }], s);
    expect(targetStatus(s.targets[0]!.runs['1.3']!).kind).toBe('trusted');
  });

  test('a failed probe keeps its error and no outcome', () => {
    const s = run([
      { type: 'targetsLoaded', targets: TARGETS },
      { type: 'probeQueued', id: 'good', tls: '1.3', seq: 1, stores: ['system'] },
      { type: 'probeFailed', id: 'good', tls: '1.3', seq: 1, message: 'connect ECONNREFUSED' },
    ]);
    const st = targetStatus(s.targets[0]!.runs['1.3']!);
    expect(st).toMatchObject({ kind: 'error', detail: 'connect ECONNREFUSED' });
  });

  test('re-analysis replaces the outcome only for the latest request', () => {
    let s = probed();
    s = run([
      { type: 'reanalyzeStarted', id: 'good', tls: '1.3', seq: 1, rseq: 10 },
      { type: 'reanalyzeStarted', id: 'good', tls: '1.3', seq: 1, rseq: 11 },
      { type: 'reanalyzeDone', id: 'good', tls: '1.3', seq: 1, rseq: 10, outcome: missingOutcome, stores: ['x'] },
    ], s);
    expect(s.targets[0]!.runs['1.3']!.outcome).toBe(goodOutcome);
    s = run([{ type: 'reanalyzeDone', id: 'good', tls: '1.3', seq: 1, rseq: 11, outcome: missingOutcome, stores: ['node'] }], s);
    expect(s.targets[0]!.runs['1.3']).toMatchObject({ outcome: missingOutcome, stores: ['node'], reanalyzing: null });
  });
});

describe('TLS switch and comparison', () => {
  test('t cycles auto, 1.2, 1.3 and back, resetting the cursors', () => {
    const from = (tls: TlsChoice) => ({ ...probed(), tls });
    // t changes the selected target's version only; the others keep the one they start with.
    expect(currentTls(run([{ type: 'toggleTls' }], from('auto')))).toBe('1.2');
    expect(currentTls(run([{ type: 'toggleTls' }], from('1.2')))).toBe('1.3');
    expect(currentTls(run([{ type: 'toggleTls' }, { type: 'toggleTls' }, { type: 'toggleTls' }], from('auto')))).toBe('auto');
    const two = run([{ type: 'targetsLoaded', targets: [{ id: 'other', label: 'other', target: 'other.test:443' }] }, { type: 'toggleTls' }], from('auto'));
    expect(currentTls(two, two.targets[0]!)).toBe('1.2');
    expect(currentTls(two, two.targets.find((e) => e.target.id === 'other')!)).toBe('auto');
    expect(two.tls).toBe('auto');
    const s = run([{ type: 'focus', pane: 'chain' }, { type: 'move', delta: 1 }, { type: 'toggleTls' }], probed());
    expect(s.chainCursor).toBe(0);
  });

  test('chains differ when the two versions sent different certificates', () => {
    let s = probed();
    expect(chainsDiffer(s.targets[0]!)).toBeNull();
    s = run([
      { type: 'probeQueued', id: 'good', tls: '1.2', seq: 5, stores: ['system'] },
      { type: 'probeDone', id: 'good', tls: '1.2', seq: 5, outcome: good12 },
    ], s);
    expect(chainsDiffer(s.targets[0]!)).toBe(true);
    s = run([
      { type: 'probeQueued', id: 'good', tls: '1.2', seq: 6, stores: ['system'] },
      { type: 'probeDone', id: 'good', tls: '1.2', seq: 6, outcome: goodOutcome },
    ], s);
    expect(chainsDiffer(s.targets[0]!)).toBe(false);
  });
});

describe('store switcher', () => {
  test('space toggles, enter applies in the offered order', () => {
    let s = run([{ type: 'openStores' }, { type: 'storesMove', delta: 2 }, { type: 'storesToggle' }], fresh());
    expect(s.overlay).toMatchObject({ kind: 'stores', cursor: 2, chosen: ['system', 'node'] });
    s = run([{ type: 'storesMove', delta: -2 }, { type: 'storesToggle' }, { type: 'storesMove', delta: 1 }, { type: 'storesToggle' }], s);
    s = run([{ type: 'storesApply' }], s);
    expect(s.overlay).toBeNull();
    expect(s.stores).toEqual(['mozilla', 'node']);
  });

  test('an empty selection is refused', () => {
    const s = run([{ type: 'openStores' }, { type: 'storesToggle' }, { type: 'storesApply' }], fresh());
    expect(s.overlay).toMatchObject({ kind: 'stores', error: expect.any(String) });
    expect(s.stores).toEqual(['system']);
  });

  test('a custom store given at start is offered too', () => {
    const s = run([{ type: 'openStores' }], initialState({ tls: '1.3', stores: ['./corp.pem'], availableStores: ['system'] }));
    expect(run([{ type: 'storesMove', delta: 9 }], s).overlay).toMatchObject({ cursor: 1 });
  });
});

describe('store switcher: adding a store file or folder (a)', () => {
  /** The switcher open on probed targets, one store (node) ticked but not applied yet, the path input open. */
  function typing(text: string): State {
    return run(
      [{ type: 'openStores' }, { type: 'storesMove', delta: 2 }, { type: 'storesToggle' }, { type: 'openStorePath' }, { type: 'addInput', text }],
      { ...probed(), focus: 'chain', chainCursor: 1 },
    );
  }

  test('a opens the path input, which has its own keys; typing and erasing edit it; esc goes back to the list', () => {
    expect(resolveKey('stores', 'a')).toBe('openAddStore');
    expect(resolveKey('storePath', 'enter')).toBe('confirm');
    expect(resolveKey('storePath', 'escape')).toBe('cancel');
    // Letters the list binds (k, j, a) are text in the input.
    for (const k of ['k', 'j', 'a', 'q', '?']) expect(resolveKey('storePath', k)).toBeNull();
    let s = run([{ type: 'addInput', text: 'x' }, { type: 'addErase' }, { type: 'addInput', text: 'pem' }], typing('~/corp.'));
    expect(s.overlay).toMatchObject({ kind: 'stores', chosen: ['system', 'node'], input: { text: '~/corp.pem', error: null, loading: null } });
    expect(overlayScope(s.overlay!)).toBe('storePath');
    s = run([{ type: 'closeStorePath' }], s);
    expect(s.overlay).toMatchObject({ kind: 'stores', chosen: ['system', 'node'], input: null });
    expect(overlayScope(s.overlay!)).toBe('stores');
  });

  test('while it loads the text is fixed; a failure keeps the text with the reason under it, and nothing else changes', () => {
    const before = run([{ type: 'storeLoading', token: 7 }], typing('nope.pem'));
    expect(before.overlay).toMatchObject({ input: { text: 'nope.pem', loading: 7 } });
    expect(run([{ type: 'addInput', text: 'x' }, { type: 'addErase' }], before)).toBe(before);
    const failed = run([{ type: 'storeFailed', token: 7, message: 'store "/w/nope.pem": no such file or directory' }], before);
    expect(failed.overlay).toEqual({
      ...before.overlay,
      input: { text: 'nope.pem', error: 'store "/w/nope.pem": no such file or directory', loading: null },
    });
    const { overlay: _a, ...restBefore } = before;
    const { overlay: _b, ...restAfter } = failed;
    expect(restAfter).toEqual(restBefore);
    // Typing again clears the reason.
    expect(run([{ type: 'addInput', text: 'x' }], failed).overlay).toMatchObject({ input: { text: 'nope.pemx', error: null } });
  });

  test('loaded: it joins the choices, is selected with the list and applied, the cursor on it; the panes start over', () => {
    const s = run([{ type: 'storeLoading', token: 3 }, { type: 'storeAdded', token: 3, spec: '/w/corp.pem', summary: 'file /w/corp.pem: 2 roots' }], typing('corp.pem'));
    expect(s.availableStores).toEqual(['system', 'mozilla', 'node', '/w/corp.pem']);
    expect(s.stores).toEqual(['system', 'node', '/w/corp.pem']);
    expect(s.overlay).toEqual({ kind: 'stores', cursor: 3, chosen: ['system', 'node', '/w/corp.pem'], error: null, note: 'file /w/corp.pem: 2 roots', input: null });
    expect(s.chainCursor).toBe(0);
    // enter (apply) then changes nothing more; esc closes with the store applied.
    expect(run([{ type: 'storesApply' }], s).stores).toEqual(s.stores);
    expect(run([{ type: 'closeOverlay' }], s).stores).toEqual(s.stores);
  });

  test('a store already offered is selected, not offered twice; one already applied changes no store', () => {
    const s = run(
      [{ type: 'openStores' }, { type: 'openStorePath' }, { type: 'addInput', text: 'node' }, { type: 'storeLoading', token: 1 }, { type: 'storeAdded', token: 1, spec: 'node', summary: "Node's roots" }],
      probed(),
    );
    expect(s.availableStores).toEqual(['system', 'mozilla', 'node']);
    expect(s.stores).toEqual(['system', 'node']);
    expect(s.overlay).toMatchObject({ cursor: 2, chosen: ['system', 'node'] });
    const again = run([{ type: 'openStorePath' }, { type: 'addInput', text: 'node' }, { type: 'storeLoading', token: 2 }, { type: 'storeAdded', token: 2, spec: 'node', summary: "Node's roots" }], s);
    expect(again.availableStores).toBe(s.availableStores);
    expect(again.stores).toBe(s.stores);
    expect(again.chainCursor).toBe(s.chainCursor);
  });

  test('an answer for a closed input, or an earlier load, is dropped', () => {
    const loading = run([{ type: 'storeLoading', token: 5 }], typing('corp.pem'));
    const added: Action = { type: 'storeAdded', token: 5, spec: '/w/corp.pem', summary: 'file /w/corp.pem: 1 root' };
    const closed = run([{ type: 'closeStorePath' }], loading);
    expect(run([added], closed)).toBe(closed);
    expect(run([{ type: 'storeFailed', token: 5, message: 'x' }], closed)).toBe(closed);
    const reopened = run([{ type: 'openStorePath' }, { type: 'addInput', text: 'b.pem' }, { type: 'storeLoading', token: 6 }], closed);
    expect(run([added], reopened)).toBe(reopened);
    expect(run([{ type: 'closeOverlay' }, added], reopened).stores).toEqual(['system']);
  });
});

describe('export flow', () => {
  test('refused without a finished probe', () => {
    const s = run([{ type: 'targetsLoaded', targets: TARGETS }, { type: 'openExport', token: 1 }]);
    expect(s.overlay).toBeNull();
    expect(s.message).not.toBeNull();
  });

  test('choose, plan, confirm, write; stale answers are ignored', () => {
    let s = run([{ type: 'openExport', token: 7 }, { type: 'exportMove', delta: 1 }, { type: 'exportChoose' }], probed());
    expect(s.overlay).toMatchObject({ kind: 'export', step: 'planning', exportKind: 'trust', store: 'system', targetId: 'good' });
    const plan = { path: '/tmp/x.pem', summary: 'x', certificates: 1 };
    expect(run([{ type: 'exportPlanned', token: 6, plan }], s)).toBe(s);
    s = run([{ type: 'exportPlanned', token: 7, plan }], s);
    expect(s.overlay).toMatchObject({ step: 'confirm', plan });
    s = run([{ type: 'exportConfirm' }], s);
    expect(s.overlay).toMatchObject({ step: 'writing', path: '/tmp/x.pem', force: false });
    // A file that exists is not overwritten: the overlay asks for the second key.
    const exists = run([{ type: 'exportWritten', token: 7, result: { ok: false, exists: true, message: 'exists' } }], s);
    expect(exists.overlay).toMatchObject({ step: 'exists' });
    expect(run([{ type: 'exportOverwrite' }], exists).overlay).toMatchObject({ step: 'writing', force: true });
    expect(run([{ type: 'exportOverwrite' }], s)).toBe(s);
    s = run([{ type: 'exportWritten', token: 7, result: { ok: true, message: 'wrote' } }], s);
    expect(s.overlay).toMatchObject({ step: 'done', result: { ok: true } });
    expect(run([{ type: 'closeOverlay' }], s).overlay).toBeNull();
  });

  test('the store follows the chain cursor when the chain pane has focus', () => {
    const s = run([{ type: 'focus', pane: 'chain' }, { type: 'move', delta: 2 }, { type: 'openExport', token: 1 }], probed());
    expect(s.overlay).toMatchObject({ store: chainSelectable(goodOutcome.report)[2]!.store });
  });
});

describe('add target input', () => {
  test.each([
    ['example.com', 'example.com:443'],
    ['example.com:8443', 'example.com:8443'],
    ['[::1]:853', '[::1]:853'],
    ['  proxy.golang.org ', 'proxy.golang.org:443'],
    // The same grammar as probe's TARGET: a URL and a bare IPv6 address are targets too.
    ['https://x.test/', 'x.test:443'],
    ['::1', '[::1]:443'],
  ])('%s -> %s', (text, target) => {
    expect(parseTargetInput(text)).toMatchObject({ target, id: `added:${target}` });
  });

  test.each(['', 'a b', 'host:0', 'host:99999', 'ftp://x/', 'bad_host!'])('%j is refused', (text) => {
    expect(parseTargetInput(text)).toHaveProperty('error');
  });

  test('typing, erasing, adding selects the new target; adding twice selects the existing one', () => {
    let s = run([{ type: 'targetsLoaded', targets: TARGETS }, { type: 'openAdd' }, { type: 'addInput', text: 'x.tes' }, { type: 'addInput', text: 'tt' }, { type: 'addErase' }]);
    expect(s.overlay).toMatchObject({ kind: 'add', text: 'x.test' });
    const t = parseTargetInput('x.test') as TuiTarget;
    s = run([{ type: 'addTarget', target: t }], s);
    expect(s.overlay).toBeNull();
    expect(s.targets.map((e) => e.target.id)).toEqual(['good', 'missing', 'added:x.test:443']);
    expect(s.selected).toBe(2);
    s = run([{ type: 'focus', pane: 'targets' }, { type: 'move', delta: -2 }, { type: 'addTarget', target: t }], s);
    expect(s.targets).toHaveLength(3);
    expect(s.selected).toBe(2);
  });
});

describe('help overlay and keymap', () => {
  test('opens, scrolls, closes', () => {
    let s = run([{ type: 'openHelp' }, { type: 'helpScroll', delta: 2 }, { type: 'helpScroll', delta: -5 }], fresh());
    expect(s.overlay).toEqual({ kind: 'help', scroll: 0 });
    s = run([{ type: 'closeOverlay' }], s);
    expect(s.overlay).toBeNull();
  });

  test('key names and resolution', () => {
    expect(keyName('', { upArrow: true })).toBe('up');
    expect(keyName('', { tab: true, shift: true })).toBe('shift-tab');
    expect(keyName('c', { ctrl: true })).toBe('ctrl-c');
    expect(keyName(' ', {})).toBe('space');
    expect(keyName('', { delete: true })).toBe('backspace');
    expect(resolveKey('global', 'q')).toBe('quit');
    expect(resolveKey('chain', 'j')).toBe('down');
    expect(resolveKey('targets', 'enter')).toBe('enter');
    expect(resolveKey('targets', 'y')).toBeNull();
    expect(splitChunk('\t\r x\u007f')).toEqual(['tab', 'enter', 'space', 'x', 'backspace']);
  });

  test('no key is bound twice in one scope, nor in a pane and globally', () => {
    const seen = new Set<string>();
    const globals = new Set(KEYMAP.filter((b) => b.scope === 'global').flatMap((b) => b.keys));
    for (const b of KEYMAP) {
      for (const k of b.keys) {
        expect(seen.has(`${b.scope}:${k}`), `${b.scope}:${k}`).toBe(false);
        seen.add(`${b.scope}:${k}`);
        if (['targets', 'chain', 'findings', 'handshake'].includes(b.scope)) expect(globals.has(k), k).toBe(false);
      }
    }
  });

  test('every finding code has a one-line fix', () => {
    for (const code of FINDING_CODES) expect(FIXES[code]).toMatch(/^[^\n]{10,100}$/);
  });

  test('findings are ranked errors first, keeping the report order within a severity', () => {
    const mk = (severity: 'error' | 'warning' | 'info', code: (typeof FINDING_CODES)[number]) => ({ code, severity, cert: null, store: null, message: '', evidence: {} });
    const report = { ...goodOutcome.report, findings: [mk('info', 'AIA_FETCHED'), mk('warning', 'WEAK_KEY'), mk('error', 'CERT_EXPIRED'), mk('error', 'NOT_A_CA')] };
    expect(findingsSorted(report).map((f) => f.code)).toEqual(['CERT_EXPIRED', 'NOT_A_CA', 'WEAK_KEY', 'AIA_FETCHED']);
  });
});

/** One target probed at 1.3, the chain pane focused. */
function only(target: TuiTarget, outcome: ProbeOutcome, size?: { columns: number; rows: number }): State {
  return run(
    [
      { type: 'targetsLoaded', targets: [target] },
      { type: 'probeQueued', id: target.id, tls: '1.3', seq: 1, stores: outcome.report.stores.map((v) => v.name) },
      { type: 'probeDone', id: target.id, tls: '1.3', seq: 1, outcome },
      { type: 'focus', pane: 'chain' },
    ],
    initialState({ tls: '1.3', stores: ['system'], availableStores: ['system'], size }),
  );
}

/** The system store's path as shown: "subject [origin #sent]" per certificate. */
function systemPath(s: State): string[] {
  return chainSelectable(currentOutcome(s)!.report, chainView(s))
    .filter((r) => r.store === 'system')
    .map((r) => `${r.subject} [${r.origin}${r.sentIndex === null ? '' : ` #${r.sentIndex}`}]`);
}

describe('every valid path of a store (p)', () => {
  test('p shows the next valid path of the store under the cursor, at the same depth, and wraps around', () => {
    expect(crossOutcome.report.stores[0]!.validPaths).toHaveLength(2);
    let s = only(CROSS, crossOutcome);
    expect(systemPath(s)).toEqual(['CN=good.test [sent #0]', 'CN=Test Int [sent #1]', 'CN=Test Root [store]']);
    // Three sent rows, then the system path: its root is the sixth row.
    s = run([{ type: 'move', delta: 5 }, { type: 'nextPath' }], s);
    expect(systemPath(s)).toEqual(['CN=good.test [sent #0]', 'CN=Test Int [sent #2]', 'CN=Second Root [store]']);
    expect(chainSelectable(crossOutcome.report, chainView(s))[s.chainCursor]).toMatchObject({ subject: 'CN=Second Root', depth: 2 });
    s = run([{ type: 'nextPath' }], s);
    expect(systemPath(s)[2]).toBe('CN=Test Root [store]');
  });

  test('from a sent certificate p goes to the first store with several paths; with one path it does nothing', () => {
    const s = run([{ type: 'nextPath' }], only(CROSS, crossOutcome));
    expect(s.chainPaths).toEqual({ system: 1 });
    expect(chainSelectable(crossOutcome.report, chainView(s))[s.chainCursor]).toMatchObject({ store: 'system', depth: 0 });
    const one = only(TARGETS[0]!, goodOutcome);
    expect(run([{ type: 'nextPath' }], one)).toBe(one);
    expect(run([{ type: 'move', delta: 3 }, { type: 'nextPath' }], one).chainPaths).toEqual({});
  });

  test('another target, TLS version or store set shows the best path again', () => {
    const s = run([{ type: 'nextPath' }], only(CROSS, crossOutcome));
    expect(run([{ type: 'toggleTls' }], s).chainPaths).toEqual({});
    expect(run([{ type: 'toggleAia' }], s).chainPaths).toEqual({});
  });
});

describe('certificates the server did not send', () => {
  test('the engine summarises the unsent certificates on the paths (anchors of both paths) as the report does', () => {
    const { root, root2 } = pki.pki;
    const unsent = crossOutcome.unsent!;
    expect(Object.keys(unsent).sort()).toEqual([root.cert.sha256, root2.cert.sha256].sort());
    const { index: _sent, ...summary } = summarizeCert(root2.cert, 0);
    expect(unsent[root2.cert.sha256]).toEqual({ ...summary, source: 'system#1' });
    // Sent certificates and certificates on no path are left out.
    expect(unsentDetails(crossOutcome.report, [{ cert: pki.pki.good.cert }, { cert: pki.pki.corp.cert }])).toEqual({});
  });

  test("a store anchor's details have the same lines as a sent certificate's, and say where it comes from", () => {
    const s = run([{ type: 'move', delta: 5 }, { type: 'nextPath' }], only(CROSS, crossOutcome));
    const row = chainSelectable(crossOutcome.report, chainView(s))[s.chainCursor]!;
    const label = (l: { text: string; bold?: boolean }) => (l.bold ? 'title' : l.text.slice(0, 11).trim());
    const anchor = certDetailLines(crossOutcome.report, row, crossOutcome.unsent);
    const sent = certDetailLines(crossOutcome.report, chainSelectable(crossOutcome.report)[0]!);
    expect(sent.map(label)).toContain('key');
    expect(anchor.map(label)).toEqual(['title', 'origin', ...sent.slice(1).map(label)]);
    const text = anchor.map((l) => l.text).join('\n');
    expect(text).toContain('origin     trust store system (system#1); not sent by the server');
    expect(text).toContain('subject    CN=Second Root');
    expect(text).toContain('validity   2024-01-01T00:00:00.000Z → 2034-01-01T00:00:00.000Z');
    expect(text).toContain('key        EC P-256');
    expect(text).toContain('CA         yes, self-issued');
    // Without the engine's summaries the view says only what the report knows.
    expect(certDetailLines(crossOutcome.report, row).map(label)).toEqual(['title', 'origin', 'sha256']);
  });
});

describe('scrolling stops at the end (the layout follows the terminal size)', () => {
  test('certificate details scroll to their last page and no further', () => {
    let s = run([{ type: 'enter' }], only(TARGETS[0]!, goodOutcome, SMALL));
    const { width, detailH } = paneLayout(s);
    const rows = wrapLines(certDetailLines(goodOutcome.report, chainSelectable(goodOutcome.report)[0]!), width).length;
    expect(rows).toBeGreaterThan(detailH);
    s = run([{ type: 'move', delta: 100 }], s);
    expect(s.chainScroll).toBe(rows - detailH);
    expect(run([{ type: 'move', delta: 1 }], s)).toBe(s);
    expect(run([{ type: 'move', delta: -100 }], s).chainScroll).toBe(0);
  });

  test('an expanded finding taller than the pane scrolls first, then the cursor moves on', () => {
    // The missing intermediate in two stores is one cause; a second cause (a warning on the chain) to move on to.
    const r = missingTwoStores.report;
    const findings = [...r.findings, makeFinding('CHAIN_UNUSED_CERT', 'warning', null, null, { subject: 'CN=extra', sha256: 'ab' })];
    const twoCauses = { ...missingTwoStores, report: { ...r, findings, causes: groupCauses(findings, r.stores.map((v) => v.name)) } };
    let s = run([{ type: 'focus', pane: 'findings' }, { type: 'enter' }], only(TARGETS[1]!, twoCauses, SMALL));
    const { width, detailH } = paneLayout(s);
    const item = causeItems(twoCauses.report, s.expanded)[0]!;
    const overflow = wrapLines(item.lines, width - MARK_WIDTH).length - detailH;
    expect(overflow).toBeGreaterThan(0);
    expect(causesOf(missingTwoStores.report)).toHaveLength(1);
    expect(causesOf(twoCauses.report)).toHaveLength(2);
    for (let i = 1; i <= overflow; i++) {
      s = run([{ type: 'move', delta: 1 }], s);
      expect([s.findingsCursor, s.findingsScroll]).toEqual([0, i]);
    }
    s = run([{ type: 'move', delta: 1 }], s);
    expect([s.findingsCursor, s.findingsScroll]).toEqual([1, 0]);
    s = run([{ type: 'move', delta: -1 }], s);
    expect([s.findingsCursor, s.findingsScroll]).toEqual([0, 0]);
    s = run([{ type: 'move', delta: 1 }, { type: 'move', delta: 1 }, { type: 'move', delta: -1 }], s);
    expect([s.findingsCursor, s.findingsScroll]).toEqual([0, 1]);
    expect(run([{ type: 'enter' }], s).findingsScroll).toBe(0);
  });

  test('help scrolls to its last page and no further', () => {
    let s = run([{ type: 'resize', size: SMALL }, { type: 'openHelp' }, { type: 'helpScroll', delta: 1000 }], fresh());
    const { width, bodyH } = paneLayout(s);
    const { maxScroll } = helpColumns(width, bodyH - 1);
    expect(maxScroll).toBeGreaterThan(0);
    expect(s.overlay).toEqual({ kind: 'help', scroll: maxScroll });
    expect(run([{ type: 'helpScroll', delta: 1 }], s)).toBe(s);
    s = run([{ type: 'resize', size: { columns: 80, rows: 24 } }], s);
    expect(s.size).toEqual({ columns: 80, rows: 24 });
    expect(run([{ type: 'resize', size: { columns: 80, rows: 24 } }], s)).toBe(s);
  });
});

describe('AIA', () => {
  test('off unless asked; A turns it on and off and shows the best paths again', () => {
    expect(fresh().aia).toBe(false);
    expect(initialState({ tls: 'auto', stores: ['system'], availableStores: [], aia: true }).aia).toBe(true);
    let s = run([{ type: 'focus', pane: 'chain' }, { type: 'move', delta: 2 }, { type: 'toggleAia' }], probed());
    expect(s).toMatchObject({ aia: true, chainCursor: 0 });
    s = run([{ type: 'toggleAia' }], s);
    expect(s.aia).toBe(false);
  });
});

describe('help text', () => {
  test.each([
    [80, 20],
    [60, 14],
    [120, 40],
  ])('at %ix%i every row fits its column and every help text is there whole', (width, height) => {
    const { colW, columns } = helpColumns(width, height);
    expect(colW).toBeLessThanOrEqual(width);
    for (const col of columns) for (const l of col) expect(Array.from(l.text).length, l.text).toBeLessThanOrEqual(colW);
    const text = columns.map((c) => c.map((l) => l.text.trim()).join(' ')).join(' ').replace(/\s+/g, ' ');
    for (const b of KEYMAP) expect(text).toContain(b.help);
  });
});
