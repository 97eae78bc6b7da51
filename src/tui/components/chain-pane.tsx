import { certDetailLines } from '../details.js';
import { chainItems, chainSelectable } from '../selectors.js';
import type { State } from '../state.js';
import { chainView, currentOutcome } from '../state-selectors.js';
import { useScopeKeys } from './context.js';
import { ItemList, Scrolled } from './item-list.js';

export function ChainPane(props: { s: State; width: number; height: number; active: boolean }) {
  const { s } = props;
  useScopeKeys('chain', props.active);
  const report = currentOutcome(s)?.report ?? null;
  const view = chainView(s);
  if (s.chainDetails && report) {
    const row = chainSelectable(report, view)[s.chainCursor];
    if (row) {
      return (
        <Scrolled lines={certDetailLines(report, row, view.unsent)} scroll={s.chainScroll} height={props.height} width={props.width} />
      );
    }
  }
  return (
    <ItemList
      items={chainItems(report, view)}
      cursor={s.chainCursor}
      height={props.height}
      width={props.width}
      empty="no chain yet (probing, or the probe failed: see Handshake)"
    />
  );
}
