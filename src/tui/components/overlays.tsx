import { Box } from 'ink';
import { EXPORT_KINDS } from '../engine.js';
import { findingDetailLines } from '../details.js';
import { helpColumns } from '../help.js';
import { KEYMAP, showKey } from '../keymap.js';
import { storeChoices, wrapLines, type Line } from '../selectors.js';
import type { ExportOverlay as ExportModel, Overlay, State, StoresOverlay } from '../state.js';
import { useScopeKeys, useTyped } from './context.js';
import { Scrolled } from './item-list.js';
import { LineRow, Row } from './theme.js';

interface Size {
  width: number;
  height: number;
}

function Help(props: { scroll: number } & Size) {
  useScopeKeys('help', true);
  // Two columns when the terminal is wide enough and one does not fit, so most of the keymap fits on one screen.
  const body = props.height - 1;
  const { colW, columns } = helpColumns(props.width, body);
  return (
    <Box flexDirection="column">
      <Row text="Keys (↑↓ scroll, esc close)" width={props.width} tone="accent" bold />
      <Box flexDirection="row">
        {columns.map((lines, i) => (
          <Box key={i} width={colW} marginRight={i < columns.length - 1 ? 1 : 0}>
            <Scrolled lines={lines} scroll={props.scroll} height={body} width={colW} />
          </Box>
        ))}
      </Box>
    </Box>
  );
}

function Add(props: { text: string; error: string | null } & Size) {
  const typed = useTyped();
  useScopeKeys('add', true, typed);
  return (
    <Box flexDirection="column" height={props.height}>
      <Row text="Add a target (enter adds and probes, esc cancels)" width={props.width} tone="accent" bold />
      <Row text={`host[:port] > ${props.text}█`} width={props.width} />
      {props.error ? <Row text={`! ${props.error}`} width={props.width} tone="bad" /> : null}
    </Box>
  );
}

/** The store switcher as lines: the choices, then the path input (`a`) or how to open it, then what happened. */
function storesLines(s: Pick<State, 'availableStores' | 'stores'>, o: StoresOverlay): Line[] {
  const typing = o.input !== null;
  const out: Line[] = [{ text: 'Trust stores (space toggles, enter applies without re-probing, esc cancels)', tone: 'accent', bold: true }];
  storeChoices(s).forEach((name, i) => {
    out.push({ text: `${i === o.cursor && !typing ? '›' : ' '} [${o.chosen.includes(name) ? 'x' : ' '}] ${name}` });
  });
  out.push({ text: '' });
  if (o.input) {
    out.push({ text: 'Add a store: a PEM/DER file or a folder (enter loads, esc goes back)', tone: 'accent', bold: true });
    out.push({ text: `path > ${o.input.text}${o.input.loading === null ? '█' : ''}` });
    if (o.input.loading !== null) out.push({ text: 'loading…', tone: 'info' });
    if (o.input.error) out.push(para(`! ${o.input.error}`, 'bad'));
  } else {
    out.push({ text: 'a adds a PEM/DER file or a folder of them (~ and relative paths work)' });
    if (o.note) out.push(para(`✓ ${o.note} (selected and applied)`, 'ok'));
  }
  if (o.error) out.push(para(`! ${o.error}`, 'bad'));
  return out;
}

function Stores(props: { s: State; o: StoresOverlay } & Size) {
  const typing = props.o.input !== null;
  useScopeKeys('stores', !typing);
  useScopeKeys('storePath', typing, useTyped());
  return (
    <Box flexDirection="column" height={props.height}>
      {wrapLines(storesLines(props.s, props.o), props.width).map((l, i) => (
        <LineRow key={i} line={l} width={props.width} />
      ))}
    </Box>
  );
}

const KIND_HELP: Record<(typeof EXPORT_KINDS)[number], string> = {
  fullchain: 'leaf + intermediates, for the server to send',
  trust: 'the anchor(s), for SSL_CERT_FILE / a trust store',
  missing: 'only the certificates the server failed to send',
  sent: 'exactly what the server sent',
};

