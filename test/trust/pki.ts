import { webcrypto } from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { toPem } from '../../src/x509/index.js';

/**
 * Self-signed test roots made at test time with explicit dates (pkijs + WebCrypto P-256 keys). @peculiar/x509's
 * generator would need the reflect-metadata polyfill, which is not a dependency, so pkijs builds them here.
 */

export interface TestKey {
  privateKey: webcrypto.CryptoKey;
  publicKey: webcrypto.CryptoKey;
}

export interface TestRootParams {
  cn: string;
  notBefore: Date;
  notAfter: Date;
  /** Reuse a key to make a re-issued root (same subject + key, new certificate). */
  key?: TestKey;
  serial?: number;
}

export interface TestRoot {
  der: Uint8Array;
  pem: string;
  key: TestKey;
}

const engine = new pkijs.CryptoEngine({ name: 'node-webcrypto', crypto: webcrypto as unknown as pkijs.ICryptoEngine['crypto'] });

export async function newKey(): Promise<TestKey> {
  return (await webcrypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, ['sign', 'verify'])) as TestKey;
}

export async function makeRoot(p: TestRootParams): Promise<TestRoot> {
  const key = p.key ?? (await newKey());
  const cert = new pkijs.Certificate();
  cert.version = 2;
  cert.serialNumber = new asn1js.Integer({ value: p.serial ?? 1 });
  for (const name of [cert.issuer, cert.subject]) {
    name.typesAndValues.push(new pkijs.AttributeTypeAndValue({ type: '2.5.4.3', value: new asn1js.Utf8String({ value: p.cn }) }));
  }
  cert.notBefore.value = p.notBefore;
  cert.notAfter.value = p.notAfter;
  const bc = new pkijs.BasicConstraints({ cA: true });
  cert.extensions = [new pkijs.Extension({ extnID: '2.5.29.19', critical: true, extnValue: bc.toSchema().toBER(false), parsedValue: bc })];
  await cert.subjectPublicKeyInfo.importKey(key.publicKey, engine);
  await cert.sign(key.privateKey, 'SHA-256', engine);
  const der = new Uint8Array(cert.toSchema(true).toBER(false));
  return { der, pem: toPem(der), key };
}

export const JAN_2020 = new Date('2020-01-01T00:00:00Z');
export const JAN_2040 = new Date('2040-01-01T00:00:00Z');
/** The pinned "now" of these tests. */
export const NOW = new Date('2026-05-01T00:00:00Z');
