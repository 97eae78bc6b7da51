/**
 * Stapled OCSP responses about a built PKI (the lab's, the tests', the fuzzer's seeds), minted like its certificates:
 * pkijs builds the RFC 6960 structures and node:crypto signs ResponseData. Independent of chaindbg's own OCSP reader (src/ocsp), which the tests also check
 * against responses made by `openssl ocsp`.
 */
import { sign } from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { signatureAlgorithmFor } from './keys.js';
import type { Pki } from './types.js';

const ID_PKIX_OCSP_BASIC = '1.3.6.1.5.5.7.48.1.1';
const OCSP_SCT_LIST = '1.3.6.1.4.1.11129.2.4.5';
const DAY_MS = 86_400_000;

export interface StapleSpec {
  status: 'good' | 'revoked' | 'unknown';
  /** Day offsets from the PKI's now: [thisUpdate, nextUpdate]. Default [-1, 6]. */
  window?: readonly [number, number];
  /** For 'revoked': days from now (default -2) and the CRLReason number (default 1, keyCompromise). */
  revokedDays?: number;
  reason?: number;
  /** The node that signs (default the leaf's issuer); another node is included as a delegated responder. */
  signer?: string;
  /** A TLS-encoded SignedCertificateTimestampList to carry in the single response (RFC 6962 3.3). */
  sctList?: Uint8Array;
}

/** A DER OCSPResponse about `leafId`, as a server staples it. */
export async function makeOcspResponse(pki: Pki, leafId: string, spec: StapleSpec): Promise<Uint8Array> {
  const leafNode = pki.node(leafId);
  const issuerNode = pki.node(leafNode.issuer);
  const signerNode = pki.node(spec.signer ?? issuerNode.id);
  const leaf = pkijs.Certificate.fromBER(pki.der(leafId));
  const issuer = pkijs.Certificate.fromBER(pki.der(issuerNode.id));
  const signerCert = pkijs.Certificate.fromBER(pki.der(signerNode.id));
  const at = (days: number): Date => new Date(pki.now.getTime() + days * DAY_MS);
  const [thisDays, nextDays] = spec.window ?? [-1, 6];

  const certID = new pkijs.CertID();
  await certID.createForCertificate(leaf, { hashAlgorithm: 'SHA-1', issuerCertificate: issuer });
  const single = new pkijs.SingleResponse({
    certID,
    certStatus: certStatus(spec, at),
    thisUpdate: at(thisDays),
    nextUpdate: at(nextDays),
    ...(spec.sctList
      ? {
          singleExtensions: [
            new pkijs.Extension({
              extnID: OCSP_SCT_LIST,
              extnValue: new asn1js.OctetString({ valueHex: spec.sctList }).toBER(false),
            }),
          ],
        }
      : {}),
  });
  const data = new pkijs.ResponseData({
    responderID: signerCert.subject,
    producedAt: at(thisDays),
    responses: [single],
  });
  const tbs = new Uint8Array(data.toSchema(true).toBER(false));
  data.tbsView = tbs;
  const alg = signatureAlgorithmFor(signerNode.keySpec, undefined);
  const basic = new pkijs.BasicOCSPResponse({
    tbsResponseData: data,
    signatureAlgorithm: alg.identifier(),
    signature: new asn1js.BitString({ valueHex: sign(alg.nodeHash, tbs, signerNode.privateKey) }),
    ...(signerNode.id === issuerNode.id ? {} : { certs: [signerCert] }),
  });
  const response = new pkijs.OCSPResponse({
    responseStatus: new asn1js.Enumerated({ value: 0 }),
    responseBytes: new pkijs.ResponseBytes({
      responseType: ID_PKIX_OCSP_BASIC,
      response: new asn1js.OctetString({ valueHex: basic.toSchema().toBER(false) }),
    }),
  });
  return new Uint8Array(response.toSchema().toBER(false));
}

/** CertStatus ::= CHOICE { good [0] IMPLICIT NULL, revoked [1] IMPLICIT RevokedInfo, unknown [2] IMPLICIT NULL } */
function certStatus(spec: StapleSpec, at: (days: number) => Date): asn1js.AsnType {
  if (spec.status === 'revoked') {
    return new asn1js.Constructed({
      idBlock: { tagClass: 3, tagNumber: 1 },
      value: [
        new asn1js.GeneralizedTime({ valueDate: at(spec.revokedDays ?? -2) }),
        new asn1js.Constructed({
          idBlock: { tagClass: 3, tagNumber: 0 },
          value: [new asn1js.Enumerated({ value: spec.reason ?? 1 })],
        }),
      ],
    });
  }
  return new asn1js.Primitive({ idBlock: { tagClass: 3, tagNumber: spec.status === 'good' ? 0 : 2 } });
}
