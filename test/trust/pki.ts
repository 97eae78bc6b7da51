import type { KeyObject } from 'node:crypto';
import { buildPki } from '../../src/pki/index.js';

/** Self-signed test roots (P-256) made at test time by the certificate builder (src/pki) with explicit dates. */

export interface TestRootParams {
  cn: string;
  notBefore: Date;
  notAfter: Date;
  /** Reuse a key to make a re-issued root (same subject + key, new certificate). */
  key?: KeyObject;
  serial?: number;
}

export interface TestRoot {
  der: Uint8Array;
  pem: string;
  /** The root's private key. */
  key: KeyObject;
}

export async function makeRoot(p: TestRootParams): Promise<TestRoot> {
  const pki = await buildPki({
    now: p.notBefore,
    nodes: {
      root: {
        subject: { CN: p.cn },
        ca: true,
        validity: { notBefore: p.notBefore, notAfter: p.notAfter },
        serial: (p.serial ?? 1).toString(16),
      },
    },
    ...(p.key ? { keys: { root: p.key } } : {}),
  });
  const root = pki.node('root');
  return { der: root.der, pem: root.pem, key: root.privateKey };
}

export const JAN_2020 = new Date('2020-01-01T00:00:00Z');
export const JAN_2040 = new Date('2040-01-01T00:00:00Z');
/** The pinned "now" of these tests. */
export const NOW = new Date('2026-05-01T00:00:00Z');
