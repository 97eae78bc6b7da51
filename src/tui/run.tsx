import { render } from 'ink';
import { App } from './components/app.js';
import { ColorContext } from './components/theme.js';
import { DepsContext } from './components/context.js';
import { createController, type Controller } from './controller.js';
import type { TuiEngine, TuiOptions } from './engine.js';
import type { Size } from './layout.js';
import { initialState } from './state.js';
import { createStore, type Store } from './store.js';
import type { ReactElement } from 'react';

export interface Mounted {
  element: ReactElement;
  store: Store;
  controller: Controller;
}

/**
 * Builds the store, the controller and the element tree (without mounting it): `runTui` mounts it on the terminal,
 * tests mount it with ink-testing-library.
 */
export function createTui(
  opts: Pick<TuiOptions, 'engine' | 'color' | 'initialStores' | 'initialTls' | 'initialAia'> & {
    /** The terminal size at start (default 80x24). */
    size?: Size;
    /** Follow the terminal's resizes (the real terminal; tests keep their fixed size). */
    followResize?: boolean;
  },
  onQuit: () => void,
): Mounted {
  const engine: TuiEngine = opts.engine;
  const store = createStore(
    initialState({
      tls: opts.initialTls,
      stores: opts.initialStores,
      availableStores: engine.availableStores(),
      aia: opts.initialAia ?? false,
      size: opts.size,
    }),
  );
  const controller = createController(engine, store, onQuit);
  const element = (
    <ColorContext.Provider value={opts.color}>
      <DepsContext.Provider value={{ store, controller }}>
        <App followResize={opts.followResize ?? false} />
      </DepsContext.Provider>
    </ColorContext.Provider>
  );
  return { element, store, controller };
}

/** Mounts the TUI on the given terminal and resolves with the exit code when the user quits (q or Ctrl-C). */
export async function runTui(opts: TuiOptions): Promise<number> {
  let quit = () => {};
  const size = { columns: opts.stdout.columns || 80, rows: opts.stdout.rows || 24 };
  const tui = createTui({ ...opts, size, followResize: true }, () => quit());
  const instance = render(tui.element, {
    stdout: opts.stdout,
    stdin: opts.stdin,
    exitOnCtrlC: false,
    patchConsole: false,
  });
  quit = () => instance.unmount();
  void tui.controller.start();
  try {
    await instance.waitUntilExit();
  } finally {
    tui.controller.dispose();
  }
  return 0;
}
