import { execFile } from 'node:child_process';
import { access, constants, stat } from 'node:fs/promises';
import path from 'node:path';

/** How long `go env -json` may take before chaindbg gives up on it. */
export const GO_ENV_TIMEOUT_MS = 10_000;

/**
 * The I/O edge of goenv: finds `go` in `pathDirs` (in order, first executable file wins, as a shell does) and runs
 * `go env -json` with `env`. Returns its stdout, or null when no go binary is found, it fails, times out or prints
 * nothing. GOTOOLCHAIN=local is forced so that a go.mod `toolchain` line never makes Go download a toolchain, and the
 * command runs in the filesystem root so no go.mod is in scope at all.
 */
export async function runGoEnvJson(
  env: Record<string, string | undefined>,
  pathDirs: string[],
  timeoutMs: number = GO_ENV_TIMEOUT_MS,
): Promise<string | null> {
  const out = await runGo(['env', '-json'], env, pathDirs, timeoutMs);
  return out === null || out.trim() === '' ? null : out;
}

/** How long `go env GOVERSION` may take: the Go verdict's default version is only worth a short wait. */
export const GO_VERSION_TIMEOUT_MS = 3_000;

/**
 * `go env GOVERSION` ("go1.19.8") with the same safety as runGoEnvJson (GOTOOLCHAIN=local, run from the filesystem
 * root); null when there is no go, or it fails or is slow.
 */
export async function runGoVersion(
  env: Record<string, string | undefined>,
  pathDirs: string[],
  timeoutMs: number = GO_VERSION_TIMEOUT_MS,
): Promise<string | null> {
  const v = (await runGo(['env', 'GOVERSION'], env, pathDirs, timeoutMs))?.trim() ?? '';
  return v === '' ? null : v;
}

/**
 * Runs the first `go` in `pathDirs` with `args`: GOTOOLCHAIN=local (a go.mod `toolchain` line never makes Go download
 * a toolchain), from the filesystem root (no go.mod in scope), bounded in time and output. Its stdout, or null when
 * there is no go or it fails.
 */
async function runGo(args: string[], env: Record<string, string | undefined>, pathDirs: string[], timeoutMs: number): Promise<string | null> {
  const go = await findExecutable('go', pathDirs);
  if (go === null) return null;
  const childEnv: Record<string, string> = {};
  for (const [k, v] of Object.entries(env)) if (v !== undefined) childEnv[k] = v;
  childEnv.GOTOOLCHAIN = 'local';
  return new Promise((resolve) => {
    execFile(
      go,
      args,
      { env: childEnv, timeout: timeoutMs, maxBuffer: 4 * 1024 * 1024, cwd: path.parse(process.cwd()).root, windowsHide: true },
      (error, stdout) => resolve(error || typeof stdout !== 'string' ? null : stdout),
    );
  });
}

/** Splits a PATH value into directories (empty entries dropped). */
export function splitPath(value: string | undefined): string[] {
  if (!value) return [];
  return value.split(path.delimiter).filter((d) => d !== '');
}

async function findExecutable(name: string, dirs: string[]): Promise<string | null> {
  const names = process.platform === 'win32' ? [`${name}.exe`] : [name];
  for (const dir of dirs) {
    for (const n of names) {
      const candidate = path.join(dir, n);
      try {
        const info = await stat(candidate);
        if (!info.isFile()) continue;
        await access(candidate, constants.X_OK);
        return candidate;
      } catch {
        // not here: try the next directory
      }
    }
  }
  return null;
}
