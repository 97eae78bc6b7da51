import { handshakeLines } from '../selectors.js';
import type { State } from '../state.js';
import { currentTls, selectedEntry } from '../state-selectors.js';
import { useScopeKeys } from './context.js';
import { Scrolled } from './item-list.js';

export function HandshakePane(props: { s: State; width: number; height: number; active: boolean }) {
  const { s } = props;
  useScopeKeys('handshake', props.active);
  return (
    <Scrolled lines={handshakeLines(selectedEntry(s), currentTls(s))} scroll={s.handshakeScroll} height={props.height} width={props.width} />
  );
}
