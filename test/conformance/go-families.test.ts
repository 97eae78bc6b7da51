/**
 * A generator of chains for each family where Go's rules differ from the Web PKI's (issue 20): path length, keys and
 * curves, host names, critical extensions, name constraints, chain rules, path building, parsing. Each chain is made
 * here; chaindbg's Go verdict (for the Go on PATH) is compared with real Go's verdict and error type on the very same
 * certificates (test/go/verify; skipped, saying so, without `go`); the Web PKI verdict is pinned, showing that the
 * other profiles keep their own rules (only the changes meant for every client move it); and the Go verdict of the
 * newest Go modelled is pinned where a release changed it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyzeChain } from '../../src/diagnose/index.js';
import { OPENSSL_RULES } from '../../src/path/types.js';
import { chaindbgGo, storeOf } from '../support/chaindbg-go.js';
import { goVerifier, type GoVerifier } from '../support/go-verify.js';
import { makePki, type NodeSpec, type Pki } from '../support/pki.js';

interface FamilyCase {
  family: string;
  name: string;
  spec: Record<string, NodeSpec>;
  /** Sent, leaf first. */
  send: string[];
  roots: string[];
  host: string | null;
  /** Go 1.19's verdict (checked against the Go on PATH when it is 1.19). */
  go119: boolean;
  /** The Web PKI profile's verdict: 'accepts' or the lead error code (unchanged by the Go rules). */
  webpki: string;
  /** OpenSSL profile's verdict when it is pinned too. */
  openssl?: string;
  /** The newest Go modelled, where a release changed the verdict. */
  newest?: boolean;
}

const NOW = new Date('2025-01-01T00:00:00Z');
const ROOT: NodeSpec = { cn: 'Family Root' };
const leafOf = (issuer: string, extra: Partial<NodeSpec> = {}): NodeSpec => ({ cn: 'leaf', issuer, sans: ['a.example.com'], ...extra });
const chain = (n: number): Record<string, NodeSpec> => {
  const spec: Record<string, NodeSpec> = { root: ROOT };
  let parent = 'root';
  for (let i = 1; i <= n; i++) {
    spec[`i${i}`] = { cn: `Int ${i}`, issuer: parent, ca: true };
    parent = `i${i}`;
  }
  spec.leaf = leafOf(parent);
  return spec;
};
const ints = (n: number) => Array.from({ length: n }, (_, i) => `i${n - i}`);
const SCT = new Uint8Array([0x04, 0x02, 0x00, 0x00]);
const POLICY_CONSTRAINTS = new Uint8Array([0x30, 0x03, 0x80, 0x01, 0x00]);

