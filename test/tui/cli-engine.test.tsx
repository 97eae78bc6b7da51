/**
 * The CLI's own TUI engine (src/cli/commands/tui.ts: real probes, real trust stores, real AIA fetches) against the
 * lab's servers on 127.0.0.1, drawn at 80x24 without colour by ink-testing-library.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { memoryIO, type CliIO } from '../../src/cli/io.js';
import { run } from '../../src/cli/run.js';
import { createTuiEngine, tuiSettings, type TuiCliOptions } from '../../src/cli/commands/tui.js';
import { startLab, type Lab } from '../../src/lab/index.js';
import type { TuiTarget } from '../../src/tui/index.js';
import { currentOutcome } from '../../src/tui/state.js';
import { KEYS, mount } from './support/mount.js';

let lab: Lab;
let dir: string;
let roots: string;

beforeAll(async () => {
  lab = await startLab({ now: new Date(), scenarios: ['healthy-cross-signed', 'missing-intermediate', 'tls12-only'] });
  dir = mkdtempSync(join(tmpdir(), 'chaindbg-tui-engine-'));
  roots = lab.stores.find((s) => s.name === 'lab-roots')!.path!;
});
afterAll(async () => {
  await lab?.close();
  rmSync(dir, { recursive: true, force: true });
});

const mounted: ReturnType<typeof mount>[] = [];
afterEach(() => {
  for (const m of mounted.splice(0)) m.done();
});

function targets(...names: string[]): TuiTarget[] {
  return lab.scenarios
    .filter((s) => names.includes(s.name))
    .map((s) => ({ id: s.name, label: `${s.name}: ${s.servername}`, target: s.servername, connect: s.connect, servername: s.servername }));
}

function io(): CliIO {
  return memoryIO({ cwd: dir, env: {}, now: () => lab.now });
}

/** The engine as `chaindbg tui` builds it, on the named scenarios, mounted at 80x24. */
async function open(names: string[], opts: TuiCliOptions = {}, store = roots) {
  const settings = tuiSettings(opts, io());
  const engine = await createTuiEngine(targets(...names), [store], settings, io(), [store]);
  const m = mount(engine, { stores: [store], tls: settings.tls, aia: settings.aia });
  mounted.push(m);
  return { m, engine, settings };
}

const lineWith = (frame: string, needle: string) => frame.split('\n').find((l) => l.includes(needle)) ?? '';
const readAs = (frame: string) => frame.split('\n').map((l) => l.trim()).filter(Boolean).join(' ').replace(/\s+/g, ' ');
const LONG = 15_000;

