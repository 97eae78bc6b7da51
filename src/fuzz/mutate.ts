import type { Rng } from './rng.js';

/**
 * Byte-level mutation of seed inputs, the classic fuzzer moves: bit flips, interesting byte values, truncation,
 * length-field corruption (big-endian u8/u16/u24 set to 0, 1, max, or off by a little), insertion, deletion,
 * duplication of a chunk, and splicing with another seed. Pure: the same Rng state gives the same output.
 */

export type MutationKind =
  | 'bitflip'
  | 'byte'
  | 'truncate'
  | 'length'
  | 'insert'
  | 'delete'
  | 'duplicate'
  | 'splice';

export const MUTATION_KINDS: readonly MutationKind[] = [
  'bitflip',
  'byte',
  'truncate',
  'length',
  'insert',
  'delete',
  'duplicate',
  'splice',
];

const INTERESTING_BYTES = [0x00, 0x01, 0x02, 0x03, 0x04, 0x7f, 0x80, 0x81, 0x82, 0x83, 0x84, 0xfe, 0xff, 0x30, 0x16, 0x17];

/** Applies 1..maxSteps random mutations to a copy of `input`; `others` are splice partners. */
export function mutate(input: Uint8Array, rng: Rng, others: readonly Uint8Array[] = [], maxSteps = 4): Uint8Array {
  let buf: Uint8Array = Uint8Array.from(input);
  const steps = 1 + rng.int(maxSteps);
  for (let s = 0; s < steps; s++) buf = mutateOnce(buf, rng, rng.pick(MUTATION_KINDS), others);
  return buf;
}

/** Where to aim: half the time near the start (headers and lengths live there), else anywhere. */
function position(buf: Uint8Array, rng: Rng): number {
  if (buf.length === 0) return 0;
  return rng.chance(0.5) ? rng.int(Math.min(buf.length, 64)) : rng.int(buf.length);
}

export function mutateOnce(buf: Uint8Array, rng: Rng, kind: MutationKind, others: readonly Uint8Array[]): Uint8Array {
  switch (kind) {
    case 'bitflip': {
      if (buf.length === 0) return buf;
      const flips = 1 + rng.int(4);
      for (let i = 0; i < flips; i++) {
        const p = position(buf, rng);
        buf[p]! ^= 1 << rng.int(8);
      }
      return buf;
    }
    case 'byte': {
      if (buf.length === 0) return Uint8Array.of(rng.pick(INTERESTING_BYTES));
      buf[position(buf, rng)] = rng.chance(0.5) ? rng.pick(INTERESTING_BYTES) : rng.int(256);
      return buf;
    }
    case 'truncate':
      return buf.subarray(0, rng.int(buf.length + 1));
    case 'length':
      return corruptLength(buf, rng);
    case 'insert': {
      const p = rng.int(buf.length + 1);
      const n = 1 + rng.int(rng.chance(0.9) ? 16 : 4096);
      const extra = new Uint8Array(n);
      const fill = rng.chance(0.5) ? rng.pick(INTERESTING_BYTES) : -1;
      for (let i = 0; i < n; i++) extra[i] = fill >= 0 ? fill : rng.int(256);
      return concat(buf.subarray(0, p), extra, buf.subarray(p));
    }
    case 'delete': {
      if (buf.length === 0) return buf;
      const p = rng.int(buf.length);
      const n = 1 + rng.int(Math.min(64, buf.length - p));
      return concat(buf.subarray(0, p), buf.subarray(p + n));
    }
    case 'duplicate': {
      if (buf.length === 0) return buf;
      const p = rng.int(buf.length);
      const n = 1 + rng.int(Math.min(256, buf.length - p));
      const times = 1 + rng.int(rng.chance(0.9) ? 3 : 64);
      const chunk = buf.subarray(p, p + n);
      return concat(buf.subarray(0, p + n), ...Array.from({ length: times }, () => chunk), buf.subarray(p + n));
    }
    case 'splice': {
      if (others.length === 0) return buf;
      const other = rng.pick(others);
      const cut = rng.int(buf.length + 1);
      const from = rng.int(other.length + 1);
      return concat(buf.subarray(0, cut), other.subarray(from));
    }
  }
}

/** Overwrites a big-endian 1-, 2- or 3-byte field with a boundary value: what breaks length-prefixed parsers. */
function corruptLength(buf: Uint8Array, rng: Rng): Uint8Array {
  if (buf.length === 0) return buf;
  const width = 1 + rng.int(3);
  const p = position(buf, rng);
  if (p + width > buf.length) return buf;
  const max = 2 ** (8 * width) - 1;
  let old = 0;
  for (let i = 0; i < width; i++) old = old * 256 + buf[p + i]!;
  const choices = [0, 1, max, max - 1, Math.floor(max / 2) + 1, old + 1, old - 1, old + 16, buf.length - p, buf.length];
  let v = rng.pick(choices);
  v = ((v % (max + 1)) + (max + 1)) % (max + 1);
  for (let i = width - 1; i >= 0; i--) {
    buf[p + i] = v & 0xff;
    v = Math.floor(v / 256);
  }
  return buf;
}

export function concat(...parts: Uint8Array[]): Uint8Array {
  let n = 0;
  for (const p of parts) n += p.length;
  const out = new Uint8Array(n);
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}
