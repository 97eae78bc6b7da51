/**
 * The lines `go get` and git print when a hop fails (pure). Go (crypto/x509 and net/http error strings, Go 1.19):
 * "x509: certificate signed by unknown authority", "x509: certificate is valid for a, b, not c", "x509: certificate
 * has expired or is not yet valid: current time T is after T'"; net/http wraps them as `Get "URL": ...` and cmd/go
 * adds the module and the step. git's come from libcurl, whose words depend on its TLS library: GnuTLS (Debian and
 * Ubuntu builds) or OpenSSL.
 */

/** Why a hop's TLS check failed, as the analysis found it. */
export interface TlsFailure {
  /** The capture's connection error when there was no usable chain (CONNECT_FAILED, TLS_ALERT, ...). */
  connection: { code: string; message: string; evidence: Record<string, unknown> } | null;
  /** The verdict's reason code (UNKNOWN_ROOT, MISSING_INTERMEDIATE, HOSTNAME_MISMATCH, CERT_EXPIRED, ...). */
  reason: string | null;
  /** The evidence of the finding behind the reason. */
  evidence: Record<string, unknown>;
  host: string;
}

/** What crypto/x509 or net/http returns for this failure (Go's error text, without the URL). */
export function goTlsError(f: TlsFailure): string {
  if (f.connection !== null) return goConnectionError(f.connection);
  switch (f.reason) {
    case 'HOSTNAME_MISMATCH': {
      const names = Array.isArray(f.evidence.presented) ? (f.evidence.presented as unknown[]).map(String) : [];
      return names.length > 0
        ? `x509: certificate is valid for ${names.join(', ')}, not ${f.host}`
        : `x509: certificate is not valid for any names, but wanted to match ${f.host}`;
    }
    case 'CERT_EXPIRED':
      return `x509: certificate has expired or is not yet valid: current time ${rfc3339(f.evidence.now)} is after ${rfc3339(f.evidence.notAfter)}`;
    case 'CERT_NOT_YET_VALID':
      return `x509: certificate has expired or is not yet valid: current time ${rfc3339(f.evidence.now)} is before ${rfc3339(f.evidence.notBefore)}`;
    default:
      return 'x509: certificate signed by unknown authority';
  }
}

function goConnectionError(c: NonNullable<TlsFailure['connection']>): string {
  const address = typeof c.evidence.address === 'string' ? c.evidence.address : '';
  const nodeCode = typeof c.evidence.nodeCode === 'string' ? c.evidence.nodeCode : '';
  switch (c.code) {
    case 'CONNECT_FAILED':
      if (nodeCode === 'ECONNREFUSED') return `dial tcp ${address}: connect: connection refused`;
      if (nodeCode === 'ENOTFOUND') return `dial tcp: lookup ${address.replace(/:\d+$/, '')}: no such host`;
      return `dial tcp ${address}: ${c.message}`;
    case 'CONNECT_TIMEOUT':
      return `dial tcp ${address}: i/o timeout`;
    case 'HANDSHAKE_TIMEOUT':
      return 'net/http: TLS handshake timeout';
    case 'NOT_TLS':
      return 'tls: first record does not look like a TLS handshake';
    default:
      return c.message;
  }
}

/** net/http's error for a GET that failed before an answer: `Get "URL": err`. */
export function goGetError(url: string, err: string): string {
  return `Get "${url}": ${err}`;
}

export type CurlTls = 'gnutls' | 'openssl' | 'unknown';

/**
 * libcurl's message when git's TLS check fails, for its TLS library. `caFile` is what git passes as CURLOPT_CAINFO
 * (GnuTLS prints it, "none" when git sets none and libcurl uses the system trust).
 */
export function gitTlsError(f: TlsFailure, tls: CurlTls, caFile: string | null): string {
  if (f.connection !== null) {
    const address = typeof f.connection.evidence.address === 'string' ? f.connection.evidence.address : f.host;
    if (f.connection.code === 'CONNECT_FAILED') return `Failed to connect to ${address.replace(/:(\d+)$/, ' port $1')}: Connection refused`;
    if (f.connection.code === 'CONNECT_TIMEOUT' || f.connection.code === 'HANDSHAKE_TIMEOUT') return `Failed to connect to ${address}: Connection timed out`;
    return tls === 'gnutls' ? `gnutls_handshake() failed: ${f.connection.message}` : `OpenSSL SSL_connect: ${f.connection.message}`;
  }
  if (f.reason === 'HOSTNAME_MISMATCH') {
    return tls === 'gnutls'
      ? `SSL: certificate subject name (${String((f.evidence.presented as unknown[] | undefined)?.[0] ?? '')}) does not match target host name '${f.host}'`
      : `SSL: no alternative certificate subject name matches target host name '${f.host}'`;
  }
  if (tls === 'gnutls') return `server certificate verification failed. CAfile: ${caFile ?? 'none'} CRLfile: none`;
  if (f.reason === 'CERT_EXPIRED') return 'SSL certificate problem: certificate has expired';
  if (f.reason === 'UNKNOWN_ROOT' && f.evidence.selfSigned === true) return 'SSL certificate problem: self-signed certificate in certificate chain';
  return 'SSL certificate problem: unable to get local issuer certificate';
}

/** git's line: `fatal: unable to access 'URL/': message` (git prints the repository URL with a trailing slash). */
export function gitFatalLine(repoUrl: string, message: string): string {
  return `fatal: unable to access '${repoUrl.replace(/\/*$/, '/')}': ${message}`;
}

function rfc3339(v: unknown): string {
  const d = new Date(String(v));
  return Number.isNaN(d.getTime()) ? String(v) : d.toISOString().replace(/\.\d{3}Z$/, 'Z');
}
