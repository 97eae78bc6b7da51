/**
 * The Go settings that decide which hosts `go get` talks to over TLS. Reading them is pure: the caller passes the
 * environment and, optionally, a function that runs `go env -json` (see run.ts, the only I/O here).
 */

/** The variables chaindbg reads, as Go spells them. */
export const GO_ENV_KEYS = ['GOPROXY', 'GOSUMDB', 'GOPRIVATE', 'GONOPROXY', 'GONOSUMDB', 'GOINSECURE', 'GOFLAGS'] as const;

export type GoEnvKey = (typeof GO_ENV_KEYS)[number];

/** Go's built-in defaults (cmd/go/internal/cfg, go.env shipped with the toolchain). */
export const GO_DEFAULTS = {
  GOPROXY: 'https://proxy.golang.org,direct',
  GOSUMDB: 'sum.golang.org',
} as const;

export type GoEnvSource = 'go env -json' | 'environment' | 'defaults';

export interface GoSettings extends Record<GoEnvKey, string> {
  /** Where the values came from: the go tool itself, the process environment, or Go's defaults alone. */
  source: GoEnvSource;
}

export interface GoEnvContext {
  env: Record<string, string | undefined>;
  /** Runs `go env -json` and returns its stdout, or null when there is no go binary or it fails (see runGoEnvJson). */
  runGoEnv?: () => Promise<string | null>;
}

/**
 * Reads the Go settings. `go env -json` wins when it answers with valid JSON (it also sees the go env file,
 * `go env -w`); otherwise the environment is read with Go's own defaulting rules: an empty value means the default,
 * and GONOPROXY / GONOSUMDB default to GOPRIVATE.
 */
export async function readGoEnv(ctx: GoEnvContext): Promise<GoSettings> {
  if (ctx.runGoEnv) {
    const out = await ctx.runGoEnv();
    const fromGo = out === null ? null : parseGoEnvJson(out);
    if (fromGo) return { source: 'go env -json', ...withDefaults(fromGo) };
  }
  const fromEnv: Partial<Record<GoEnvKey, string>> = {};
  let any = false;
  for (const key of GO_ENV_KEYS) {
    const value = ctx.env[key];
    if (value !== undefined && value !== '') {
      fromEnv[key] = value;
      any = true;
    }
  }
  return { source: any ? 'environment' : 'defaults', ...withDefaults(fromEnv) };
}

/** The subset of `go env -json` output chaindbg reads; null when the text is not a JSON object. */
export function parseGoEnvJson(text: string): Partial<Record<GoEnvKey, string>> | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return null;
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) return null;
  const record = parsed as Record<string, unknown>;
  const out: Partial<Record<GoEnvKey, string>> = {};
  for (const key of GO_ENV_KEYS) {
    const value = record[key];
    if (typeof value === 'string' && value !== '') out[key] = value;
  }
  return out;
}

function withDefaults(values: Partial<Record<GoEnvKey, string>>): Record<GoEnvKey, string> {
  const GOPRIVATE = values.GOPRIVATE ?? '';
  return {
    GOPROXY: values.GOPROXY ?? GO_DEFAULTS.GOPROXY,
    GOSUMDB: values.GOSUMDB ?? GO_DEFAULTS.GOSUMDB,
    GOPRIVATE,
    GONOPROXY: values.GONOPROXY ?? GOPRIVATE,
    GONOSUMDB: values.GONOSUMDB ?? GOPRIVATE,
    GOINSECURE: values.GOINSECURE ?? '',
    GOFLAGS: values.GOFLAGS ?? '',
  };
}
