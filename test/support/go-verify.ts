/**
 * Real Go's verdict on a chain: test/go/verify/main.go (standard library only) built once into a temporary folder
 * with the `go` on PATH, fed a JSON array of cases. Where `go` is absent, `goVerifier()` says why instead, and the
 * tests that need it skip with that sentence.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface GoCase {
  id: string;
  leaf: string;
  intermediates: string[];
  roots: string[];
  /** VerifyOptions.DNSName; "" checks no name. */
  host: string;
  /** RFC 3339. */
  time: string;
  keyUsages?: string[];
}

export interface GoResult {
  id: string;
  ok: boolean;
  /** Go's err.Error(), "" when ok. */
  error: string;
  kind: string;
  chains: string[][];
}

export interface GoVerifier {
  version: string;
  run(cases: GoCase[], env?: Record<string, string>): GoResult[];
  close(): void;
}

const source = fileURLToPath(new URL('../go/verify/main.go', import.meta.url));
const goEnv = () => ({ ...process.env, GOFLAGS: '-mod=mod', GOPROXY: 'off', GOTOOLCHAIN: 'local', CGO_ENABLED: '0' });

/** Builds the verifier; a string says why it cannot (no go on PATH, build failed). */
export function goVerifier(): GoVerifier | string {
  const version = spawnSync('go', ['env', 'GOVERSION'], { encoding: 'utf8', env: goEnv() });
  if (version.error || version.status !== 0) return 'go is not on PATH: the comparison with real Go is skipped';
  const dir = mkdtempSync(join(tmpdir(), 'chaindbg-goverify-'));
  const bin = join(dir, 'verify');
  const built = spawnSync('go', ['build', '-o', bin, source], { encoding: 'utf8', env: goEnv() });
  if (built.status !== 0) {
    rmSync(dir, { recursive: true, force: true });
    return `go build of test/go/verify failed: ${built.stderr.trim().split('\n')[0]}`;
  }
  return {
    version: version.stdout.trim(),
    run(cases, env = {}) {
      const r = spawnSync(bin, [], { input: JSON.stringify(cases), encoding: 'utf8', env: { PATH: process.env.PATH ?? '', ...env }, maxBuffer: 64 << 20 });
      if (r.status !== 0) throw new Error(`go verify failed: ${r.stderr}`);
      return (JSON.parse(r.stdout) as { results: GoResult[] }).results;
    },
    close: () => rmSync(dir, { recursive: true, force: true }),
  };
}
