/**
 * Hostile-input rows of `npm run bench` (issue 17): a store file of 1 MiB of repeated
 * `-----BEGIN CERTIFICATE-----` lines, loaded as a store file and as one entry of a store folder. Before the one
 * linear PEM reader (src/x509/pem.ts) this took 18.5 s (19 s as a folder entry); now it costs about what one scan of
 * the text costs. The reference is that scan: counting the BEGIN lines with indexOf over the same bytes.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadStore } from '../trust/load.js';
import { readCertificates } from '../x509/read.js';
import { timeIt } from './measure.js';

export interface HostileFigure {
  name: string;
  ms: number;
  reference: string;
  referenceMs: number;
  /** Largest ratio to the reference the row should stay under. */
  limit: number;
  note: string;
}

/** 1 MiB of `-----BEGIN CERTIFICATE-----\n` lines, and never an END line. */
export function repeatedBeginFile(bytes = 1024 * 1024): Buffer {
  const line = '-----BEGIN CERTIFICATE-----\n';
  return Buffer.from(line.repeat(Math.ceil(bytes / line.length)).slice(0, bytes), 'latin1');
}

export async function hostileRows(runs: number): Promise<HostileFigure[]> {
  const dir = mkdtempSync(join(tmpdir(), 'chaindbg-bench-hostile-'));
  try {
    const data = repeatedBeginFile();
    const file = join(dir, 'bad.pem');
    writeFileSync(file, data);
    const folder = join(dir, 'certs');
    mkdirSync(folder);
    writeFileSync(join(folder, 'bad.pem'), data);
    const ctx = { env: {}, platform: process.platform, packageRoot: dir, cwd: dir };
    // A folder: the bad file is read and reported; a file: refused as holding no certificate.
    const refuse = async (spec: string): Promise<string> => {
      try {
        const store = await loadStore(spec, ctx);
        return `loaded, ${store.anchors.length} roots; problem: ${store.problems[0] ?? 'none'}`;
      } catch (err) {
        return (err as Error).message.split('\n')[0]!;
      }
    };
    let storeNote = '';
    let folderNote = '';
    let chainNote = '';
    const scan = await timeIt(() => {
      const text = readFileSync(file).toString('latin1');
      let n = 0;
      for (let at = text.indexOf('-----BEGIN '); at !== -1; at = text.indexOf('-----BEGIN ', at + 1)) n++;
      return n;
    }, runs);
    const store = await timeIt(async () => (storeNote = await refuse(file)), runs);
    const inFolder = await timeIt(async () => (folderNote = await refuse(folder)), runs);
    const chain = await timeIt(() => {
      try {
        readCertificates(readFileSync(file), 'bad.pem');
        chainNote = 'read (unexpected)';
      } catch (err) {
        chainNote = (err as Error).message;
      }
    }, runs);
    const ref = 'read + indexOf scan of the same 1 MiB';
    return [
      { name: 'hostile: --store FILE of 1 MiB repeated BEGIN lines (was 18.5 s)', ms: store, reference: ref, referenceMs: scan, limit: 20, note: storeNote },
      { name: 'hostile: --store FOLDER holding that file (was 19 s)', ms: inFolder, reference: ref, referenceMs: scan, limit: 20, note: folderNote },
      { name: 'hostile: the same file as a chain input', ms: chain, reference: ref, referenceMs: scan, limit: 20, note: chainNote },
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
