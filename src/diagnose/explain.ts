import type { FindingCode } from '../model/finding.js';

type Evidence = Record<string, unknown>;

const str = (v: unknown): string => (v === null || v === undefined ? '?' : String(v));
const list = (v: unknown): string => (Array.isArray(v) && v.length > 0 ? v.map(String).join(', ') : '(none)');

/** The one place prose is made: one line per finding, rendered from its evidence only. */
export function explain(code: FindingCode, e: Evidence): string {
  switch (code) {
    case 'CHAIN_EMPTY':
      return 'the server sent no certificate';
    case 'CHAIN_MISORDERED':
      return `certificates are not in issuing order: sent ${list(e.sent)}; expected ${list(e.expected)}`;
    case 'CHAIN_UNUSED_CERT':
      return `${str(e.subject)} was sent but is on no valid path`;
    case 'CHAIN_DUPLICATE_CERT':
      return `${str(e.subject)} was sent more than once (positions ${list(e.positions)})`;
    case 'CHAIN_ANCHOR_SENT':
      return e.selfSigned === false
        ? `the server sent ${str(e.subject)}, a store root, cross-signed by ${str(e.issuer)}: clients that hold the root stop at their own copy; older ones follow the cross-sign`
        : `the server sent the root ${str(e.subject)}; clients use their own copy`;
    case 'MISSING_INTERMEDIATE': {
      const held = Array.isArray(e.heldBy) && e.heldBy.length > 0 ? `; found in store ${list(e.heldBy)}` : '';
      const url = Array.isArray(e.caIssuers) && e.caIssuers.length > 0 ? `; AIA caIssuers ${list(e.caIssuers)}` : '';
      const aia = e.fetchedThroughAia ? ' (chaindbg fetched it over AIA, as browsers do; Go does not)' : '';
      return `certificate signed by unknown authority: the issuer ${str(e.issuer)} of ${str(e.child)} was neither sent nor in the store${url}${held}${aia}`;
    }
    case 'ISSUER_MISMATCH':
      return Array.isArray(e.differing) && e.differing.length > 0
        ? `${str(e.next)} (sent next) did not issue ${str(e.child)}: names differ in ${list(e.differing)}${e.signatureVerifies ? '' : ', signature does not verify'}`
        : e.sameNameBytes === false
          ? `${str(e.next)} (sent next) reads like the issuer of ${str(e.child)}, but the names differ byte for byte (string types or encoding): Go and browsers compare the raw bytes${e.signatureVerifies ? '' : '; and its key did not sign it'}`
          : `${str(e.next)} (sent next) has the issuer's name but did not sign ${str(e.child)}: a different key (AKI ${str(e.aki)}, SKI ${str(e.ski)})`;
    case 'BAD_SIGNATURE':
      return `signature of ${str(e.child ?? e.subject)} does not verify with ${str(e.issuer)}'s key: ${str(e.error)}`;
    case 'UNKNOWN_ROOT':
      return `certificate signed by unknown authority: the chain ends at ${str(e.subject)}, which this store does not hold`;
    case 'DISTRUSTED_ROOT':
      return `${str(e.root)} is distrusted for certificates issued after ${str(e.distrustAfter)} (leaf issued ${str(e.leafNotBefore)})`;
    case 'ROOT_NOT_TRUSTED_FOR_TLS':
      return `${str(e.root)} is in the store but not trusted for websites`;
    case 'CERT_EXPIRED':
      return `certificate ${str(e.subject)} has expired: current time ${str(e.now)} is after ${str(e.notAfter)}`;
    case 'CERT_NOT_YET_VALID':
      return `certificate ${str(e.subject)} is not yet valid: current time ${str(e.now)} is before ${str(e.notBefore)}`;
    case 'HOSTNAME_MISMATCH':
      return Array.isArray(e.presented) && e.presented.length > 0
        ? `certificate is valid for ${list(e.presented)}, not ${str(e.expected)}`
        : `certificate is not valid for any names, but wanted to match ${str(e.expected)}`;
    case 'NOT_A_CA':
      return `${str(e.subject)} is used as an issuer but is not a CA (basicConstraints ${str(e.basicConstraints)})`;
    case 'PATH_LEN_EXCEEDED':
      if (e.pathLen !== undefined) return `${str(e.subject)} allows ${str(e.pathLen)} intermediates below it, the path has ${str(e.intermediatesBelow)}`;
      return `path too long (limit ${str(e.maxIntermediates ?? e.maxDepth)})`;
    case 'KEY_USAGE_MISSING':
      return `${str(e.subject)} lacks keyUsage ${str(e.required)} (has ${list(e.present)})`;
    case 'EKU_MISSING_SERVER_AUTH':
      return `${str(e.subject)} is not valid for serverAuth (extKeyUsage ${list(e.present)})`;
    case 'NAME_CONSTRAINT_VIOLATION':
      return `${str(e.kind)} name ${str(e.name)} in ${str(e.certificate)} violates the name constraints of ${str(e.constrainedBy)} (${str(e.reason)})`;
    case 'WEAK_SIGNATURE':
      return `insecure signature algorithm ${str(e.algorithm)} on ${str(e.subject)}`;
    case 'WEAK_KEY':
      return `${str(e.subject)} has a ${str(e.bits)}-bit RSA key (at least ${str(e.minimum)} required)`;
    case 'UNSUPPORTED_ALGORITHM':
      return `${str(e.subject)} uses an unsupported key (${str(e.key)}${e.curve ? ` ${str(e.curve)}` : ''})`;
    case 'SELF_SIGNED_LEAF':
      return `the leaf ${str(e.subject)} is self-signed`;
    case 'UNKNOWN_CRITICAL_EXTENSION':
      return `${str(e.subject)} has unhandled critical extensions ${list(Array.isArray(e.extensions) ? e.extensions.map((x) => (x as { oid: string }).oid) : [])}`;
    case 'INTERCEPTION_SUSPECTED':
      return e.reason === 'root-not-public'
        ? `TLS interception suspected: the chain validates only to ${str(e.root)}, which store ${str(e.reference)} does not trust (a TLS-inspecting proxy's root?)`
        : `TLS interception suspected: ${str(e.host)} presented a leaf issued by ${str(e.issuer)}, not by ${list(e.expectedIssuers)}, and store ${str(e.reference)} does not trust it`;
    case 'AIA_FETCHED':
      return `fetched ${Array.isArray(e.certificates) ? e.certificates.length : 0} certificate(s) from AIA ${str(e.url)}`;
    case 'AIA_FETCH_FAILED':
      return `could not fetch the issuer from AIA ${str(e.url)}: ${str(e.error)}`;
    case 'OCSP_STAPLE_PROBLEM':
      return `stapled OCSP: ${str(e.detail)}; Firefox ${str(e.firefox)}, Go and OpenSSL ignore staples`;
    case 'FINISHED_UNVERIFIED':
      return `the chain was not authenticated by the server's Finished (${str(e.detail)}): it is what arrived, not proof the server holds the key`;
    case 'CHAIN_DIFFERS_BY_VERSION':
      return 'the server sends a different chain over TLS 1.2 than over TLS 1.3';
    case 'CONNECT_FAILED':
    case 'CONNECT_TIMEOUT':
    case 'HANDSHAKE_TIMEOUT':
    case 'TLS_ALERT':
    case 'NOT_TLS':
    case 'PROXY_FAILED':
    case 'HANDSHAKE_FAILED':
    case 'MESSAGE_TOO_LARGE':
      return str(e.detail);
    case 'MALFORMED_CERT':
      return e.rule === undefined && e.error !== undefined
        ? `certificate [${str(e.index)}] as sent (${str(e.bytes)} bytes) does not parse: ${str(e.error)}`
        : `${str(e.subject)} breaks the certificate profile: ${str(e.rule)}`;
    case 'BUDGET_EXHAUSTED':
      return `path search stopped: the ${str(e.budget)} budget (${str(e.limit)}) ran out`;
    case 'GO_VERDICT':
    case 'OPENSSL_VERDICT':
    case 'BROWSER_VERDICT':
      return `${str(e.client)}: ${e.accepts === null ? 'undecided on' : e.accepts ? 'accepts' : 'rejects'} the chain with store ${str(e.store)}${e.reason ? ` (${str(e.reason)})` : ''}${e.note ? `; ${str(e.note)}` : ''}`;
    default:
      return `${code}: ${JSON.stringify(e)}`;
  }
}
