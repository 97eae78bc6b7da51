/**
 * Go's crypto/x509 test tables (test/conformance/go-tables.json, written by `go run test/go/tables/main.go` from
 * Go's own name_constraints_test.go and verify_test.go) turned into chains:
 * - nameConstraintsTests: certificates made here, as Go's TestConstraintCases makes them (one P-256 key per level,
 *   several certificates per level with the same name and key, valid from 1000 s to 2000 s after the epoch, checked
 *   at 1500 s; a leaf with OU=Leaf and the given SANs, EKUs and CN);
 * - verifyTests: Go's own PEM certificates, at Go's times and host names.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { makePki, type NameConstraintSpec, type NodeSpec, type PkiNode } from '../support/pki.js';
import { readCertificates } from '../../src/x509/index.js';
import type { Certificate } from '../../src/model/certificate.js';

export interface ConstraintsSpec {
  ok: string[];
  bad: string[];
  ekus: string[];
}

export interface NameConstraintsTest {
  id: number;
  roots: ConstraintsSpec[];
  intermediates: ConstraintsSpec[][];
  leaf: { sans: string[]; ekus: string[]; cn: string };
  requestedEKUs: string[];
  expectedError: string;
  ignoreCN: boolean;
}

export interface VerifyTest {
  name: string;
  leaf: string;
  intermediates: string[];
  roots: string[];
  currentTime: number;
  dnsName: string;
  systemSkip: boolean;
  keyUsages: string[];
  expectedError: string;
  expectedChains: string[][];
}

export const GO_TABLES = JSON.parse(readFileSync(fileURLToPath(new URL('./go-tables.json', import.meta.url)), 'utf8')) as {
  nameConstraintsTests: NameConstraintsTest[];
  verifyTests: VerifyTest[];
};

/** One chain to judge: what was sent, the roots, the host and the time. */
export interface ChainCase {
  id: string;
  sent: Certificate[];
  /** PEM of each sent certificate (leaf first). */
  sentPem: string[];
  roots: Certificate[];
  rootsPem: string[];
  host: string;
  now: Date;
  /** Extended key usages the verification asks for (Go's VerifyOptions.KeyUsages); empty = serverAuth. */
  keyUsages: string[];
  /** What Go's table expects: null = success, else the error (a substring of Go's message or a kind). */
  expected: string | null;
  /** GODEBUG the table runs under (Go's TestGoVerify sets x509sha1=1). */
  godebug: string;
}

const at = (seconds: number) => new Date(seconds * 1000).toISOString();

/** The extension bytes Go's test writes for an "unknown:" constraint: a GeneralName of undefined type 9. */
function unknownConstraint(excluded: boolean): Uint8Array {
  const subtree = [0x30, 3, 9, 1, 1];
  const inner = [excluded ? 0xa1 : 0xa0, subtree.length, ...subtree];
  return new Uint8Array([0x30, inner.length, ...inner]);
}

function constraintsOf(spec: ConstraintsSpec): Partial<NodeSpec> {
  const out: Partial<NodeSpec> = {};
  const special = (list: string[]) => list.length === 1 && list[0] === 'unknown:';
  if (special(spec.ok) && spec.bad.length === 0) {
    out.extraExtensions = [{ oid: '2.5.29.30', critical: false, value: unknownConstraint(false) }];
  } else if (special(spec.bad) && spec.ok.length === 0) {
    out.extraExtensions = [{ oid: '2.5.29.30', critical: false, value: unknownConstraint(true) }];
  } else {
    const parse = (list: string[]): NameConstraintSpec | undefined => {
      if (list.length === 0) return undefined;
      const s: Required<Pick<NameConstraintSpec, 'dns' | 'ip' | 'email' | 'uri'>> = { dns: [], ip: [], email: [], uri: [] };
      for (const c of list) {
        const colon = c.indexOf(':');
        const kind = c.slice(0, colon) as keyof typeof s;
        if (!(kind in s)) throw new Error(`unknown constraint ${c}`);
        s[kind].push(c.slice(colon + 1));
      }
      return s;
    };
    const permitted = parse(spec.ok);
    const excluded = parse(spec.bad);
    if (permitted) out.permitted = permitted;
    if (excluded) out.excluded = excluded;
  }
  out.eku = spec.ekus.length > 0 ? spec.ekus : null;
  return out;
}

