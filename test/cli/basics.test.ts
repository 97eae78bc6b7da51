import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { run } from '../../src/cli/run.js';
import { memoryIO } from '../../src/cli/io.js';
import { VERSION } from '../../src/cli/version.js';
import { parseAt } from '../../src/cli/options.js';

describe('chaindbg CLI basics', () => {
  it('--version prints the package version', async () => {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'));
    expect(VERSION).toBe(pkg.version);
    const io = memoryIO();
    expect(await run(['--version'], io)).toBe(0);
    expect(io.output.trim()).toBe(pkg.version);
  });

  it('--help documents the exit codes', async () => {
    const io = memoryIO();
    expect(await run(['--help'], io)).toBe(0);
    expect(io.output).toMatch(/Exit codes:/);
    expect(io.output).toMatch(/3\s+connection failure/);
  });

  it('an unknown option is a one-line usage error with exit 2', async () => {
    const io = memoryIO();
    expect(await run(['verify', '--bogus', 'x.pem'], io)).toBe(2);
    expect(io.errors).toMatch(/^chaindbg: unknown option '--bogus'/);
    expect(io.errors).not.toMatch(/\bat .*\.js:\d+/);
  });

  it('an unknown command is exit 2', async () => {
    const io = memoryIO();
    expect(await run(['frobnicate'], io)).toBe(2);
    expect(io.errors).toMatch(/unknown command/);
  });

  it('parses --at forms and rejects garbage', () => {
    const now = new Date('2026-01-01T00:00:00Z');
    expect(parseAt(undefined, now)).toBe(now);
    expect(parseAt('2024-07-01', now).toISOString()).toBe('2024-07-01T00:00:00.000Z');
    expect(parseAt('2024-07-01T12:30:00Z', now).toISOString()).toBe('2024-07-01T12:30:00.000Z');
    expect(parseAt('2024-07-01T12:30:00+02:00', now).toISOString()).toBe('2024-07-01T10:30:00.000Z');
    expect(parseAt('@1719835200', now).toISOString()).toBe('2024-07-01T12:00:00.000Z');
    expect(() => parseAt('yesterday', now)).toThrow(/invalid --at "yesterday"/);
    expect(() => parseAt('2024-13-45', now)).toThrow(/invalid --at/);
  });
});
