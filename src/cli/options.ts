import { UserError } from './errors.js';

export type Format = 'text' | 'json';

/** Parses --format against the formats a command supports. */
export function parseFormat<T extends string>(value: string | undefined, allowed: readonly T[], fallback: T): T {
  if (value === undefined) return fallback;
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new UserError(`unknown --format "${value}": expected one of ${allowed.join(', ')}`);
}

/**
 * Parses --at: an ISO 8601 date ("2024-07-01") or date-time ("2024-07-01T12:00:00Z"), a Unix time in seconds
 * ("@1719835200"), or "now". A date without a zone is UTC.
 */
export function parseAt(value: string | undefined, now: Date): Date {
  if (value === undefined || value === 'now') return now;
  let d: Date;
  if (/^@\d+$/.test(value)) d = new Date(Number(value.slice(1)) * 1000);
  else if (/^\d{4}-\d{2}-\d{2}$/.test(value)) d = new Date(`${value}T00:00:00Z`);
  else if (/^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/.test(value)) {
    const iso = value.replace(' ', 'T');
    d = new Date(/(Z|[+-]\d{2}:?\d{2})$/.test(iso) ? iso : `${iso}Z`);
  } else d = new Date(NaN);
  if (Number.isNaN(d.getTime())) {
    throw new UserError(`invalid --at "${value}": expected an ISO 8601 date such as 2024-07-01 or 2024-07-01T12:00:00Z`);
  }
  return d;
}

/**
 * Every numeric option and its range (docs/commands.md, "Option ranges"). A value outside is a usage error (exit 2)
 * with one line; never a value that overflows Node's timers (setTimeout takes at most 2^31-1 ms, about 24.8 days:
 * beyond that it fires at once, so `--timeout 99999999999` used to fail every connection immediately).
 */
export const OPTION_RANGES = {
  '--timeout': { min: 1, max: 3_600_000, unit: 'ms' },
} as const satisfies Record<string, { min: number; max: number; unit: string }>;

export type NumericOption = keyof typeof OPTION_RANGES;

/** Parses a whole-number option (such as --timeout) within its documented range. */
export function parsePositiveInt(name: NumericOption, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const { min, max, unit } = OPTION_RANGES[name];
  const n = /^\d{1,16}$/.test(value) ? Number(value) : NaN;
  if (!Number.isSafeInteger(n) || n < min || n > max) {
    const shown = value.length > 40 ? `${value.slice(0, 40)}...` : value;
    throw new UserError(`invalid ${name} "${shown}": expected a whole number from ${min} to ${max} (${unit})`);
  }
  return n;
}

/** commander collector for repeatable options. */
export function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

/**
 * --alpn: protocol names, comma-separated, each 1 to 255 bytes as RFC 7301 allows (ProtocolName<1..2^8-1>, the list
 * under 2^16 bytes). Out of range is a usage error (exit 2), not a "cannot start TLS" finding from Node.
 */
export function parseAlpn(value: string | undefined): string[] | undefined {
  if (value === undefined || value === '') return undefined;
  const names = value.split(',').map((s) => s.trim()).filter(Boolean);
  const bytes = names.map((n) => Buffer.byteLength(n));
  if (bytes.some((b) => b > 255) || bytes.reduce((a, b) => a + b + 1, 0) > 65_535) {
    const shown = value.length > 40 ? `${value.slice(0, 40)}...` : value;
    throw new UserError(`invalid --alpn "${shown}": each protocol name is 1 to 255 bytes, the list under 65536 (RFC 7301)`);
  }
  return names.length ? names : undefined;
}