const CASES: FamilyCase[] = [
  // 1. Path length: Go has no depth limit, only its budget of signature checks.
  { family: 'path length', name: '7 intermediates', spec: chain(7), send: ['leaf', ...ints(7)], roots: ['root'], host: 'a.example.com', go119: true, webpki: 'accepts' },
  { family: 'path length', name: '11 intermediates', spec: chain(11), send: ['leaf', ...ints(11)], roots: ['root'], host: 'a.example.com', go119: true, webpki: 'PATH_LEN_EXCEEDED' },
  { family: 'path length', name: '14 intermediates', spec: chain(14), send: ['leaf', ...ints(14)], roots: ['root'], host: 'a.example.com', go119: true, webpki: 'PATH_LEN_EXCEEDED' },
  // 2. Keys and curves.
  { family: 'keys', name: 'RSA-1024 intermediate', spec: { root: ROOT, int: { issuer: 'root', key: 'rsa1024' }, leaf: leafOf('int') }, send: ['leaf', 'int'], roots: ['root'], host: 'a.example.com', go119: true, webpki: 'WEAK_KEY', newest: true },
  { family: 'keys', name: 'RSA-2047 intermediate (modulus not a multiple of 8)', spec: { root: ROOT, int: { issuer: 'root', key: 'rsa2047' }, leaf: leafOf('int') }, send: ['leaf', 'int'], roots: ['root'], host: 'a.example.com', go119: true, webpki: 'WEAK_KEY' },
  { family: 'keys', name: 'RSA-768 intermediate', spec: { root: ROOT, int: { issuer: 'root', key: 'rsa768' }, leaf: leafOf('int') }, send: ['leaf', 'int'], roots: ['root'], host: 'a.example.com', go119: true, webpki: 'WEAK_KEY', newest: false },
  { family: 'keys', name: 'P-224 intermediate', spec: { root: ROOT, int: { issuer: 'root', key: 'p224' }, leaf: leafOf('int') }, send: ['leaf', 'int'], roots: ['root'], host: 'a.example.com', go119: true, webpki: 'UNSUPPORTED_ALGORITHM' },
  { family: 'keys', name: 'RSA-1024 leaf', spec: { root: ROOT, leaf: leafOf('root', { key: 'rsa1024' }) }, send: ['leaf'], roots: ['root'], host: 'a.example.com', go119: true, webpki: 'WEAK_KEY' },
  { family: 'keys', name: 'SHA-1 signed leaf', spec: { root: ROOT, leaf: leafOf('root', { hash: 'SHA-1' }) }, send: ['leaf'], roots: ['root'], host: 'a.example.com', go119: false, webpki: 'WEAK_SIGNATURE' },
  // 3. Host names as VerifyHostname matches them.
  { family: 'hostnames', name: '*.com matches example.com', spec: { root: ROOT, leaf: leafOf('root', { sans: ['*.com'] }) }, send: ['leaf'], roots: ['root'], host: 'example.com', go119: true, webpki: 'HOSTNAME_MISMATCH' },
  { family: 'hostnames', name: 'wildcard covers one label only', spec: { root: ROOT, leaf: leafOf('root', { sans: ['*.example.com'] }) }, send: ['leaf'], roots: ['root'], host: 'a.b.example.com', go119: false, webpki: 'HOSTNAME_MISMATCH' },
  { family: 'hostnames', name: 'an invalid name matches exactly', spec: { root: ROOT, leaf: leafOf('root', { sans: ['-lead.example.com'] }) }, send: ['leaf'], roots: ['root'], host: '-LEAD.example.com', go119: true, webpki: 'HOSTNAME_MISMATCH' },
  { family: 'hostnames', name: 'IPv4-mapped IPv6 host equals the IPv4 SAN', spec: { root: ROOT, leaf: leafOf('root', { sans: ['127.0.0.1'] }) }, send: ['leaf'], roots: ['root'], host: '::ffff:127.0.0.1', go119: true, webpki: 'HOSTNAME_MISMATCH' },
  { family: 'hostnames', name: 'case and a trailing dot', spec: { root: ROOT, leaf: leafOf('root', { sans: ['A.Example.com'] }) }, send: ['leaf'], roots: ['root'], host: 'a.EXAMPLE.com.', go119: true, webpki: 'accepts' },
  // 4. Critical extensions Go does not handle.
  { family: 'critical extensions', name: 'critical SCT list on the leaf', spec: { root: ROOT, leaf: leafOf('root', { extraExtensions: [{ oid: '1.3.6.1.4.1.11129.2.4.2', critical: true, value: SCT }] }) }, send: ['leaf'], roots: ['root'], host: 'a.example.com', go119: false, webpki: 'accepts', newest: false },
  { family: 'critical extensions', name: 'critical policyConstraints on the intermediate', spec: { root: ROOT, int: { issuer: 'root', extraExtensions: [{ oid: '2.5.29.36', critical: true, value: POLICY_CONSTRAINTS }] }, leaf: leafOf('int') }, send: ['leaf', 'int'], roots: ['root'], host: 'a.example.com', go119: false, webpki: 'accepts', newest: true },
  { family: 'critical extensions', name: 'critical SAN with only a registeredID', spec: { root: ROOT, leaf: leafOf('root', { sans: [], sanEntries: ['raw:88032a0304'], sanCritical: true }) }, send: ['leaf'], roots: ['root'], host: null, go119: false, webpki: 'accepts' },
  // 5. Name constraints as Go applies them.
  { family: 'name constraints', name: 'leading-dot constraint, a subdomain', spec: { root: ROOT, int: { issuer: 'root', permitted: { dns: ['.example.com'] } }, leaf: leafOf('int') }, send: ['leaf', 'int'], roots: ['root'], host: 'a.example.com', go119: true, webpki: 'accepts' },
  { family: 'name constraints', name: 'leading-dot constraint, the domain itself', spec: { root: ROOT, int: { issuer: 'root', permitted: { dns: ['.example.com'] } }, leaf: leafOf('int', { sans: ['example.com'] }) }, send: ['leaf', 'int'], roots: ['root'], host: 'example.com', go119: false, webpki: 'NAME_CONSTRAINT_VIOLATION' },
  // Go does not read directoryName subtrees: critical name constraints holding one are an unhandled extension.
  { family: 'name constraints', name: 'critical directoryName constraint', spec: { root: ROOT, int: { issuer: 'root', permitted: { dn: [[['O', 'Acme']]] } }, leaf: leafOf('int') }, send: ['leaf', 'int'], roots: ['root'], host: 'a.example.com', go119: false, webpki: 'NAME_CONSTRAINT_VIOLATION' },
  { family: 'name constraints', name: 'wildcard SAN under an excluded subdomain', spec: { root: ROOT, int: { issuer: 'root', excluded: { dns: ['bad.example.com'] } }, leaf: leafOf('int', { sans: ['*.example.com'] }) }, send: ['leaf', 'int'], roots: ['root'], host: 'a.example.com', go119: true, webpki: 'NAME_CONSTRAINT_VIOLATION', newest: false },
  { family: 'name constraints', name: 'an email SAN under DNS-only constraints', spec: { root: ROOT, int: { issuer: 'root', permitted: { dns: ['example.com'] } }, leaf: leafOf('int', { sanEntries: ['email:x@other.test'] }) }, send: ['leaf', 'int'], roots: ['root'], host: 'a.example.com', go119: true, webpki: 'accepts' },
  { family: 'name constraints', name: 'email constraint on a domain covers its subdomains in Go', spec: { root: ROOT, int: { issuer: 'root', permitted: { email: ['example.com'] } }, leaf: leafOf('int', { sanEntries: ['email:x@mail.example.com'] }) }, send: ['leaf', 'int'], roots: ['root'], host: 'a.example.com', go119: true, webpki: 'NAME_CONSTRAINT_VIOLATION' },
  { family: 'name constraints', name: 'an unparseable email SAN once constraints apply', spec: { root: ROOT, int: { issuer: 'root', permitted: { dns: ['example.com'] } }, leaf: leafOf('int', { sanEntries: ['email:not-an-address'] }) }, send: ['leaf', 'int'], roots: ['root'], host: 'a.example.com', go119: false, webpki: 'accepts' },
  // 6. Chain rules.
  { family: 'chain rules', name: 'a v1 root is an anchor', spec: { root: { cn: 'V1 Root', v1: true }, leaf: leafOf('root', { aki: 'absent' }) }, send: ['leaf'], roots: ['root'], host: 'a.example.com', go119: true, webpki: 'NOT_A_CA' },
  { family: 'chain rules', name: 'a v1 intermediate is not a CA', spec: { root: ROOT, int: { cn: 'V1 Int', issuer: 'root', v1: true }, leaf: leafOf('int', { aki: 'absent' }) }, send: ['leaf', 'int'], roots: ['root'], host: 'a.example.com', go119: false, webpki: 'NOT_A_CA' },
  { family: 'chain rules', name: 'a self-issued intermediate counts against pathLen', spec: { root: { cn: 'PL Root', pathLen: 1 }, a: { cn: 'Same', issuer: 'root', ca: true }, b: { cn: 'Same', issuer: 'a', ca: true }, leaf: leafOf('b') }, send: ['leaf', 'b', 'a'], roots: ['root'], host: 'a.example.com', go119: false, webpki: 'accepts' },
  { family: 'chain rules', name: 'keyUsage without keyCertSign on the issuer', spec: { root: ROOT, int: { issuer: 'root', keyUsage: ['digitalSignature'] }, leaf: leafOf('int') }, send: ['leaf', 'int'], roots: ['root'], host: 'a.example.com', go119: false, webpki: 'KEY_USAGE_MISSING' },
  // 7. Path building past an expired store copy of a sent cross-sign (a root rollover).
  {
    family: 'path building',
    name: 'expired store copy of a cross-signed root',
    spec: {
      old: { cn: 'Old Root', notAfter: '2024-06-01T00:00:00Z' },
      newer: { cn: 'New Root' },
      cross: { sameAs: 'old', issuer: 'newer' },
      int: { cn: 'Issuing CA', issuer: 'old', ca: true },
      leaf: leafOf('int'),
    },
    send: ['leaf', 'int', 'cross'],
    roots: ['old', 'newer'],
    host: 'a.example.com',
    go119: true,
    webpki: 'accepts',
  },
  // 8. Parse like Go: unknown GeneralName kinds are skipped, not fatal.
  { family: 'parsing', name: 'a SAN entry that is not context-tagged', spec: { root: ROOT, leaf: leafOf('root', { sanEntries: ['raw:090101'] }) }, send: ['leaf'], roots: ['root'], host: 'a.example.com', go119: true, webpki: 'accepts' },
  { family: 'parsing', name: 'a registeredID SAN beside the DNS name', spec: { root: ROOT, leaf: leafOf('root', { sanEntries: ['raw:88032a0304'] }) }, send: ['leaf'], roots: ['root'], host: 'a.example.com', go119: true, webpki: 'accepts' },
];

