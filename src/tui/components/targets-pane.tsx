import { Box } from 'ink';
import { pad, SPINNER } from '../format.js';
import { isRunBusy, targetStatus, type Item } from '../selectors.js';
import { currentRun, type State } from '../state.js';
import { useScopeKeys } from './context.js';
import { ItemList } from './item-list.js';
import { Row } from './theme.js';

function glyph(kind: ReturnType<typeof targetStatus>['kind'], busy: boolean, tick: number): string {
  if (busy) return SPINNER[tick % SPINNER.length]!;
  return { idle: '·', queued: '·', probing: '⠿', error: '✗', trusted: '✓', untrusted: '✗', partial: '!' }[kind];
}

export function targetItems(s: State, width: number): Item[] {
  const labelW = Math.max(12, Math.floor(width * 0.36));
  const storesW = Math.max(10, Math.floor(width * 0.3));
  return s.targets.map((e) => {
    const run = currentRun(s, e);
    const st = targetStatus(run);
    const text = `${glyph(st.kind, isRunBusy(run), s.tick)} ${pad(e.target.label, labelW)} ${pad(st.stores, storesW)} ${st.detail}`;
    return { selectable: true, lines: [{ text, tone: st.tone }] };
  });
}

export function TargetsPane(props: { s: State; width: number; height: number; active: boolean }) {
  const { s } = props;
  useScopeKeys('targets', props.active);
  const title = `${s.focus === 'targets' ? '▶' : ' '} Targets (${s.targets.length})  TLS ${s.tls}  AIA ${s.aia ? 'on' : 'off'}`;
  const empty = s.loadingTargets ? 'loading targets…' : 'no targets: press a to add one';
  return (
    <Box flexDirection="column">
      <Row text={title} width={props.width} tone={s.focus === 'targets' ? 'accent' : undefined} bold />
      <ItemList items={targetItems(s, props.width - 2)} cursor={s.selected} height={props.height} width={props.width} empty={empty} />
    </Box>
  );
}
