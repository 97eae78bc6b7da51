import type { EvidenceOf } from './evidence.js';
import type { FindingCode, Severity } from './finding.js';

/**
 * Everything chaindbg says about a finding code, in one row: its usual severity, its rank when every path fails
 * (as rustls-webpki's `Error::rank`: a specific problem with a certificate that was found beats "could not find the
 * issuer"; higher is more useful), `explain` (the one-line message, from the evidence only), `fix` (what to change,
 * the same words in the CLI text and the TUI) and where docs/findings.md documents it. Text, JSON messages, the TUI
 * and the docs test all read this table; a new field is one more key in `FindingInfo` and in each row.
 */
export interface FindingInfo<C extends FindingCode> {
  /** The severity it usually has (the producer may lower it; docs/findings.md says when). */
  severity: Severity;
  /** Rank among path failures (0: not a path failure). */
  rank: number;
  explain(e: EvidenceOf<C>): string;
  fix(e: EvidenceOf<C>): string;
  /** The anchor of its section in docs/findings.md. */
  docs: string;
}

export type FindingsTable = { readonly [C in FindingCode]: FindingInfo<C> };

const str = (v: unknown): string => (v === null || v === undefined ? '?' : String(v));
const list = (v: unknown): string => (Array.isArray(v) && v.length > 0 ? v.map(String).join(', ') : '(none)');
const some = (v: unknown): v is unknown[] => Array.isArray(v) && v.length > 0;
const plural = (n: unknown, word: string): string => `${str(n)} ${word}${n === 1 ? '' : 's'}`;
/** Fields that hold a distinguished name: an empty one is said, not left as a hole in the sentence. */
const NAME_FIELDS = ['subject', 'child', 'next', 'issuer', 'root', 'certificate', 'constrainedBy', 'childIssuer', 'nextSubject'];
/** Verdict reasons about the connection rather than the chain (src/diagnose/connection.ts). */
const CONNECTION_REASONS = new Set(['TLS_ALERT', 'HANDSHAKE_FAILED', 'HANDSHAKE_TIMEOUT', 'MESSAGE_TOO_LARGE']);

type Row<C extends FindingCode> = Omit<FindingInfo<C>, 'docs'>;

