/**
 * A certs-only PKCS#7 (CMS SignedData without signers, RFC 5652 / RFC 2315 "degenerate" form): what AIA caIssuers
 * URLs ending in .p7c serve.
 */
import * as pkijs from 'pkijs';

const ID_DATA = '1.2.840.113549.1.7.1';
const ID_SIGNED_DATA = '1.2.840.113549.1.7.2';

export function certsOnlyPkcs7(certs: readonly Uint8Array[]): Uint8Array {
  const signedData = new pkijs.SignedData({
    version: 1,
    encapContentInfo: new pkijs.EncapsulatedContentInfo({ eContentType: ID_DATA }),
    certificates: certs.map((der) => pkijs.Certificate.fromBER(copy(der))),
    signerInfos: [],
    digestAlgorithms: [],
  });
  const contentInfo = new pkijs.ContentInfo({ contentType: ID_SIGNED_DATA, content: signedData.toSchema(true) });
  return new Uint8Array(contentInfo.toSchema().toBER(false));
}

function copy(u: Uint8Array): ArrayBuffer {
  return u.buffer.slice(u.byteOffset, u.byteOffset + u.byteLength) as ArrayBuffer;
}
