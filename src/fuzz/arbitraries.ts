import fc from 'fast-check';
import { concat } from './mutate.js';

/**
 * Structured generators (fast-check arbitraries) for the fuzz targets: they reach states byte mutation rarely does
 * (well-framed records around nonsense, deep or wide ASN.1, long-form and indefinite lengths, PEM armour around
 * garbage, certdata attribute lines). Each yields the bytes a target reads.
 */

function u16(n: number): Uint8Array {
  return Uint8Array.of((n >> 8) & 0xff, n & 0xff);
}
function u24(n: number): Uint8Array {
  return Uint8Array.of((n >> 16) & 0xff, (n >> 8) & 0xff, n & 0xff);
}

/** A length that is usually right and sometimes a lie (off by a little, zero, or huge). */
const lengthLie = fc.oneof(
  { weight: 6, arbitrary: fc.constant(0) },
  { weight: 1, arbitrary: fc.integer({ min: -4, max: 4 }) },
  { weight: 1, arbitrary: fc.constantFrom(0xffff, 0xffffff, 0x4000, 0x4101, 0x100000) },
);

/** One handshake message: type, length (maybe lying), body. */
export const handshakeMessageArb: fc.Arbitrary<Uint8Array> = fc
  .tuple(
    fc.constantFrom(1, 2, 4, 8, 11, 12, 13, 14, 15, 16, 20, 22, 24, 254, 0, 255),
    fc.uint8Array({ maxLength: 300 }),
    lengthLie,
  )
  .map(([type, body, lie]) => {
    const len = lie > 4 || lie < -4 ? lie : Math.max(0, body.length + lie);
    return concat(Uint8Array.of(type), u24(len), body);
  });

/** One TLS record: content type, version, length (maybe lying), body (often handshake messages). */
export const recordArb: fc.Arbitrary<Uint8Array> = fc
  .tuple(
    fc.constantFrom(20, 21, 22, 22, 22, 23, 24, 0),
    fc.constantFrom(0x0301, 0x0303, 0x0304, 0x0300, 0x0200),
    fc.oneof(
      fc.array(handshakeMessageArb, { maxLength: 4 }).map((ms) => concat(...ms)),
      fc.uint8Array({ maxLength: 400 }),
      fc.constantFrom(Uint8Array.of(1), Uint8Array.of(2, 40), Uint8Array.of(1, 0, 2, 80)),
    ),
    lengthLie,
  )
  .map(([type, version, body, lie]) => {
    const len = lie > 4 || lie < -4 ? lie & 0xffff : Math.max(0, body.length + lie);
    return concat(Uint8Array.of(type), u16(version), u16(len), body);
  });

/** A stream of records as one direction sends it. */
export const recordStreamArb: fc.Arbitrary<Uint8Array> = fc
  .array(recordArb, { minLength: 1, maxLength: 6 })
  .map((rs) => concat(...rs));

/** DER length octets: short, long (minimal or padded), or indefinite (0x80, BER only). */
function derLength(n: number, style: number): Uint8Array {
  if (style === 3) return Uint8Array.of(0x80);
  if (n < 128 && style === 0) return Uint8Array.of(n);
  const bytes: number[] = [];
  for (let v = n; v > 0; v = Math.floor(v / 256)) bytes.unshift(v & 0xff);
  if (bytes.length === 0) bytes.push(0);
  if (style === 2) bytes.unshift(0);
  return Uint8Array.of(0x80 | bytes.length, ...bytes);
}

interface AsnNode {
  tag: number;
  children: AsnNode[] | null;
  value: Uint8Array;
  style: number;
}

function encode(node: AsnNode): Uint8Array {
  const content = node.children ? concat(...node.children.map(encode)) : node.value;
  const tail = node.style === 3 ? Uint8Array.of(0, 0) : new Uint8Array(0);
  return concat(Uint8Array.of(node.tag), derLength(content.length, node.style), content, tail);
}

