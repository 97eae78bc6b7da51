/**
 * The real binary in a real pseudo-terminal (tmux, 80x24) against a lab server: the TUI shows the missing
 * intermediate, and its export writes a full chain that validates. `CI=true` is set on purpose: Ink treats CI as
 * non-interactive and would draw nothing; chaindbg must still draw on a real terminal (CI failed on exactly this).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLab, type Lab } from '../../src/lab/index.js';

const root = new URL('../..', import.meta.url).pathname;
const hasTmux = spawnSync('tmux', ['-V']).status === 0;
const session = `chaindbg-e2e-${process.pid}`;
let lab: Lab;
let dir: string;

const tmux = (...args: string[]) => execFileSync('tmux', args, { encoding: 'utf8' });
const screen = () => tmux('capture-pane', '-p', '-t', session);

async function waitFor(pattern: RegExp, ms = 20_000): Promise<string> {
  const end = Date.now() + ms;
  let last = '';
  while (Date.now() < end) {
    last = screen();
    if (pattern.test(last)) return last;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`screen never matched ${pattern}:\n${last}`);
}

beforeAll(async () => {
  if (!hasTmux) return;
  lab = await startLab({ now: new Date(), scenarios: ['missing-intermediate'] });
  dir = mkdtempSync(join(tmpdir(), 'chaindbg-tui-'));
});
afterAll(async () => {
  if (!hasTmux) return;
  spawnSync('tmux', ['kill-session', '-t', session]);
  await lab?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe.skipIf(!hasTmux)('chaindbg tui in a terminal', () => {
  it('shows the missing intermediate and exports a full chain that validates', async () => {
    const s = lab.scenarios[0]!;
    const store = lab.stores.find((x) => x.name === 'lab-roots')!.path!;
    const cmd = [process.execPath, join(root, 'bin/chaindbg.js'), 'tui', s.servername, '--connect', s.connect, '--store', store];
    tmux('new-session', '-d', '-s', session, '-x', '80', '-y', '24', '-c', dir, '-e', 'NO_COLOR=1', '-e', 'CI=true', ...cmd.map((a) => `'${a}'`).join(' ').split('\u0000'));
    const first = await waitFor(/MISSING_INTERMEDIATE/);
    expect(first).toMatch(/sum\.golang\.org/);
    for (const line of first.split('\n')) expect(line.length).toBeLessThanOrEqual(80);

    tmux('send-keys', '-t', session, 'e');
    await waitFor(/fullchain/);
    tmux('send-keys', '-t', session, 'Enter');
    await waitFor(/write it\?/);
    tmux('send-keys', '-t', session, 'y');
    await waitFor(/written/);
    const file = join(dir, 'sum.golang.org-fullchain.pem');
    expect(existsSync(file)).toBe(true);
    expect(readFileSync(file, 'utf8').match(/BEGIN CERTIFICATE/g)).toHaveLength(2);
    // OpenSSL agrees: the exported chain validates against the lab's root.
    const v = spawnSync('openssl', ['verify', '-CAfile', store, '-untrusted', file, file], { encoding: 'utf8' });
    expect(v.stdout).toMatch(/: OK/);

    tmux('send-keys', '-t', session, 'Escape');
    await waitFor(/q:quit/);
    await new Promise((r) => setTimeout(r, 300));
    tmux('send-keys', '-t', session, 'q');
    const end = Date.now() + 5000;
    while (Date.now() < end && spawnSync('tmux', ['has-session', '-t', session]).status === 0) {
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(spawnSync('tmux', ['has-session', '-t', session]).status).not.toBe(0);
  });
});
