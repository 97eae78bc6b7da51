import { causeItems } from '../causes.js';
import type { State } from '../state.js';
import { currentOutcome } from '../state-selectors.js';
import { useScopeKeys } from './context.js';
import { ItemList } from './item-list.js';

export function FindingsPane(props: { s: State; width: number; height: number; active: boolean }) {
  const { s } = props;
  useScopeKeys('findings', props.active);
  const report = currentOutcome(s)?.report ?? null;
  return (
    <ItemList
      items={causeItems(report, s.expanded, s.findingsCursor)}
      cursor={s.findingsCursor}
      offset={s.findingsScroll}
      height={props.height}
      width={props.width}
      empty={report ? 'no findings' : 'no report yet'}
    />
  );
}
