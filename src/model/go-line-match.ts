import { GO_LINES, GO_VERIFY_PREFIX } from './go-lines.js';
import type { FindingCode } from './finding.js';

/**
 * The reverse of go-lines.ts (pure, offline): from a line pasted from `go get`, the findings that produce it, how to
 * tell which one it is (the exact chaindbg command) and the fix for each. Wrappers go adds are peeled off first:
 * `go: module@v: `, `verifying ...: `, `Get "URL": `, and newer Go's `tls: failed to verify certificate: `.
 */

export interface LineCause {
  code: FindingCode;
  /** The chaindbg command that tells this cause from the others, with the host of the line when it names one. */
  confirm: string;
  /** What to look for in that command's output. */
  lookFor: string;
  /** The safe fix: whose it is and what to change. */
  fix: string;
}

export interface ExplainedLine {
  /** The line as given, control characters removed, trimmed. */
  input: string;
  /** Go's error itself, wrappers removed. */
  error: string;
  url: string | null;
  host: string | null;
  /** The line carried newer Go's `tls: failed to verify certificate: ` (Go 1.20 or later). */
  newerGo: boolean;
  causes: LineCause[];
}

/** Longest line read: go get lines are short; anything longer is cut (and still matched on its start). */
export const MAX_LINE = 4096;

interface CauseText {
  confirm: (t: string) => string;
  lookFor: string;
  fix: string;
}

const probe = (t: string) => `chaindbg probe ${t}`;
const GO_ENDPOINTS = 'chaindbg go';