const built = new Map<string, Pki<string>>();
let go: GoVerifier | string;
beforeAll(async () => {
  for (const c of CASES) built.set(c.name, await makePki(c.spec));
  go = goVerifier();
}, 120_000);
afterAll(() => {
  if (typeof go !== 'string') go.close();
});

const inputs = (c: FamilyCase) => {
  const pki = built.get(c.name)!;
  return { sent: c.send.map((n) => pki[n]!.cert), roots: c.roots.map((n) => pki[n]!.cert), pki };
};
const verdictOf = (c: FamilyCase, rules?: typeof OPENSSL_RULES): string => {
  const { sent, roots } = inputs(c);
  const a = analyzeChain({ sent, stores: [storeOf(roots)], now: NOW, host: c.host, ...(rules ? { rules } : {}) });
  const lead = a.findings.find((f) => f.severity === 'error');
  return a.stores[0]!.trusted && !lead ? 'accepts' : (lead?.code ?? 'rejects');
};

describe("Go's rules by family", () => {
  it("the Web PKI and OpenSSL profiles keep their own rules", () => {
    expect(CASES.map((c) => `${c.name}: ${verdictOf(c)}`)).toEqual(CASES.map((c) => `${c.name}: ${c.webpki}`));
    // OpenSSL's profile is the Web PKI's plus its own rules (CN fallback, self-signed anchors): the same verdicts
    // here unless a case pins another.
    expect(CASES.map((c) => `${c.name}: ${verdictOf(c, OPENSSL_RULES)}`)).toEqual(CASES.map((c) => `${c.name}: ${c.openssl ?? c.webpki}`));
  });

  it("chaindbg's Go verdict: Go 1.19's rules, and the newest Go where a release changed the verdict", () => {
    const judge = (c: FamilyCase, goVersion: string) => chaindbgGo({ ...inputs(c), host: c.host, now: NOW, goVersion }).accepts;
    expect(CASES.map((c) => `${c.name}: ${judge(c, '1.19')}`)).toEqual(CASES.map((c) => `${c.name}: ${c.go119}`));
    const changed = CASES.filter((c) => c.newest !== undefined);
    expect(changed.map((c) => `${c.name}: ${judge(c, '1.25.5')}`)).toEqual(changed.map((c) => `${c.name}: ${c.newest}`));
  });

  it("says Go's own reason in words where the store verdict does not show it", () => {
    const byName = (name: string) => CASES.find((c) => c.name === name)!;
    const go = (name: string) => chaindbgGo({ ...inputs(byName(name)), host: byName(name).host, now: NOW, goVersion: '1.19' }).evidence;
    expect(go('critical SCT list on the leaf')).toMatchObject({
      reason: 'UNKNOWN_CRITICAL_EXTENSION',
      // Go's error type, and the line go get prints for it (Go 1.19: no "tls: failed to verify certificate: " prefix)
      goErrorType: 'UnhandledCriticalExtension',
      goError: 'x509: unhandled critical extension',
      detail: 'CN=leaf has unhandled critical extensions signedCertificateTimestampList (1.3.6.1.4.1.11129.2.4.2)',
    });
    // the Web PKI verdict already leads with the same reason: no second copy
    expect(go('SHA-1 signed leaf')).toMatchObject({ reason: 'WEAK_SIGNATURE', detail: null });
  });

  it('real Go agrees with chaindbg on every chain, verdict and error type', (ctx) => {
    if (typeof go === 'string') {
      console.log(`skipped: ${go}`);
      ctx.skip();
      return;
    }
    const version = go.version.replace(/^go/, '');
    const results = go.run(
      CASES.map((c) => {
        const { pki } = inputs(c);
        return { id: c.name, leaf: pki[c.send[0]!]!.pem, intermediates: c.send.slice(1).map((n) => pki[n]!.pem), roots: c.roots.map((n) => pki[n]!.pem), host: c.host ?? '', time: NOW.toISOString() };
      }),
    );
    const lines = results.map((g, i) => {
      const c = CASES[i]!;
      const r = chaindbgGo({ ...inputs(c), host: c.host, now: NOW, goVersion: version });
      return { c, g, r, same: r.accepts === g.ok && (g.ok || r.goErrorType === g.kind) };
    });
    const agree = lines.filter((l) => l.same).length;
    console.log(`go families: chaindbg agrees with ${go.version} on ${agree} of ${CASES.length} chains (${new Set(CASES.map((c) => c.family)).size} families)`);
    expect(lines.filter((l) => !l.same).map((l) => `${l.c.family} / ${l.c.name}: go ${l.g.ok ? 'accepts' : `${l.g.kind}: ${l.g.error}`}; chaindbg ${l.r.accepts ? 'accepts' : `${l.r.reason} (${l.r.goErrorType})`}`)).toEqual([]);
    // The comparison has teeth: Go rejects some of these chains and accepts others.
    expect(new Set(results.map((g) => g.ok))).toEqual(new Set([true, false]));
    if (version.startsWith('1.19')) expect(results.map((g) => `${g.id}: ${g.ok}`)).toEqual(CASES.map((c) => `${c.name}: ${c.go119}`));
  }, 120_000);
});
