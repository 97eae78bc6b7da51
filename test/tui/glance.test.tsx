/**
 * Read at a glance (issue 15): the CLI's own TUI engine against the lab's servers on 127.0.0.1, with three stores
 * chosen by their (long, temporary) paths, drawn by ink-testing-library at 80x24 and at 120x40. For every scenario
 * the selected target shows its cause line whole, every chosen store's label, and the fix (the FINDINGS table's).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { memoryIO } from '../../src/cli/io.js';
import { createTuiEngine, tuiSettings } from '../../src/cli/commands/tui.js';
import { startLab, type Lab } from '../../src/lab/index.js';
import { fixFinding } from '../../src/model/findings.js';
import { findingsSorted, worstFinding } from '../../src/tui/selectors.js';
import { storeLabels } from '../../src/tui/format.js';
import type { State } from '../../src/tui/state.js';
import { currentOutcome } from '../../src/tui/state-selectors.js';
import type { TuiTarget } from '../../src/tui/index.js';
import { KEYS, mount } from './support/mount.js';

const SCENARIOS = ['missing-intermediate', 'wrong-order', 'impostor-intermediate', 'expired-leaf', 'name-mismatch', 'interception', 'tls12-only'];
const SIZES = [
  { columns: 80, rows: 24 },
  { columns: 120, rows: 40 },
  // Narrow: the store verdicts and the header wrap, the targets list gives way to the cause strip.
  { columns: 50, rows: 24 },
];
const LONG = 30_000;

let lab: Lab;
let dir: string;
let stores: string[];

beforeAll(async () => {
  lab = await startLab({ now: new Date(), scenarios: SCENARIOS });
  dir = mkdtempSync(join(tmpdir(), 'chaindbg-glance-'));
  stores = ['lab-roots', 'lab-old-roots', 'lab-system'].map((n) => lab.stores.find((s) => s.name === n)!.path!);
});
afterAll(async () => {
  await lab?.close();
  rmSync(dir, { recursive: true, force: true });
});

function targets(): TuiTarget[] {
  return lab.scenarios.map((s) => ({ id: s.name, label: `${s.name}: ${s.servername}`, target: s.servername, connect: s.connect, servername: s.servername }));
}

/** Whitespace removed: wrapped text compared with the text it wraps (a row break may fall anywhere). */
const squash = (x: string) => x.replace(/\s+/g, '');

/** The rows of the selected item of the targets list: the one marked "›" and its continuation rows. */
function selectedTargetRows(frame: string): string {
  const rows = frame.split('\n');
  const i = rows.findIndex((l) => l.startsWith('› '));
  const out = [rows[i]!];
  for (let j = i + 1; j < rows.length && rows[j]!.startsWith('    '); j++) out.push(rows[j]!);
  return out.join('\n');
}

const done = (s: State) => s.targets.length === SCENARIOS.length && s.targets.every((e) => e.runs.auto?.phase === 'done' || e.runs.auto?.phase === 'error');

async function open(size: { columns: number; rows: number }) {
  const io = memoryIO({ cwd: dir, env: {}, now: () => lab.now });
  const settings = tuiSettings({}, io);
  const engine = await createTuiEngine(targets(), stores, settings, io, stores);
  const m = mount(engine, { stores, size });
  const end = Date.now() + LONG;
  while (!done(m.store.getState())) {
    if (Date.now() > end) throw new Error(`probes did not finish; last frame:\n${m.frame()}`);
    await new Promise((r) => setTimeout(r, 20));
  }
  await m.waitFor((f) => !/[⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏]/.test(f), 'spinners gone');
  return m;
}

