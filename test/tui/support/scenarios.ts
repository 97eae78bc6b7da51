/**
 * The test PKI behind the TUI tests, made by code with fixed dates (pinned `now` below):
 *
 *   root "Test Root" (in stores system, mozilla)         corp "Corp Root" (only in store corp)
 *    └── int "Test Int"                                   └── corpleaf (corp.test)
 *         ├── good (good.test)     sent: good, int
 *         └── lonely (missing.test) sent: lonely only  -> MISSING_INTERMEDIATE everywhere
 *                                   (its caIssuers URL is never fetched: the test engine does not fetch)
 *
 *   root2 "Second Root" (in store system)
 *    └── int2 "Test Int" again: the same subject and key as int, cross-signed by Second Root
 *
 *   cross.test sends good, int, int2: system holds both roots -> two valid paths
 *     good -> int -> Test Root   and   good -> int2 -> Second Root
 *   mismatch.test sends good then Corp Root: the leaf's issuer (Test Int) is not the next subject -> ISSUER_MISMATCH
 *   old.test speaks TLS 1.2 only (a 1.3 probe fails): sends good, int
 */
import { makePki, type Pki } from '../../support/pki.js';
import type { Certificate } from '../../../src/model/certificate.js';

export const NOW = new Date('2025-06-01T00:00:00Z');

export type NodeName = 'root' | 'int' | 'good' | 'lonely' | 'corp' | 'corpleaf' | 'root2' | 'int2';

export interface Scenario {
  host: string;
  sent: Certificate[];
  /** The only TLS version the server speaks (default both). */
  only?: '1.2' | '1.3';
}

export interface TestPki {
  pki: Pki<NodeName>;
  /** Trust store name -> anchors. */
  stores: Record<string, Certificate[]>;
  /** Certificates the server did not send but exist (for path building: none; Go does not fetch). */
  scenarios: Record<string, Scenario>;
}

export async function makeTestPki(): Promise<TestPki> {
  const pki = await makePki<NodeName>({
    root: { cn: 'Test Root' },
    int: { cn: 'Test Int', issuer: 'root', ca: true },
    good: { cn: 'good.test', issuer: 'int', sans: ['good.test'] },
    lonely: {
      cn: 'missing.test',
      issuer: 'int',
      sans: ['missing.test'],
      notAfter: '2025-06-20T00:00:00Z',
      caIssuers: 'http://127.0.0.1:9/test-int.der',
    },
    corp: { cn: 'Corp Root' },
    corpleaf: { cn: 'corp.test', issuer: 'corp', sans: ['corp.test'] },
    root2: { cn: 'Second Root' },
    int2: { sameAs: 'int', issuer: 'root2', ca: true },
  });
  return {
    pki,
    stores: {
      system: [pki.root.cert, pki.root2.cert],
      mozilla: [pki.root.cert],
      node: [pki.root.cert],
      corp: [pki.corp.cert],
    },
    scenarios: {
      'good.test:443': { host: 'good.test', sent: [pki.good.cert, pki.int.cert] },
      'missing.test:443': { host: 'missing.test', sent: [pki.lonely.cert] },
      'corp.test:443': { host: 'corp.test', sent: [pki.corpleaf.cert] },
      'mismatch.test:443': { host: 'good.test', sent: [pki.good.cert, pki.corp.cert] },
      'cross.test:443': { host: 'good.test', sent: [pki.good.cert, pki.int.cert, pki.int2.cert] },
      'old.test:443': { host: 'good.test', sent: [pki.good.cert, pki.int.cert], only: '1.2' },
    },
  };
}
