/**
 * How large a server Certificate message the TLS clients people actually run accept. chaindbg itself reads up to
 * `maxMessageBytes` (1 MiB by default), so it can show a chain that real clients refuse; these numbers say which.
 *
 * Sources:
 * - OpenSSL: `SSL_MAX_CERT_LIST_DEFAULT (1024 * 100)` in include/openssl/ssl.h (3.0.19 here: line 669), the default
 *   of SSL_CTX_set_max_cert_list(3) ("the maximum size allowed for the peer's certificate chain ... 100kB"). A client
 *   refuses a Certificate message whose body is larger, as soon as it reads the 4-byte header, with
 *   `excessive message size` and a fatal illegal_parameter alert. Node's TLS client (OpenSSL 3 inside) keeps the
 *   default: measured on loopback, a 94,463-byte certificate_list is accepted, a 118,168-byte one refused.
 * - Go: crypto/tls common.go `maxHandshake = 65536 // maximum handshake we support (protocol max is 16 MB)`;
 *   conn.go readHandshake refuses a longer message with an internal_error alert and
 *   `tls: handshake message of length N bytes exceeds maximum of 65536 bytes`. Go 1.22's common.go has only that
 *   limit, so those releases refuse any Certificate message over 64 KiB. Later releases add
 *   `maxHandshakeCertificateMsg = 262144 // maximum certificate message size (256 KiB)` for Certificate messages only
 *   (golang/go issue 50773, "crypto/tls: allow 256kB certificate messages").
 */
export const CLIENT_LIMITS = {
  /** OpenSSL SSL_MAX_CERT_LIST_DEFAULT: largest Certificate message body (bytes) an OpenSSL or node client accepts. */
  opensslMaxCertListBytes: 102_400,
  /** Go crypto/tls maxHandshake: largest handshake message body of any type (all types up to Go 1.22). */
  goMaxHandshakeBytes: 65_536,
  /** Go crypto/tls maxHandshakeCertificateMsg: largest Certificate message body in releases after Go 1.22. */
  goMaxCertificateMessageBytes: 262_144,
} as const;

/** The server's Certificate message measured against those limits (plain JSON values, ready to be evidence). */
export interface CertificateMessageSize {
  /** Body length announced in the message header (what every client compares with its limit). */
  bytes: number;
  /** True when the whole message was read. */
  complete: boolean;
  opensslMaxCertListBytes: number;
  goMaxHandshakeBytes: number;
  goMaxCertificateMessageBytes: number;
  /** OpenSSL clients with the default limit, node among them, refuse it. */
  exceedsOpensslMaxCertList: boolean;
  /** Go clients up to 1.22 refuse it. */
  exceedsGoMaxHandshake: boolean;
  /** Every Go release refuses it. */
  exceedsGoMaxCertificateMessage: boolean;
}

export function certificateMessageSize(bytes: number, complete: boolean): CertificateMessageSize {
  return {
    bytes,
    complete,
    ...CLIENT_LIMITS,
    exceedsOpensslMaxCertList: bytes > CLIENT_LIMITS.opensslMaxCertListBytes,
    exceedsGoMaxHandshake: bytes > CLIENT_LIMITS.goMaxHandshakeBytes,
    exceedsGoMaxCertificateMessage: bytes > CLIENT_LIMITS.goMaxCertificateMessageBytes,
  };
}

/** The limit fields of a CertificateMessageSize named as error evidence (`certificateMessageBytes`, `goMaxHandshakeBytes`, ...). */
export function limitEvidence(size: CertificateMessageSize): Record<string, unknown> {
  const { bytes, complete: _complete, ...rest } = size;
  return { certificateMessageBytes: bytes, ...rest };
}
