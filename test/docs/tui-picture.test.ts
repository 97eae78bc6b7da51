/**
 * The README's picture of the TUI comes from a real run: src/build/tui-picture.mjs starts `chaindbg lab ... --tui`
 * (the built CLI, lab servers on 127.0.0.1) under tmux and draws the captured screen as SVG text.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';

const root = join(import.meta.dirname, '..', '..');
const hasTmux = spawnSync('tmux', ['-V']).status === 0;
const dir = mkdtempSync(join(tmpdir(), 'chaindbg-picture-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

test('the README shows docs/tui.svg, and that picture was drawn by the script', () => {
  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  expect(readme).toContain('](docs/tui.svg)');
  expect(readme).toContain('node src/build/tui-picture.mjs');
  const svg = readFileSync(join(root, 'docs', 'tui.svg'), 'utf8');
  expect(svg).toMatch(/<title>chaindbg lab [a-z0-9 -]+ --tui, at \d+x\d+<\/title>/);
  expect(svg).toContain('cause: ');
  expect(svg).toContain('fix: ');
});

describe.skipIf(!hasTmux)(hasTmux ? 'src/build/tui-picture.mjs' : 'src/build/tui-picture.mjs: skipped, tmux is not on PATH', () => {
  test('draws the TUI at 80x24 from a real run: colours, the cause, its fix and every store label', () => {
    expect(existsSync(join(root, 'dist', 'app'))).toBe(true);
    const out = join(dir, 'tui.svg');
    const r = spawnSync(process.execPath, [join(root, 'src', 'build', 'tui-picture.mjs'), out, '--size', '80x24'], { encoding: 'utf8', timeout: 60_000 });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const svg = readFileSync(out, 'utf8');
    const texts = [...svg.matchAll(/<text [^>]*>([^<]*)<\/text>/g)].map((m) => m[1]!);
    expect(texts.length).toBeGreaterThan(15);
    expect(texts.some((t) => t.startsWith('✗ cause: MISSING_INTERMEDIATE'))).toBe(true);
    expect(texts.some((t) => t.startsWith('fix: '))).toBe(true);
    expect(texts[0]).toContain('stores: lab-roots, lab-system');
    // Colours from the TUI's tones (red for a failing target), not one flat colour.
    expect(new Set([...svg.matchAll(/fill="(#[0-9a-f]{6})"/g)].map((m) => m[1])).size).toBeGreaterThan(3);
  }, 90_000);
});