/** The rows; `docs` is derived from the code (GitHub's heading anchor). */
const ROWS: { readonly [C in FindingCode]: Row<C> } = {
  // Chain as sent
  CHAIN_MISORDERED: {
    severity: 'warning',
    rank: 0,
    explain: (e) => `certificates are not in issuing order: sent ${list(e.sent)}; expected ${list(e.expected)}`,
    fix: () => 'configure the server to send leaf first, then each issuer in order',
  },
  CHAIN_UNUSED_CERT: {
    severity: 'warning',
    rank: 0,
    explain: (e) => `${str(e.subject)} was sent but is on no valid path`,
    fix: () => 'remove the certificate that is not on the path from the server chain file',
  },
  CHAIN_DUPLICATE_CERT: {
    severity: 'warning',
    rank: 0,
    explain: (e) => `${str(e.subject)} was sent more than once (positions ${list(e.positions)})`,
    fix: () => 'remove the duplicate certificate from the server chain file',
  },
  CHAIN_ANCHOR_SENT: {
    severity: 'info',
    rank: 0,
    explain: (e) =>
      e.storeCopyExpired
        ? `the server sent ${str(e.subject)}, a store root, cross-signed by ${str(e.issuer)}; the store's copy of that root expired on ${str(e.storeCopyExpired)}, so the path goes on through the cross-sign`
        : e.selfSigned === false
          ? `the server sent ${str(e.subject)}, a store root, cross-signed by ${str(e.issuer)}: clients that hold the root stop at their own copy; older ones follow the cross-sign`
          : `the server sent the root ${str(e.subject)}; clients use their own copy`,
    fix: () => 'harmless, but the server need not send the root: drop it from the chain file',
  },
  CHAIN_EMPTY: {
    severity: 'error',
    rank: 0,
    explain: () => 'the server sent no certificate',
    fix: () => 'the server sent no certificate: check its TLS configuration',
  },
  // Links
  MISSING_INTERMEDIATE: {
    severity: 'error',
    rank: 30,
    explain: (e) => {
      const held = some(e.heldBy) ? `; found in store ${list(e.heldBy)}` : '';
      const url = some(e.caIssuers) ? `; AIA caIssuers ${list(e.caIssuers)}` : '';
      const aia = e.fetchedThroughAia ? ' (chaindbg fetched it over AIA, as browsers do; Go does not)' : '';
      const unreadable = some(e.unreadable) ? `; the store has entries chaindbg could not read (${list(e.unreadable)})` : '';
      const lookalike = typeof e.lookalikeSent === 'number' ? `; the server sent a look-alike instead ([${e.lookalikeSent}], see ISSUER_MISMATCH)` : '';
      const empty = e.emptyStore ? '; and this store holds no roots at all' : '';
      return `certificate signed by unknown authority: the issuer ${str(e.issuer)} of ${str(e.child)} was neither sent nor in the store${lookalike}${url}${held}${aia}${unreadable}${empty}`;
    },
    fix: () => 'the server must send the intermediate: export fullchain (key e)',
  },
  ISSUER_MISMATCH: {
    severity: 'warning',
    rank: 45,
    explain: (e) =>
      (e.cause ? 'the server sent the wrong intermediate, so no path reaches a root: ' : '') +
      (some(e.differing)
        ? `${str(e.next)} (sent next) did not issue ${str(e.child)}: names differ in ${list(e.differing)}${e.signatureVerifies ? '' : ', signature does not verify'}`
        : e.sameNameBytes === false
          ? `${str(e.next)} (sent next) reads like the issuer of ${str(e.child)}, but the names differ byte for byte (string types or encoding): Go and browsers compare the raw bytes${e.signatureVerifies ? '' : '; and its key did not sign it'}`
          : e.aki !== null && e.aki !== undefined && e.aki === e.ski
            ? `${str(e.next)} (sent next) has the issuer's name and key identifier (AKI = SKI ${str(e.aki)}), but its signature on ${str(e.child)} does not verify${e.signatureError ? `: ${str(e.signatureError)}` : ''}`
            : `${str(e.next)} (sent next) has the issuer's name but did not sign ${str(e.child)}: a different key (AKI ${str(e.aki)}, SKI ${str(e.ski)})`),
    fix: () => "the issuer's subject differs from the leaf's issuer: re-issue or send the right intermediate",
  },
  BAD_SIGNATURE: {
    severity: 'error',
    rank: 50,
    explain: (e) => `signature of ${str(e.child ?? e.subject)} does not verify with ${str(e.issuer)}'s key: ${str(e.error)}`,
    fix: () => 'the certificate was not signed by that issuer: send the intermediate that actually signed it',
  },
  UNKNOWN_ROOT: {
    severity: 'error',
    rank: 40,
    explain: (e) => {
      if (e.cause === 'empty-store' || e.cause === 'stale-store') {
        const where = e.publicRoot ? `a public root (store ${list(e.heldBy)} trusts it)` : `a root that store ${list(e.heldBy)} holds`;
        const root = e.root === e.subject || e.rootSha256 === e.sha256 ? `at ${str(e.root)}` : `at ${str(e.root)}, which issued ${str(e.subject)}`;
        return e.cause === 'empty-store'
          ? `certificate signed by unknown authority: this store holds no roots at all (a bare container without ca-certificates?); the chain ends ${root}${some(e.heldBy) ? `, ${where}` : ''}: the fix is the client's`
          : `certificate signed by unknown authority: the chain is complete and ends ${root}, ${where} that this store lacks: the client's store is stale (update ca-certificates)`;
      }
      return `certificate signed by unknown authority: the chain ends at ${str(e.subject)}, which this store does not hold`;
    },
    fix: () => 'the store lacks the root: update ca-certificates, or add a private root: export trust (key e)',
  },
  DISTRUSTED_ROOT: {
    severity: 'error',
    rank: 88,
    explain: (e) => `${str(e.root)} is distrusted for certificates issued after ${str(e.distrustAfter)} (leaf issued ${str(e.leafNotBefore)})`,
    fix: () => 'the root is distrusted: move the server to a certificate from a trusted CA',
  },
  ROOT_NOT_TRUSTED_FOR_TLS: {
    severity: 'error',
    rank: 87,
    explain: (e) => `${str(e.root)} is in the store but not trusted for websites`,
    fix: () => 'the root lacks the websites trust bit: use a CA trusted for server authentication',
  },
  // Per-certificate validation
  CERT_EXPIRED: {
    severity: 'error',
    rank: 90,
    explain: (e) => `certificate ${str(e.subject)} has expired: current time ${str(e.now)} is after ${str(e.notAfter)}`,
    fix: () => 'renew the certificate (or check the clock: the report time is shown in the header)',
  },
  CERT_NOT_YET_VALID: {
    severity: 'error',
    rank: 89,
    explain: (e) => `certificate ${str(e.subject)} is not yet valid: current time ${str(e.now)} is before ${str(e.notBefore)}`,
    fix: () => 'wait until notBefore or fix the clock on the machine that issued or checks it',
  },
  HOSTNAME_MISMATCH: {
    severity: 'error',
    rank: 86,
    explain: (e) =>
      some(e.presented)
        ? `certificate is valid for ${list(e.presented)}, not ${str(e.expected)}`
        : `certificate is not valid for any names, but wanted to match ${str(e.expected)}`,
    fix: () => 'connect with a name the certificate covers, or re-issue it with that name in the SANs',
  },
  NOT_A_CA: {
    severity: 'error',
    rank: 65,
    explain: (e) => `${str(e.subject)} is used as an issuer but is not a CA (basicConstraints ${str(e.basicConstraints)})`,
    fix: () => 'the issuer is not a CA (basicConstraints): use a real intermediate CA certificate',
  },
  PATH_LEN_EXCEEDED: {
    severity: 'error',
    rank: 64,
    explain: (e) =>
      e.pathLen !== undefined
        ? `${str(e.subject)} allows ${plural(e.pathLen, 'intermediate')} below it, the path has ${str(e.intermediatesBelow)}${e.rule ? ` (${str(e.rule)})` : ''}`
        : `path too long (limit ${str(e.maxIntermediates ?? e.maxDepth)})`,
    fix: () => 'the chain is longer than a pathLenConstraint allows: shorten it or re-issue the CA',
  },
  KEY_USAGE_MISSING: {
    severity: 'error',
    rank: 63,
    explain: (e) => `${str(e.subject)} lacks keyUsage ${str(e.required)} (has ${list(e.present)})`,
    fix: () => 'a CA certificate on the path lacks keyCertSign: its CA must re-issue it',
  },
  EKU_MISSING_SERVER_AUTH: {
    severity: 'error',
    rank: 75,
    explain: (e) => `${str(e.subject)} is not valid for serverAuth (extKeyUsage ${list(e.present)})`,
    fix: () => 'the certificate is not for TLS servers: re-issue it with the serverAuth EKU',
  },
  NAME_CONSTRAINT_VIOLATION: {
    severity: 'error',
    rank: 80,
    explain: (e) =>
      `${str(e.kind)} name ${str(e.name)} in ${str(e.certificate)} violates the name constraints of ${str(e.constrainedBy)} (${str(e.reason)})`,
    fix: () => 'the name is outside what the CA may issue for: use a CA permitted for that name',
  },
  WEAK_SIGNATURE: {
    severity: 'error',
    rank: 72,
    explain: (e) => `insecure signature algorithm ${str(e.algorithm)} on ${str(e.subject)}`,
    fix: () => 're-issue with a SHA-256 (or stronger) signature',
  },
  WEAK_KEY: {
    severity: 'error',
    rank: 71,
    explain: (e) =>
      typeof e.bits === 'number' && typeof e.minimum === 'number' && e.bits >= e.minimum
        ? `${str(e.subject)} has a ${str(e.bits)}-bit RSA key: its size is not a multiple of 8${e.rule ? ` (${str(e.rule)})` : ''}`
        : `${str(e.subject)} has a ${str(e.bits)}-bit RSA key (at least ${str(e.minimum)} required${e.rule ? ` by ${str(e.rule)}` : ''})`,
    fix: () => 're-issue with RSA 2048+ or an EC P-256+ key',
  },
  UNSUPPORTED_ALGORITHM: {
    severity: 'error',
    rank: 70,
    explain: (e) =>
      e.reason
        ? `${str(e.subject)} is signed with ${str(e.algorithm)}: ${str(e.reason)}`
        : `${str(e.subject)} uses an unsupported key (${str(e.key)}${e.curve ? ` ${str(e.curve)}` : ''})`,
    fix: () => 're-issue with RSA, ECDSA P-256/P-384 or Ed25519',
  },
  SELF_SIGNED_LEAF: {
    severity: 'error',
    rank: 42,
    explain: (e) => `the leaf ${str(e.subject)} is self-signed`,
    fix: () => 'use a CA-issued certificate, or add this one to the system store: export trust (key e)',
  },
  UNKNOWN_CRITICAL_EXTENSION: {
    severity: 'error',
    rank: 69,
    explain: (e) =>
      `${str(e.subject)} has unhandled critical extensions ${list(
        Array.isArray(e.extensions) ? e.extensions.map((x) => (x.name && x.name !== x.oid ? `${x.name} (${x.oid})` : x.oid)) : [],
      )}`,
    fix: () => 're-issue without the unknown critical extension',
  },
  MALFORMED_CERT: {
    severity: 'warning',
    rank: 68,
    explain: (e) =>
      e.rule === undefined && e.error !== undefined
        ? `certificate [${str(e.index)}] as sent (${str(e.bytes)} bytes) does not parse: ${str(e.error)}`
        : `${str(e.subject)} breaks the certificate profile: ${str(e.rule)}`,
    fix: () => 'the certificate breaks the X.509 profile (or does not parse): re-issue it with a standard tool',
  },
  BUDGET_EXHAUSTED: {
    severity: 'error',
    rank: 100,
    explain: (e) => `path search stopped: the ${str(e.budget)} budget (${str(e.limit)}) ran out`,
    fix: () => 'the chain search hit its budget: remove unrelated certificates from the chain or the store',
  },
  // Trust-store comparisons and behaviour profiles
  INTERCEPTION_SUSPECTED: {
    severity: 'warning',
    rank: 0,
    explain: (e) =>
      e.reason === 'root-not-public'
        ? `TLS interception suspected: the chain validates only to ${str(e.root)}, which store ${str(e.reference)} does not trust (a TLS-inspecting proxy's root?)`
        : `TLS interception suspected: ${str(e.host)} presented a leaf issued by ${str(e.issuer)}, not by ${list(e.expectedIssuers)}, and store ${str(e.reference)} does not trust it`,
    fix: () => 'a proxy re-signs TLS: add its root to the system store, or bypass it (NO_PROXY)',
  },
  GO_VERDICT: { severity: 'info', rank: 0, explain: (e) => verdictLine(e), fix: () => "this is what Go's crypto/x509 would say: fix the error findings above it" },
  OPENSSL_VERDICT: { severity: 'info', rank: 0, explain: (e) => verdictLine(e), fix: () => 'this is what OpenSSL would say: fix the error findings above it' },
  BROWSER_VERDICT: {
    severity: 'info',
    rank: 0,
    explain: (e) => verdictLine(e),
    fix: (e) =>
      e.reason === 'MISSING_INTERMEDIATE'
        ? 'browsers fetch missing intermediates (AIA); Go does not: send the full chain'
        : 'this is what a browser would say: fix the error findings above it',
  },
  AIA_FETCHED: {
    severity: 'info',
    rank: 0,
    explain: (e) => `fetched ${Array.isArray(e.certificates) ? e.certificates.length : 0} certificate(s) from AIA ${str(e.url)}`,
    fix: () => 'the path needed an AIA download; Go does not do that: the server must send the intermediate',
  },
  AIA_FETCH_FAILED: {
    severity: 'warning',
    rank: 0,
    explain: (e) => `could not fetch the issuer from AIA ${str(e.url)}: ${str(e.error)}`,
    fix: () => 'the AIA URL did not give the issuer: send the intermediate from the server instead',
  },
  // Connection (capture)
  CONNECT_FAILED: { severity: 'error', rank: 0, explain: (e) => str(e.detail), fix: () => 'check the host, port, DNS and firewall (and HTTPS_PROXY / NO_PROXY)' },
  CONNECT_TIMEOUT: { severity: 'error', rank: 0, explain: (e) => str(e.detail), fix: () => 'the host did not answer in time: check the network path and proxy settings' },
  HANDSHAKE_TIMEOUT: { severity: 'error', rank: 0, explain: (e) => str(e.detail), fix: () => 'the server stalled during the handshake: try the other TLS version (--tls, key t)' },
  TLS_ALERT: { severity: 'error', rank: 0, explain: (e) => str(e.detail), fix: () => 'the server refused the handshake: check SNI, TLS version (--tls, key t) and cipher support' },
  NOT_TLS: { severity: 'error', rank: 0, explain: (e) => str(e.detail), fix: () => 'the port does not speak TLS: check the port, or a proxy that needs CONNECT' },
  PROXY_FAILED: {
    severity: 'error',
    rank: 0,
    explain: (e) => str(e.detail),
    fix: () => 'proxy tunnel failed: check HTTPS_PROXY, credentials, NO_PROXY (https proxy CA: NODE_EXTRA_CA_CERTS)',
  },
  HANDSHAKE_FAILED: {
    severity: 'error',
    rank: 0,
    explain: (e) => str(e.detail),
    fix: () => 'the handshake failed: try the other TLS version (--tls, key t) and read the alerts',
  },
  FINISHED_UNVERIFIED: {
    severity: 'warning',
    rank: 0,
    explain: (e) => `the chain was not authenticated by the server's Finished (${str(e.detail)}): it is what arrived, not proof the server holds the key`,
    fix: () => 'the chain was not authenticated by Finished: treat it as unverified evidence',
  },
  CHAIN_DIFFERS_BY_VERSION: {
    severity: 'warning',
    rank: 0,
    explain: () => 'the server sends a different chain over TLS 1.2 than over TLS 1.3',
    fix: () => 'the server sends different chains per TLS version: fix the config for both',
  },
  OCSP_STAPLE_PROBLEM: {
    severity: 'warning',
    rank: 0,
    explain: (e) => `stapled OCSP: ${str(e.detail)}; Firefox ${str(e.firefox)}, Go and OpenSSL ignore staples`,
    fix: () => 'the stapled OCSP response is bad: refresh the staple on the server',
  },
  MESSAGE_TOO_LARGE: {
    severity: 'warning',
    rank: 0,
    explain: (e) => str(e.detail),
    fix: () => 'a handshake message exceeded the limit: the server chain is unusually large',
  },
};

