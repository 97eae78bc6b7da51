import type { FindingCode } from './finding.js';

/**
 * The line Go prints for each finding that makes it fail, keyed by finding code (pure data and formatting).
 * Wording from Go's source: crypto/x509 (verify.go: UnknownAuthorityError, CertificateInvalidError, HostnameError,
 * x509.go: InsecureAlgorithmError, UnhandledCriticalExtension), crypto/tls (alert.go, conn.go, handshake_client*.go),
 * net (OpError, DNSError) and net/http (transport.go: "proxyconnect", "TLS handshake timeout").
 *
 * The wording here is the one every Go release shares. Since Go 1.20 crypto/tls wraps the verifier's error as
 * `tls: failed to verify certificate: <x509 error>`: `verify: true` entries take that prefix when the caller's Go
 * is that new (`GoLineOptions.verifyPrefix`); which Go that is is the caller's to decide.
 */

type Evidence = Record<string, unknown>;

export interface GoLineSpec {
  /** The error comes out of certificate verification: newer Go prefixes it with GO_VERIFY_PREFIX. */
  verify: boolean;
  /** The line for this finding's evidence (version-independent wording). */
  render: (e: Evidence) => string;
  /** Matches Go's line (without the verification prefix): the reverse of render, for `chaindbg explain`. */
  pattern: RegExp;
}

export interface GoLineOptions {
  /** Go 1.20 and later: verification errors start with `tls: failed to verify certificate: `. */
  verifyPrefix?: boolean;
}

export const GO_VERIFY_PREFIX = 'tls: failed to verify certificate: ';

const s = (v: unknown, fallback = '?'): string => (v === null || v === undefined || v === '' ? fallback : String(v));
const names = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : []);
/** Go prints times with time.RFC3339 in UTC: no fractional seconds. */
const rfc3339 = (v: unknown): string => s(v).replace(/\.\d+Z$/, 'Z');

export const UNKNOWN_AUTHORITY = 'x509: certificate signed by unknown authority';
const unknownAuthority: GoLineSpec = {
  verify: true,
  render: () => UNKNOWN_AUTHORITY,
  pattern: /^x509: certificate signed by unknown authority$/,
};
/** Go's hint when a candidate issuer's signature check failed (UnknownAuthorityError with hintErr). */
const hinted = (reason: (e: Evidence) => string, pattern: RegExp): GoLineSpec => ({
  verify: true,
  render: (e) => `${UNKNOWN_AUTHORITY} (possibly because of "${reason(e)}" while trying to verify candidate authority certificate "${s(e.issuerCn ?? e.issuer)}")`,
  pattern,
});

/** "dial tcp ADDR: connect: connection refused" and friends, from node's error code. */
function dialError(e: Evidence): string {
  const addr = s(e.address);
  const host = addr.replace(/:\d+$/, '').replace(/^\[|\]$/g, '');
  switch (e.nodeCode) {
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `dial tcp: lookup ${host}: no such host`;
    case 'ECONNREFUSED':
      return `dial tcp ${addr}: connect: connection refused`;
    case 'EHOSTUNREACH':
      return `dial tcp ${addr}: connect: no route to host`;
    case 'ENETUNREACH':
      return `dial tcp ${addr}: connect: network is unreachable`;
    case 'ECONNRESET':
      return `read tcp ${addr}: read: connection reset by peer`;
    case 'ETIMEDOUT':
      return `dial tcp ${addr}: i/o timeout`;
    default:
      return `dial tcp ${addr}: ${s(e.nodeMessage, 'connection failed')}`;
  }
}

/** Go's alert texts (crypto/tls alert.go), by alert number. */
export const GO_ALERT_TEXT: Readonly<Record<number, string>> = {
  0: 'close notify', 10: 'unexpected message', 20: 'bad record MAC', 21: 'decryption failed', 22: 'record overflow',
  30: 'decompression failure', 40: 'handshake failure', 42: 'bad certificate', 43: 'unsupported certificate',
  44: 'revoked certificate', 45: 'expired certificate', 46: 'unknown certificate', 47: 'illegal parameter',
  48: 'unknown certificate authority', 49: 'access denied', 50: 'error decoding message', 51: 'error decrypting message',
  60: 'export restriction', 70: 'protocol version not supported', 71: 'insufficient security level', 80: 'internal error',
  86: 'inappropriate fallback', 90: 'user canceled', 100: 'no renegotiation', 109: 'missing extension',
  110: 'unsupported extension', 111: 'certificate unobtainable', 112: 'unrecognized name',
  113: 'bad certificate status response', 114: 'bad certificate hash value', 115: 'unknown PSK identity',
  116: 'certificate required', 120: 'no application protocol',
};
export const goAlertText = (code: number): string => GO_ALERT_TEXT[code] ?? `alert(${code})`;

