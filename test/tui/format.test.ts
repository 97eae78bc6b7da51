import { describe, expect, it } from 'vitest';
import { fit, storeLabel } from '../../src/tui/format.js';

describe('TUI text helpers', () => {
  it('shows built-in stores by name and file stores by base name', () => {
    expect(storeLabel('system')).toBe('system');
    expect(storeLabel('mozilla')).toBe('mozilla');
    expect(storeLabel('/tmp/chaindbg-lab-x1/lab-roots.pem')).toBe('lab-roots');
    expect(storeLabel('./corp/roots/')).toBe('roots');
    expect(storeLabel('C:\\certs\\corp.crt')).toBe('corp');
  });

  it('fits text to a width with an ellipsis and never wraps', () => {
    expect(fit('abcdef', 4)).toBe('abc…');
    expect(fit('a\nb', 10)).toBe('a b');
    expect(fit('abc', 0)).toBe('');
  });
});
