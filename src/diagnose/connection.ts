import type { TlsInfo } from '../model/report.js';
import { goAlertText } from '../model/go-lines.js';
import type { Finding, FindingCode } from '../model/finding.js';

/**
 * What stops a client's connection besides the chain (pure): a client's verdict is the verdict of the whole
 * connection it would make, not of the chain alone. From the capture's findings and handshake:
 * - a fatal alert from the server (certificate_required after the chain, say): every client fails, none of them
 *   holding the client certificate it wants;
 * - a protocol version, cipher suite or group the server chose that Go does not offer (chaindbg's probe offers more
 *   than Go does): Go fails, the others may not;
 * - a handshake that failed or stalled after the chain, or a Certificate message over every Go's limit.
 * `phase` says when Go meets it: `before-chain` problems stop Go before it looks at the certificates; the others
 * come after verification, so a chain error is what Go reports first.
 */
export interface ConnectionBlocker {
  code: FindingCode;
  clients: Array<'go' | 'openssl' | 'browser'>;
  phase: 'before-chain' | 'after-chain';
  /** The line Go prints (version-independent wording). */
  goLine: string;
  /** Why, in one clause, for the verdict's note. */
  why: string;
}

/** TLS 1.2 suites every Go release since 1.19 offers by default (crypto/tls cipher_suites.go), by IANA name. */
export const GO_TLS12_SUITES: readonly string[] = [
  'TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256',
  'TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256',
  'TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384',
  'TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384',
  'TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256',
  'TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256',
  'TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA',
  'TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA',
  'TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA',
  'TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA',
];

/** Suites older Go offered by default and newer Go dropped (RSA key exchange in 1.22, 3DES in 1.23). */
export const GO_TLS12_SUITES_OLDER: Readonly<Record<string, string>> = {
  TLS_RSA_WITH_AES_128_GCM_SHA256: 'Go 1.21 and earlier',
  TLS_RSA_WITH_AES_256_GCM_SHA384: 'Go 1.21 and earlier',
  TLS_RSA_WITH_AES_128_CBC_SHA: 'Go 1.21 and earlier',
  TLS_RSA_WITH_AES_256_CBC_SHA: 'Go 1.21 and earlier',
  TLS_ECDHE_RSA_WITH_3DES_EDE_CBC_SHA: 'Go 1.22 and earlier',
  TLS_RSA_WITH_3DES_EDE_CBC_SHA: 'Go 1.21 and earlier',
};

export const GO_TLS13_SUITES: readonly string[] = ['TLS_AES_128_GCM_SHA256', 'TLS_AES_256_GCM_SHA384', 'TLS_CHACHA20_POLY1305_SHA256'];

/** Key-exchange groups Go offers (X25519, P-256, P-384, P-521), as the capture names them. */
const GO_GROUPS = new Set(['x25519', 'secp256r1', 'secp384r1', 'secp521r1', 'prime256v1', 'p-256', 'p-384', 'p-521']);

const VERSION_NUMBER: Record<string, string> = { SSLv3: '300', TLSv1: '301', 'TLSv1.0': '301', 'TLSv1.1': '302' };

export function connectionBlockers(input: { findings: Finding[]; tls: TlsInfo | null; certificates: number }): ConnectionBlocker[] {
  const out: ConnectionBlocker[] = [];
  const tls = input.tls;
  if (input.certificates === 0) return out; // no chain: the connection findings already say it all
  if (tls?.version && VERSION_NUMBER[tls.version]) {
    out.push({
      code: 'HANDSHAKE_FAILED',
      clients: ['go'],
      phase: 'before-chain',
      goLine: `tls: server selected unsupported protocol version ${VERSION_NUMBER[tls.version]}`,
      why: `the server negotiated ${tls.version}; Go clients require TLS 1.2 or later`,
    });
  }
  const cipher = tls?.cipher ?? null;
  if (cipher && tls?.version === 'TLSv1.2' && !GO_TLS12_SUITES.includes(cipher) && !(cipher in GO_TLS12_SUITES_OLDER)) {
    out.push({
      code: 'HANDSHAKE_FAILED',
      clients: ['go'],
      phase: 'before-chain',
      goLine: 'remote error: tls: handshake failure',
      why: `the server chose ${cipher}, which Go does not offer (chaindbg offered Go's suites too, so the server prefers or only has suites Go lacks)`,
    });
  } else if (cipher && tls?.version === 'TLSv1.3' && !GO_TLS13_SUITES.includes(cipher)) {
    out.push({ code: 'HANDSHAKE_FAILED', clients: ['go'], phase: 'before-chain', goLine: 'remote error: tls: handshake failure', why: `the server chose ${cipher}, which Go does not offer` });
  }
  const group = tls?.group?.toLowerCase() ?? null;
  if (group && !GO_GROUPS.has(group) && !/mlkem|kyber/.test(group) && !out.some((b) => b.phase === 'before-chain')) {
    out.push({ code: 'HANDSHAKE_FAILED', clients: ['go'], phase: 'before-chain', goLine: 'remote error: tls: handshake failure', why: `the server chose the key-exchange group ${group}, which Go does not offer` });
  }
  for (const f of input.findings) {
    if (f.code === 'TLS_ALERT' && f.evidence.from === 'server' && f.evidence.level === 'fatal') {
      const n = Number(f.evidence.code);
      out.push({
        code: 'TLS_ALERT',
        clients: ['go', 'openssl', 'browser'],
        phase: 'after-chain',
        goLine: `remote error: tls: ${goAlertText(n)}`,
        why: n === 116 || n === 40
          ? `the server ends the handshake with ${String(f.evidence.name)} after sending its chain: it wants a client certificate, which go get does not send`
          : `the server ends the handshake with the fatal alert ${String(f.evidence.name)}`,
      });
    } else if ((f.code === 'HANDSHAKE_FAILED' || f.code === 'HANDSHAKE_TIMEOUT') && f.evidence.from !== 'client' && !/client refused/.test(String(f.evidence.reason ?? ''))) {
      // (chaindbg's own client refusing an oversized Certificate message is not the server's doing: see MESSAGE_TOO_LARGE)
      out.push({
        code: f.code,
        clients: ['go', 'openssl', 'browser'],
        phase: 'after-chain',
        goLine: f.code === 'HANDSHAKE_TIMEOUT' ? 'net/http: TLS handshake timeout' : String(f.evidence.detail ?? f.message),
        why: f.code === 'HANDSHAKE_TIMEOUT' ? 'the server stalled after sending its chain' : 'the handshake failed after the chain',
      });
    } else if (f.code === 'MESSAGE_TOO_LARGE' && Number(f.evidence.certificateMessageBytes) > Number(f.evidence.goMaxCertificateMessageBytes ?? Infinity)) {
      out.push({
        code: 'MESSAGE_TOO_LARGE',
        clients: ['go'],
        phase: 'before-chain',
        goLine: `tls: handshake message of length ${String(f.evidence.certificateMessageBytes)} bytes exceeds maximum of ${String(f.evidence.goMaxCertificateMessageBytes ?? 262144)} bytes`,
        why: 'the Certificate message is over every Go release\'s limit',
      });
    }
  }
  return out;
}
