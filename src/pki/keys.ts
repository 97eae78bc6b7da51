/** Key pairs (node:crypto) and the signature algorithm an issuer's key signs with. */
import { createHash, createPublicKey, generateKeyPair, type KeyObject } from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { PkiError } from './errors.js';
import type { KeySpec, PkiNodeSpec } from './types.js';

export interface KeyPair {
  spec: KeySpec;
  privateKey: KeyObject;
  spkiDer: Uint8Array;
  /** RFC 5280 method 1: sha1 of the subjectPublicKey BIT STRING contents. */
  keyId: string;
}

/** The modulus size of an rsa<bits> spec, or undefined for any other key type. */
function rsaBits(spec: KeySpec): number | undefined {
  const m = /^rsa(\d+)$/.exec(spec);
  return m ? Number(m[1]) : undefined;
}

const CURVES: Partial<Record<KeySpec, string>> = { 'ec-p224': 'secp224r1', 'ec-p256': 'prime256v1', 'ec-p384': 'secp384r1' };

export function newKeyPair(spec: KeySpec): Promise<KeyPair> {
  return new Promise((resolve, reject) => {
    const done = (err: Error | null, _publicKey: KeyObject, privateKey: KeyObject): void => {
      if (err) reject(err);
      else resolve(keyPairOf(privateKey, spec));
    };
    const bits = rsaBits(spec);
    const curve = CURVES[spec];
    if (bits !== undefined) generateKeyPair('rsa', { modulusLength: bits }, done);
    else if (curve !== undefined) generateKeyPair('ec', { namedCurve: curve }, done);
    else if (spec === 'ed25519') generateKeyPair('ed25519', {}, done);
    else reject(new PkiError('PKI_BAD_SPEC', `unknown key type "${String(spec)}"`, { key: String(spec) }));
  });
}

/** A given private key as a key pair; its type is read from the key itself. */
export function keyPairOf(privateKey: KeyObject, spec: KeySpec = specOf(privateKey)): KeyPair {
  const spkiDer = new Uint8Array(createPublicKey(privateKey).export({ format: 'der', type: 'spki' }));
  return { spec, privateKey, spkiDer, keyId: keyIdOf(spkiDer) };
}

function specOf(key: KeyObject): KeySpec {
  const d = key.asymmetricKeyDetails ?? {};
  if (key.asymmetricKeyType === 'ed25519') return 'ed25519';
  if (key.asymmetricKeyType === 'ec') {
    const spec = (Object.keys(CURVES) as KeySpec[]).find((k) => CURVES[k] === d.namedCurve);
    if (spec !== undefined) return spec;
  }
  if (key.asymmetricKeyType === 'rsa' && d.modulusLength !== undefined) return `rsa${d.modulusLength}`;
  throw new PkiError('PKI_BAD_SPEC', `unsupported key: ${key.asymmetricKeyType ?? 'unknown'}`, {
    type: key.asymmetricKeyType ?? null,
  });
}

function keyIdOf(spkiDer: Uint8Array): string {
  const spki = pkijs.PublicKeyInfo.fromBER(spkiDer.slice().buffer);
  return createHash('sha1').update(spki.subjectPublicKey.valueBlock.valueHexView).digest('hex');
}

export interface SignatureChoice {
  identifier(): pkijs.AlgorithmIdentifier;
  /** The digest name for crypto.sign (null for Ed25519). */
  nodeHash: string | null;
}

const RSA_OIDS = {
  md5: '1.2.840.113549.1.1.4',
  sha1: '1.2.840.113549.1.1.5',
  sha256: '1.2.840.113549.1.1.11',
  sha384: '1.2.840.113549.1.1.12',
  sha512: '1.2.840.113549.1.1.13',
} as const;
const ECDSA_OIDS: Partial<Record<keyof typeof RSA_OIDS, string>> = {
  sha1: '1.2.840.10045.4.1',
  sha256: '1.2.840.10045.4.3.2',
  sha384: '1.2.840.10045.4.3.3',
  sha512: '1.2.840.10045.4.3.4',
};

export function signatureAlgorithmFor(key: KeySpec, hash: PkiNodeSpec['hash']): SignatureChoice {
  if (key === 'ed25519') {
    return { identifier: () => new pkijs.AlgorithmIdentifier({ algorithmId: '1.3.101.112' }), nodeHash: null };
  }
  const h = hash ?? (key === 'ec-p384' ? 'sha384' : 'sha256');
  if (CURVES[key] !== undefined) {
    const oid = ECDSA_OIDS[h];
    if (oid === undefined) throw new PkiError('PKI_BAD_SPEC', `no ECDSA signature with ${h}`, { key, hash: h });
    return { identifier: () => new pkijs.AlgorithmIdentifier({ algorithmId: oid }), nodeHash: h };
  }
  return {
    identifier: () => new pkijs.AlgorithmIdentifier({ algorithmId: RSA_OIDS[h], algorithmParams: new asn1js.Null() }),
    nodeHash: h,
  };
}