export const GO_LINES: Readonly<Partial<Record<FindingCode, GoLineSpec>>> = {
  MISSING_INTERMEDIATE: unknownAuthority,
  UNKNOWN_ROOT: unknownAuthority,
  ISSUER_MISMATCH: unknownAuthority,
  SELF_SIGNED_LEAF: unknownAuthority,
  BAD_SIGNATURE: hinted(
    (e) => `${s(e.error, 'crypto/rsa: verification error')}`,
    /^x509: certificate signed by unknown authority \(possibly because of "(crypto\/\w+: verification error|x509: ECDSA verification failure|ed25519: invalid signature)" while trying to verify candidate authority certificate ".*"\)$/,
  ),
  WEAK_SIGNATURE: hinted(
    (e) => `x509: cannot verify signature: insecure algorithm ${s(e.goAlgorithm ?? e.algorithm)}${/SHA1|sha1/i.test(s(e.algorithm)) ? ' (temporarily override with GODEBUG=x509sha1=1)' : ''}`,
    /insecure algorithm|x509: certificate signed by unknown authority \(possibly because of "x509: cannot verify signature: insecure algorithm/,
  ),
  UNSUPPORTED_ALGORITHM: hinted(
    () => 'x509: cannot verify signature: algorithm unimplemented',
    /algorithm unimplemented|x509: cannot verify signature: /,
  ),
  CERT_EXPIRED: {
    verify: true,
    render: (e) => `x509: certificate has expired or is not yet valid: current time ${rfc3339(e.now)} is after ${rfc3339(e.notAfter)}`,
    pattern: /^x509: certificate has expired or is not yet valid(: current time \S+ is after \S+)?$/,
  },
  CERT_NOT_YET_VALID: {
    verify: true,
    render: (e) => `x509: certificate has expired or is not yet valid: current time ${rfc3339(e.now)} is before ${rfc3339(e.notBefore)}`,
    pattern: /^x509: certificate has expired or is not yet valid(: current time \S+ is before \S+)?$/,
  },
  HOSTNAME_MISMATCH: {
    verify: true,
    render: (e) => {
      const host = s(e.expected);
      const presented = names(e.presented);
      const ip = /^[\d.]+$|:/.test(host);
      const ips = presented.filter((n) => /^IP:/.test(n) || /^[\d.]+$|:/.test(n)).map((n) => n.replace(/^IP:/, ''));
      const dns = presented.filter((n) => !/^IP:/.test(n) && !/^[\d.]+$|:/.test(n));
      if (ip) {
        return ips.length === 0 ? `x509: cannot validate certificate for ${host} because it doesn't contain any IP SANs` : `x509: certificate is valid for ${ips.join(', ')}, not ${host}`;
      }
      if (e.legacyCommonName === true) {
        return 'x509: certificate relies on legacy Common Name field, use SANs instead';
      }
      if (dns.length === 0) return `x509: certificate is not valid for any names, but wanted to match ${host}`;
      return `x509: certificate is valid for ${dns.join(', ')}, not ${host}`;
    },
    pattern:
      /^x509: (certificate is valid for .+, not \S+|certificate is not valid for any names, but wanted to match \S+|cannot validate certificate for \S+ because it doesn't contain any IP SANs|certificate relies on legacy Common Name field, use SANs instead)$/,
  },
  NOT_A_CA: {
    verify: true,
    render: () => 'x509: certificate is not authorized to sign other certificates',
    pattern: /^x509: certificate is not authorized to sign other certificates$/,
  },
  PATH_LEN_EXCEEDED: {
    verify: true,
    render: () => 'x509: too many intermediates for path length constraint',
    pattern: /^x509: too many intermediates for path length constraint$/,
  },
  EKU_MISSING_SERVER_AUTH: {
    verify: true,
    render: () => 'x509: certificate specifies an incompatible key usage',
    pattern: /^x509: certificate specifies an incompatible key usage$/,
  },
  NAME_CONSTRAINT_VIOLATION: {
    verify: true,
    render: (e) =>
      `x509: a root or intermediate certificate is not authorized to sign for this name: ${goNameKind(e.kind)} name "${s(e.name)}" ${
        typeof e.constraint === 'string' && /exclud/i.test(s(e.reason)) ? `is excluded by constraint "${e.constraint}"` : 'is not permitted by any constraint'
      }`,
    pattern: /^x509: a root or intermediate certificate is not authorized to sign for this name(: .*)?$/,
  },
  UNKNOWN_CRITICAL_EXTENSION: {
    verify: true,
    render: () => 'x509: unhandled critical extension',
    pattern: /^x509: unhandled critical extension$/,
  },
  BUDGET_EXHAUSTED: {
    verify: true,
    render: () => 'x509: signature check attempts limit reached while verifying certificate chain',
    pattern: /^x509: signature check attempts limit reached while verifying certificate chain$/,
  },
  MALFORMED_CERT: {
    verify: false,
    render: (e) => `tls: failed to parse certificate from server: x509: ${s(e.error, 'malformed certificate')}`,
    pattern: /^tls: failed to parse certificate from server: /,
  },
  CHAIN_EMPTY: {
    verify: false,
    render: () => 'tls: received empty certificates message',
    pattern: /^tls: received empty certificates message$/,
  },
  TLS_ALERT: {
    verify: false,
    render: (e) => `remote error: tls: ${goAlertText(typeof e.code === 'number' ? e.code : alertNumber(e.detail))}`,
    pattern: /^remote error: tls: /,
  },
  CONNECT_FAILED: {
    verify: false,
    render: dialError,
    pattern: /^dial tcp( \S+)?: (lookup \S+( on \S+)?: no such host|connect: .+|i\/o timeout)$|^read tcp \S+: read: connection reset by peer$/,
  },
  CONNECT_TIMEOUT: {
    verify: false,
    render: (e) => (e.proxy ? `proxyconnect tcp: dial tcp ${s(e.address)}: i/o timeout` : `dial tcp ${s(e.address)}: i/o timeout`),
    pattern: /^(proxyconnect tcp: )?dial tcp \S+: i\/o timeout$/,
  },
  HANDSHAKE_TIMEOUT: {
    verify: false,
    render: () => 'net/http: TLS handshake timeout',
    pattern: /^net\/http: TLS handshake timeout$/,
  },
  NOT_TLS: {
    verify: false,
    render: () => 'tls: first record does not look like a TLS handshake',
    pattern: /^tls: first record does not look like a TLS handshake$/,
  },
  PROXY_FAILED: {
    verify: false,
    render: (e) => {
      if (typeof e.statusLine === 'string' && e.statusLine !== '') return e.statusLine.replace(/^HTTP\/\S+ \d+ ?/, '') || 'unknown status code';
      const proxy = s(e.proxy).replace(/^\w+:\/\//, '').replace(/^[^@]*@/, '').replace(/\/.*$/, '');
      return `proxyconnect tcp: ${dialError({ ...e, address: proxy })}`;
    },
    pattern: /^proxyconnect tcp: /,
  },
  MESSAGE_TOO_LARGE: {
    verify: false,
    render: (e) => `tls: handshake message of length ${s(e.certificateMessageBytes)} bytes exceeds maximum of 65536 bytes`,
    pattern: /^tls: handshake message of length \d+ bytes exceeds maximum of \d+ bytes$/,
  },
};

function goNameKind(kind: unknown): string {
  switch (kind) {
    case 'dns':
      return 'DNS';
    case 'ip':
      return 'IP address';
    case 'email':
      return 'email address';
    case 'uri':
      return 'URI';
    default:
      return s(kind);
  }
}

function alertNumber(detail: unknown): number {
  const m = /\((\d+)\)/.exec(s(detail, ''));
  return m ? Number(m[1]) : NaN;
}

/** The line Go prints for a finding, or null when Go does not fail on it (or prints nothing of its own). */
export function goLine(code: FindingCode, evidence: Evidence, opts: GoLineOptions = {}): string | null {
  const spec = GO_LINES[code];
  if (!spec) return null;
  const line = spec.render(evidence);
  return spec.verify && opts.verifyPrefix ? `${GO_VERIFY_PREFIX}${line}` : line;
}
