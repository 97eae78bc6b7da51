import { NEWEST_GO, parseGoVersion } from '../path/go-release.js';
import { runGoVersion, splitPath } from '../goenv/run.js';
import { UserError } from './errors.js';
import type { CliIO } from './io.js';

/** Which Go the Go verdict is for, and the GODEBUG it runs with. */
export interface GoChoice {
  goVersion: string;
  godebug: string | undefined;
}

/**
 * --go-version X when given (a version such as 1.22 or go1.22.5, else a usage error); otherwise the Go on PATH
 * (`go env GOVERSION`, a short wait at most); otherwise the newest Go modelled. GODEBUG comes from the environment.
 */
export function chooseGo(option: string | undefined, io: CliIO): Promise<GoChoice> {
  // Asked once per command run (probe asks per target).
  const key = `${option ?? ''}`;
  const cached = asked.get(io)?.get(key);
  if (cached) return cached;
  const p = choose(option, io);
  if (!asked.has(io)) asked.set(io, new Map());
  asked.get(io)!.set(key, p);
  return p;
}

const asked = new WeakMap<CliIO, Map<string, Promise<GoChoice>>>();

async function choose(option: string | undefined, io: CliIO): Promise<GoChoice> {
  const godebug = io.env.GODEBUG;
  if (option !== undefined) {
    const v = parseGoVersion(option);
    if (!v || v[0] !== 1) throw new UserError(`invalid --go-version "${option}": expected a Go version such as 1.22 or go1.22.5`);
    return { goVersion: option, godebug };
  }
  const found = await runGoVersion(io.env, splitPath(io.env.PATH));
  const parsed = found !== null ? parseGoVersion(found) : null;
  return { goVersion: parsed ? found! : NEWEST_GO, godebug };
}
