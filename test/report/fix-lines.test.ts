import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { memoryIO } from '../../src/cli/io.js';
import { run } from '../../src/cli/run.js';
import { FINDINGS } from '../../src/model/findings.js';
import type { Report } from '../../src/model/report.js';
import { reportOf } from '../support/reports.js';

/**
 * The text report prints, under every error finding, the fix from the FINDINGS table: the words the TUI shows.
 * Google's 2024 leaf sent without its intermediate, judged in a store that does not hold its root, on the wrong
 * name and after it expired: several error findings at once (MISSING_INTERMEDIATE, HOSTNAME_MISMATCH, verdicts...).
 */
const root = fileURLToPath(new URL('../../', import.meta.url));
const args = ['verify', 'certs/reference/leaf-www.google.com-wr2-2024.pem', '--store', 'certs/reference/isrg-root-x1.pem', '--host', 'example.org', '--at', '2024-07-01'];

describe('fix lines in the text report', () => {
  it('follow every error finding, with the same words as the table (and none under warnings or info)', async () => {
    const json = memoryIO({ cwd: root });
    await run([...args, '--format', 'json'], json);
    const report = reportOf(json.output);
    const errors = report.findings.filter((f) => f.severity === 'error');
    expect(errors.length).toBeGreaterThanOrEqual(2);

    const text = memoryIO({ cwd: root });
    expect(await run(args, text)).toBe(1);
    const lines = text.output.split('\n');
    const fixes = lines.filter((l) => l.trimStart().startsWith('fix: '));
    // One fix line per printed error line (the same finding in several stores prints once).
    const errorLines = lines.filter((l) => /^ {2}error {3}[A-Z_]+/.test(l));
    expect(fixes).toHaveLength(errorLines.length);
    // One line per cause: each error cause's lead finding is printed, with its fix under it.
    for (const f of report.causes.filter((c) => c.severity === 'error').map((c) => report.findings[c.findings[0]!]!)) {
      const at = lines.findIndex((l) => l.startsWith(`  error   ${f.code}`) && l.includes(f.message));
      expect(at, f.code).toBeGreaterThanOrEqual(0);
      const fix = lines.slice(at + 1).find((l) => l.trimStart().startsWith('fix: '));
      expect(fix, f.code).toBe(`        fix: ${FINDINGS[f.code].fix(f.evidence as never)}`);
    }
    for (const l of lines.filter((x) => /^ {2}(warning|info)/.test(x))) {
      const next = lines[lines.indexOf(l) + 1] ?? '';
      expect(next.trimStart().startsWith('fix: '), l).toBe(false);
    }
  });
});
