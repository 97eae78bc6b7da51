/**
 * Judges a stapled OCSP response against the leaf it came with (RFC 6960 3.2, 4.2.2.2): is it about this
 * certificate, signed by its issuer or a responder that issuer authorised, current at `now`, and what does it say.
 * Pure: certificates, the parsed response and the time in; problems out, each with its evidence.
 */
import { parseCertificate } from '../x509/parse.js';
import { sameNameDer } from '../x509/names.js';
import { EKU } from '../x509/oids.js';
import { verifySignature, verifySignedData } from '../x509/verify.js';
import type { Certificate } from '../model/certificate.js';
import { digestHex, subjectPublicKeyBits, supportedHash } from './key-hash.js';
import type { BasicResponse, OcspResponse, ResponderId, SingleResponse } from './types.js';

/**
 * Clock skew tolerated on thisUpdate and nextUpdate, as `openssl ocsp` does (MAX_VALIDITY_PERIOD, 5 minutes): a
 * response minted a second ago by a responder whose clock runs slightly ahead is not "from the future".
 */
export const OCSP_SKEW_MS = 5 * 60 * 1000;

export type StapleProblemReason =
  | 'unparsed'
  | 'response-status'
  | 'wrong-certificate'
  | 'bad-signature'
  | 'unauthorized-signer'
  | 'revoked'
  | 'unknown-status'
  | 'not-yet-valid'
  | 'expired'
  | 'must-staple-missing';

export interface StapleProblem {
  reason: StapleProblemReason;
  /** One line, for people. */
  detail: string;
  evidence: Record<string, string | number | boolean | null | string[]>;
}

export interface StapleCheck {
  /** The single response about the leaf, when one matched. */
  single: SingleResponse | null;
  /** Who signed it: the leaf's issuer itself, a delegated responder certificate, or nobody we could verify. */
  signer: 'issuer' | 'delegated' | null;
  /** No certificate at hand issued the leaf, so the staple cannot be judged (the chain's findings say why). */
  issuerUnknown: boolean;
  problems: StapleProblem[];
}

export interface StapleInput {
  response: OcspResponse;
  leaf: Certificate;
  /** Certificates that may have issued the leaf (those sent and store anchors named as its issuer). */
  issuers: Certificate[];
  now: Date;
}

export function checkStaple(input: StapleInput): StapleCheck {
  const { response, leaf, now } = input;
  const basic = response.basic;
  if (basic === null) {
    return {
      single: null,
      signer: null,
      issuerUnknown: false,
      problems: [
        problem('response-status', `the responder answered "${response.responseStatusName}" instead of a status`, {
          responseStatus: response.responseStatusName,
        }),
      ],
    };
  }
  const issuers = input.issuers.filter((c) => sameNameDer(c.subject, leaf.issuer) && verifySignature(leaf, c.publicKey).ok);
  if (issuers.length === 0) return { single: null, signer: null, issuerUnknown: true, problems: [] };
  const match = findSingle(basic, leaf, issuers);
  if (match === null) {
    const serials = basic.responses.map((r) => r.certId.serial);
    return {
      single: null,
      signer: null,
      issuerUnknown: false,
      problems: [
        problem(
          'wrong-certificate',
          `the staple is about serial ${serials.join(', ') || '(none)'} (or another issuer), not this leaf (serial ${leaf.serial})`,
          { leafSerial: leaf.serial, stapledSerials: serials },
        ),
      ],
    };
  }
  const { single, issuer } = match;
  const problems: StapleProblem[] = [];
  const signer = signerOf(basic, issuer, now, problems);
  if (single.status === 'revoked') {
    problems.push(
      problem(
        'revoked',
        `the staple says this certificate was revoked on ${single.revokedAt?.toISOString() ?? '(unknown)'}` +
          (single.revocationReason ? ` (${single.revocationReason})` : ''),
        { revokedAt: single.revokedAt?.toISOString() ?? null, revocationReason: single.revocationReason },
      ),
    );
  } else if (single.status === 'unknown') {
    problems.push(problem('unknown-status', 'the responder does not know this certificate ("unknown")', {}));
  }
  if (single.thisUpdate.getTime() > now.getTime() + OCSP_SKEW_MS) {
    problems.push(
      problem('not-yet-valid', `the staple is dated ${single.thisUpdate.toISOString()}, after ${now.toISOString()} (5 minutes' skew allowed)`, {
        thisUpdate: single.thisUpdate.toISOString(),
        now: now.toISOString(),
        skewSeconds: OCSP_SKEW_MS / 1000,
      }),
    );
  }
  if (single.nextUpdate !== null && single.nextUpdate.getTime() < now.getTime() - OCSP_SKEW_MS) {
    problems.push(
      problem('expired', `the staple expired at ${single.nextUpdate.toISOString()} (its nextUpdate)`, {
        nextUpdate: single.nextUpdate.toISOString(),
        now: now.toISOString(),
        skewSeconds: OCSP_SKEW_MS / 1000,
      }),
    );
  }
  return { single, signer, issuerUnknown: false, problems };
}

