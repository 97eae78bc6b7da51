import { createContext, useContext } from 'react';
import { Text } from 'ink';
import { fit } from '../format.js';
import type { Line as LineModel, Tone } from '../selectors.js';

/**
 * Colour is decoration only: every state is also said in words or glyphs (✓ ✗ ! › ▶), so NO_COLOR loses nothing.
 * Foreground colours only (no backgrounds), readable on dark and light terminals.
 */
export const ColorContext = createContext(true);

const TONE_COLOR: Record<Tone, string> = {
  ok: 'green',
  bad: 'red',
  warn: 'yellow',
  info: 'cyan',
  accent: 'magenta',
};

export function useTone(tone: Tone | undefined): string | undefined {
  const color = useContext(ColorContext);
  return color && tone ? TONE_COLOR[tone] : undefined;
}

/** One row, cut to `width` with an ellipsis; never wraps. */
export function Row(props: { text: string; width: number; tone?: Tone | undefined; bold?: boolean | undefined }) {
  const color = useContext(ColorContext);
  const fg = useTone(props.tone);
  return (
    <Text wrap="truncate-end" color={fg} bold={color && !!props.bold}>
      {fit(props.text, props.width) || ' '}
    </Text>
  );
}

export function LineRow(props: { line: LineModel; width: number; prefix?: string }) {
  const prefix = props.prefix ?? '';
  return <Row text={prefix + props.line.text} width={props.width} tone={props.line.tone} bold={props.line.bold} />;
}
