import { Box } from 'ink';
import { targetItems } from '../target-rows.js';
import type { State } from '../state.js';
import { currentTls } from '../state-selectors.js';
import { useScopeKeys } from './context.js';
import { ItemList } from './item-list.js';
import { Row } from './theme.js';

export { targetItems };

export function TargetsPane(props: { s: State; width: number; height: number; active: boolean }) {
  const { s } = props;
  useScopeKeys('targets', props.active);
  const title = `${s.focus === 'targets' ? '▶' : ' '} Targets (${s.targets.length})  TLS ${currentTls(s)}  AIA ${s.aia ? 'on' : 'off'}`;
  const empty = s.loadingTargets ? 'loading targets…' : 'no targets: press a to add one';
  return (
    <Box flexDirection="column">
      <Row text={title} width={props.width} tone={s.focus === 'targets' ? 'accent' : undefined} bold />
      <ItemList items={targetItems(s, props.width - 2)} cursor={s.selected} height={props.height} width={props.width} empty={empty} />
    </Box>
  );
}
