import { render } from 'ink-testing-library';
import { createTui } from '../../../src/tui/run.js';
import type { TlsChoice, TuiEngine } from '../../../src/tui/index.js';

export const KEYS = {
  up: '\u001B[A',
  down: '\u001B[B',
  enter: '\r',
  escape: '\u001B',
  tab: '\t',
  shiftTab: '\u001B[Z',
  space: ' ',
  backspace: '\u007F',
  ctrlC: '\u0003',
} as const;

/** Mounts the TUI at 80x24 (unless told otherwise) on ink-testing-library, starts the controller, and gives helpers to drive it. */
export function mount(
  engine: TuiEngine,
  opts: { stores?: string[]; tls?: TlsChoice; aia?: boolean; color?: boolean; size?: { columns: number; rows: number } } = {},
) {
  let quits = 0;
  const tui = createTui(
    {
      engine,
      color: opts.color ?? false,
      initialStores: opts.stores ?? ['system', 'mozilla'],
      initialTls: opts.tls ?? 'auto',
      initialAia: opts.aia ?? false,
      size: opts.size ?? { columns: 80, rows: 24 },
    },
    () => quits++,
  );
  const r = render(tui.element);
  void tui.controller.start();
  const frame = () => r.lastFrame() ?? '';
  return {
    ...r,
    ...tui,
    frame,
    quits: () => quits,
    /** Writes keys one at a time, letting Ink process each. */
    async press(...keys: string[]) {
      for (const k of keys) {
        r.stdin.write(k);
        await new Promise((res) => setTimeout(res, 5));
      }
    },
    async waitFor(pred: (frame: string) => boolean, what = 'frame condition', ms = 3000): Promise<string> {
      const end = Date.now() + ms;
      for (;;) {
        const f = frame();
        if (pred(f)) return f;
        if (Date.now() > end) throw new Error(`timed out waiting for ${what}; last frame:\n${f}`);
        await new Promise((res) => setTimeout(res, 10));
      }
    },
    done() {
      tui.controller.dispose();
      r.unmount();
      r.cleanup();
    },
  };
}
