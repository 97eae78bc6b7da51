/**
 * Progress goes to standard error only when it is a terminal, only for a run over a second, and never with JSON.
 * The unit part drives the clock by hand; the CLI part probes two loopback servers that accept TCP and never answer
 * the ClientHello (a hung peer), so the run lasts about --timeout.
 */
import { createServer, type Server, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { memoryIO } from '../../src/cli/io.js';
import { run } from '../../src/cli/run.js';
import { startProgress } from '../../src/cli/progress.js';

describe('startProgress (fake terminal stream, clock by hand)', () => {
  it('draws n of N and the slowest target with its phase after the delay, then clears the line', () => {
    vi.useFakeTimers();
    try {
      let t = 0;
      const io = memoryIO({ stderrIsTTY: true, columns: 100 });
      const p = startProgress(io, 'probing', 2, { json: false, clock: () => t, delayMs: 1000, intervalMs: 100 });
      p.phase(0, 'a.example:443', 'handshake');
      t = 10;
      p.phase(1, 'b.example:443', 'handshake');
      t = 500;
      vi.advanceTimersByTime(500);
      expect(io.errors).toBe(''); // under a second: nothing
      p.phase(1, 'b.example:443', 'judging');
      p.done(1);
      t = 3200;
      vi.advanceTimersByTime(100);
      expect(io.errors).toContain('chaindbg: probing 1 of 2 done; slowest a.example:443 (handshake, 3s)');
      p.finish();
      expect(io.errors.endsWith('\r\u001b[K')).toBe(true);
    } finally {
      vi.useRealTimers();
    }
  });

  it('says nothing when standard error is piped, or with JSON, however long the run', () => {
    vi.useFakeTimers();
    try {
      let t = 0;
      for (const [tty, json] of [[false, false], [true, true]] as const) {
        const io = memoryIO({ stderrIsTTY: tty });
        const p = startProgress(io, 'probing', 3, { json, clock: () => t, delayMs: 1000, intervalMs: 100 });
        p.phase(0, 'a.example:443', 'handshake');
        t += 5000;
        vi.advanceTimersByTime(5000);
        p.finish();
        expect(io.errors).toBe('');
      }
    } finally {
      vi.useRealTimers();
    }
  });

  it('escapes a hostile target name and fits the line to the terminal', () => {
    vi.useFakeTimers();
    try {
      let t = 0;
      const io = memoryIO({ stderrIsTTY: true, columns: 40 });
      const p = startProgress(io, 'probing', 1, { json: false, clock: () => t, delayMs: 0, intervalMs: 100 });
      p.phase(0, `evil\u001b]0;x\u0007${'a'.repeat(80)}`, 'handshake');
      t = 2000;
      vi.advanceTimersByTime(100);
      const line = io.errors.replace('\r\u001b[K', '');
      expect(line).not.toMatch(/[\u0000-\u001f]/);
      expect(line.length).toBeLessThanOrEqual(39);
      p.finish();
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('probe with several targets (loopback peers that never answer)', () => {
  const servers: Server[] = [];
  const sockets = new Set<Socket>();
  const ports: number[] = [];
  beforeAll(async () => {
    for (let k = 0; k < 2; k++) {
      const srv = createServer((s) => {
        sockets.add(s);
        s.on('close', () => sockets.delete(s));
      });
      await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
      servers.push(srv);
      ports.push((srv.address() as { port: number }).port);
    }
  });
  afterAll(async () => {
    for (const s of sockets) s.destroy();
    await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
  });

  const probe = async (tty: boolean, json: boolean) => {
    const io = memoryIO({ stderrIsTTY: tty, env: {} });
    const args = ['probe', ...ports.map((p) => `127.0.0.1:${p}`), '--timeout', '2400', '--store', 'node', ...(json ? ['--format', 'json'] : [])];
    const code = await run(args, io);
    return { code, err: io.errors };
  };

  it('a terminal sees n of N and the phase of the slow one; a pipe and JSON see nothing', async () => {
    const [tty, piped, json] = await Promise.all([probe(true, false), probe(false, false), probe(true, true)]);
    expect(tty.code).toBe(3);
    expect(tty.err).toMatch(/chaindbg: probing 0 of 2 done; slowest 127\.0\.0\.1:\d+ \(handshake, \ds\)/);
    expect(tty.err.endsWith('\r\u001b[K'), JSON.stringify(tty.err.slice(-30))).toBe(true);
    expect(piped.err).toBe('');
    expect(json.err).toBe('');
  });
});
