/**
 * One grammar per concept that several faces accept: the values of --tls, the export kinds. Each face (CLI options,
 * TUI keys, lab) reads these lists and parses with these functions, so a value means the same everywhere and is
 * refused with the same words.
 */

/** A value of --tls: both versions offered as Go does, one version pinned, or one connection per version. */
export type TlsChoice = 'auto' | '1.2' | '1.3' | 'both';

/** What one connection offers (every TlsChoice but 'both', which is two connections). */
export type TlsOffer = Exclude<TlsChoice, 'both'>;

/** Every --tls value, in the order help lists them. */
export const TLS_CHOICES: readonly TlsChoice[] = ['auto', '1.2', '1.3', 'both'];

/** What one connection can offer, in the order the TUI cycles through them. */
export const TLS_OFFERS: readonly TlsOffer[] = ['auto', '1.2', '1.3'];

/** The bundles `export` writes (and the TUI's export overlay offers), in that order. */
export const EXPORT_KINDS = ['fullchain', 'trust', 'missing', 'sent'] as const;
export type ExportKind = (typeof EXPORT_KINDS)[number];

/** "a, b or c" */
export function orList(items: readonly string[]): string {
  return items.length <= 1 ? items.join('') : `${items.slice(0, -1).join(', ')} or ${items[items.length - 1]}`;
}

/**
 * Reads a --tls value against the values a command accepts: the value, or the one-line refusal every face prints
 * (`invalid --tls "X": expected auto, 1.2 or 1.3`).
 */
export function parseTlsChoice<T extends TlsChoice>(
  value: string | undefined,
  accepted: readonly T[],
  fallback: T,
): { ok: true; value: T } | { ok: false; error: string } {
  const v = value ?? fallback;
  if ((accepted as readonly string[]).includes(v)) return { ok: true, value: v as T };
  return { ok: false, error: `invalid --tls "${value}": expected ${orList(accepted)}` };
}

/** Reads an export kind: the kind, or the refusal (`--kind must be one of fullchain, trust, missing, sent`). */
export function parseExportKind(value: string | undefined): { ok: true; value: ExportKind } | { ok: false; error: string } {
  if ((EXPORT_KINDS as readonly string[]).includes(value ?? '')) return { ok: true, value: value as ExportKind };
  return { ok: false, error: `--kind must be one of ${EXPORT_KINDS.join(', ')}` };
}
