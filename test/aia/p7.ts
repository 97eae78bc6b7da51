import * as pkijs from 'pkijs';

/** A PKCS#7 "certs-only" bundle (.p7c): SignedData with certificates, no signers, id-data content. */
export function certsOnlyP7(ders: Uint8Array[]): Uint8Array {
  const signed = new pkijs.SignedData({
    version: 1,
    encapContentInfo: new pkijs.EncapsulatedContentInfo({ eContentType: '1.2.840.113549.1.7.1' }),
    certificates: ders.map((d) => pkijs.Certificate.fromBER(d)),
    signerInfos: [],
    digestAlgorithms: [],
  });
  const info = new pkijs.ContentInfo({ contentType: '1.2.840.113549.1.7.2', content: signed.toSchema(true) });
  return new Uint8Array(info.toSchema().toBER(false));
}
