import { useEffect } from 'react';
import { Box, useStdout } from 'ink';
import type { State } from '../state.js';
import { paneLayout } from '../state-selectors.js';
import { ChainPane } from './chain-pane.js';
import { useAppState, useGlobalKeys, useResize } from './context.js';
import { FindingsPane } from './findings-pane.js';
import { HandshakePane } from './handshake-pane.js';
import { OverlayView } from './overlays.js';
import { TargetsPane } from './targets-pane.js';
import { Row } from './theme.js';
import { columns } from '../../util/columns.js';
import { causeLines, headerText } from '../target-rows.js';
import type { Line } from '../selectors.js';
import { Scrolled } from './item-list.js';

/** Follows the terminal's size into the state (the layout and every pane's scrolling derive from it). */
function useTerminalSize(follow: boolean): void {
  const { stdout } = useStdout();
  const resize = useResize();
  useEffect(() => {
    if (!follow) return;
    const onResize = () => resize({ columns: stdout.columns || 80, rows: stdout.rows || 24 });
    onResize();
    stdout.on('resize', onResize);
    return () => {
      stdout.off('resize', onResize);
    };
  }, [stdout, follow]);
}

const TABS = [
  ['chain', 'Chain'],
  ['findings', 'Findings'],
  ['handshake', 'Handshake'],
] as const;

function tabsText(s: State): string {
  const mark = s.focus === 'targets' ? ' ' : '▶';
  return `${mark} ${TABS.map(([k, t]) => (s.detail === k ? `[${t}]` : ` ${t} `)).join(' ')}`;
}

/** Keys in the order they are dropped from the end when the row is narrow ("?:help q:quit" always stay). */
function footerText(s: State, width: number): string {
  const keys =
    s.focus === 'chain' && s.chainDetails
      ? ['esc:back', '↑↓:scroll', 'e:export']
      : [...(s.focus === 'targets' || s.focus === 'handshake' ? ['↑↓:move'] : ['↑↓:move', 'enter:open']), 'tab:pane', 'd:details', 't:TLS', 'e:export', 's:stores', 'r:probe', 'a:add'];
  const tail = ['?:help', 'q:quit'];
  while (keys.length > 0 && columns([...keys, ...tail].join(' ')) > width) keys.pop();
  return [...keys, ...tail].join(' ');
}


/** `followResize`: track the terminal's size (off in tests, which fix it in the initial state). */
export function App(props: { followResize?: boolean }) {
  const s = useAppState();
  useGlobalKeys(s.overlay !== null);
  useTerminalSize(props.followResize ?? false);
  const { width, total, headerH, bodyH, targetsH, causeH, detailH } = paneLayout(s);
  const header: Line = { text: headerText(s, width), tone: 'accent', bold: true, wrap: true, indent: 2 };
  const footer = s.message ? `! ${s.message}` : footerText(s, width);
  const open = s.overlay === null;
  const pane = { s, width, height: detailH };
  return (
    <Box flexDirection="column" width={width} height={total}>
      <Scrolled lines={[header]} scroll={0} height={headerH} width={width} />
      {s.overlay ? (
        <OverlayView s={s} overlay={s.overlay} width={width} height={bodyH} />
      ) : (
        <Box flexDirection="column" height={bodyH}>
          <TargetsPane s={s} width={width} height={targetsH} active={open && s.focus === 'targets'} />
          {causeH > 0 ? <Scrolled lines={causeLines(s)} scroll={0} height={causeH} width={width} /> : null}
          <Row text={tabsText(s)} width={width} tone={s.focus === 'targets' ? undefined : 'accent'} bold />
          {s.detail === 'chain' ? <ChainPane {...pane} active={open && s.focus === 'chain'} /> : null}
          {s.detail === 'findings' ? <FindingsPane {...pane} active={open && s.focus === 'findings'} /> : null}
          {s.detail === 'handshake' ? <HandshakePane {...pane} active={open && s.focus === 'handshake'} /> : null}
        </Box>
      )}
      <Row text={footer} width={width} tone={s.message ? 'warn' : undefined} />
    </Box>
  );
}
