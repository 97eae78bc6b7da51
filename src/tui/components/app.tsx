import { useEffect, useState } from 'react';
import { Box, useStdout } from 'ink';
import { currentOutcome, type State } from '../state.js';
import { ChainPane } from './chain-pane.js';
import { useAppState, useGlobalKeys } from './context.js';
import { FindingsPane } from './findings-pane.js';
import { HandshakePane } from './handshake-pane.js';
import { OverlayView } from './overlays.js';
import { TargetsPane } from './targets-pane.js';
import { Row } from './theme.js';
import { storeLabel } from '../format.js';

/** The terminal size, following resizes; `fixed` (tests) wins. */
function useSize(fixed?: { columns: number; rows: number }): { columns: number; rows: number } {
  const { stdout } = useStdout();
  const read = () => ({ columns: stdout.columns || 80, rows: stdout.rows || 24 });
  const [size, setSize] = useState(read);
  useEffect(() => {
    if (fixed) return;
    const onResize = () => setSize(read());
    stdout.on('resize', onResize);
    return () => {
      stdout.off('resize', onResize);
    };
  }, [stdout, fixed]);
  return fixed ?? size;
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

function footerText(s: State): string {
  if (s.focus === 'chain' && s.chainDetails) return 'esc:back ↑↓:scroll e:export ?:help q:quit';
  const move = s.focus === 'targets' || s.focus === 'handshake' ? '↑↓:move' : '↑↓:move enter:open';
  return `${move} tab:pane t:TLS r:probe s:stores e:export a:add ?:help q:quit`;
}

export function App(props: { size?: { columns: number; rows: number } }) {
  const s = useAppState();
  useGlobalKeys(s.overlay !== null);
  const { columns, rows } = useSize(props.size);
  const width = Math.max(20, columns);
  // One row short of the terminal: Ink repaints the whole screen when a frame is as tall as the terminal.
  const total = Math.max(10, rows - 1);
  const now = currentOutcome(s)?.report.now;
  const header = `chaindbg  TLS ${s.tls}  stores: ${s.stores.map(storeLabel).join(', ')}${now ? `  at ${now}` : ''}`;
  const footer = s.message ? `! ${s.message}` : footerText(s);
  const bodyH = total - 2;
  const targetsH = Math.min(Math.max(1, s.targets.length), Math.max(1, Math.floor((bodyH - 2) / 3)), 6);
  const detailH = bodyH - 1 - targetsH - 1;
  const open = s.overlay === null;
  const pane = { s, width, height: detailH };
  return (
    <Box flexDirection="column" width={width} height={total}>
      <Row text={header} width={width} tone="accent" bold />
      {s.overlay ? (
        <OverlayView s={s} overlay={s.overlay} width={width} height={bodyH} />
      ) : (
        <Box flexDirection="column" height={bodyH}>
          <TargetsPane s={s} width={width} height={targetsH} active={open && s.focus === 'targets'} />
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
