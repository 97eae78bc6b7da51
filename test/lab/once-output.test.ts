/**
 * `lab --once` stops its servers and removes its stores before the user reads the table, so it must not offer
 * their commands to type; the serving lab does.
 */
import { describe, expect, it } from 'vitest';
import { run } from '../../src/cli/run.js';
import { memoryIO } from '../../src/cli/io.js';

describe('lab text output', () => {
  it('--once shows what was probed, not commands to type, and says how to keep the servers up', async () => {
    const io = memoryIO();
    expect(await run(['lab', 'healthy', '--once'], io)).toBe(0);
    expect(io.output).toMatch(/probed with: chaindbg probe proxy\.golang\.org --connect 127\.0\.0\.1:\d+/);
    expect(io.output).not.toMatch(/^\s*\$ chaindbg/m);
    expect(io.output.trimEnd().split('\n').pop()).toMatch(/stopped and removed \(--once\); run "chaindbg lab" to keep them up/);
  });

  it('--once shows the Go demos\' commands as run too', async () => {
    const io = memoryIO({ env: { HOME: '/nonexistent', GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: '/dev/null' } });
    expect(await run(['lab', 'go-endpoints', '--once'], io)).toBe(0);
    expect(io.output).toMatch(/probed with: .*chaindbg go /);
    expect(io.output).not.toMatch(/^\s*\$ /m);
  });

  it('a serving lab prints each command to type', async () => {
    const io = memoryIO({ interrupted: Promise.resolve(), handleInterrupt: () => {} });
    expect(await run(['lab', 'healthy'], io)).toBe(0);
    expect(io.output).toMatch(/^ {2}\$ chaindbg probe proxy\.golang\.org --connect 127\.0\.0\.1:\d+/m);
    expect(io.output).not.toMatch(/--once/);
  });
});
