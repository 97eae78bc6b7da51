import { connect, createServer, type AddressInfo, type Server } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { relay } from '../../src/bench/relay.js';
import { stripAnsi } from '../../src/bench/tui.js';

// client -> relay (25 ms each way) -> echo server on 127.0.0.1
describe('bench latency relay', () => {
  const DELAY = 25;
  let echo: Server;
  let hop: Server;
  beforeAll(async () => {
    echo = createServer((s) => s.pipe(s));
    await new Promise<void>((r) => echo.listen(0, '127.0.0.1', r));
    hop = await relay((echo.address() as AddressInfo).port, DELAY);
  });
  afterAll(async () => {
    await new Promise((r) => hop.close(r));
    await new Promise((r) => echo.close(r));
  });

  it('keeps bytes and their order, and delays the round trip by the two one-way delays (plus the connect)', async () => {
    const port = (hop.address() as AddressInfo).port;
    const sock = connect({ host: '127.0.0.1', port });
    await new Promise<void>((r) => sock.once('connect', () => r()));
    const parts = Array.from({ length: 50 }, (_, i) => Buffer.from(`chunk-${i};`));
    const expected = Buffer.concat(parts);
    const got: Buffer[] = [];
    const t0 = performance.now();
    let firstAt = 0;
    const done = new Promise<void>((resolve) =>
      sock.on('data', (d: Buffer) => {
        if (!firstAt) firstAt = performance.now() - t0;
        got.push(d);
        if (Buffer.concat(got).length >= expected.length) resolve();
      }),
    );
    for (const p of parts) sock.write(p);
    await done;
    sock.destroy();
    expect(Buffer.concat(got).equals(expected)).toBe(true);
    // connect half (one delay) + there (one delay) + back (one delay); timers never fire early.
    expect(firstAt).toBeGreaterThanOrEqual(3 * DELAY - 2);
    expect(firstAt).toBeLessThan(3 * DELAY + 500);
  });
});

describe('stripAnsi', () => {
  it('removes CSI, OSC and two-byte escapes and keeps the text', () => {
    expect(stripAnsi('\u001b[2K\u001b[1A\u001b[1mchaindbg  TLS\u001b[22m \u001b]0;t\u0007✓ ok\u001b7')).toBe('chaindbg  TLS ✓ ok');
  });
});