/** Per cause: the command that confirms it and the safe fix (whose fault, what to change). */
const CAUSES: Readonly<Partial<Record<FindingCode, CauseText>>> = {
  MISSING_INTERMEDIATE: {
    confirm: probe,
    lookFor: 'error MISSING_INTERMEDIATE (the server sends an incomplete chain; browsers hide it by fetching the issuer over AIA)',
    fix: "the server's: it must send its intermediate(s) after the leaf; `chaindbg export HOST --kind fullchain --aia` writes the file its operator should serve. Client-side last resort only: a merged bundle (see `export --kind trust`), never the intermediate alone as a trust anchor",
  },
  UNKNOWN_ROOT: {
    confirm: (t) => `${probe(t)} --store system --store mozilla`,
    lookFor: 'UNKNOWN_ROOT for system but a trusted mozilla verdict: your store is stale or empty (the fix is yours); UNKNOWN_ROOT for both: a private root',
    fix: "the client's: update the system store (apt install ca-certificates / update-ca-certificates), or for a private root add it to the system store, or give Go a merged bundle (`chaindbg export HOST --kind trust --out merged.pem`, which keeps the system roots) or SSL_CERT_DIR with the system folder kept; never SSL_CERT_FILE pointing at that one certificate (it drops every public root)",
  },
  ISSUER_MISMATCH: {
    confirm: probe,
    lookFor: 'ISSUER_MISMATCH with the attribute-by-attribute diff: the server sends an intermediate with the right name from another CA',
    fix: "the server's: replace the intermediate it sends with the one that issued its leaf (`chaindbg export HOST --kind fullchain --aia`)",
  },
  SELF_SIGNED_LEAF: {
    confirm: probe,
    lookFor: 'error SELF_SIGNED_LEAF',
    fix: "the server's: use a certificate from a CA; trusting this one certificate is a local workaround only (add it to the system store, not as SSL_CERT_FILE alone)",
  },
  INTERCEPTION_SUSPECTED: {
    confirm: (t) => `${probe(t)} --store system --store mozilla`,
    lookFor: 'warning INTERCEPTION_SUSPECTED: a TLS-inspecting proxy re-signs the connection',
    fix: "your network's: if the proxy is your company's, add its root to the system store (or a merged bundle: `chaindbg export HOST --kind trust`); otherwise bypass it (NO_PROXY) and investigate",
  },
  BAD_SIGNATURE: {
    confirm: probe,
    lookFor: 'error BAD_SIGNATURE naming the certificate whose signature fails',
    fix: "the server's: send the intermediate that actually signed its leaf",
  },
  WEAK_SIGNATURE: {
    confirm: probe,
    lookFor: 'error WEAK_SIGNATURE (SHA-1 or MD5)',
    fix: "the certificate issuer's: re-issue with SHA-256; GODEBUG=x509sha1=1 works only on Go up to 1.23 and is a stopgap",
  },
  UNSUPPORTED_ALGORITHM: {
    confirm: probe,
    lookFor: 'error UNSUPPORTED_ALGORITHM',
    fix: "the certificate issuer's: re-issue with RSA, ECDSA P-256/P-384 or Ed25519",
  },
  CERT_EXPIRED: {
    confirm: probe,
    lookFor: 'error CERT_EXPIRED naming the certificate and its notAfter (if none expired by the real date, check this machine\'s clock: `date -u`)',
    fix: "the server's (renew the certificate), or this machine's clock when it is wrong",
  },
  CERT_NOT_YET_VALID: {
    confirm: probe,
    lookFor: 'error CERT_NOT_YET_VALID (compare notBefore with `date -u`: usually a clock behind)',
    fix: "this machine's clock (or a certificate installed too early)",
  },
  HOSTNAME_MISMATCH: {
    confirm: probe,
    lookFor: 'error HOSTNAME_MISMATCH with the names the certificate covers (a captive portal or DNS sinkhole answers with another site\'s certificate)',
    fix: "the server's (a certificate with that name in its SANs), or your network's when something else answers for that name",
  },
  NOT_A_CA: { confirm: probe, lookFor: 'error NOT_A_CA', fix: "the server's: send a real intermediate CA certificate" },
  PATH_LEN_EXCEEDED: { confirm: probe, lookFor: 'error PATH_LEN_EXCEEDED', fix: "the CA's: a shorter chain, or a CA re-issued without that pathLen" },
  EKU_MISSING_SERVER_AUTH: { confirm: probe, lookFor: 'error EKU_MISSING_SERVER_AUTH', fix: "the server's: a certificate issued for TLS servers (serverAuth)" },
  NAME_CONSTRAINT_VIOLATION: { confirm: probe, lookFor: 'error NAME_CONSTRAINT_VIOLATION', fix: "the CA's: a CA permitted for that name" },
  UNKNOWN_CRITICAL_EXTENSION: { confirm: probe, lookFor: 'error UNKNOWN_CRITICAL_EXTENSION', fix: "the certificate issuer's: re-issue without that critical extension" },
  BUDGET_EXHAUSTED: { confirm: probe, lookFor: 'BUDGET_EXHAUSTED', fix: "the server's: send only the certificates of its chain" },
  MALFORMED_CERT: { confirm: probe, lookFor: 'error MALFORMED_CERT', fix: "the server's: a certificate that parses (re-issue it with a standard tool)" },
  CHAIN_EMPTY: { confirm: probe, lookFor: 'error CHAIN_EMPTY', fix: "the server's: configure its certificate" },
  TLS_ALERT: {
    confirm: probe,
    lookFor: 'TLS_ALERT and the Go verdict naming it (certificate required: the server wants a client certificate)',
    fix: "the server's configuration (or the route to it): an endpoint go get uses must not require a client certificate, and must speak TLS 1.2+ with a suite Go offers",
  },
  HANDSHAKE_FAILED: { confirm: probe, lookFor: 'the Go verdict (HANDSHAKE_FAILED) naming the suite or version Go lacks', fix: "the server's: offer TLS 1.2+ with an ECDHE suite" },
  CONNECT_FAILED: {
    confirm: () => GO_ENDPOINTS,
    lookFor: 'CONNECT_FAILED with the same "dial tcp" text, and which endpoint it is (GOPROXY, GOSUMDB, direct)',
    fix: 'the network\'s or the settings\': the name must resolve and the port be reachable; behind a proxy set HTTPS_PROXY (and NO_PROXY for what must go direct)',
  },
  CONNECT_TIMEOUT: { confirm: () => GO_ENDPOINTS, lookFor: 'CONNECT_TIMEOUT', fix: 'the network\'s: a firewall drops the traffic; use the proxy (HTTPS_PROXY) if there is one' },
  HANDSHAKE_TIMEOUT: { confirm: probe, lookFor: 'HANDSHAKE_TIMEOUT', fix: 'the server\'s or a middlebox\'s: try `--tls 1.2` and `--tls 1.3` to see which one stalls' },
  NOT_TLS: { confirm: probe, lookFor: 'NOT_TLS with what answered instead', fix: 'the settings\': the URL points at a port that does not speak TLS (a GOPROXY entry with the wrong port, or a proxy used as the target)' },
  PROXY_FAILED: {
    confirm: () => GO_ENDPOINTS,
    lookFor: 'PROXY_FAILED and the proxy it went through ("via"), as Go picks it from HTTPS_PROXY / NO_PROXY',
    fix: 'the proxy settings\': HTTPS_PROXY (scheme, host, port, credentials) and NO_PROXY',
  },
  MESSAGE_TOO_LARGE: { confirm: probe, lookFor: 'MESSAGE_TOO_LARGE', fix: "the server's: a smaller chain (drop roots and unrelated certificates)" },
};

