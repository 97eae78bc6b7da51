/**
 * The one PEM reader, linear in its input. Every PEM text chaindbg reads (chain files, store files and folders, AIA
 * responses) is split into blocks here.
 *
 * It finds what `/-----BEGIN (L)-----([\s\S]*?)-----END \1-----/g` finds (each BEGIN line with the nearest END line
 * of the same label after it, blocks never overlapping), but without the regex's cost: that regex rescans the rest of
 * the text from every BEGIN whose END is missing, so a 1 MiB file of repeated BEGIN lines took 18.5 s. Here one pass
 * collects every END marker by label, and one pass over the BEGIN markers pairs each with the next END of its label
 * through a per-label cursor that only moves forward: O(n) for any input.
 */

/** One block: its label and where it sits in the text. */
export interface PemBlock {
  /** "CERTIFICATE", "TRUSTED CERTIFICATE", "PRIVATE KEY", ... */
  label: string;
  /** Offset of "-----BEGIN". */
  offset: number;
  /** Offset of the body (just after the BEGIN line's closing dashes). */
  bodyOffset: number;
  /** The text between the BEGIN line's closing dashes and "-----END" (line breaks included). */
  body: string;
  /** Offset just past the END line's closing dashes. */
  end: number;
}

const BEGIN = '-----BEGIN ';
const END = '-----END ';
const DASHES = '-----';
/** Longest label read (real labels are under 30 characters); a longer run is not a PEM label. */
const MAX_LABEL = 64;

/** The label at `at` ([A-Z0-9 ]+ then "-----"), or null. Reads at most MAX_LABEL characters. */
function labelAt(text: string, at: number): string | null {
  const stop = Math.min(text.length, at + MAX_LABEL + 1);
  let i = at;
  while (i < stop) {
    const c = text.charCodeAt(i);
    if ((c >= 0x41 && c <= 0x5a) || (c >= 0x30 && c <= 0x39) || c === 0x20) i++;
    else break;
  }
  if (i === at || i - at > MAX_LABEL || !text.startsWith(DASHES, i)) return null;
  return text.slice(at, i);
}

/**
 * The PEM blocks of `text`, in order. `accept` picks the labels to look for (default: any); BEGIN lines of other
 * labels are ignored, as if they were ordinary text.
 */
export function readPemBlocks(text: string, accept: (label: string) => boolean = () => true): PemBlock[] {
  // Pass 1: every END marker, by label, in order.
  const ends = new Map<string, number[]>();
  for (let at = text.indexOf(END); at !== -1; at = text.indexOf(END, at + 1)) {
    const label = labelAt(text, at + END.length);
    if (label === null || !accept(label)) continue;
    let list = ends.get(label);
    if (!list) ends.set(label, (list = []));
    list.push(at);
  }
  // Pass 2: each BEGIN (after the previous block) with the first END of its label past its own line.
  const cursor = new Map<string, number>();
  const out: PemBlock[] = [];
  let from = 0;
  for (let at = text.indexOf(BEGIN); at !== -1; at = text.indexOf(BEGIN, Math.max(at + 1, from))) {
    if (at < from) continue;
    const label = labelAt(text, at + BEGIN.length);
    if (label === null || !accept(label)) continue;
    const bodyOffset = at + BEGIN.length + label.length + DASHES.length;
    const list = ends.get(label);
    if (!list) continue;
    let k = cursor.get(label) ?? 0;
    while (k < list.length && list[k]! < bodyOffset) k++;
    cursor.set(label, k);
    if (k === list.length) continue;
    const endAt = list[k]!;
    const end = endAt + END.length + label.length + DASHES.length;
    out.push({ label, offset: at, bodyOffset, body: text.slice(bodyOffset, endAt), end });
    from = end;
  }
  return out;
}
