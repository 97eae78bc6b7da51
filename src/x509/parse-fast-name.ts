import { asn1js } from '../util/lazy-asn1js.js';
import { children, content, element, latin1, notCanonical, oidString, type Tlv } from './der.js';
import { ATTRIBUTE_NAMES } from './oids.js';
import { attributeValue, escapeValue } from './parse-common.js';
import type { DistinguishedName, NameAttribute } from '../model/certificate.js';

/* The fast path's (parse.ts) Name reader: canonical DER read directly; anything else steps aside (NOT_CANONICAL). */

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** Name ::= SEQUENCE OF SET OF SEQUENCE { type OID, value ANY }, attributes in order of appearance. */
export function readName(b: Uint8Array, t: Tlv): DistinguishedName {
  if (t.tag !== 0x30) notCanonical();
  const attributes: NameAttribute[] = [];
  for (const set of children(b, t)) {
    if (set.tag !== 0x31) notCanonical();
    const atvs = children(b, set);
    if (atvs.length === 0) notCanonical();
    for (const atv of atvs) {
      if (atv.tag !== 0x30) notCanonical();
      const pair = children(b, atv);
      if (pair.length !== 2) notCanonical();
      const oid = oidString(b, pair[0]!);
      attributes.push({ oid, type: ATTRIBUTE_NAMES[oid] ?? oid, value: attributeText(b, pair[1]!) });
    }
  }
  let text = '';
  for (let k = attributes.length - 1; k >= 0; k--) {
    const a = attributes[k]!;
    text += `${k === attributes.length - 1 ? '' : ', '}${a.type}=${escapeValue(a.value)}`;
  }
  return { der: b.slice(t.start, t.end), text, attributes };
}

function attributeText(b: Uint8Array, t: Tlv): string {
  switch (t.tag) {
    // One char per byte in asn1js: Numeric, Printable, Teletex, Videotex, IA5, Graphic, Visible, General, Character.
    case 0x12:
    case 0x13:
    case 0x14:
    case 0x15:
    case 0x16:
    case 0x19:
    case 0x1a:
    case 0x1b:
    case 0x1d:
      return latin1(b, t);
    case 0x0c:
      try {
        return utf8.decode(content(b, t));
      } catch {
        break;
      }
    default:
      break;
  }
  // Times (asn1js throws on some) go to the reference parser; other types as asn1js decodes them there.
  if (t.tag === 0x17 || t.tag === 0x18) notCanonical();
  let node: ReturnType<typeof asn1js.fromBER>;
  try {
    node = asn1js.fromBER(element(b, t));
  } catch {
    return notCanonical();
  }
  if (node.offset !== t.end - t.start) notCanonical();
  return attributeValue(node.result);
}
