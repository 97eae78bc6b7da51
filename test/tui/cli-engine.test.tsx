/**
 * The CLI's own TUI engine (src/cli/commands/tui.ts: real probes, real trust stores, real AIA fetches) against the
 * lab's servers on 127.0.0.1, drawn at 80x24 without colour by ink-testing-library.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { memoryIO, type CliIO } from '../../src/cli/io.js';
import { run } from '../../src/cli/run.js';
import { createTuiEngine, labTuiSetup, tuiSettings, type TuiCliOptions } from '../../src/cli/commands/tui.js';
import { startLab, type Lab } from '../../src/lab/index.js';
import type { TuiTarget } from '../../src/tui/index.js';
import { storeChoices } from '../../src/tui/selectors.js';
import { currentOutcome } from '../../src/tui/state-selectors.js';
import { KEYS, mount } from './support/mount.js';

let lab: Lab;
let dir: string;
let roots: string;

beforeAll(async () => {
  lab = await startLab({ now: new Date(), scenarios: ['healthy-cross-signed', 'missing-intermediate', 'tls12-only', 'interception'] });
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

    await m.press(KEYS.escape, 'A');
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
    await m.press(KEYS.enter);
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

describe('stores added at runtime (a in the store switcher), read by the store loader the CLI uses', () => {
  const labStore = (name: string) => lab.stores.find((s) => s.name === name)!;

  /** A folder of the working folder (the engine's cwd) for the test's store files; HOME is the working folder too. */
  async function withStores(initial: string) {
    const sub = mkdtempSync(join(dir, 's-'));
    const home = memoryIO({ cwd: dir, env: { HOME: dir }, now: () => lab.now });
    const engine = await createTuiEngine(targets('tls12-only'), [initial], tuiSettings({}, home), home, ['system', 'mozilla', 'node']);
    const m = mount(engine, { stores: [initial] });
    mounted.push(m);
    return { m, engine, sub, rel: basename(sub) };
  }
  const seqOf = (m: ReturnType<typeof mount>) => m.store.getState().targets[0]!.runs.auto!.seq;

  test('a PEM file written by the test joins the choices, is selected and applied without re-probing; loading it again is a no-op', async () => {
    const { m, engine, sub, rel } = await withStores(labStore('lab-old-roots').path!);
    const file = join(sub, 'roots.pem');
    writeFileSync(file, labStore('lab-roots').pem);
    await m.waitFor((x) => lineWith(x, 'tls12-only').includes('✗lab-old-roots'), 'probe', LONG);
    const seq = seqOf(m);
    const offered = storeChoices(m.store.getState()).length;

    // Typed relative to the working folder, pasted in one chunk.
    await m.press('s', 'a', `${rel}/roots.pem`, KEYS.enter);
    const f = await m.waitFor((x) => readAs(x).includes('(selected and applied)'), 'loaded', LONG);
    expect(m.frames.some((x) => x.includes('loading…'))).toBe(true);
    expect(readAs(f)).toContain(`✓ file ${file}: 2 roots (selected and applied)`);
    expect(lineWith(f, file)).toMatch(/^› \[x\] /);
    expect(m.store.getState().stores).toEqual([labStore('lab-old-roots').path!, file]);
    await m.press(KEYS.escape);
    const g = await m.waitFor((x) => lineWith(x, 'tls12-only').includes('✓roots'), 'verdict against the added store', LONG);
    expect(lineWith(g, 'tls12-only')).toContain('✗lab-old-roots ✓roots');
    expect(g).toContain('stores: lab-old-roots, roots');
    expect(seqOf(m)).toBe(seq);

    // The same file, spelled three other ways: answered from memory (the file is now garbage on disk), never twice.
    writeFileSync(file, 'not a certificate any more\n');
    for (const spelling of [`./${rel}/roots.pem`, `~/${rel}/roots.pem`, `${file}`, `${rel}//roots.pem`]) {
      expect(await engine.addStore(spelling)).toEqual({ spec: file, summary: `file ${file}: 2 roots` });
    }
    await m.press('s', 'a', `~/${rel}/roots.pem`, KEYS.enter);
    await m.waitFor((x) => readAs(x).includes('(selected and applied)'), 'known store', LONG);
    expect(storeChoices(m.store.getState()).length).toBe(offered + 1);
    expect(m.store.getState().stores).toEqual([labStore('lab-old-roots').path!, file]);
    expect(seqOf(m)).toBe(seq);
  });

  test('a missing file, a file without a certificate, a folder without any: one line, and nothing else changes', async () => {
    const { m, engine, sub, rel } = await withStores(roots);
    writeFileSync(join(sub, 'notes.txt'), 'these are not certificates\n');
    writeFileSync(join(sub, 'broken.pem'), '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n');
    mkdirSync(join(sub, 'empty'));
    writeFileSync(join(sub, 'empty', 'readme.txt'), 'nothing here\n');
    await expect(engine.addStore(`${rel}/nope.pem`)).rejects.toThrow(`store "${sub}/nope.pem": no such file or directory`);
    await expect(engine.addStore(`${rel}/notes.txt`)).rejects.toThrow(`store "${sub}/notes.txt": no certificate found (expected PEM or DER)`);
    await expect(engine.addStore(`${rel}/broken.pem`)).rejects.toThrow(`store "${sub}/broken.pem": no valid certificate`);
    await expect(engine.addStore(`${rel}/empty`)).rejects.toThrow(`store "${sub}/empty": no certificate in any file`);

    await m.waitFor((x) => lineWith(x, 'tls12-only').includes('✓lab-roots'), 'probe', LONG);
    const before = m.store.getState();
    await m.press('s', 'a', `${rel}/nope.pem`, KEYS.enter);
    const f = await m.waitFor((x) => x.includes('no such file'), 'the failure', LONG);
    expect(readAs(f)).toContain(`path > ${rel}/nope.pem█ ! store "${sub}/nope.pem": no such file or directory`);
    expect(f).not.toMatch(/^\s+at |Error|loading…/m);
    const after = m.store.getState();
    expect(after.availableStores).toEqual(before.availableStores);
    expect(after.stores).toEqual(before.stores);
    expect(after.overlay).toMatchObject({ kind: 'stores', chosen: before.stores, input: { text: `${rel}/nope.pem`, loading: null } });

    // A failed load is not remembered: once the file is there, enter again loads it.
    writeFileSync(join(sub, 'nope.pem'), labStore('lab-system').pem);
    await m.press(KEYS.enter);
    await m.waitFor((x) => readAs(x).includes('(selected and applied)'), 'loaded after the fix', LONG);
    expect(m.store.getState().stores).toEqual([roots, join(sub, 'nope.pem')]);
  });
});

