import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { run } from '../../src/cli/run.js';
import { memoryIO } from '../../src/cli/io.js';
import { FINDING_CODES } from '../../src/model/finding.js';

/** Keeps docs/findings.md, docs/json.md and docs/commands.md true to the code. */

const root = fileURLToPath(new URL('../../', import.meta.url));
const doc = (name: string): string => readFileSync(`${root}docs/${name}`, 'utf8');

/** `### CODE` headings of findings.md, in order. */
function codeHeadings(markdown: string): string[] {
  return [...markdown.matchAll(/^### (\S+)\s*$/gm)].map((m) => m[1]!);
}

/** Keys of every object in a list, deduplicated and sorted. */
const keysOf = (list: unknown[]): string[] =>
  [...new Set(list.flatMap((x) => Object.keys(x as Record<string, unknown>)))].sort();

/** Keys that json.md does not mention as `key` (in backticks, alone or followed by a space, dot or bracket). */
function undocumented(keys: string[], markdown: string): string[] {
  return keys.filter((k) => !new RegExp(`\`\\.?${k}(\`|\\[|\\s)`).test(markdown));
}

describe('docs/findings.md', () => {
  const headings = codeHeadings(doc('findings.md'));

  it('has a ### heading for every finding code', () => {
    const missing = FINDING_CODES.filter((c) => !headings.includes(c));
    expect(missing).toEqual([]);
  });

  it('has no ### heading naming a code that does not exist, and none twice', () => {
    const known = new Set<string>(FINDING_CODES);
    expect(headings.filter((h) => !known.has(h))).toEqual([]);
    expect(headings.length).toBe(new Set(headings).size);
  });

  it('gives every code a severity, evidence, an example and a fix', () => {
    const text = doc('findings.md');
    const sections = text.split(/^### /m).slice(1);
    const incomplete = sections
      .map((s) => ({ code: s.split('\n')[0]!.trim(), body: s }))
      .filter(({ body }) => !/Fix:/.test(body))
      .map(({ code }) => code);
    expect(incomplete).toEqual([]);
  });
});

describe('docs/json.md', () => {
  it('names every key of a real Report and of its sent[], stores[], chain[] and findings[] entries', async () => {
    const io = memoryIO({ cwd: root });
    const code = await run(
      [
        'verify',
        'certs/reference/leaf-www.google.com-wr2-2024.pem',
        'certs/reference/gts-wr2.pem',
        '--at',
        '2024-07-01',
        '--store',
        'certs/reference/gts-root-r1.pem',
        '--format',
        'json',
      ],
      io,
    );
    expect(code).toBe(0);
    const envelope = JSON.parse(io.output) as { reports: unknown[] };
    expect(Object.keys(envelope)[0]).toBe('schemaVersion');
    const report = envelope.reports[0] as {
      sent: unknown[];
      stores: Array<{ chain: unknown[]; search: unknown }>;
      findings: Array<{ evidence: unknown }>;
      causes: Array<{ clients: unknown[] }>;
    };
    expect(Object.keys(report)[0]).toBe('schemaVersion');
    expect(report.sent.length).toBe(2);
    expect(report.stores.length).toBe(1);
    expect(report.findings.length).toBeGreaterThan(0);
    const md = doc('json.md');
    expect(undocumented(Object.keys(envelope), md)).toEqual([]);
    expect(undocumented(Object.keys(report), md)).toEqual([]);
    expect(undocumented(keysOf(report.causes), md)).toEqual([]);
    expect(undocumented(keysOf(report.sent), md)).toEqual([]);
    expect(undocumented(keysOf(report.stores), md)).toEqual([]);
    expect(undocumented(keysOf(report.stores.flatMap((s) => s.chain)), md)).toEqual([]);
    expect(undocumented(keysOf(report.stores.map((s) => s.search)), md)).toEqual([]);
    expect(undocumented(keysOf(report.findings), md)).toEqual([]);
  });

  it('does not count a key as documented only because a longer key contains it', () => {
    expect(undocumented(['sha'], '| `sha256` | string |')).toEqual(['sha']);
    expect(undocumented(['path'], '| `path` | string[] |')).toEqual([]);
  });
});

describe('docs/commands.md', () => {
  it('documents every subcommand that `chaindbg --help` lists', async () => {
    const io = memoryIO({ cwd: root });
    expect(await run(['--help'], io)).toBe(0);
    const section = io.output.split(/^Commands:\s*$/m)[1] ?? '';
    const commands = [...section.split(/\n\s*\n/)[0]!.matchAll(/^ {2}([a-z][a-z-]*)\b/gm)]
      .map((m) => m[1]!)
      .filter((c) => c !== 'help');
    expect(commands).toEqual(expect.arrayContaining(['verify', 'probe', 'analyze', 'stores', 'diff', 'go', 'export', 'lab', 'tui']));
    // commands.md is written by the lead; until it exists there is nothing to hold it to.
    if (!existsSync(`${root}docs/commands.md`)) return;
    const md = doc('commands.md');
    const missing = commands.filter((c) => !new RegExp(`\`chaindbg ${c}[ \`]`).test(md));
    expect(missing).toEqual([]);
  });
});

describe('docs/troubleshooting.md', () => {
  // Findings that never make a client fail on their own: order and extras in the chain, notes, and the per-client
  // verdicts that summarise the failures listed on the page.
  const NOT_A_FAILURE = new Set([
    'CHAIN_MISORDERED',
    'CHAIN_UNUSED_CERT',
    'CHAIN_DUPLICATE_CERT',
    'CHAIN_ANCHOR_SENT',
    'GO_VERDICT',
    'OPENSSL_VERDICT',
    'BROWSER_VERDICT',
    'AIA_FETCHED',
    'AIA_FETCH_FAILED',
    'FINISHED_UNVERIFIED',
    'CHAIN_DIFFERS_BY_VERSION',
  ]);
  const page = doc('troubleshooting.md');

  it('leads from a symptom to every finding that makes a client fail, linked to its entry in findings.md', () => {
    const missing = FINDING_CODES.filter((c) => !NOT_A_FAILURE.has(c) && !page.includes(`(findings.md#${c.toLowerCase()})`));
    expect(missing).toEqual([]);
  });

  it('links only to findings that exist', () => {
    const linked = [...page.matchAll(/\(findings\.md#([a-z_0-9]+)\)/g)].map((m) => m[1]!.toUpperCase());
    const known = new Set<string>(FINDING_CODES);
    expect(linked.filter((c) => !known.has(c))).toEqual([]);
  });

  it('names only chaindbg commands that exist', async () => {
    const used = new Set([...page.matchAll(/`chaindbg ([a-z]+)/g)].map((m) => m[1]!));
    for (const command of used) {
      const io = memoryIO({ cwd: root });
      expect(await run([command, '--help'], io), command).toBe(0);
    }
  });
});
