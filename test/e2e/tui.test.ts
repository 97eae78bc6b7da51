/**
 * The real binary in a real pseudo-terminal (tmux, 80x24) against a lab server: the TUI shows the missing
 * intermediate; with AIA off (the default) export says where the issuer could be fetched; A turns AIA on, and the
 * export writes a full chain that validates. And `chaindbg lab tls12-only --tui` shows that scenario trusted (TLS
 * auto, as Go). `CI=true` is set on purpose: Ink treats CI as non-interactive and would draw nothing; chaindbg must
 * still draw on a real terminal (CI failed on exactly this).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startLab, type Lab } from '../../src/lab/index.js';

const root = new URL('../..', import.meta.url).pathname;
const hasTmux = spawnSync('tmux', ['-V']).status === 0;
const session = `chaindbg-e2e-${process.pid}`;
let lab: Lab;
let dir: string;

const tmux = (...args: string[]) => execFileSync('tmux', args, { encoding: 'utf8' });
const screen = () => tmux('capture-pane', '-p', '-t', session);

/** Starts the binary with `args` in a fresh tmux session of 80x24, without colour. */
function launch(args: string[]): void {
  const cmd = [process.execPath, join(root, 'bin/chaindbg.js'), ...args];
  tmux('new-session', '-d', '-s', session, '-x', '80', '-y', '24', '-c', dir, '-e', 'NO_COLOR=1', '-e', 'CI=true', cmd.map((a) => `'${a}'`).join(' '));
}

/** q, then the session ends (the process exited). */
async function quit(): Promise<void> {
  await waitFor(/q:quit/);
  await new Promise((r) => setTimeout(r, 300));
  tmux('send-keys', '-t', session, 'q');
  const end = Date.now() + 5000;
  while (Date.now() < end && spawnSync('tmux', ['has-session', '-t', session]).status === 0) {
    await new Promise((r) => setTimeout(r, 100));
  }
  expect(spawnSync('tmux', ['has-session', '-t', session]).status).not.toBe(0);
}

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
afterEach(() => {
  if (hasTmux) spawnSync('tmux', ['kill-session', '-t', session]);
});
afterAll(async () => {
  if (!hasTmux) return;
  await lab?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe.skipIf(!hasTmux)('chaindbg tui in a terminal', () => {
  it('shows the missing intermediate; with AIA turned on (A), exports a full chain that validates', async () => {
    const s = lab.scenarios[0]!;
    const store = lab.stores.find((x) => x.name === 'lab-roots')!.path!;
    const t0 = performance.now();
    launch(['tui', s.servername, '--connect', s.connect, '--store', store]);
    const first = await waitFor(/MISSING_INTERMEDIATE/);
    console.info(`first frame with a verdict after ${Math.round(performance.now() - t0)} ms`);
    expect(first).toMatch(/sum\.golang\.org/);
    expect(first).toMatch(/TLS auto {2}AIA off/);
    for (const line of first.split('\n')) expect(line.length).toBeLessThanOrEqual(80);

    // AIA off: nothing to write, and the export view says where the missing issuer could be fetched.
    tmux('send-keys', '-t', session, 'e');
    await waitFor(/fullchain/);
    tmux('send-keys', '-t', session, 'Enter');
    const refused = await waitFor(/enter\s+writes/);
    expect(refused.replace(/\s+/g, ' ')).toContain(`AIA is off: the missing issuer could be fetched from ${lab.aiaBaseUrl}/`);
    tmux('send-keys', '-t', session, 'Escape');
    await waitFor(/q:quit/);

    tmux('send-keys', '-t', session, 'A');
    await waitFor(/AIA on[\s\S]*\[aia\]/);
    tmux('send-keys', '-t', session, 'e');
    await waitFor(/fullchain/);
    tmux('send-keys', '-t', session, 'Enter');
    const plan = await waitFor(/enter\s+writes/);
    expect(plan).not.toContain('AIA is off');
    // The path proposed in the current folder; enter writes it.
    tmux('send-keys', '-t', session, 'Enter');
    await waitFor(/written/);
    const file = join(dir, 'sum.golang.org-fullchain.pem');
    expect(existsSync(file)).toBe(true);
    expect(readFileSync(file, 'utf8').match(/BEGIN CERTIFICATE/g)).toHaveLength(2);
    // OpenSSL agrees: the exported chain validates against the lab's root.
    const v = spawnSync('openssl', ['verify', '-CAfile', store, '-untrusted', file, file], { encoding: 'utf8' });
    expect(v.stdout).toMatch(/: OK/);

    tmux('send-keys', '-t', session, 'Escape');
    await quit();
  });

  it('lab --tui: the TLS 1.2-only scenario is trusted at TLS auto', async () => {
    launch(['lab', 'tls12-only', '--tui']);
    const f = await waitFor(/✓ tls12-only/);
    expect(f).toMatch(/TLS auto/);
    expect(f.split('\n').find((l) => l.includes('tls12-only:'))).toMatch(/✓lab-roots/);
    await quit();
  });
});
