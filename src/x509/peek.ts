import { hash } from 'node:crypto';
import { NOT_CANONICAL, checkTree, children, readWhole, type Tlv } from './der.js';

/** What a store needs to index a certificate, read without parsing it. */
export interface CertificatePeek {
  /** sha256 of the DER, lowercase hex (Certificate.sha256). */
  sha256: string;
  /** The subject's raw DER, lowercase hex (the path builder's index key; Certificate.subject.der in hex). */
  subjectHex: string;
  /** sha256 of the SPKI, lowercase hex (Certificate.publicKey.spkiSha256). */
  spkiSha256: string;
}

/**
 * Pure: the index fields of a certificate from its DER, without parsing it: one walk of the outer structure (the
 * same canonical-DER checks as the fast parser's first step) and two hashes, about a tenth of a parse. Null when
 * the DER is not one the fast parser reads (the caller parses those at once, so their errors surface where they
 * did before). A store parses the certificate itself only when a path or a listing reaches it.
 */
export function peekCertificate(der: Uint8Array, sha256?: string): CertificatePeek | null {
  try {
    const root = readWhole(der);
    if (root.tag !== 0x30) return null;
    checkTree(der, root);
    const top = children(der, root);
    if (top.length !== 3 || top[0]!.tag !== 0x30) return null;
    const items = children(der, top[0]!);
    const i = items[0]?.tag === 0xa0 ? 1 : 0;
    const subject: Tlv | undefined = items[i + 4];
    const spki: Tlv | undefined = items[i + 5];
    if (!subject || !spki || subject.tag !== 0x30 || spki.tag !== 0x30) return null;
    return {
      sha256: sha256 ?? hash('sha256', der, 'hex'),
      subjectHex: Buffer.from(der.buffer, der.byteOffset + subject.start, subject.end - subject.start).toString('hex'),
      spkiSha256: hash('sha256', der.subarray(spki.start, spki.end), 'hex'),
    };
  } catch (err) {
    if (err === NOT_CANONICAL) return null;
    throw err;
  }
}
