/**
 * The lab's scenarios as data: what each server sends, and the verdict chaindbg must reach for it.
 *
 * `expected` is judged against `store` for the scenario's `servername`, at the lab's `now`, for the chain a TLS 1.3
 * client (Go's default) receives: `trusted` is whether Go would accept the connection (path to an anchor of that store
 * AND the hostname matches AND nothing on the path expired); `codes` are finding codes that must appear (others may
 * appear too). `alsoExpected` holds the same judgement against other lab stores.
 */
import type { FindingCode } from '../model/finding.js';
import type { LabStoreName } from './graph.js';
import type { StapleSpec } from '../pki/index.js';

export type TlsVersions = '1.2' | '1.3' | 'both';

export interface Expectation {
  trusted: boolean;
  codes: FindingCode[];
}

export interface StoreExpectation extends Expectation {
  store: LabStoreName;
}

/** A chain as sent: node ids of the lab PKI, leaf first, in the order they go on the wire. */
export interface ChainPlan {
  /** Which negotiated versions get this chain. */
  tls: TlsVersions;
  ids: string[];
}

export interface ScenarioDef {
  name: string;
  story: string;
  servername: string;
  kind: 'tls' | 'http';
  tls: TlsVersions;
  /** Empty for the plain-HTTP scenario. */
  chains: ChainPlan[];
  /** The server demands a client certificate issued by the lab client CA. */
  requireClientCert: boolean;
  store: LabStoreName;
  /** The store is the machine's system store (read through SSL_CERT_FILE), judged beside lab-roots as the reference. */
  asSystem?: boolean;
  /** An OCSP response about the leaf, signed by its issuer, stapled when the client asks (status_request). */
  staple?: StapleSpec;
  expected: Expectation;
  alsoExpected: StoreExpectation[];
}

const ok: Expectation = { trusted: true, codes: [] };
const both = (ids: string[]): ChainPlan[] => [{ tls: 'both', ids }];

const tlsScenario = (
  s: Pick<ScenarioDef, 'name' | 'story' | 'servername' | 'chains'> & Partial<ScenarioDef>,
): ScenarioDef => ({
  kind: 'tls',
  tls: 'both',
  requireClientCert: false,
  store: 'lab-roots',
  expected: ok,
  alsoExpected: [],
  ...s,
});