/** The single response whose CertID names the leaf, and the issuer whose name and key hashes it carries. */
function findSingle(
  basic: BasicResponse,
  leaf: Certificate,
  issuers: Certificate[],
): { single: SingleResponse; issuer: Certificate } | null {
  for (const single of basic.responses) {
    const id = single.certId;
    if (id.serial !== leaf.serial || !supportedHash(id.hash)) continue;
    if (digestHex(id.hash, leaf.issuer.der) !== id.issuerNameHash) continue;
    for (const issuer of issuers) {
      const bits = subjectPublicKeyBits(issuer.publicKey);
      if (bits !== null && digestHex(id.hash, bits) === id.issuerKeyHash) return { single, issuer };
    }
  }
  return null;
}

/**
 * RFC 6960 4.2.2.2: the issuer signs, or a certificate it issued directly with id-kp-OCSPSigning (valid at `now`)
 * does. A signature that verifies with some other included certificate is an unauthorised signer.
 */
function signerOf(basic: BasicResponse, issuer: Certificate, now: Date, problems: StapleProblem[]): StapleCheck['signer'] {
  if (verifySignedData(basic, issuer.publicKey).ok) return 'issuer';
  const delegated: Certificate[] = [];
  for (const der of basic.certs) {
    try {
      delegated.push(parseCertificate(der));
    } catch {
      // an unreadable included certificate cannot be the signer
    }
  }
  const signers = delegated.filter((d) => verifySignedData(basic, d.publicKey).ok);
  for (const d of signers) {
    const issuedByCa = sameNameDer(d.issuer, issuer.subject) && verifySignature(d, issuer.publicKey).ok;
    const forOcsp = d.extKeyUsage?.includes(EKU.ocspSigning) ?? false;
    const current = d.notBefore.getTime() <= now.getTime() && now.getTime() <= d.notAfter.getTime();
    if (issuedByCa && forOcsp && current) return 'delegated';
  }
  const d = signers[0];
  if (d !== undefined) {
    const why = !(sameNameDer(d.issuer, issuer.subject) && verifySignature(d, issuer.publicKey).ok)
      ? "was not issued by the leaf's issuer"
      : !(d.extKeyUsage?.includes(EKU.ocspSigning) ?? false)
        ? 'lacks the OCSPSigning extended key usage'
        : `is not valid at ${now.toISOString()}`;
    problems.push(
      problem('unauthorized-signer', `the staple is signed by "${d.subject.text}", which ${why}`, {
        signer: d.subject.text,
        signerSha256: d.sha256,
        issuer: issuer.subject.text,
      }),
    );
    return null;
  }
  problems.push(
    problem('bad-signature', `the staple's signature verifies with neither the issuer's key nor an included certificate`, {
      responder: responderText(basic.responder),
      issuer: issuer.subject.text,
      includedCertificates: basic.certs.length,
    }),
  );
  return null;
}

/** The responder as people read it: its name, or `keyHash:<hex>` for a byKey responder id. */
export function responderText(r: ResponderId): string {
  return 'byName' in r ? r.byName.text : `keyHash:${r.byKeyHash}`;
}

function problem(reason: StapleProblemReason, detail: string, evidence: StapleProblem['evidence']): StapleProblem {
  return { reason, detail, evidence };
}