export async function nameConstraintsCase(tc: NameConstraintsTest): Promise<ChainCase> {
  const spec: Record<string, NodeSpec> = {};
  const times = { notBefore: at(1000), notAfter: at(2000) };
  tc.roots.forEach((r, i) => {
    spec[`root${i}`] = { ...times, cn: `Root ${tc.id}`, ca: true, keyUsage: ['keyCertSign'], ...(i > 0 ? { sameAs: 'root0' } : {}), ...constraintsOf(r) };
  });
  let parent = `root${tc.roots.length - 1}`;
  tc.intermediates.forEach((level, l) => {
    level.forEach((c, k) => {
      spec[`int${l}_${k}`] = {
        ...times,
        cn: `Intermediate level ${l}`,
        issuer: parent,
        ca: true,
        keyUsage: ['keyCertSign'],
        ...(k > 0 ? { sameAs: `int${l}_0` } : {}),
        ...constraintsOf(c),
      };
    });
    parent = `int${l}_${level.length - 1}`;
  });
  const leafSans = tc.leaf.sans.filter((s) => s !== 'unknown:');
  spec.leaf = {
    ...times,
    subject: tc.leaf.cn ? [['OU', 'Leaf'], ['CN', tc.leaf.cn]] : [['OU', 'Leaf']],
    issuer: parent,
    ca: false,
    keyUsage: ['digitalSignature'],
    eku: tc.leaf.ekus.length > 0 ? tc.leaf.ekus : null,
    ...(leafSans.length > 0 ? { sanEntries: leafSans } : {}),
    ...(tc.leaf.sans.includes('unknown:') ? { extraExtensions: [{ oid: '2.5.29.17', critical: false, value: new Uint8Array([0x30, 3, 9, 1, 1]) }] } : {}),
  };
  const pki = await makePki(spec);
  const nodes = Object.entries(pki) as Array<[string, PkiNode]>;
  const roots = nodes.filter(([n]) => n.startsWith('root')).map(([, v]) => v);
  const ints = nodes.filter(([n]) => n.startsWith('int')).map(([, v]) => v);
  const sent = [pki.leaf!, ...ints];
  return {
    id: `nameConstraints#${tc.id}`,
    sent: sent.map((n) => n.cert),
    sentPem: sent.map((n) => n.pem),
    roots: roots.map((n) => n.cert),
    rootsPem: roots.map((n) => n.pem),
    host: '',
    now: new Date(1500 * 1000),
    keyUsages: tc.requestedEKUs,
    expected: tc.expectedError === '' ? null : tc.expectedError,
    godebug: '',
  };
}

/** A verifyTests case; null (with why) when chaindbg cannot read one of its certificates. */
export function verifyCase(tc: VerifyTest): ChainCase | { id: string; unreadable: string } {
  const id = `verify/${tc.name || '(unnamed)'}`;
  try {
    const read = (pem: string) => readCertificates(Buffer.from(pem), tc.name).map((s) => s.cert);
    const leaf = read(tc.leaf);
    const ints = tc.intermediates.flatMap(read);
    const roots = tc.roots.flatMap(read);
    return {
      id,
      sent: [...leaf, ...ints],
      sentPem: [tc.leaf, ...tc.intermediates],
      roots,
      rootsPem: tc.roots,
      host: tc.dnsName,
      now: new Date(tc.currentTime * 1000),
      keyUsages: tc.keyUsages,
      expected: tc.expectedError === '' ? null : tc.expectedError,
      godebug: 'x509sha1=1',
    };
  } catch (err) {
    return { id, unreadable: (err as Error).message };
  }
}