function verdictLine(e: EvidenceOf<'GO_VERDICT'>): string {
  const verdict = e.accepts === null ? 'undecided on' : e.accepts ? (e.firefoxRefuses ? 'Chrome accepts (Firefox does not)' : 'accepts') : 'rejects';
  const what = CONNECTION_REASONS.has(String(e.reason)) ? 'connection' : 'chain';
  return `${str(e.client)}${e.goVersion ? ` ${str(e.goVersion)}` : ''}: ${verdict} the ${what} with store ${str(e.store)}${e.reason ? ` (${str(e.reason)})` : ''}${e.detail ? `: ${str(e.detail)}` : ''}${e.note ? `; ${str(e.note)}` : ''}${typeof e.goError === 'string' ? `; go get says "${e.goError}"` : ''}`;
}

/** GitHub's anchor for a `### CODE` heading. */
const anchorOf = (code: string) => `findings.md#${code.toLowerCase()}`;

export const FINDINGS: FindingsTable = Object.fromEntries(
  Object.entries(ROWS).map(([code, row]) => [code, { ...row, docs: anchorOf(code) }]),
) as unknown as FindingsTable;

/** The message of a finding, from its evidence (the table's `explain`). */
export function explainFinding(code: FindingCode, evidence: Record<string, unknown>): string {
  const e: Record<string, unknown> = { ...evidence };
  for (const k of NAME_FIELDS) if (e[k] === '') e[k] = '(empty subject)';
  return (FINDINGS[code].explain as (e: unknown) => string)(e);
}

/** What to change for a finding (the table's `fix`): the same words in the CLI text and in the TUI. */
export function fixFinding(code: FindingCode, evidence: Record<string, unknown>): string {
  return (FINDINGS[code].fix as (e: unknown) => string)(evidence);
}

/** Rank among path failures (0 for codes that are not path failures). */
export function rankOf(code: FindingCode): number {
  return FINDINGS[code].rank;
}
