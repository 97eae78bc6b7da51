import type * as Asn1js from 'asn1js';
import type * as Pkijs from 'pkijs';
import { CertParseError } from './errors.js';
import { ATTRIBUTE_NAMES } from './oids.js';
import type { DistinguishedName, NameAttribute } from '../model/certificate.js';

/*
 * What both certificate parsers (the fast path in parse.ts and the reference in parse-reference.ts) and the OCSP reader
 * share: GeneralName kinds, IP addresses and ranges as text, distinguished names from pkijs, hex and serial text, bytes.
 */

/** GeneralName "types" at or above this are entries that are not context-tagged (the low byte is their tag). */
export const NON_CONTEXT = 0x100;

/** The name of a GeneralName kind chaindbg only counts: "otherName", ..., "type9", "tag 0x09" (not context-tagged). */
export function generalNameKind(type: number): string {
  if (type >= NON_CONTEXT) return `tag 0x${(type & 0xff).toString(16).padStart(2, '0')}`;
  return GENERAL_NAME_KINDS[type] ?? `type${type}`;
}

export const GENERAL_NAME_KINDS: Record<number, string> = {
  0: 'otherName',
  1: 'email',
  2: 'dns',
  3: 'x400Address',
  4: 'directoryName',
  5: 'ediPartyName',
  6: 'uri',
  7: 'ip',
  8: 'registeredID',
};

/** "10.0.0.0/8" or "2001:db8::/32" from address+mask bytes; a non-contiguous mask is a parse error (as in Go). */
export function formatCidr(b: Uint8Array): string {
  if (b.length !== 8 && b.length !== 32) throw new CertParseError(`name constraint IP range of ${b.length} bytes`);
  const half = b.length / 2;
  const addr = b.subarray(0, half);
  const mask = b.subarray(half);
  let prefix = 0;
  let ended = false;
  for (const byte of mask) {
    for (let bit = 7; bit >= 0; bit--) {
      const set = (byte >> bit) & 1;
      if (set && ended) throw new CertParseError('name constraint IP mask is not contiguous');
      if (set) prefix++;
      else ended = true;
    }
  }
  return `${formatIp(addr)}/${prefix}`;
}

export function formatIp(b: Uint8Array): string {
  if (b.length === 4) return Array.from(b).join('.');
  const groups: number[] = [];
  for (let i = 0; i < 16; i += 2) groups.push((b[i]! << 8) | b[i + 1]!);
  // RFC 5952: compress the longest run (>= 2) of zero groups.
  let bestStart = -1;
  let bestLen = 0;
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLen && j - i >= 2) {
      bestStart = i;
      bestLen = j - i;
    }
    i = j;
  }
  const h = groups.map((g) => g.toString(16));
  if (bestStart < 0) return h.join(':');
  return `${h.slice(0, bestStart).join(':')}::${h.slice(bestStart + bestLen).join(':')}`;
}

export function parseName(der: Uint8Array, rdns: Pkijs.RelativeDistinguishedNames): DistinguishedName {
  const attributes: NameAttribute[] = rdns.typesAndValues.map((tv) => {
    const type = ATTRIBUTE_NAMES[tv.type] ?? tv.type;
    return { oid: tv.type, type, value: attributeValue(tv.value) };
  });
  const text = [...attributes]
    .reverse()
    .map((a) => `${a.type}=${escapeValue(a.value)}`)
    .join(', ');
  return { der: copy(der), text, attributes };
}

export function attributeValue(v: Asn1js.AsnType): string {
  const block = (v as { valueBlock?: { value?: unknown } }).valueBlock;
  if (block && typeof block.value === 'string') return block.value;
  return `#${hex(v.valueBeforeDecodeView)}`;
}

export function escapeValue(value: string): string {
  if (value.startsWith('#') && /^#[0-9a-f]*$/.test(value)) return value;
  let s = value.replace(/[\\,+"<>;=]/g, (c) => `\\${c}`);
  if (s.startsWith(' ') || s.startsWith('#')) s = `\\${s}`;
  if (s.endsWith(' ') && s.length > 1) s = `${s.slice(0, -1)}\\ `;
  return s;
}

export function serialHex(b: Uint8Array): string {
  const h = hex(b).replace(/^0+/, '');
  return h === '' ? '0' : h;
}

export function hex(b: Uint8Array): string {
  return Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('hex');
}

export function copy(b: Uint8Array): Uint8Array {
  return new Uint8Array(b);
}

export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && Buffer.compare(Buffer.from(a.buffer, a.byteOffset, a.byteLength), Buffer.from(b.buffer, b.byteOffset, b.byteLength)) === 0;
}