/** Causes of "x509: certificate signed by unknown authority" that are not an x509 error of their own. */
const ALSO_UNKNOWN_AUTHORITY: FindingCode[] = ['INTERCEPTION_SUSPECTED'];

export function explainGoLine(raw: string): ExplainedLine {
  // eslint-disable-next-line no-control-regex
  const input = raw.slice(0, MAX_LINE).replace(/[\u0000-\u001f\u007f-\u009f]+/g, ' ').trim();
  let error = input;
  let url: string | null = null;
  // The last `Get "URL": ` (or another method) is where net/http's own error starts.
  const get = /(?:^|: )(?:Get|Head|Post) "([^"]*)": (.*)$/.exec(error);
  if (get) {
    url = get[1]!;
    error = get[2]!;
  } else {
    // Without a URL, drop go's "go: module@version: " style prefixes up to the first known error start.
    const start = /(x509: |tls: |remote error: |dial tcp|proxyconnect tcp|net\/http: |read tcp)/.exec(error);
    if (start) error = error.slice(start.index);
  }
  const newerGo = error.startsWith(GO_VERIFY_PREFIX);
  if (newerGo) error = error.slice(GO_VERIFY_PREFIX.length);
  const host = url ? hostOf(url) : hostFromError(error);
  const target = host ?? 'HOST';
  const codes: FindingCode[] = [];
  for (const [code, spec] of Object.entries(GO_LINES) as Array<[FindingCode, NonNullable<(typeof GO_LINES)[FindingCode]>]>) {
    if (spec.pattern.test(error) && !codes.includes(code)) codes.push(code);
  }
  if (codes.includes('MISSING_INTERMEDIATE')) codes.push(...ALSO_UNKNOWN_AUTHORITY);
  // Go's "remote error: tls: handshake failure" is also what a suite or version Go lacks ends in.
  if (/^remote error: tls: (handshake failure|protocol version not supported|insufficient security level)$/.test(error)) codes.push('HANDSHAKE_FAILED');
  if (/^tls: server selected unsupported protocol version/.test(error)) codes.push('HANDSHAKE_FAILED');
  const causes = codes.map((code) => {
    const text = CAUSES[code] ?? { confirm: probe, lookFor: code, fix: 'see docs/findings.md' };
    return { code, confirm: text.confirm(target), lookFor: text.lookFor, fix: text.fix.replace(/HOST/g, target) };
  });
  return { input, error, url, host, newerGo, causes };
}

function hostOf(url: string): string | null {
  try {
    const u = new URL(url);
    return u.port ? `${u.hostname}:${u.port}` : u.hostname;
  } catch {
    return null;
  }
}

function hostFromError(error: string): string | null {
  const m = /^dial tcp: lookup (\S+?)(?: on \S+)?: no such host$/.exec(error) ?? /^(?:proxyconnect tcp: )?dial tcp (\S+): /.exec(error);
  return m ? m[1]! : null;
}
