import type { Action, State, StoresOverlay, TextInput } from './state-types.js';
import { storeChoices } from './selectors.js';
import { resetDetail } from './state-moves.js';

/** Overlay helpers of the reducer: editing the open text input, and the store switcher's store added and its order. */

/** Applies `f` to the text input that is open: the add-target box, or the store path while it is not loading. */
export function editInput(s: State, f: (i: TextInput) => TextInput): State {
  const o = s.overlay;
  if (o?.kind === 'export' && o.step === 'confirm') return { ...s, overlay: { ...o, path: f({ text: o.path, error: null }).text, error: null } };
  if (o?.kind === 'add') return { ...s, overlay: { ...o, ...f(o) } };
  if (o?.kind === 'stores' && o.input && o.input.loading === null) return { ...s, overlay: { ...o, input: { ...o.input, ...f(o.input) } } };
  return s;
}

/** `names` in the order the store switcher offers them. */
export function inChoiceOrder(s: Pick<State, 'availableStores' | 'stores'>, names: readonly string[]): string[] {
  const order = storeChoices(s);
  return [...names].sort((x, y) => order.indexOf(x) - order.indexOf(y));
}

/**
 * A store the user typed was loaded: it joins the choices (once: a store already offered is only selected), is
 * selected with the rest of the list and applied at once, so the verdicts follow without re-probing. The list stays
 * open under the cursor on it, saying what was loaded.
 */
export function storeAdded(s: State, a: Extract<Action, { type: 'storeAdded' }>): State {
  const o = s.overlay;
  if (o?.kind !== 'stores' || o.input?.loading !== a.token) return s;
  const availableStores = s.availableStores.includes(a.spec) ? s.availableStores : [...s.availableStores, a.spec];
  const next = { ...s, availableStores };
  const stores = inChoiceOrder(next, o.chosen.includes(a.spec) ? o.chosen : [...o.chosen, a.spec]);
  const overlay: StoresOverlay = {
    ...o,
    cursor: storeChoices(next).indexOf(a.spec),
    chosen: stores,
    error: null,
    note: a.summary,
    input: null,
  };
  const same = stores.length === s.stores.length && stores.every((x, i) => x === s.stores[i]);
  return same ? { ...next, overlay } : { ...resetDetail(next), stores, overlay };
}
