import type { GitCaSettings } from '../goenv/git-ca.js';
import type { RouteStep } from './go-route-types.js';

/**
 * What to change when a step of a module route fails, by who made the request: Go reads SSL_CERT_FILE /
 * SSL_CERT_DIR and the system store; git reads GIT_SSL_CAINFO or http.sslCAInfo (per URL) and never SSL_CERT_FILE.
 */

const reasonOf = (step: RouteStep): string | null => {
  const code = step.report?.findings.find((f) => f.code === 'GO_VERDICT' || f.code === 'OPENSSL_VERDICT')?.evidence.reason;
  return typeof code === 'string' ? code : null;
};

export function goFixes(step: RouteStep): string[] {
  const host = step.host.replace(/:443$/, '');
  const reason = reasonOf(step);
  if (step.verdict !== 'fails') {
    const answer = step.http ? `it answered ${step.http.status}` : 'the request failed after the handshake';
    return [`the TLS check of ${host} passes; ${answer}: the server (or the module path and version) is what to check`];
  }
  if (step.report && step.report.sent.length === 0) return [`${host} did not complete a TLS handshake: check the address, the port and any proxy in between (HTTPS_PROXY / NO_PROXY)`];
  // Another client accepts this very chain: the server is fine, Go's store is what lacks the root.
  if (step.otherClient?.by === 'git' && step.otherClient.accepts) {
    const file = /(?:GIT_SSL_CAINFO=|sslCAInfo=|default bundle )(\S+)/.exec(step.otherClient.store)?.[1];
    return [
      `git already trusts ${host} (${step.otherClient.store.replace(/^git: /, '')}): give Go the same roots: SSL_CERT_FILE=${file ?? '/path/to/that-bundle.pem'} (Go does not read GIT_SSL_CAINFO or git config)`,
      `\`chaindbg export ${host} --kind trust\` writes the certificate Go's store lacks`,
    ];
  }
  switch (reason) {
    case 'MISSING_INTERMEDIATE':
      // Neither sent nor in the store: an intermediate the server left out, or a private root Go was not given.
      return [
        `the server at ${host} must send its intermediate certificate(s): \`chaindbg export ${host} --kind fullchain\` writes the chain it should send`,
        `or, when ${host}'s issuer is a private root, give Go that root: SSL_CERT_FILE=/path/to/bundle-with-it.pem`,
      ];
    case 'HOSTNAME_MISMATCH':
      return [`the certificate of ${host} must name ${host} in its subjectAltName`];
    case 'CERT_EXPIRED':
    case 'CERT_NOT_YET_VALID':
      return [`the server at ${host} must send a certificate valid now (check the clock too)`];
    default:
      return [
        `give Go the CA that issued ${host}'s chain: SSL_CERT_FILE=/path/to/bundle-with-that-ca.pem (replaces the system bundle) or SSL_CERT_DIR, or add it to the system store (update-ca-certificates)`,
        `\`chaindbg export ${host} --kind trust\` writes the certificate the store lacks`,
      ];
  }
}

export function gitFixes(step: RouteStep, repoUrl: string, git: GitCaSettings, goAccepts: boolean, goEnv: Record<string, string | undefined>): string[] {
  const host = step.host.replace(/:443$/, '');
  const reason = reasonOf(step);
  if (step.report && step.report.sent.length === 0) return [`git could not complete a TLS handshake with ${host}: check the address and git's proxy (http.proxy, HTTPS_PROXY)`];
  // Where Go accepts the same chain, the server is fine: git's store is what lacks the root.
  if (!goAccepts && (reason === 'MISSING_INTERMEDIATE' || reason === 'HOSTNAME_MISMATCH' || reason === 'CERT_EXPIRED')) {
    return goFixes({ ...step, verdict: 'fails' });
  }
  const scope = /^[a-z][a-z0-9+.-]*:\/\/[^/]+\//i.exec(`${repoUrl}/`)?.[0] ?? repoUrl;
  const bundle = goAccepts && goEnv.SSL_CERT_FILE ? goEnv.SSL_CERT_FILE : '/path/to/ca.pem';
  const fixes = [
    `git config --global http.${scope}.sslCAInfo ${bundle}   (or GIT_SSL_CAINFO=${bundle} for one command; SSL_CERT_FILE does not reach git)`,
  ];
  if (goAccepts) fixes.push(`Go already trusts ${host} (${goEnv.SSL_CERT_FILE ? `SSL_CERT_FILE=${goEnv.SSL_CERT_FILE}` : 'its store'}): git uses ${git.caFile ?? 'no CA file'} instead`);
  if (git.tls === 'gnutls') fixes.push('this git\'s libcurl uses GnuTLS: the CA file must hold the root certificate itself (PEM)');
  return fixes;
}
