import { createContext, useContext, useSyncExternalStore } from 'react';
import { useInput } from 'ink';
import type { Controller } from '../controller.js';
import type { Size } from '../layout.js';
import { keyName, resolveKey, splitChunk, type KeyFlags, type Scope } from '../keymap.js';
import type { State } from '../state.js';
import type { Store } from '../store.js';

export interface AppDeps {
  store: Store;
  controller: Controller;
}

export const DepsContext = createContext<AppDeps | null>(null);

function useDeps(): AppDeps {
  const d = useContext(DepsContext);
  if (!d) throw new Error('TUI components need a DepsContext provider');
  return d;
}

export function useAppState(): State {
  const { store } = useDeps();
  return useSyncExternalStore(store.subscribe, store.getState, store.getState);
}

/** Several plain keys in one chunk (not an escape sequence, which Ink parses into one key). */
function isChunk(input: string, key: KeyFlags & { meta?: boolean }): boolean {
  return Array.from(input).length > 1 && !key.meta && !key.escape && !input.startsWith('\u001b');
}

/** Keys for one scope, through the keymap; only active while `active` (the focused pane, or the open overlay). */
export function useScopeKeys(scope: Exclude<Scope, 'global'>, active: boolean, onText?: (text: string) => void): void {
  const { controller } = useDeps();
  useInput(
    (input, key) => {
      if (isChunk(input, key)) return; // routed key by key by useGlobalKeys
      const cmd = resolveKey(scope, keyName(input, key));
      if (cmd) return controller.command(scope, cmd);
      if (onText && input && !key.ctrl && !key.meta && !key.tab && !key.escape && !key.return) onText(input);
    },
    { isActive: active },
  );
}

/** Global keys, active when no overlay is open; Ctrl-C quits from anywhere. */
export function useGlobalKeys(overlayOpen: boolean): void {
  const { controller } = useDeps();
  useInput(
    (input, key) => {
      if (isChunk(input, key)) return controller.keys(splitChunk(input));
      const name = keyName(input, key);
      if (name === 'ctrl-c') return controller.command('targets', 'quit');
      if (overlayOpen) return;
      const cmd = resolveKey('global', name);
      if (cmd) controller.command('targets', cmd);
    },
    { isActive: true },
  );
}

export function useResize(): (size: Size) => void {
  const { controller } = useDeps();
  return (size) => controller.resize(size);
}

export function useTyped(): (text: string) => void {
  const { controller } = useDeps();
  return (text) => controller.typed(text);
}
