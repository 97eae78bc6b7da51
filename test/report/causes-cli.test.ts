/**
 * One line per cause, stores as columns, short unique labels: a leaf sent without its intermediate, judged in three
 * stores that all hold the root (two files both called roots.pem in different folders, and one named corp=PATH).
 * The missing intermediate is one cause affecting the three stores, with Go's and OpenSSL's verdicts folded under it.
 *
 *   root (in a/roots.pem, b/roots.pem, corp.pem) -> int (not sent) -> leaf (sent)
 */
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { memoryIO } from '../../src/cli/io.js';
import { run } from '../../src/cli/run.js';
import { buildPki } from '../../src/pki/index.js';
import { columns } from '../../src/util/columns.js';
import type { Report } from '../../src/model/report.js';
import { FINDINGS } from '../../src/model/findings.js';

const now = new Date('2026-06-01T00:00:00Z');
let dir = '';

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'chaindbg-causes-'));
  const pki = await buildPki({
    now,
    nodes: {
      root: { subject: { CN: 'Causes Test Root' }, ca: true },
      int: { subject: { CN: 'Causes Test Intermediate' }, issuer: 'root', ca: true },
      leaf: { subject: { CN: 'leaf.example' }, issuer: 'int', sans: ['leaf.example'] },
    },
  });
  for (const sub of ['a', 'b']) {
    mkdirSync(join(dir, sub));
    writeFileSync(join(dir, sub, 'roots.pem'), pki.pem('root'));
  }
  writeFileSync(join(dir, 'corp.pem'), pki.pem('root'));
  writeFileSync(join(dir, 'leaf.pem'), pki.pem('leaf'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const args = () => ['verify', 'leaf.pem', '--store', 'a/roots.pem', '--store', 'b/roots.pem', '--store', 'corp=corp.pem', '--host', 'leaf.example', '--at', now.toISOString()];

describe('causes and labels through the CLI', () => {
  it('JSON: one cause for the missing intermediate in three stores, verdicts folded; labels short and unique', async () => {
    const io = memoryIO({ cwd: dir });
    expect(await run([...args(), '--format', 'json'], io)).toBe(1);
    const doc = JSON.parse(io.output) as { schemaVersion: number; reports: Report[] };
    expect(doc.schemaVersion).toBe(2);
    const [report] = doc.reports;
    expect(report!.stores.map((s) => [s.name, s.label])).toEqual([
      ['a/roots.pem', 'a/roots'],
      ['b/roots.pem', 'b/roots'],
      ['corp=corp.pem', 'corp'],
    ]);
    const lead = report!.causes[0]!;
    expect(lead.code).toBe('MISSING_INTERMEDIATE');
    expect(lead.stores).toEqual(['a/roots.pem', 'b/roots.pem', 'corp=corp.pem']);
    const folded = lead.findings.map((i) => report!.findings[i]!.code);
    expect(folded.filter((c) => c === 'MISSING_INTERMEDIATE')).toHaveLength(3);
    expect(folded).toContain('GO_VERDICT');
    expect(lead.clients.filter((c) => c.client === 'go' && c.accepts === false).length).toBeGreaterThan(0);
    // Every finding is in exactly one cause.
    const all = report!.causes.flatMap((c) => c.findings).sort((a, b) => a - b);
    expect(all).toEqual(report!.findings.map((_, i) => i));
  });

  it('text at 60 and 100 columns: the cause line whole, no store path twice on a line, the cause and fix at the end', async () => {
    for (const width of [60, 100]) {
      const io = memoryIO({ cwd: dir, isTTY: true, columns: width, env: { NO_COLOR: '1' } });
      expect(await run(args(), io)).toBe(1);
      const lines = io.output.split('\n');
      expect(lines.filter((l) => columns(l) > width), `wider than ${width}`).toEqual([]);
      if (process.env.SHOW) console.log(io.output);
      // The cause is printed once (three stores, one line), with the three labels as columns.
      const text = io.output.replace(/\n +/g, ' ');
      expect(text.match(/error {3}MISSING_INTERMEDIATE/g)).toHaveLength(1);
      expect(text).toContain('stores ✗a/roots ✗b/roots ✗corp');
      expect(text).toContain('Causes Test Intermediate');
      // The findings name stores by label: the whole SPEC NAME=PATH is only in the store view.
      const findings = lines.slice(lines.findIndex((l) => l.startsWith('Findings')));
      expect(findings.filter((l) => l.includes('corp=corp.pem'))).toEqual([]);
      for (const l of lines) expect(l.split('corp.pem').length, l).toBeLessThanOrEqual(2);
      // The full SPEC appears once, in the store view.
      expect(text).toContain('Store corp=corp.pem: NOT TRUSTED');
      const tail = lines.filter(Boolean).slice(-8).join(' ');
      expect(tail).toContain('Cause: MISSING_INTERMEDIATE');
      expect(text).toContain(`Fix: ${FINDINGS.MISSING_INTERMEDIATE.fix({} as never)}`);
    }
  });
});
