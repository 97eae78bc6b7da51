/**
 * `chaindbg export` through run(argv, io), against the lab's missing-intermediate server (its leaf's caIssuers URL is
 * the lab's own AIA server): the bundles a user asks for, written with --out (and refused over an existing file
 * without --force), the usage line, and `trust` with --aia planning for Go, which never fetches AIA.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { memoryIO } from '../../src/cli/io.js';
import { run } from '../../src/cli/run.js';
import { startLab, type Lab } from '../../src/lab/index.js';

const NOW = new Date('2026-06-01T12:00:00Z');
let lab: Lab;
let dir: string;
let target: string[];
let store: string;

beforeAll(async () => {
  lab = await startLab({ now: NOW, scenarios: ['missing-intermediate'] });
  const s = lab.scenarios[0]!;
  target = [s.servername, '--connect', s.connect];
  store = lab.stores.find((x) => x.name === 'lab-roots')!.path!;
  dir = mkdtempSync(join(tmpdir(), 'chaindbg-export-cli-'));
});
afterAll(async () => {
  await lab?.close();
  rmSync(dir, { recursive: true, force: true });
});

async function exportCli(args: string[]) {
  const io = memoryIO({ cwd: dir, env: {}, now: () => NOW });
  const code = await run(['export', ...target, '--store', store, ...args], io);
  return { code, out: io.output, err: io.errors };
}
const blocks = (pem: string) => pem.match(/-----BEGIN CERTIFICATE-----/g)?.length ?? 0;

describe('chaindbg export against a server that omits its intermediate', () => {
  it('trust without --aia: refused, naming the missing issuer and the AIA URL to fetch it from', async () => {
    const r = await exportCli(['--kind', 'trust']);
    expect(r.code).toBe(1);
    expect(r.err.trim().split('\n')).toHaveLength(1);
    expect(r.err).toMatch(/the issuer of CN=sum\.golang\.org \(CN=Lab WR2.*\) was not sent/);
    expect(r.err).toContain(`run with --aia to fetch it from ${lab.aiaBaseUrl}/wr2.der`);
  });

  it('trust with --aia: the intermediate Go lacks, and the store validates with it', async () => {
    const r = await exportCli(['--kind', 'trust', '--aia', '--format', 'json']);
    const doc = JSON.parse(r.out);
    expect(r.code).toBe(0);
    expect(doc.certificates.map((c: { subject: string }) => c.subject)).toEqual(['CN=Lab WR2, O=Google Trust Services, C=US']);
    expect(doc.validatesAfter).toBe(true);
  });

  it('fullchain with --aia --out: written atomically, openssl verifies it, the usage line names the file', async () => {
    const r = await exportCli(['--kind', 'fullchain', '--aia', '--out', 'full.pem']);
    expect(r.code).toBe(0);
    expect(r.out).toBe('');
    const file = join(dir, 'full.pem');
    expect(blocks(readFileSync(file, 'utf8'))).toBe(2);
    expect(r.err).toContain(`chaindbg: use it: nginx: ssl_certificate ${file};`);
    const v = execFileSync('openssl', ['verify', '-attime', String(NOW.getTime() / 1000), '-CAfile', store, '-untrusted', file, file], { encoding: 'utf8' });
    expect(v).toMatch(/: OK/);
  });

  it('--out onto an existing file: refused without --force (the file untouched), replaced with it', async () => {
    const file = join(dir, 'existing.pem');
    writeFileSync(file, 'precious\n');
    const r = await exportCli(['--kind', 'missing', '--aia', '--out', 'existing.pem']);
    expect(r.code).toBe(2);
    expect(r.err.trim().split('\n')).toHaveLength(1);
    expect(readFileSync(file, 'utf8')).toBe('precious\n');
    const forced = await exportCli(['--kind', 'missing', '--aia', '--out', 'existing.pem', '--force']);
    expect(forced.code).toBe(0);
    expect(blocks(readFileSync(file, 'utf8'))).toBe(1);
  });

  it('to standard output: the PEM on stdout, and a usage line on stderr saying how to save and use it', async () => {
    const r = await exportCli(['--kind', 'missing', '--aia']);
    expect(r.code).toBe(0);
    expect(blocks(r.out)).toBe(1);
    expect(r.err).toContain('chaindbg: save it (> missing.pem), then: append to the certificate file the server sends');
  });

  it('--out into a folder that does not exist: one line, exit 2, nothing written', async () => {
    const r = await exportCli(['--kind', 'fullchain', '--aia', '--out', 'no/such/dir/full.pem']);
    expect(r.code).toBe(2);
    expect(r.err.trim().split('\n')).toHaveLength(1);
    expect(r.err).not.toMatch(/\n\s+at /);
  });
});