export const SCENARIOS: readonly ScenarioDef[] = [
  tlsScenario({
    name: 'healthy',
    story: 'A correct server: leaf, then the WR2-like intermediate; the root comes from the store.',
    servername: 'proxy.golang.org',
    chains: both(['leaf-proxy', 'wr2']),
  }),
  tlsScenario({
    name: 'healthy-cross-signed',
    story: 'Also sends the root cross-signed by an old root: trusted by new and old stores alike.',
    servername: 'proxy.golang.org',
    chains: both(['leaf-proxy', 'wr2', 'gtsroot-x']),
    alsoExpected: [{ store: 'lab-old-roots', trusted: true, codes: [] }],
  }),
  tlsScenario({
    name: 'missing-intermediate',
    story: 'Sends only the leaf; its AIA caIssuers URL (on the lab) serves the missing intermediate.',
    servername: 'sum.golang.org',
    chains: both(['leaf-sum']),
    expected: { trusted: false, codes: ['MISSING_INTERMEDIATE'] },
  }),
  tlsScenario({
    name: 'wrong-order',
    story: 'Sends the intermediates in the wrong order (cross-signed root before the issuing CA).',
    servername: 'proxy.golang.org',
    chains: both(['leaf-proxy', 'gtsroot-x', 'wr2']),
    expected: { trusted: true, codes: ['CHAIN_MISORDERED'] },
  }),
  tlsScenario({
    name: 'extra-cert',
    story: 'Sends a correct chain plus an unrelated CA certificate nobody needs.',
    servername: 'proxy.golang.org',
    chains: both(['leaf-proxy', 'wr2', 'unrelated']),
    expected: { trusted: true, codes: ['CHAIN_UNUSED_CERT'] },
  }),
  tlsScenario({
    name: 'impostor-intermediate',
    story: 'Sends an intermediate named "Lab WR2" from another organisation and key: not the issuer.',
    servername: 'proxy.golang.org',
    chains: both(['leaf-proxy', 'wr2-impostor']),
    expected: { trusted: false, codes: ['ISSUER_MISMATCH'] },
  }),
  tlsScenario({
    name: 'expired-leaf',
    story: 'The leaf certificate expired 30 days ago; the rest of the chain is fine.',
    servername: 'go.dev',
    chains: both(['leaf-expired', 'wr2']),
    expected: { trusted: false, codes: ['CERT_EXPIRED'] },
  }),
  tlsScenario({
    name: 'name-mismatch',
    story: 'A DNS sinkhole or captive portal answers with a valid certificate for another name.',
    servername: 'proxy.golang.org',
    chains: both(['leaf-portal', 'wr2']),
    expected: { trusted: false, codes: ['HOSTNAME_MISMATCH'] },
  }),
  tlsScenario({
    name: 'expired-cross-root',
    story: 'Sends ISRG-like root cross-signed by the expired DST-like root; the self-signed path works.',
    servername: 'gopkg.in',
    chains: both(['leaf-le', 'r11', 'isrg-x']),
    alsoExpected: [{ store: 'lab-old-roots', trusted: false, codes: ['CERT_EXPIRED'] }],
  }),
  tlsScenario({
    name: 'interception',
    story: 'A TLS-inspecting proxy: leaf minted by a corporate root that only the system store holds.',
    servername: 'sum.golang.org',
    chains: both(['leaf-corp', 'corproot']),
    store: 'lab-system',
    expected: { trusted: true, codes: ['INTERCEPTION_SUSPECTED'] },
    alsoExpected: [{ store: 'lab-roots', trusted: false, codes: ['UNKNOWN_ROOT'] }],
  }),
  tlsScenario({
    name: 'revoked-staple',
    story: 'Staples an OCSP response saying the leaf is revoked: Go ignores staples and connects; Firefox refuses.',
    servername: 'goproxy.io',
    chains: both(['leaf-goproxy-io', 'wr2']),
    staple: { status: 'revoked', revokedDays: -2, reason: 1 },
    expected: { trusted: true, codes: ['OCSP_STAPLE_PROBLEM'] },
  }),
  tlsScenario({
    name: 'stale-staple',
    story: 'Staples a response that expired 3 days ago (a server that lost its responder and kept the old one).',
    servername: 'mirrors.aliyun.com',
    chains: both(['leaf-aliyun', 'wr2']),
    staple: { status: 'good', window: [-10, -3] },
    expected: { trusted: true, codes: ['OCSP_STAPLE_PROBLEM'] },
  }),
  tlsScenario({
    name: 'must-staple-missing',
    story: 'The leaf is "OCSP must-staple" but the server staples nothing: Go connects, Firefox refuses.',
    servername: 'goproxy.cn',
    chains: both(['leaf-must-staple', 'wr2']),
    expected: { trusted: true, codes: ['OCSP_STAPLE_PROBLEM'] },
  }),
  tlsScenario({
    name: 'tls12-only',
    story: 'A healthy chain on a server that refuses TLS 1.3.',
    servername: 'proxy.golang.org',
    tls: '1.2',
    chains: [{ tls: '1.2', ids: ['leaf-proxy', 'wr2'] }],
  }),
  tlsScenario({
    name: 'tls13-only',
    story: 'A healthy chain on a server that refuses TLS 1.2.',
    servername: 'proxy.golang.org',
    tls: '1.3',
    chains: [{ tls: '1.3', ids: ['leaf-proxy', 'wr2'] }],
  }),
  tlsScenario({
    name: 'per-version-chain',
    story: 'Full chain to TLS 1.2 clients but only the leaf to TLS 1.3 clients (as Go negotiates).',
    servername: 'proxy.golang.org',
    chains: [
      { tls: '1.2', ids: ['leaf-proxy', 'wr2'] },
      { tls: '1.3', ids: ['leaf-proxy'] },
    ],
    expected: { trusted: false, codes: ['MISSING_INTERMEDIATE'] },
  }),
  tlsScenario({
    name: 'client-cert-required',
    story: 'A healthy chain, but the server demands a client certificate and aborts without one: go get fails with "remote error: tls: certificate required".',
    servername: 'proxy.golang.org',
    chains: both(['leaf-proxy', 'wr2']),
    requireClientCert: true,
    expected: { trusted: false, codes: ['TLS_ALERT'] },
  }),
  tlsScenario({
    name: 'stale-client-store',
    story: 'A complete chain (leaf + WR2) to a machine whose system store lacks Lab GTS Root R1: the client\'s store is stale, not the server\'s chain.',
    servername: 'proxy.golang.org',
    chains: both(['leaf-proxy', 'wr2']),
    store: 'lab-stale',
    asSystem: true,
    expected: { trusted: false, codes: ['UNKNOWN_ROOT'] },
  }),
  tlsScenario({
    name: 'no-system-roots',
    story: 'A complete chain to a bare container with no system roots at all (no ca-certificates): the fix is the client\'s.',
    servername: 'sum.golang.org',
    chains: both(['leaf-sum', 'wr2']),
    store: 'lab-none',
    asSystem: true,
    expected: { trusted: false, codes: ['UNKNOWN_ROOT'] },
  }),
  {
    name: 'plain-http',
    story: 'The port speaks plain HTTP, not TLS (wrong port, or a proxy that is not a TLS endpoint).',
    servername: 'proxy.golang.org',
    kind: 'http',
    tls: 'both',
    chains: [],
    requireClientCert: false,
    store: 'lab-roots',
    expected: { trusted: false, codes: ['NOT_TLS'] },
    alsoExpected: [],
  },
];

export const SCENARIO_NAMES: readonly string[] = SCENARIOS.map((s) => s.name);
