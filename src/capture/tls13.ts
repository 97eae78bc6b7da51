import { createDecipheriv, createHash, createHmac, timingSafeEqual } from 'node:crypto';

/**
 * TLS 1.3 pieces needed to read the encrypted server flight from a key log: HKDF-Expand-Label (RFC 8446 7.1), the
 * traffic key and IV (7.3), AEAD record decryption (5.2, 5.3) and the Finished check (4.4.4).
 */

export interface Tls13Suite {
  hash: 'sha256' | 'sha384';
  hashLength: number;
  cipher: 'aes-128-gcm' | 'aes-256-gcm' | 'chacha20-poly1305' | 'aes-128-ccm';
  keyLength: number;
  tagLength: number;
}

const SUITES: ReadonlyMap<number, Tls13Suite> = new Map([
  [0x1301, { hash: 'sha256', hashLength: 32, cipher: 'aes-128-gcm', keyLength: 16, tagLength: 16 }],
  [0x1302, { hash: 'sha384', hashLength: 48, cipher: 'aes-256-gcm', keyLength: 32, tagLength: 16 }],
  [0x1303, { hash: 'sha256', hashLength: 32, cipher: 'chacha20-poly1305', keyLength: 32, tagLength: 16 }],
  [0x1304, { hash: 'sha256', hashLength: 32, cipher: 'aes-128-ccm', keyLength: 16, tagLength: 16 }],
  [0x1305, { hash: 'sha256', hashLength: 32, cipher: 'aes-128-ccm', keyLength: 16, tagLength: 8 }],
]);

export function tls13Suite(cipherSuite: number): Tls13Suite | null {
  return SUITES.get(cipherSuite) ?? null;
}

/** HKDF-Expand (RFC 5869 2.3) with HMAC: node's hkdf always extracts first, which TLS 1.3 must not do here. */
export function hkdfExpand(hash: string, prk: Uint8Array, info: Uint8Array, length: number): Buffer {
  const blocks: Buffer[] = [];
  let previous: Buffer = Buffer.alloc(0);
  let total = 0;
  for (let i = 1; total < length; i++) {
    previous = createHmac(hash, prk).update(previous).update(info).update(Buffer.of(i)).digest();
    blocks.push(previous);
    total += previous.length;
  }
  return Buffer.concat(blocks).subarray(0, length);
}

/** HKDF-Expand-Label(Secret, Label, Context, Length) with the "tls13 " prefix. */
export function hkdfExpandLabel(
  hash: string,
  secret: Uint8Array,
  label: string,
  context: Uint8Array,
  length: number,
): Buffer {
  const fullLabel = Buffer.from(`tls13 ${label}`, 'latin1');
  const info = Buffer.concat([
    Buffer.of(length >> 8, length & 0xff, fullLabel.length),
    fullLabel,
    Buffer.of(context.length),
    context,
  ]);
  return hkdfExpand(hash, secret, info, length);
}

/** Decrypts the records of one direction under one traffic secret, counting sequence numbers from 0. */
export class RecordDecryptor {
  private readonly key: Buffer;
  private readonly iv: Buffer;
  private seq = 0n;

  constructor(
    private readonly suite: Tls13Suite,
    secret: Uint8Array,
  ) {
    this.key = hkdfExpandLabel(suite.hash, secret, 'key', new Uint8Array(0), suite.keyLength);
    this.iv = hkdfExpandLabel(suite.hash, secret, 'iv', new Uint8Array(0), 12);
  }

  /**
   * Opens one TLSCiphertext. Returns the inner content type and content with padding removed, or null when the
   * record does not authenticate under this key.
   */
  open(header: Uint8Array, body: Uint8Array): { type: number; content: Buffer } | null {
    const { tagLength, cipher } = this.suite;
    if (body.length < tagLength + 1) return null;
    const nonce = Buffer.from(this.iv);
    let seq = this.seq;
    for (let i = 11; i >= 4; i--) {
      nonce[i]! ^= Number(seq & 0xffn);
      seq >>= 8n;
    }
    const ciphertext = body.subarray(0, body.length - tagLength);
    const tag = body.subarray(body.length - tagLength);
    let plain: Buffer;
    try {
      if (cipher === 'aes-128-ccm') {
        const d = createDecipheriv(cipher, this.key, nonce, { authTagLength: tagLength });
        d.setAuthTag(tag);
        d.setAAD(header, { plaintextLength: ciphertext.length });
        plain = Buffer.concat([d.update(ciphertext), d.final()]);
      } else if (cipher === 'chacha20-poly1305') {
        const d = createDecipheriv(cipher, this.key, nonce, { authTagLength: tagLength });
        d.setAAD(header, { plaintextLength: ciphertext.length });
        d.setAuthTag(tag);
        plain = Buffer.concat([d.update(ciphertext), d.final()]);
      } else {
        const d = createDecipheriv(cipher, this.key, nonce);
        d.setAAD(header);
        d.setAuthTag(tag);
        plain = Buffer.concat([d.update(ciphertext), d.final()]);
      }
    } catch {
      return null;
    }
    this.seq++;
    let end = plain.length;
    while (end > 0 && plain[end - 1] === 0) end--;
    if (end === 0) return null;
    return { type: plain[end - 1]!, content: plain.subarray(0, end - 1) };
  }
}

/** Transcript-Hash over handshake messages (header included). */
export function transcriptHash(hash: string, messages: Uint8Array[]): Buffer {
  const h = createHash(hash);
  for (const m of messages) h.update(m);
  return h.digest();
}

/** The synthetic message_hash message that replaces ClientHello1 after a HelloRetryRequest (RFC 8446 4.4.1). */
export function messageHash(hash: string, clientHello1: Uint8Array): Buffer {
  const digest = transcriptHash(hash, [clientHello1]);
  return Buffer.concat([Buffer.of(254, 0, 0, digest.length), digest]);
}

/** verify_data = HMAC(finished_key, Transcript-Hash(... CertificateVerify)) (RFC 8446 4.4.4). */
export function finishedVerifyData(hash: string, hashLength: number, baseSecret: Uint8Array, transcript: Buffer): Buffer {
  const finishedKey = hkdfExpandLabel(hash, baseSecret, 'finished', new Uint8Array(0), hashLength);
  return createHmac(hash, finishedKey).update(transcript).digest();
}

export function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}

/** NSS key-log lines: LABEL <client_random hex> <secret hex>. Comments and malformed lines are skipped. */
export function parseKeylog(lines: string[]): Map<string, Map<string, Buffer>> {
  const out = new Map<string, Map<string, Buffer>>();
  for (const raw of lines) {
    for (const line of raw.split('\n')) {
      const parts = line.trim().split(/\s+/);
      if (parts.length !== 3 || parts[0]!.startsWith('#')) continue;
      const [label, random, secret] = parts as [string, string, string];
      if (!/^[0-9a-fA-F]+$/.test(random) || !/^[0-9a-fA-F]+$/.test(secret)) continue;
      let byRandom = out.get(label);
      if (!byRandom) out.set(label, (byRandom = new Map()));
      byRandom.set(random.toLowerCase(), Buffer.from(secret, 'hex'));
    }
  }
  return out;
}
