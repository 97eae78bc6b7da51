import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { run } from '../../src/cli/run.js';
import { memoryIO, type CliIO } from '../../src/cli/io.js';
import { DEFAULT_TIMEOUT_MS } from '../../src/capture/index.js';

/**
 * Every command that dials a live TARGET declares its connection options through one helper
 * (src/cli/connection-options.ts): the same flags, words and defaults, and the same one-line error with exit 2 for a
 * bad value. Only loopback is ever dialled (a port that was just closed), and only where a test wants exit 3.
 */

const root = fileURLToPath(new URL('../../', import.meta.url));
const STORE_A = 'certs/reference/isrg-root-x1.pem';
const STORE_B = 'certs/reference/gts-root-r1.pem';

type Opt = 'connect' | 'servername' | 'tls' | 'timeout' | 'proxy';

interface Case {
  /** argv up to the connection options; TARGET is a loopback address nothing listens on. */
  argv: (target: string) => string[];
  options: Opt[];
  /** The --tls values the command accepts, as its error message lists them. */
  tls?: string;
  /** Prefix of each help line ("for a TARGET: "). */
  when?: string;
  io?: Partial<CliIO>;
  /** False for commands whose connections are AIA fetches only (verify, analyze): they dial no TARGET. */
  dials?: boolean;
}

/** The TUI checks its options after making sure it has a terminal: give it one that is never drawn on. */
const fakeTerminal: Partial<CliIO> = {
  isTTY: true,
  terminal: { stdin: {} as NodeJS.ReadStream, stdout: {} as NodeJS.WriteStream },
};

const CASES: Record<string, Case> = {
  probe: { argv: (t) => ['probe', t, '--store', STORE_A], options: ['connect', 'servername', 'tls', 'timeout', 'proxy'], tls: 'auto, 1.2, 1.3 or both' },
  go: { argv: () => ['go', '--store', STORE_A], options: ['tls', 'timeout'], tls: 'auto, 1.2 or 1.3' },
  export: {
    argv: (t) => ['export', t, '--kind', 'fullchain', '--store', STORE_A],
    options: ['connect', 'servername', 'tls', 'timeout', 'proxy'],
    tls: 'auto, 1.2 or 1.3',
    when: 'for a TARGET: ',
  },
  diff: {
    argv: (t) => ['diff', '--store', STORE_A, '--store', STORE_B, '--for', t],
    options: ['connect', 'servername', 'timeout', 'proxy'],
    when: 'with --for TARGET: ',
  },
  // Their only connections are AIA fetches (--aia): --timeout and --proxy reach those.
  verify: { argv: () => ['verify', STORE_A, '--store', STORE_B], options: ['timeout', 'proxy'], when: 'with --aia: ', dials: false },
  analyze: { argv: () => ['analyze', 'no-such-capture.json', '--store', STORE_B], options: ['timeout', 'proxy'], when: 'with --aia: ', dials: false },
  tui: { argv: (t) => ['tui', t, '--store', STORE_A], options: ['connect', 'servername', 'tls', 'timeout', 'proxy'], tls: 'auto, 1.2 or 1.3', io: fakeTerminal },
};

const withOption = (o: Opt) => Object.entries(CASES).filter(([, c]) => c.options.includes(o));

let closedPort = 0;
beforeAll(async () => {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  closedPort = (server.address() as { port: number }).port;
  await new Promise<void>((r) => server.close(() => r()));
});
const target = () => `127.0.0.1:${closedPort}`;

async function runCase(c: Case, extra: string[], env: Record<string, string> = {}) {
  const io = memoryIO({ cwd: root, env, columns: 400, ...c.io });
  const code = await run([...c.argv(target()), ...extra], io);
  return { code, out: io.output, err: io.errors };
}

/** `--flag <arg>  help (default: "x")` lines of a command's help, by flag. */
async function helpLines(cmd: string): Promise<Map<string, string>> {
  const io = memoryIO({ columns: 400 });
  expect(await run([cmd, '--help'], io)).toBe(0);
  const lines = new Map<string, string>();
  for (const m of io.output.matchAll(/^ {2}--([a-z-]+)(?: <[^>]+>)?\s{2,}(.*)$/gm)) lines.set(m[1]!, m[2]!);
  return lines;
}

