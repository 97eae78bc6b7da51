import { describe, expect, it, test } from 'vitest';
import { fit, storeLabel, storeLabels, wrapText } from '../../src/tui/format.js';

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

describe('wrapText', () => {
  const words = 'the issuer CN=Test Int of CN=missing.test was neither sent nor in the store';

  it('leaves a line that fits alone', () => {
    expect(wrapText('short', 10)).toEqual(['short']);
  });

  it('breaks at spaces, never beyond the width, and loses no word', () => {
    for (const width of [20, 33, 60]) {
      const lines = wrapText(words, width, 4);
      for (const l of lines) expect(Array.from(l).length, l).toBeLessThanOrEqual(width);
      expect(lines.map((l) => l.trim()).join(' ')).toBe(words);
      for (const l of lines.slice(1)) expect(l.startsWith('    ')).toBe(true);
    }
  });

  it('lines values up under their label: a label padding is not a break point', () => {
    expect(wrapText('origin     trust store system; not sent by the server', 30, 11)).toEqual([
      'origin     trust store system;',
      '           not sent by the',
      '           server',
    ]);
  });

  it('cuts a word longer than a line', () => {
    const hex = 'ab'.repeat(40);
    const lines = wrapText(`sha256     ${hex}`, 40, 11);
    expect(lines.join('').replace(/\s+/g, '')).toBe(`sha256${hex}`);
    expect(lines[0]).toBe(`sha256     ${hex.slice(0, 29)}`);
    for (const l of lines) expect(l.length).toBeLessThanOrEqual(40);
  });

  it('keeps room for text when the indent is as wide as the line', () => {
    const lines = wrapText('a b c d e f g h i j k l m n o p', 12, 20);
    for (const l of lines) expect(l.trim().length).toBeGreaterThan(0);
    for (const l of lines) expect(l.length).toBeLessThanOrEqual(12);
  });
});

describe('storeLabels', () => {
  test('short and unique: built-in names as they are, files by name, folders added only where two names collide', () => {
    const labels = storeLabels(['system', '/tmp/x1/corp/roots.pem', '/tmp/x2/lab/roots.pem', '/home/me/other.crt', 'mozilla']);
    expect([...labels.values()]).toEqual(['system', 'corp/roots', 'lab/roots', 'other', 'mozilla']);
    expect(storeLabels(['/a/same/roots.pem', '/b/same/roots.pem']).get('/a/same/roots.pem')).toBe('a/same/roots');
  });
});
