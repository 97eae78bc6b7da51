/**
 * Builds and runs small Go programs for tests that compare chaindbg with the Go on PATH. Tests that use it skip,
 * saying so, where `go` is absent (CI may not have it).
 */
import { execFile, execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The go binary on PATH and its version ("go1.19.8"), or null. */
export function goOnPath(): { version: string } | null {
  try {
    const version = execFileSync('go', ['env', 'GOVERSION'], { encoding: 'utf8', timeout: 20_000 }).trim();
    return version ? { version } : null;
  } catch {
    return null;
  }
}

export const GO = goOnPath();
export const NO_GO_REASON = 'go is not on PATH: the comparison with real Go is skipped';

/** Compiles one main package (no modules needed: standard library only) and returns the binary's path. */
export function buildGo(source: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'chaindbg-go-'));
  writeFileSync(join(dir, 'main.go'), source);
  const bin = join(dir, 'prog');
  const r = spawnSync('go', ['build', '-o', bin, 'main.go'], {
    cwd: dir,
    encoding: 'utf8',
    timeout: 120_000,
    env: { ...process.env, GO111MODULE: 'off', GOFLAGS: '', CGO_ENABLED: '0' },
  });
  if (r.status !== 0) throw new Error(`go build failed: ${r.stderr}`);
  return bin;
}

/**
 * Runs a built program with exactly `env` (plus PATH/HOME) and returns its stdout and stderr. Asynchronous, so
 * loopback servers in the test's own process keep answering it.
 */
export function runGo(bin: string, args: string[], env: Record<string, string> = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(bin, args, { encoding: 'utf8', timeout: 30_000, env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env } }, (err, stdout, stderr) => {
      if (err && typeof (err as { code?: unknown }).code !== 'number') reject(err);
      else resolve(`${stdout}${stderr}`);
    });
  });
}
