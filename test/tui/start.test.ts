import { PassThrough } from 'node:stream';
import { expect, test } from 'vitest';
import { startTui, TUI_NEEDS_TTY, type TuiEngine } from '../../src/tui/index.js';

const engine: TuiEngine = {
  targets: async () => [],
  availableStores: () => ['system'],
  addStore: async () => {
    throw new Error('not used');
  },
  probe: async () => {
    throw new Error('not used');
  },
  reanalyze: async (o) => o,
  exportPlan: async () => ({ path: '', summary: '', certificates: 0 }),
  exportWrite: async () => ({ ok: false, message: '' }),
};

test('without a terminal startTui mounts nothing, says why in one line and returns 2', async () => {
  const out = new PassThrough();
  let written = '';
  out.on('data', (d: Buffer) => (written += d.toString()));
  const code = await startTui({
    engine,
    stdout: out as unknown as NodeJS.WriteStream,
    stdin: new PassThrough() as unknown as NodeJS.ReadStream,
    color: false,
    initialStores: ['system'],
    initialTls: '1.3',
  });
  expect(code).toBe(2);
  expect(written).toBe(`${TUI_NEEDS_TTY}\n`);
});
