import { constants, createPublicKey, verify, type KeyObject } from 'node:crypto';
import { SIGNATURE_ALGORITHMS } from './oids.js';
import type { Certificate, PublicKeyInfo } from '../model/certificate.js';

/** Anything signed the way a certificate is: the signed bytes, the algorithm and the signature (an OCSP response too). */
export interface SignedData {
  tbs: Uint8Array;
  signatureAlgorithm: Certificate['signatureAlgorithm'];
  signature: Uint8Array;
}

export interface SignatureCheck {
  ok: boolean;
  /** Why the signature does not verify (unsupported algorithm, key/algorithm mismatch, bad signature). */
  error?: string;
}

const CACHE_LIMIT = 20_000;
const results = new Map<string, SignatureCheck>();
const keys = new Map<string, KeyObject | Error>();

/**
 * Verifies `child`'s signature with `issuerKey` using node:crypto: RSA PKCS#1 v1.5, RSASSA-PSS (hash and salt from the
 * parameters), ECDSA P-256/P-384/P-521 (DER signatures), Ed25519 and Ed448. Results are memoised per
 * (child sha256, issuer SPKI sha256): the path builder asks the same question many times.
 */
export function verifySignature(child: Certificate, issuerKey: PublicKeyInfo, curves: readonly string[] = WEB_CURVES): SignatureCheck {
  const cacheKey = `${child.sha256}:${issuerKey.spkiSha256}:${curves.length}`;
  const cached = results.get(cacheKey);
  if (cached) return cached;
  const result = verifySignedData(child, issuerKey, curves);
  if (results.size >= CACHE_LIMIT) results.clear();
  results.set(cacheKey, result);
  return result;
}

/** Verifies any signed structure with `issuerKey` (not memoised: `verifySignature` caches certificates). */
/** The curves the Web PKI signs with; Go also verifies P-224 (GO_CURVES). */
export const WEB_CURVES: readonly string[] = ['P-256', 'P-384', 'P-521'];
export const GO_CURVES: readonly string[] = ['P-224', 'P-256', 'P-384', 'P-521'];

export function verifySignedData(child: SignedData, issuerKey: PublicKeyInfo, curves: readonly string[] = WEB_CURVES): SignatureCheck {
  const alg = child.signatureAlgorithm;
  const info = SIGNATURE_ALGORITHMS[alg.oid];
  if (!info) return { ok: false, error: `unsupported signature algorithm ${alg.oid}` };
  if (info.key === 'dsa') return { ok: false, error: 'DSA signatures are not supported (as in Go)' };
  const keyType = issuerKey.type;
  const compatible =
    (info.key === 'rsa' && keyType === 'rsa') ||
    (info.key === 'rsa-pss' && (keyType === 'rsa' || keyType === 'rsa-pss')) ||
    info.key === keyType;
  if (!compatible) return { ok: false, error: `a ${keyType} key cannot verify ${alg.name}` };
  if (keyType === 'ec' && !curves.includes(issuerKey.curve ?? '')) {
    return { ok: false, error: `unsupported elliptic curve ${issuerKey.curve ?? 'unknown'}` };
  }
  let key: KeyObject;
  try {
    key = publicKey(issuerKey);
  } catch (err) {
    return { ok: false, error: `issuer public key does not parse: ${firstLine(err)}` };
  }
  const data = child.tbs;
  const sig = child.signature;
  try {
    let ok: boolean;
    if (info.key === 'rsa-pss') {
      const pss = alg.pss;
      if (!pss || !isDigest(pss.hash)) return { ok: false, error: 'RSASSA-PSS with an unsupported hash' };
      if (pss.mgf1Hash !== pss.hash) return { ok: false, error: 'RSASSA-PSS with an MGF1 hash different from the message hash' };
      ok = verify(pss.hash, data, { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: pss.saltLength }, sig);
    } else if (info.key === 'ed25519' || info.key === 'ed448') {
      ok = verify(null, data, key, sig);
    } else if (info.key === 'ec') {
      ok = verify(info.hash, data, { key, dsaEncoding: 'der' }, sig);
    } else {
      ok = verify(info.hash, data, key, sig);
    }
    return ok ? { ok: true } : { ok: false, error: 'signature does not verify with the issuer key' };
  } catch (err) {
    return { ok: false, error: `signature check failed: ${firstLine(err)}` };
  }
}

function isDigest(h: string): boolean {
  return ['sha1', 'sha224', 'sha256', 'sha384', 'sha512'].includes(h);
}

function publicKey(info: PublicKeyInfo): KeyObject {
  let k = keys.get(info.spkiSha256);
  if (!k) {
    try {
      k = createPublicKey({ key: Buffer.from(info.spki), format: 'der', type: 'spki' });
    } catch (err) {
      k = err instanceof Error ? err : new Error(String(err));
    }
    if (keys.size >= CACHE_LIMIT) keys.clear();
    keys.set(info.spkiSha256, k);
  }
  if (k instanceof Error) throw k;
  return k;
}

function firstLine(err: unknown): string {
  return (err instanceof Error ? err.message : String(err)).split('\n')[0] ?? 'error';
}