describe('connection options', () => {
  it('are declared with the same words and defaults by every command that takes them', async () => {
    const seen = new Map<Opt, Set<string>>();
    for (const [cmd, c] of Object.entries(CASES)) {
      const help = await helpLines(cmd);
      for (const o of ['connect', 'servername', 'tls', 'timeout', 'proxy'] as const) {
        const line = help.get(o);
        if (!c.options.includes(o)) {
          expect(line, `${cmd} --${o}`).toBeUndefined();
          continue;
        }
        expect(line, `${cmd} --${o}`).toBeDefined();
        const words = line!.slice((c.when ?? '').length);
        expect(line!.startsWith(c.when ?? ''), `${cmd} --${o}: ${line}`).toBe(true);
        // --tls lists what each command accepts; every other option reads the same everywhere.
        if (o !== 'tls') seen.set(o, (seen.get(o) ?? new Set()).add(words));
        if (o === 'timeout') expect(words).toMatch(new RegExp(`\\(default: "${DEFAULT_TIMEOUT_MS}"\\)$`));
        if (o === 'tls') for (const v of c.tls!.split(/, | or /)) expect(words, `${cmd} --tls`).toContain(v);
      }
    }
    for (const [o, texts] of seen) expect([...texts], `--${o}`).toHaveLength(1);
    expect((await helpLines('probe')).get('tls')).toMatch(/\(default: "auto"\)$/);
    expect((await helpLines('tui')).get('tls')).toMatch(/\(default: "auto"\)$/);
  });

  it.each(withOption('timeout'))('%s: a bad or out-of-range --timeout is one line and exit 2', async (_cmd, c) => {
    // 99999999999 ms overflowed Node's timer (it fired at once); 3600001 is one past the documented range.
    for (const bad of ['abc', '0', '1.5', '-5', '3600001', '99999999999', '1e3']) {
      const r = await runCase(c, ['--timeout', bad]);
      expect(r.err).toBe(`chaindbg: invalid --timeout "${bad}": expected a whole number from 1 to 3600000 (ms)\n`);
      expect(r.code).toBe(2);
      expect(r.out).toBe('');
    }
  });

  it.each(Object.entries(CASES).filter(([cmd]) => cmd === 'probe' || cmd === 'tui'))('%s: an --alpn name over 255 bytes is one line and exit 2', async (_cmd, c) => {
    // It reached Node, which refused to start TLS: a HANDSHAKE_FAILED finding for the user's own typo.
    const r = await runCase(c, ['--alpn', `h2,${'a'.repeat(256)}`]);
    expect(r.err).toBe(`chaindbg: invalid --alpn "h2,${'a'.repeat(37)}...": each protocol name is 1 to 255 bytes, the list under 65536 (RFC 7301)\n`);
    expect(r.code).toBe(2);
    expect(r.out).toBe('');
  });

  it.each(withOption('tls'))('%s: a bad --tls is one line naming the accepted versions, and exit 2', async (_cmd, c) => {
    const r = await runCase(c, ['--tls', '1.1']);
    expect(r.err).toBe(`chaindbg: invalid --tls "1.1": expected ${c.tls}\n`);
    expect(r.code).toBe(2);
    expect(r.out).toBe('');
  });

  // The TUI reads --connect when it probes, inside the UI, so it is not in this table.
  const connectCases = withOption('connect').filter(([cmd]) => cmd !== 'tui');
  it('a bad --connect is the same one line and exit 2 for every command that checks it up front', async () => {
    expect(connectCases.map(([cmd]) => cmd)).toEqual(['probe', 'export', 'diff']);
    const errors = new Set<string>();
    for (const [cmd, c] of connectCases) {
      const r = await runCase(c, ['--connect', '127.0.0.1:99999']);
      expect(r.code, cmd).toBe(2);
      expect(r.err, cmd).toMatch(/^chaindbg: --connect: [^\n]*99999[^\n]*\n$/);
      errors.add(r.err);
    }
    expect([...errors]).toHaveLength(1);
  });

  it.each(Object.entries(CASES).filter(([cmd, c]) => cmd !== 'tui' && c.dials !== false))(
    '%s: accepts good values and dials (a closed loopback port: exit 3, not a usage error)',
    async (cmd, c) => {
      const extra: Record<Opt, string[]> = {
        connect: ['--connect', target()],
        servername: ['--servername', 'lab.test'],
        tls: ['--tls', '1.3'],
        timeout: ['--timeout', '5000'],
        proxy: ['--proxy', `http://${target()}`],
      };
      // `go` finds its endpoints in the environment: one GOPROXY on loopback, no checksum database, no go binary.
      const env: Record<string, string> = cmd === 'go' ? { GOPROXY: `https://${target()}`, GOSUMDB: 'off' } : {};
      const r = await runCase(c, c.options.flatMap((o) => extra[o]), env);
      expect(r.err).not.toMatch(/invalid|unknown option/);
      expect(r.code).toBe(3);
    },
  );
});