/** ASN.1 trees: constructed SEQUENCE/SET/context tags around primitives (INTEGER, OID, strings, times, BIT STRING). */
export const asn1Arb: fc.Arbitrary<Uint8Array> = fc
  .letrec<{ node: AsnNode }>((tie) => ({
    node: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      fc.record({
        tag: fc.constantFrom(0x02, 0x03, 0x04, 0x05, 0x06, 0x0c, 0x13, 0x16, 0x17, 0x18, 0x01, 0x1e),
        children: fc.constant(null),
        value: fc.uint8Array({ maxLength: 40 }),
        style: fc.constantFrom(0, 0, 0, 1, 2),
      }),
      fc.record({
        tag: fc.constantFrom(0x30, 0x31, 0xa0, 0xa1, 0xa3, 0x30),
        children: fc.array(tie('node'), { maxLength: 5 }),
        value: fc.constant(new Uint8Array(0)),
        style: fc.constantFrom(0, 0, 0, 1, 2, 3),
      }),
    ),
  }))
  .node.map(encode);

/** `depth` nested SEQUENCEs around an INTEGER (definite lengths): what a naive recursive decoder overflows on. */
export function nestedSequences(depth: number): Uint8Array {
  // Headers from the innermost out, then written in one pass (linear, not a copy per level).
  const headers: Uint8Array[] = [];
  let size = 3;
  for (let i = 0; i < depth; i++) {
    const h = concat(Uint8Array.of(0x30), derLength(size, 0));
    headers.push(h);
    size += h.length;
  }
  const out = new Uint8Array(size);
  let o = 0;
  for (let i = headers.length - 1; i >= 0; i--) {
    out.set(headers[i]!, o);
    o += headers[i]!.length;
  }
  out.set([0x02, 0x01, 0x00], o);
  return out;
}

/** Text with PEM armour around base64 of generated ASN.1 or of random bytes, with noise in between. */
export const pemArb: fc.Arbitrary<Uint8Array> = fc
  .array(
    fc.tuple(
      fc.constantFrom('CERTIFICATE', 'TRUSTED CERTIFICATE', 'X509 CERTIFICATE', 'PKCS7', 'PRIVATE KEY', 'CERTIFICATE'),
      fc.oneof(asn1Arb, fc.uint8Array({ maxLength: 200 })),
      fc.constantFrom('\n', '\r\n', '', ' ', '\t'),
      fc.string({ maxLength: 20 }),
      fc.boolean(),
    ),
    { minLength: 1, maxLength: 3 },
  )
  .map((blocks) =>
    new TextEncoder().encode(
      blocks
        .map(([label, der, nl, noise, closed]) => {
          const b64 = Buffer.from(der).toString('base64').replace(/(.{64})/g, `$1${nl}`);
          return `${noise}-----BEGIN ${label}-----${nl}${b64}${nl}${closed ? `-----END ${label}-----` : ''}${nl}`;
        })
        .join(''),
    ),
  );

const octalLine = fc.uint8Array({ maxLength: 24 }).map((b) => [...b].map((x) => `\\${x.toString(8).padStart(3, '0')}`).join(''));

/** certdata.txt fragments: BEGINDATA, CKA_ lines of each value type, MULTILINE_OCTAL blocks with and without END. */
export const certdataArb: fc.Arbitrary<Uint8Array> = fc
  .array(
    fc.oneof(
      fc.constantFrom(
        'CKA_CLASS CK_OBJECT_CLASS CKO_CERTIFICATE',
        'CKA_CLASS CK_OBJECT_CLASS CKO_NSS_TRUST',
        'CKA_LABEL UTF8 "x"',
        'CKA_TRUST_SERVER_AUTH CK_TRUST CKT_NSS_TRUSTED_DELEGATOR',
        'CKA_NSS_SERVER_DISTRUST_AFTER CK_BBOOL CK_FALSE',
        'CKA_TOKEN CK_BBOOL CK_TRUE',
        '# comment',
        '',
        'END',
        'garbage line',
      ),
      fc
        .tuple(
          fc.constantFrom('CKA_VALUE', 'CKA_ISSUER', 'CKA_SERIAL_NUMBER', 'CKA_CERT_SHA1_HASH', 'CKA_NSS_SERVER_DISTRUST_AFTER'),
          fc.array(octalLine, { maxLength: 4 }),
          fc.boolean(),
        )
        .map(([attr, lines, end]) => [`${attr} MULTILINE_OCTAL`, ...lines, ...(end ? ['END'] : [])].join('\n')),
    ),
    { maxLength: 30 },
  )
  .map((lines) => new TextEncoder().encode(['BEGINDATA', ...lines].join('\n')));
