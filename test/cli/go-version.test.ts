/**
 * --go-version and GODEBUG through the CLI: which Go the verdict is for, and a release or setting that changes it.
 *
 *   root (P-256) -> leaf (SHA-1 signed, SAN a.example.com)
 *
 * Go accepts SHA-1 before 1.18, refuses it from 1.18 unless GODEBUG=x509sha1=1, and 1.24 removed that setting.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { memoryIO } from '../../src/cli/io.js';
import { run } from '../../src/cli/run.js';
import { NEWEST_GO } from '../../src/path/go-release.js';
import { makePki } from '../support/pki.js';
import { reportOf } from '../support/reports.js';

let dir: string;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'chaindbg-goversion-'));
  const pki = await makePki({ root: { cn: 'SHA1 Root' }, leaf: { cn: 'leaf', issuer: 'root', sans: ['a.example.com'], hash: 'SHA-1' } });
  writeFileSync(join(dir, 'root.pem'), pki.root.pem);
  writeFileSync(join(dir, 'leaf.pem'), pki.leaf.pem);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function goVerdict(args: string[], env: Record<string, string> = {}) {
  const io = memoryIO({ env });
  const code = await run(['verify', join(dir, 'leaf.pem'), '--store', join(dir, 'root.pem'), '--host', 'a.example.com', '--at', '2025-01-01', '--format', 'json', ...args], io);
  const { findings } = reportOf(io.output);
  const go = findings.find((f) => f.code === 'GO_VERDICT')!;
  return { code, go };
}

describe('--go-version', () => {
  it('judges as the release given, and says which', async () => {
    const old = await goVerdict(['--go-version', '1.17']);
    expect(old.go.evidence).toMatchObject({ accepts: true, goVersion: '1.17', go: 'Go 1.17' });
    expect(old.go.message).toMatch(/^go 1\.17: accepts/);
    const v119 = await goVerdict(['--go-version', 'go1.19.8']);
    expect(v119.go.evidence).toMatchObject({ accepts: false, reason: 'WEAK_SIGNATURE', goVersion: '1.19.8', goErrorType: 'UnknownAuthorityError' });
  });

  it('honours GODEBUG=x509sha1=1 where that Go reads it', async () => {
    const allowed = await goVerdict(['--go-version', '1.19'], { GODEBUG: 'x509sha1=1' });
    expect(allowed.go.evidence).toMatchObject({ accepts: true, go: 'Go 1.19 with GODEBUG=x509sha1=1' });
    const removed = await goVerdict(['--go-version', '1.24'], { GODEBUG: 'x509sha1=1' });
    expect(removed.go.evidence).toMatchObject({ accepts: false, reason: 'WEAK_SIGNATURE' });
  });

  it('refuses what is not a Go version with one line and exit 2', async () => {
    const io = memoryIO();
    expect(await run(['verify', join(dir, 'leaf.pem'), '--go-version', 'banana'], io)).toBe(2);
    expect(io.errors).toMatch(/^chaindbg: invalid --go-version "banana": expected a Go version such as 1\.22 or go1\.22\.5\n$/);
  });

  it('defaults to the go on PATH, else the newest modelled', async () => {
    const none = await goVerdict([], {});
    expect(none.go.evidence.goVersion).toBe(NEWEST_GO);
    const probe = spawnSync('go', ['env', 'GOVERSION'], { encoding: 'utf8', env: { ...process.env, GOTOOLCHAIN: 'local' } });
    if (probe.status !== 0) {
      console.log('skipped the go-on-PATH half: go is not on PATH');
      return;
    }
    const onPath = await goVerdict([], { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '' });
    expect(onPath.go.evidence.goVersion).toBe(probe.stdout.trim().replace(/^go/, ''));
  });
});