describe.each(SIZES)('the TUI at $columns x $rows against the lab, three stores', (size) => {
  test(
    'every scenario: the cause line whole, every store label, the fix; nothing cut, every row fits',
    async () => {
      const m = await open(size);
      try {
        const labels = [...storeLabels(stores).values()];
        expect(new Set(labels).size).toBe(3);
        // Short labels, not the temporary paths.
        for (const l of labels) expect(l).not.toContain('/');
        // The header names every chosen store (wrapped on a narrow terminal).
        const rows = m.frame().split('\n');
        expect(squash(rows.slice(0, rows.findIndex((l) => l.includes('Targets ('))).join(' '))).toContain(squash(labels.join(', ')));
        let causes = 0;
        for (let i = 0; i < SCENARIOS.length; i++) {
          if (i > 0) await m.press(KEYS.down);
          const s = m.store.getState();
          expect(s.selected).toBe(i);
          const report = currentOutcome(s)!.report;
          const f = await m.waitFor((x) => x.includes('› '), 'selection');
          const rows = selectedTargetRows(f);
          // Every chosen store's verdict, by its label.
          for (const l of labels) expect(rows, `${s.targets[i]!.target.id} ${l}`).toMatch(new RegExp(`[✓✗]${l}(\\s|$)`));
          const cause = worstFinding(report, true);
          if (cause) {
            causes++;
            expect(squash(f), `${s.targets[i]!.target.id} cause`).toContain(squash(`cause: ${cause.code}: ${cause.message}`));
            expect(squash(f), `${s.targets[i]!.target.id} fix`).toContain(squash(`fix: ${fixFinding(cause.code, cause.evidence)}`));
          }
          expect(f, 'nothing is cut with an ellipsis').not.toContain('…');
        }
        expect(causes).toBeGreaterThanOrEqual(5);
        for (const f of m.frames) {
          const lines = f.split('\n');
          expect(lines.length).toBeLessThanOrEqual(size.rows - 1);
          for (const l of lines) expect(Array.from(l).length, l).toBeLessThanOrEqual(size.columns);
        }
      } finally {
        m.done();
      }
    },
    LONG * 2,
  );

  test(
    'the findings pane: the selected finding whole with its fix; d shows it in full',
    async () => {
      const m = await open(size);
      try {
        // impostor-intermediate: ISSUER_MISMATCH is its cause.
        for (let i = 0; i < SCENARIOS.indexOf('impostor-intermediate'); i++) await m.press(KEYS.down);
        await m.press(KEYS.tab, KEYS.tab);
        const f = await m.waitFor((x) => x.includes('[Findings]'), 'findings pane');
        const report = currentOutcome(m.store.getState())!.report;
        const first = findingsSorted(report)[0]!;
        const pane = f.split('\n').slice(f.split('\n').findIndex((l) => l.includes('[Findings]')) + 1).join('\n');
        expect(squash(pane)).toContain(squash(`${first.code} [`));
        expect(squash(pane)).toContain(squash(first.message));
        expect(squash(pane)).toContain(squash(`fix: ${fixFinding(first.code, first.evidence)}`));
        expect(f).not.toContain('…');
        await m.press('d');
        const d = await m.waitFor((x) => x.includes(`${first.code} (${first.severity})`), 'details overlay');
        expect(squash(d)).toContain(squash(fixFinding(first.code, first.evidence)));
        await m.press(KEYS.escape);
        await m.waitFor((x) => x.includes('[Findings]'), 'closed');
      } finally {
        m.done();
      }
    },
    LONG * 2,
  );
});

test('the targets pane is sized by its content: all of it at 120x40, a third of the body at 80x24', async () => {
  /** Rows of the targets list: from under its title to the cause strip or the tabs. */
  const listRows = (frame: string) => {
    const rows = frame.split('\n');
    const title = rows.findIndex((l) => l.includes('Targets ('));
    const end = rows.findIndex((l, i) => i > title && (/^[✗!] cause: /.test(l) || /Chain.*Findings.*Handshake/.test(l)));
    return end - title - 1;
  };
  const big = await open({ columns: 120, rows: 40 });
  try {
    const f = big.frame();
    for (const s of SCENARIOS) expect(f, s).toContain(`${s}: `);
    // One row per target at this width, all of them: more than the six rows the pane had before.
    expect(listRows(f)).toBe(SCENARIOS.length);
  } finally {
    big.done();
  }
  const small = await open({ columns: 80, rows: 24 });
  try {
    // 24 rows: 23 drawn, header and footer, 21 for the body; the list gets a third of it less the title and tabs.
    expect(listRows(small.frame())).toBe(Math.floor((21 - 2) / 3));
  } finally {
    small.done();
  }
}, LONG * 2);
