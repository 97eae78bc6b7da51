import type { FindingCode } from '../model/finding.js';

/**
 * One short fix per finding code, shown under an expanded finding. A `Record` over every code, so a code added to
 * FINDING_CODES fails the type-check until it has a fix here.
 */
export const FIXES: Readonly<Record<FindingCode, string>> = {
  CHAIN_MISORDERED: 'configure the server to send leaf first, then each issuer in order',
  CHAIN_UNUSED_CERT: 'remove the certificate that is not on the path from the server chain file',
  CHAIN_DUPLICATE_CERT: 'remove the duplicate certificate from the server chain file',
  CHAIN_ANCHOR_SENT: 'harmless, but the server need not send the root: drop it from the chain file',
  CHAIN_EMPTY: 'the server sent no certificate: check its TLS configuration',
  MISSING_INTERMEDIATE: 'the server must send the intermediate: press e, export fullchain',
  ISSUER_MISMATCH: "the issuer's subject differs from the leaf's issuer: re-issue or send the right intermediate",
  BAD_SIGNATURE: 'the certificate was not signed by that issuer: send the intermediate that actually signed it',
  UNKNOWN_ROOT: 'add the root to the trust store (SSL_CERT_FILE for Go): press e, export trust',
  DISTRUSTED_ROOT: 'the root is distrusted: move the server to a certificate from a trusted CA',
  ROOT_NOT_TRUSTED_FOR_TLS: 'the root lacks the websites trust bit: use a CA trusted for server authentication',
  CERT_EXPIRED: 'renew the certificate (or check the clock: the report time is shown in the header)',
  CERT_NOT_YET_VALID: 'wait until notBefore or fix the clock on the machine that issued or checks it',
  HOSTNAME_MISMATCH: 'connect with a name the certificate covers, or re-issue it with that name in the SANs',
  NOT_A_CA: 'the issuer is not a CA (basicConstraints): use a real intermediate CA certificate',
  PATH_LEN_EXCEEDED: 'the chain is longer than a pathLenConstraint allows: shorten it or re-issue the CA',
  KEY_USAGE_MISSING: 'a CA certificate on the path lacks keyCertSign: its CA must re-issue it',
  EKU_MISSING_SERVER_AUTH: 'the certificate is not for TLS servers: re-issue it with the serverAuth EKU',
  NAME_CONSTRAINT_VIOLATION: 'the name is outside what the CA may issue for: use a CA permitted for that name',
  WEAK_SIGNATURE: 're-issue with a SHA-256 (or stronger) signature',
  WEAK_KEY: 're-issue with RSA 2048+ or an EC P-256+ key',
  UNSUPPORTED_ALGORITHM: 're-issue with RSA, ECDSA P-256/P-384 or Ed25519',
  SELF_SIGNED_LEAF: 'use a CA-issued certificate, or trust this one explicitly (SSL_CERT_FILE): press e, export trust',
  UNKNOWN_CRITICAL_EXTENSION: 're-issue without the unknown critical extension',
  MALFORMED_CERT: 'the certificate breaks the X.509 profile (or does not parse): re-issue it with a standard tool',
  BUDGET_EXHAUSTED: 'the chain search hit its budget: remove unrelated certificates from the chain or the store',
  INTERCEPTION_SUSPECTED: 'a proxy is re-signing TLS: add its root to SSL_CERT_FILE, or bypass it (NO_PROXY)',
  GO_VERDICT: "this is what Go's crypto/x509 would say: fix the error findings above it",
  OPENSSL_VERDICT: 'this is what OpenSSL would say: fix the error findings above it',
  BROWSER_VERDICT: 'browsers fetch missing intermediates (AIA); Go does not: send the full chain',
  AIA_FETCHED: 'the path needed an AIA download; Go does not do that: the server must send the intermediate',
  AIA_FETCH_FAILED: 'the AIA URL did not give the issuer: send the intermediate from the server instead',
  CONNECT_FAILED: 'check the host, port, DNS and firewall (and HTTPS_PROXY / NO_PROXY)',
  CONNECT_TIMEOUT: 'the host did not answer in time: check the network path and proxy settings',
  HANDSHAKE_TIMEOUT: 'the server stalled during the handshake: try the other TLS version (t)',
  TLS_ALERT: 'the server refused the handshake: check SNI, TLS version (t) and cipher support',
  NOT_TLS: 'the port does not speak TLS: check the port, or a proxy that needs CONNECT',
  PROXY_FAILED: 'proxy tunnel failed: check HTTPS_PROXY, credentials, NO_PROXY (https proxy CA: NODE_EXTRA_CA_CERTS)',
  HANDSHAKE_FAILED: 'the handshake failed: try the other TLS version (t) and read the alerts in Handshake',
  FINISHED_UNVERIFIED: 'the chain was not authenticated by Finished: treat it as unverified evidence',
  CHAIN_DIFFERS_BY_VERSION: 'the server sends different chains per TLS version: fix the config for both',
  OCSP_STAPLE_PROBLEM: 'the stapled OCSP response is bad: refresh the staple on the server',
  MESSAGE_TOO_LARGE: 'a handshake message exceeded the limit: the server chain is unusually large',
};

export function fixFor(code: FindingCode): string {
  return FIXES[code];
}
