/**
 * A strict DER reader for the fast certificate path (`parse.ts`): tag-length-value positions over one byte array, no
 * objects per node. Why not asn1js here: `asn1js.fromBER` builds four objects per node, each running buffer-source type
 * checks, and costs about 0.45 ms for one Mozilla root on its own, twice the whole parse budget (0.25 ms). It stays the
 * decoder for everything this reader refuses: any input outside canonical DER throws `NOT_CANONICAL`, and the caller
 * hands the certificate to the asn1js/pkijs reference parser, which decides what it means (value or error).
 */

/** Signal (not an error): "not the canonical shape the fast path reads; ask the reference parser". */
export const NOT_CANONICAL: unique symbol = Symbol('not canonical DER');

export function notCanonical(): never {
  throw NOT_CANONICAL;
}

/** One element: `tag` is the identifier octet (low tag numbers only), content is bytes[body, end). */
export interface Tlv {
  tag: number;
  start: number;
  body: number;
  end: number;
}

/** Reads the element at `off`, which must end at or before `limit`; definite minimal lengths only. */
export function readTlv(b: Uint8Array, off: number, limit: number): Tlv {
  if (off + 2 > limit) notCanonical();
  const tag = b[off]!;
  if ((tag & 0x1f) === 0x1f) notCanonical();
  let len = b[off + 1]!;
  let body = off + 2;
  if (len & 0x80) {
    const n = len & 0x7f;
    if (n === 0 || n > 3 || body + n > limit) notCanonical();
    len = 0;
    for (let i = 0; i < n; i++) len = len * 256 + b[body + i]!;
    if (b[body] === 0 || len < 0x80) notCanonical();
    body += n;
  }
  const end = body + len;
  if (end > limit) notCanonical();
  return { tag, start: off, body, end };
}

/** The elements inside a constructed element (which must fill it exactly). */
export function children(b: Uint8Array, t: Tlv): Tlv[] {
  const out: Tlv[] = [];
  for (let off = t.body; off < t.end; ) {
    const c = readTlv(b, off, t.end);
    out.push(c);
    off = c.end;
  }
  return out;
}

/** The one element filling `b` exactly. */
export function readWhole(b: Uint8Array): Tlv {
  const t = readTlv(b, 0, b.length);
  if (t.end !== b.length) notCanonical();
  return t;
}

const MAX_DEPTH = 40;
const TIME = /^(\d{12}|\d{14})Z$/;

/**
 * Walks every constructed element under `t` and checks each universal primitive against what asn1js decodes without
 * error, so that "this reader accepts" implies "asn1js.fromBER accepts". Contents of OCTET and BIT STRINGs are not
 * entered: asn1js only tries them as embedded ASN.1 and keeps them raw when they do not decode.
 */
export function checkTree(b: Uint8Array, t: Tlv, depth = 0): void {
  if (depth > MAX_DEPTH) notCanonical();
  const constructed = (t.tag & 0x20) !== 0;
  const universal = (t.tag & 0xc0) === 0;
  if (constructed) {
    if (universal && t.tag !== 0x30 && t.tag !== 0x31) notCanonical();
    for (let off = t.body; off < t.end; ) {
      const c = readTlv(b, off, t.end);
      checkTree(b, c, depth + 1);
      off = c.end;
    }
    return;
  }
  if (!universal) return;
  const len = t.end - t.body;
  switch (t.tag) {
    case 0x01:
      if (len !== 1) notCanonical();
      return;
    case 0x02:
      if (len < 1) notCanonical();
      return;
    case 0x03:
      if (len < 1 || b[t.body]! > 7) notCanonical();
      return;
    case 0x04:
      return;
    case 0x05:
      if (len !== 0) notCanonical();
      return;
    case 0x06:
      oidString(b, t);
      return;
    case 0x0c: // UTF8String
    case 0x12: // NumericString
    case 0x13: // PrintableString
    case 0x14: // TeletexString
    case 0x15: // VideotexString
    case 0x16: // IA5String
    case 0x19: // GraphicString
    case 0x1a: // VisibleString
    case 0x1b: // GeneralString
    case 0x1d: // CharacterString
      return;
    case 0x1c: // UniversalString
      if (len % 4 !== 0) notCanonical();
      return;
    case 0x1e: // BMPString
      if (len % 2 !== 0) notCanonical();
      return;
    case 0x17:
    case 0x18:
      if (!TIME.test(latin1(b, t))) notCanonical();
      return;
    default:
      notCanonical();
  }
}

const oidCache = new Map<string, string>();

/** Dotted text of an OBJECT IDENTIFIER, as asn1js prints it (first arc split 0/1/2 at 40 and 80). */
export function oidString(b: Uint8Array, t: Tlv): string {
  if (t.tag !== 0x06 || t.end === t.body) notCanonical();
  const key = latin1(b, t);
  const hit = oidCache.get(key);
  if (hit !== undefined) return hit;
  let out = '';
  let value = 0;
  let digits = 0;
  let first = true;
  for (let i = t.body; i < t.end; i++) {
    const byte = b[i]!;
    if (digits === 0 && byte === 0x80) notCanonical();
    value = value * 128 + (byte & 0x7f);
    digits++;
    if (digits > 4) notCanonical();
    if (byte & 0x80) continue;
    if (first) {
      out = value <= 39 ? `0.${value}` : value <= 79 ? `1.${value - 40}` : `2.${value - 80}`;
      first = false;
    } else {
      out += `.${value}`;
    }
    value = 0;
    digits = 0;
  }
  if (digits !== 0) notCanonical();
  if (oidCache.size < 4096) oidCache.set(key, out);
  return out;
}

/** Content bytes as one char per byte (what asn1js gives for IA5, Printable and other 8-bit strings). */
export function latin1(b: Uint8Array, t: Tlv): string {
  return Buffer.from(b.buffer, b.byteOffset + t.body, t.end - t.body).toString('latin1');
}

/** Content bytes as a view (no copy). */
export function content(b: Uint8Array, t: Tlv): Uint8Array {
  return b.subarray(t.body, t.end);
}

/** The whole element (header and content) as a view (no copy). */
export function element(b: Uint8Array, t: Tlv): Uint8Array {
  return b.subarray(t.start, t.end);
}
