import { handshakeLines } from '../selectors.js';
import { currentTls, selectedEntry, type State } from '../state.js';
import { useScopeKeys } from './context.js';
import { Scrolled } from './item-list.js';

export function HandshakePane(props: { s: State; width: number; height: number; active: boolean }) {
  const { s } = props;
  useScopeKeys('handshake', props.active);
  return (
    <Scrolled lines={handshakeLines(selectedEntry(s), currentTls(s))} scroll={s.handshakeScroll} height={props.height} width={props.width} />
  );
}
