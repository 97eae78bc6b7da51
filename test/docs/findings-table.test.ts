import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { FINDING_CODES } from '../../src/model/finding.js';
import { FINDINGS } from '../../src/model/findings.js';

/**
 * docs/findings.md and the FINDINGS table (src/model/findings.ts) say the same: every code's section is where the
 * table's `docs` anchor points, its severity is the table's, its fix starts with the words the CLI and the TUI print,
 * and the rank table lists the table's ranks. Change one without the other and this fails.
 */
const text = readFileSync(fileURLToPath(new URL('../../docs/findings.md', import.meta.url)), 'utf8');
const sections = new Map(
  text
    .split(/^### /m)
    .slice(1)
    .map((s) => [s.split('\n')[0]!.trim(), s] as const),
);

describe('docs/findings.md agrees with the FINDINGS table', () => {
  it("has each code's section at the table's anchor", () => {
    for (const code of FINDING_CODES) {
      expect(FINDINGS[code].docs).toBe(`findings.md#${code.toLowerCase()}`);
      expect(sections.has(code), code).toBe(true);
    }
  });

  it("gives each code the table's severity first", () => {
    // "- Severity: `warning`; ..." or "- Severity, evidence: as `GO_VERDICT`" (the other code's severity).
    const severityOf = (code: string): string | undefined => {
      const first = /^- Severity[^`\n]*`(\w+)`/m.exec(sections.get(code) ?? '')?.[1];
      return first !== undefined && sections.has(first) ? severityOf(first) : first;
    };
    const differ = FINDING_CODES.filter((code) => severityOf(code) !== FINDINGS[code].severity);
    expect(differ).toEqual([]);
  });

  it('starts each Fix with the words chaindbg prints', () => {
    const differ = FINDING_CODES.filter((code) => {
      const fix = /^- Fix: (.*)$/m.exec(sections.get(code) ?? '')?.[1] ?? '';
      return !fix.startsWith(FINDINGS[code].fix({} as never));
    });
    expect(differ).toEqual([]);
  });

  it("lists the table's ranks in the rank table", () => {
    const documented = new Map<string, number>();
    for (const m of text.matchAll(/\| (\d+) \| ([A-Z_]+) \|/g)) documented.set(m[2]!, Number(m[1]));
    const ranked = FINDING_CODES.filter((code) => FINDINGS[code].rank > 0);
    expect([...documented.keys()].sort()).toEqual([...ranked].sort());
    for (const code of ranked) expect(documented.get(code), code).toBe(FINDINGS[code].rank);
  });
});
