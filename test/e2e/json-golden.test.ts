/**
 * JSON golden files: `probe --format json` for one lab target and for two have the same top-level shape (the
 * reports envelope, docs/json.md#reports), and their whole text matches test/fixtures/json/*.json once the values
 * of the run are normalised: the lab's certificates are made at test time (fingerprints, key ids, serials, PEM and
 * signatures differ per run; dates do not, the lab's time is fixed), ports, the lab's temporary folder and timings.
 * Fingerprints and key ids become numbered placeholders in order of appearance, so which certificate a path names
 * still shows. UPDATE_GOLDEN=1 rewrites the files.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { memoryIO } from '../../src/cli/io.js';
import { run } from '../../src/cli/run.js';
import { startLab, type Lab } from '../../src/lab/index.js';

const NOW = new Date('2026-06-01T12:00:00Z');
const golden = (name: string) => fileURLToPath(new URL(`../fixtures/json/${name}`, import.meta.url));
let lab: Lab;

beforeAll(async () => {
  lab = await startLab({ now: NOW, scenarios: ['missing-intermediate', 'expired-leaf'] });
});
afterAll(async () => {
  await lab?.close();
});

/** The run's variable values, replaced (see the file comment). */
export function normalise(text: string, labDir: string): string {
  const numbered = (re: RegExp, tag: string) => {
    const seen = new Map<string, number>();
    return (s: string) => s.replace(re, (hex) => `<${tag}-${seen.get(hex) ?? (seen.set(hex, seen.size + 1), seen.size)}>`);
  };
  let out = text.split(labDir).join('<lab>');
  out = out.replace(/"pem": "[^"]*"/g, '"pem": "<pem>"').replace(/"serial": "[0-9a-f]+"/g, '"serial": "<serial>"');
  out = numbered(/\b[0-9a-f]{64}\b/g, 'sha256')(out);
  out = numbered(/\b[0-9a-f]{40}\b/g, 'keyid')(out);
  out = out.replace(/127\.0\.0\.1:\d+/g, '127.0.0.1:<port>').replace(/:127\.0\.0\.1:\d+/g, ':127.0.0.1:<port>');
  out = out.replace(/"(connectMs|handshakeMs|totalMs)": [0-9.]+/g, '"$1": 0');
  return out;
}

async function probe(names: string[]): Promise<{ code: number; text: string; doc: Record<string, unknown> }> {
  const scenarios = names.map((n) => lab.scenarios.find((s) => s.name === n)!);
  const roots = lab.stores.find((s) => s.name === 'lab-roots')!.path!;
  const args = ['probe', ...scenarios.map((s) => s.servername), ...scenarios.flatMap((s) => ['--connect-to', `${s.servername}:443:${s.connect}`])];
  const io = memoryIO({ env: {}, now: () => NOW });
  const code = await run([...args, '--store', roots, '--timeout', '5000', '--format', 'json'], io);
  const labDir = roots.slice(0, roots.lastIndexOf('/'));
  return { code, text: normalise(io.output, labDir), doc: JSON.parse(io.output) as Record<string, unknown> };
}

function matchGolden(name: string, text: string): void {
  if (process.env.UPDATE_GOLDEN === '1') writeFileSync(golden(name), text);
  expect(existsSync(golden(name)), `${name}: run with UPDATE_GOLDEN=1 to write it`).toBe(true);
  expect(text).toBe(readFileSync(golden(name), 'utf8'));
}

describe('probe JSON golden files', () => {
  it('one target and two targets: the same top-level shape, and the same text as the golden files', async () => {
    const one = await probe(['missing-intermediate']);
    const two = await probe(['missing-intermediate', 'expired-leaf']);
    expect(one.code).toBe(1);
    expect(two.code).toBe(1);
    expect(Object.keys(one.doc)).toEqual(['schemaVersion', 'now', 'reports']);
    expect(Object.keys(two.doc)).toEqual(Object.keys(one.doc));
    expect((one.doc.reports as unknown[]).length).toBe(1);
    expect((two.doc.reports as unknown[]).length).toBe(2);
    // No run value is left: no lab folder, no port, no raw fingerprint.
    for (const t of [one.text, two.text]) {
      expect(t).not.toMatch(/chaindbg-lab-|127\.0\.0\.1:\d|\b[0-9a-f]{64}\b/);
    }
    matchGolden('probe-one-target.json', one.text);
    matchGolden('probe-two-targets.json', two.text);
  });
});