/** The key bound to a global command, as the help shows it. */
function keyFor(command: (typeof KEYMAP)[number]['command']): string {
  return showKey(KEYMAP.find((b) => b.scope === 'global' && b.command === command)?.keys[0] ?? '?');
}

/** Text that must be read whole: wrapped to the width, continuation rows indented by `indent`. */
function para(text: string, tone?: Line['tone'], indent = 2, bold?: boolean): Line {
  return { text, tone, bold, wrap: true, indent };
}

export function exportLines(o: ExportModel): Line[] {
  const out: Line[] = [{ text: `Export a PEM bundle (store ${o.store || 'none'})`, tone: 'accent', bold: true }];
  EXPORT_KINDS.forEach((k, i) => {
    const chosen = o.step === 'choose' ? i === o.cursor : k === o.exportKind;
    out.push({ text: `${chosen ? '›' : ' '} ${k.padEnd(10)} ${KIND_HELP[k]}` });
  });
  out.push({ text: '' });
  if (o.step === 'choose') out.push({ text: 'enter chooses, esc cancels' });
  if (o.step === 'planning') out.push({ text: 'planning…', tone: 'info' });
  if (o.plan && (o.step === 'confirm' || o.step === 'writing' || o.step === 'exists' || o.step === 'done')) {
    if (o.step === 'confirm') out.push(para(`will write: ${o.path}█`, undefined, 12, true));
    else out.push(para(`will write: ${o.path}`, undefined, 12, true));
    out.push(para(`${o.plan.summary} (${o.plan.certificates} certificate${o.plan.certificates === 1 ? '' : 's'})`));
    if (o.plan.warning) out.push(para(`! ${o.plan.warning}`, 'warn'));
    if (o.plan.aiaUrls?.length) {
      out.push(
        para(
          `! AIA is off: the missing issuer could be fetched from ${o.plan.aiaUrls.join(', ')}. Press ${keyFor('toggleAia')} (AIA on), then export again.`,
          'warn',
        ),
      );
    }
  }
  if (o.step === 'confirm') {
    out.push(para('type to edit the path (relative to the current folder, ~ works); enter writes, never over an existing file; esc cancels', 'accent'));
    if (o.error) out.push(para(`! ${o.error}`, 'bad'));
  }
  if (o.step === 'writing') out.push({ text: 'writing…', tone: 'info' });
  if (o.step === 'exists') {
    out.push(para(`! ${o.path} already exists: nothing was written.`, 'warn'));
    out.push(para('o overwrites it, enter edits the path, esc cancels', 'accent'));
  }
  if (o.step === 'done') {
    if (o.error) out.push(para(`✗ export failed: ${o.error}`, 'bad'));
    else if (o.result) out.push(para(`${o.result.ok ? '✓' : '✗'} ${o.result.message}`, o.result.ok ? 'ok' : 'bad'));
    out.push({ text: 'esc or enter closes' });
  }
  return out;
}

function Export(props: { o: ExportModel } & Size) {
  const editing = props.o.step === 'confirm';
  useScopeKeys('export', !editing);
  useScopeKeys('exportPath', editing, useTyped());
  // When the text is taller than the screen, its end (the latest step, and how to close) stays in view.
  return <Scrolled lines={exportLines(props.o)} scroll={Number.MAX_SAFE_INTEGER} height={props.height} width={props.width} />;
}

function FindingView(props: { lines: Line[]; scroll: number } & Size) {
  useScopeKeys('finding', true);
  return <Scrolled lines={props.lines} scroll={props.scroll} height={props.height} width={props.width} />;
}

export function OverlayView(props: { s: State; overlay: Overlay } & Size) {
  const { overlay: o } = props;
  const size = { width: props.width, height: props.height };
  switch (o.kind) {
    case 'help':
      return <Help scroll={o.scroll} {...size} />;
    case 'finding':
      return <FindingView lines={findingDetailLines(o.finding)} scroll={o.scroll} {...size} />;
    case 'add':
      return <Add text={o.text} error={o.error} {...size} />;
    case 'stores':
      return <Stores s={props.s} o={o} {...size} />;
    case 'export':
      return <Export o={o} {...size} />;
  }
}
