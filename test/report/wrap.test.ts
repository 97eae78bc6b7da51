import { describe, expect, it } from 'vitest';
import { wrapLine } from '../../src/report/text.js';
import { colorStyle } from '../../src/report/style.js';

describe('wrapLine', () => {
  it('leaves short lines alone', () => {
    expect(wrapLine('  error   X: short', 80)).toEqual(['  error   X: short']);
  });

  it('wraps a finding under its message, within the width', () => {
    const line = `  error   MISSING_INTERMEDIATE [0] (system, mozilla): certificate signed by unknown authority: the issuer CN=WR2, O=Google Trust Services, C=US of CN=www.google.com was neither sent nor in the store`;
    const out = wrapLine(line, 80);
    expect(out.length).toBeGreaterThan(1);
    for (const l of out) expect(l.length).toBeLessThanOrEqual(80);
    expect(out.slice(1).every((l) => l.startsWith(' '.repeat(26)))).toBe(true);
    expect(out.map((l) => l.trim()).join(' ')).toBe(line.trim());
  });

  it('does not count colour codes as columns', () => {
    const line = `  ${colorStyle.bad('error  ')} CODE: ${'word '.repeat(12).trim()}`;
    const out = wrapLine(line, 80);
    expect(out).toHaveLength(1);
  });
});