describe('chaindbg lab --tui', () => {
  test('starts with the stores the scenarios are judged against: interception is trusted by lab-system only', async () => {
    const setup = labTuiSetup(lab);
    const system = lab.stores.find((s) => s.name === 'lab-system')!.path!;
    expect(setup.initialStores).toEqual([roots, system]);
    expect(labTuiSetup({ ...lab, scenarios: lab.scenarios.filter((s) => s.name === 'tls12-only') }).initialStores).toEqual([roots]);
    const list = setup.targets.filter((t) => t.id === 'interception' || t.id === 'tls12-only');
    const engine = await createTuiEngine(list, setup.initialStores, tuiSettings({ at: lab.now.toISOString() }, io()), io(), setup.choices);
    const m = mount(engine, { stores: setup.initialStores });
    mounted.push(m);
    const f = await m.waitFor((x) => lineWith(x, 'interception').includes('lab-system') && lineWith(x, 'tls12-only').includes('lab-system'), 'both probed', LONG);
    expect(lineWith(f, 'tls12-only')).toMatch(/✓ tls12-only.*✓lab-roots ✓lab-system/);
    // The lab's two expectations for it on one screen: against lab-system trusted with INTERCEPTION_SUSPECTED,
    // against lab-roots UNKNOWN_ROOT (the worst finding, shown on the row).
    expect(lineWith(f, 'interception')).toMatch(/! interception.*✗lab-roots ✓lab-system +UNKNOWN_ROOT/);
    const findings = currentOutcome(m.store.getState())!.report.findings;
    expect(findings.filter((x) => x.code === 'INTERCEPTION_SUSPECTED')).toHaveLength(1);
    expect(findings.find((x) => x.code === 'UNKNOWN_ROOT')?.store).toBe(roots);
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
