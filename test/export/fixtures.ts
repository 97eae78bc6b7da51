import type { Finding, FindingCode } from '../../src/model/finding.js';
import type { StoreVerdict } from '../../src/model/report.js';
import type { TrustStore } from '../../src/model/store.js';
import { parseCertificate } from '../../src/x509/index.js';
import type { Certificate } from '../../src/model/certificate.js';
import { makePki } from '../support/pki.js';

/*
 * Two hierarchies and some broken roots:
 *
 *   root "Public Root" (in store "pub")        corp "Corp Inspection Root" (in no store)
 *    └── int                                      └── corpInt
 *         └── leaf   a.example                         └── corpLeaf   a.example
 *         └── expired  a.example (2020)           corpDirect  a.example (issued by corp itself)
 *
 *   notCa "Not A CA" (self-signed, CA:FALSE) └── notCaLeaf
 *   badRoot = corp with its signature bytes flipped (same subject and key, so corpDirect still links to it)
 */
export async function makeExportPki() {
  const pki = await makePki({
    root: { cn: 'Public Root' },
    int: { cn: 'Public Int', issuer: 'root' },
    leaf: { cn: 'a.example', issuer: 'int', sans: ['a.example'] },
    expired: { cn: 'a.example', issuer: 'int', sans: ['a.example'], notBefore: '2020-01-01T00:00:00Z', notAfter: '2021-01-01T00:00:00Z' },
    corp: { subject: [['O', 'Corp'], ['CN', 'Corp Inspection Root']] },
    corpInt: { cn: 'Corp Int', issuer: 'corp' },
    corpLeaf: { cn: 'a.example', issuer: 'corpInt', sans: ['a.example'] },
    corpDirect: { cn: 'a.example', issuer: 'corp', sans: ['a.example'] },
    notCa: { cn: 'Not A CA', ca: false, keyUsage: ['digitalSignature', 'keyCertSign'] },
    notCaLeaf: { cn: 'a.example', issuer: 'notCa', sans: ['a.example'] },
  });
  const broken = new Uint8Array(pki.corp.der);
  broken[broken.length - 5]! ^= 0xff;
  const badRoot: Certificate = parseCertificate(broken);
  return { ...pki, badRoot };
}

export const NOW = new Date('2025-06-01T00:00:00Z');

export function storeOf(name: string, certs: Certificate[]): TrustStore {
  return {
    name,
    kind: 'file',
    description: `test store ${name}`,
    anchors: certs.map((cert, i) => ({ cert, store: name, source: `${name}#${i + 1}`, fingerprint: cert.sha256, serverAuth: true })),
    sources: [],
    problems: [],
    meta: {},
  };
}

export function finding(code: FindingCode, store: string | null, evidence: Record<string, unknown> = {}): Finding {
  return { code, severity: 'error', cert: null, store, message: code, evidence };
}

/** A verdict as the diagnosis engine reports it: a valid path (leaf -> anchor) or none, and the store's findings. */
export function verdictOf(store: TrustStore, path: Certificate[] | null, findings: Finding[] = []): StoreVerdict {
  const hashes = path ? path.map((c) => c.sha256) : [];
  return {
    name: store.name,
    description: store.description,
    trusted: path !== null,
    path: hashes,
    chain: [],
    validPaths: path ? [hashes] : [],
    search: { pathsTried: 1, signatureChecks: 0, buildCalls: 0, exhausted: false },
    findings,
  };
}

export const subjects = (certs: Certificate[]) => certs.map((c) => c.subject.text).join(' -> ');
