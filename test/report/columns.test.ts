/**
 * Text fits the terminal by columns, not characters: CJK characters and emoji take two columns. A chain whose names
 * are Japanese and emoji (made here, at test time) is rendered at 60 and 100 columns; no line is wider.
 */
import { describe, expect, it } from 'vitest';
import { buildPki } from '../../src/pki/index.js';
import { renderText } from '../../src/report/index.js';
import { analyzeToReport } from '../../src/session/index.js';
import { readCertificates } from '../../src/x509/index.js';
import { columns } from '../../src/util/columns.js';
import { fit, pad, wrapText } from '../../src/tui/format.js';
import { wrapLine } from '../../src/report/text.js';

const now = new Date('2026-06-01T00:00:00Z');

describe('text width by terminal columns', () => {
  it('a report with CJK and emoji names never exceeds 60 or 100 columns', async () => {
    // root (not in any store) -> 中間認証局 -> leaf: every store-less verdict names them in long finding lines.
    const pki = await buildPki({
      now,
      nodes: {
        root: { subject: { CN: '日本語のルート認証局🔐🔐🔐', O: '株式会社テスト認証サービス' }, ca: true },
        int: { subject: { CN: '中間認証局 二〇二六 🧪', O: '株式会社テスト認証サービス' }, issuer: 'root', ca: true },
        leaf: { subject: { CN: 'サーバー証明書テスト用の長い名前👍🏽' }, issuer: 'int', sans: ['xn--wgv71a.example'] },
      },
    });
    const sent = readCertificates(new TextEncoder().encode(pki.chainPem(['leaf', 'int'])), 'chain.pem').map((s) => s.cert);
    const report = analyzeToReport({ sent, stores: [], now, host: 'other.example' });
    for (const width of [60, 100]) {
      const lines = renderText(report, undefined, width).split('\n');
      expect(lines.some((l) => l.includes('中間認証局'))).toBe(true);
      const over = lines.filter((l) => columns(l) > width);
      expect(over, `lines wider than ${width} columns`).toEqual([]);
    }
  });

  it('wrapLine cuts a word wider than the line, keeping every character', () => {
    const line = `  error   X: ${'漢字'.repeat(40)} end`;
    const out = wrapLine(line, 30);
    for (const l of out) expect(columns(l)).toBeLessThanOrEqual(30);
    expect(out.join('').replace(/\s+/g, '')).toBe(line.replace(/\s+/g, ''));
  });

  it('the fast path for plain text agrees with string-width on every character it covers', async () => {
    const { default: stringWidth } = await import('string-width');
    const covered = [...Array.from({ length: 0x5f }, (_, i) => String.fromCharCode(0x20 + i)), ...Array.from({ length: 0xe0 }, (_, i) => String.fromCharCode(0xa0 + i)).filter((c) => c !== '\u00ad'), ...'✓✗…▸▾›→←↑↓•—–·⚠═─│×'];
    for (const c of covered) expect(`${c}: ${columns(c)}`).toBe(`${c}: ${stringWidth(c)}`);
    expect(columns('\u00ad')).toBe(stringWidth('\u00ad'));
  });

  it('TUI helpers measure columns: fit, pad and wrapText', () => {
    expect(columns(fit('日本語のテキスト', 7))).toBeLessThanOrEqual(7);
    expect(fit('日本語のテキスト', 7)).toBe('日本語…');
    expect(columns(pad('表', 5))).toBe(5);
    expect(columns(pad('👍🏽', 4))).toBe(4);
    const wrapped = wrapText('名前 '.repeat(30), 21, 4);
    for (const l of wrapped) expect(columns(l)).toBeLessThanOrEqual(21);
    expect(wrapped.join('').replace(/\s+/g, '')).toBe('名前'.repeat(30));
  });
});