describe('the TUI engine of chaindbg tui, against the lab', () => {
  test('TLS auto by default: the tls12-only server is trusted (Go connects); t cycles to 1.2, then 1.3 fails', async () => {
    const { m, settings } = await open(['tls12-only']);
    expect(settings.tls).toBe('auto');
    const f = await m.waitFor((x) => lineWith(x, 'tls12-only').includes('✓lab-roots'), 'auto', LONG);
    expect(lineWith(f, 'tls12-only')).toMatch(/^› ✓ tls12-only/);
    expect(f).toContain('chaindbg  TLS auto');
    await m.press('t');
    await m.waitFor((x) => x.includes('TLS 1.2  AIA off') && lineWith(x, 'tls12-only').includes('✓lab-roots'), '1.2', LONG);
    await m.press('t');
    const g = await m.waitFor((x) => x.includes('TLS 1.3  AIA off') && lineWith(x, 'tls12-only').includes('✗lab-roots'), '1.3 fails', LONG);
    expect(lineWith(g, 'tls12-only')).toContain('TLS_ALERT');
    await m.press(KEYS.shiftTab);
    const h = await m.waitFor((x) => x.includes('[Handshake]'), 'handshake');
    expect(lineWith(h, 'TLS auto:')).toContain('TLSv1.2');
    expect(lineWith(h, 'TLS 1.2:')).toContain('TLSv1.2');
    expect(lineWith(h, 'TLS 1.3:')).toContain('no handshake');
  });

  test('AIA is off unless asked: export says where the missing issuer is; A fetches it and the chain completes', async () => {
    const { m } = await open(['missing-intermediate']);
    await m.waitFor((x) => lineWith(x, 'missing-intermediate').includes('MISSING_INTERMEDIATE'), 'probe', LONG);
    const codes = () => currentOutcome(m.store.getState())!.report.findings.map((f) => f.code);
    expect(codes()).not.toContain('AIA_FETCHED');
    expect(m.frame()).not.toContain('[aia]');
    const leaf = currentOutcome(m.store.getState())!.report.sent[0]!;
    expect(leaf.aiaIssuers[0]).toMatch(new RegExp(`^${lab.aiaBaseUrl}/`));
    await m.press('e', KEYS.enter);
    const plan = await m.waitFor((x) => x.includes('will write:'), 'plan', LONG);
    expect(readAs(plan)).toContain(`! AIA is off: the missing issuer could be fetched from ${leaf.aiaIssuers[0]}. Press A (AIA on), then export again.`);
    expect(readAs(plan)).toContain('(0 certificates)');

    await m.press('n', 'A');
    await m.waitFor((x) => x.includes('AIA on') && x.includes('[aia]'), 'AIA fetched', LONG);
    expect(codes()).toContain('AIA_FETCHED');
    // The fetched intermediate, selected in the lab-roots path (sent #0, then the path: leaf, intermediate, root).
    await m.press(KEYS.tab, KEYS.down, KEYS.down, KEYS.enter);
    const d = await m.waitFor((x) => x.includes('position 1)'), 'details', LONG);
    expect(lineWith(d, 'origin')).toContain(`fetched over AIA from ${leaf.aiaIssuers[0]}`);
    expect(lineWith(d, 'subject')).toMatch(/CN=\S/);
    expect(lineWith(d, 'issuer')).toMatch(/CN=\S/);
    expect(lineWith(d, 'validity')).toMatch(/\d{4}-\d\d-\d\dT.* → \d{4}-/);
    expect(lineWith(d, 'key ')).toMatch(/(EC|RSA) /);
    expect(lineWith(d, 'CA ')).toContain('yes');

    await m.press(KEYS.escape, 'e', KEYS.enter);
    const g = await m.waitFor((x) => x.includes('will write:'), 'plan with AIA', LONG);
    expect(g).not.toContain('AIA is off');
    expect(g).toContain('fullchain: 2 certificate(s), validates after');
    await m.press('y');
    await m.waitFor((x) => x.includes('written'), 'written', LONG);
    expect(readFileSync(join(dir, 'sum.golang.org-fullchain.pem'), 'utf8').match(/BEGIN CERTIFICATE/g)).toHaveLength(2);
  });

  test('--aia fetches from the start', async () => {
    const { m, settings } = await open(['missing-intermediate'], { aia: true });
    expect(settings.aia).toBe(true);
    const f = await m.waitFor((x) => x.includes('AIA on') && x.includes('[aia]'), 'AIA', LONG);
    expect(lineWith(f, 'missing-intermediate')).toContain('✓lab-roots');
  });

  test('a store root on the path shows its details, from the store loaded in memory', async () => {
    const { m } = await open(['healthy-cross-signed']);
    await m.waitFor((x) => lineWith(x, 'healthy-cross-signed').includes('✓lab-roots'), 'probe', LONG);
    // Three sent rows, then the lab-roots path: leaf, intermediate, root.
    await m.press(KEYS.tab, KEYS.down, KEYS.down, KEYS.down, KEYS.down, KEYS.down, KEYS.enter);
    const d = await m.waitFor((x) => x.includes('position 2)'), 'root details', LONG);
    expect(lineWith(d, 'origin')).toContain(`trust store ${roots}`);
    expect(readAs(d)).toContain('not sent by the server');
    expect(lineWith(d, 'subject')).toContain('Lab GTS Root R1');
    expect(lineWith(d, 'CA ')).toContain('yes, self-issued');
    expect(lineWith(d, 'time left')).toMatch(/expires in/);
  });

  test('--host, --no-sni and --alpn reach the probe', async () => {
    const s = targets('healthy-cross-signed')[0]!;
    const probeWith = async (opts: TuiCliOptions) => {
      const engine = await createTuiEngine([s], [roots], tuiSettings(opts, io()), io(), [roots]);
      return (await engine.probe(s, { tls: 'auto', stores: [roots], aia: false }, new AbortController().signal)).report;
    };
    const wrongHost = await probeWith({ host: 'elsewhere.example' });
    expect(wrongHost.host).toBe('elsewhere.example');
    expect(wrongHost.findings.map((f) => f.code)).toContain('HOSTNAME_MISMATCH');
    expect((await probeWith({ sni: false })).target?.servername).toBeNull();
    const alpn = await probeWith({ alpn: 'h2, http/1.1' });
    expect(alpn.sent.length).toBeGreaterThan(0);
  });
});

describe('chaindbg tui options', () => {
  /** The TUI checks its options once it has a terminal: give it one that is never drawn on. */
  const terminal: Partial<CliIO> = { isTTY: true, terminal: { stdin: {} as NodeJS.ReadStream, stdout: {} as NodeJS.WriteStream } };
  const cli = async (...argv: string[]) => {
    const out = memoryIO({ cwd: dir, ...terminal });
    const code = await run(['tui', '127.0.0.1:9', ...argv], out);
    return { code, err: out.errors };
  };

  test('takes the connection and store options probe takes (a bad --tls is still the one error)', async () => {
    const r = await cli('--aia', '--host', 'h.example', '--no-sni', '--alpn', 'h2', '--store', roots, '--tls', '1.1');
    expect(r).toEqual({ code: 2, err: 'chaindbg: invalid --tls "1.1": expected auto, 1.2 or 1.3\n' });
  });

  test('--servername and --no-sni exclude each other, as in probe', async () => {
    const r = await cli('--servername', 'a.example', '--no-sni');
    expect(r).toEqual({ code: 2, err: 'chaindbg: --servername and --no-sni exclude each other\n' });
  });

  test('defaults: TLS auto, AIA off, SNI on', () => {
    expect(tuiSettings({}, io())).toMatchObject({ tls: 'auto', aia: false, sni: true, alpn: undefined, host: undefined });
    expect(tuiSettings({ alpn: 'h2, http/1.1', aia: true, tls: '1.2' }, io())).toMatchObject({ alpn: ['h2', 'http/1.1'], aia: true, tls: '1.2' });
  });
});
