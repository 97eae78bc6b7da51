/**
 * Just enough of a TLS ClientHello reader to tell whether the client offers TLS 1.3 (supported_versions, RFC 8446
 * 4.2.1). The per-version lab server uses it to hand a connection to the TLS 1.2 or the TLS 1.3 listener before the
 * handshake starts: node cannot pick a certificate by negotiated version, and since the lab server supports both, the
 * negotiated version is 1.3 exactly when the client offers it.
 */

export type ClientHelloPeek =
  | { kind: 'incomplete' }
  | { kind: 'not-tls' }
  | { kind: 'client-hello'; offersTls13: boolean; versions: number[] };

const RECORD_HANDSHAKE = 22;
const HANDSHAKE_CLIENT_HELLO = 1;
const EXT_SUPPORTED_VERSIONS = 43;
const TLS13 = 0x0304;
/** A ClientHello larger than this is not something the lab needs to understand. */
const MAX_HELLO = 64 * 1024;

/** Reads the bytes received so far. 'incomplete' asks for more; anything malformed is 'not-tls'. */
export function peekClientHello(data: Uint8Array): ClientHelloPeek {
  // Reassemble the handshake message from as many handshake records as it spans.
  const parts: Uint8Array[] = [];
  let have = 0;
  let need = -1;
  let off = 0;
  for (;;) {
    if (data.length < off + 5) return data.length > MAX_HELLO ? { kind: 'not-tls' } : { kind: 'incomplete' };
    if (data[off] !== RECORD_HANDSHAKE || data[off + 1] !== 3) return { kind: 'not-tls' };
    const len = (data[off + 3]! << 8) | data[off + 4]!;
    if (data.length < off + 5 + len) return { kind: 'incomplete' };
    parts.push(data.subarray(off + 5, off + 5 + len));
    have += len;
    off += 5 + len;
    if (need < 0 && have >= 4) {
      const first = concat(parts);
      if (first[0] !== HANDSHAKE_CLIENT_HELLO) return { kind: 'not-tls' };
      need = 4 + ((first[1]! << 16) | (first[2]! << 8) | first[3]!);
      if (need > MAX_HELLO) return { kind: 'not-tls' };
    }
    if (need >= 0 && have >= need) break;
  }
  const msg = concat(parts).subarray(4, need);
  const versions = supportedVersions(msg);
  if (versions === null) return { kind: 'not-tls' };
  return { kind: 'client-hello', offersTls13: versions.includes(TLS13), versions };
}

/** The supported_versions list, [] when the extension is absent, null when the message is malformed. */
function supportedVersions(body: Uint8Array): number[] | null {
  let p = 2 + 32; // legacy_version, random
  if (body.length < p + 1) return null;
  p += 1 + body[p]!; // session id
  if (body.length < p + 2) return null;
  p += 2 + ((body[p]! << 8) | body[p + 1]!); // cipher suites
  if (body.length < p + 1) return null;
  p += 1 + body[p]!; // compression methods
  if (body.length === p) return []; // no extensions at all
  if (body.length < p + 2) return null;
  const end = p + 2 + ((body[p]! << 8) | body[p + 1]!);
  if (end > body.length) return null;
  p += 2;
  while (p + 4 <= end) {
    const type = (body[p]! << 8) | body[p + 1]!;
    const len = (body[p + 2]! << 8) | body[p + 3]!;
    p += 4;
    if (p + len > end) return null;
    if (type === EXT_SUPPORTED_VERSIONS) {
      const out: number[] = [];
      const listLen = body[p]!;
      for (let i = p + 1; i + 1 < p + 1 + listLen && i + 1 < p + len; i += 2) out.push((body[i]! << 8) | body[i + 1]!);
      return out;
    }
    p += len;
  }
  return [];
}

function concat(parts: Uint8Array[]): Uint8Array {
  if (parts.length === 1) return parts[0]!;
  const out = new Uint8Array(parts.reduce((n, x) => n + x.length, 0));
  let o = 0;
  for (const x of parts) {
    out.set(x, o);
    o += x.length;
  }
  return out;
}
