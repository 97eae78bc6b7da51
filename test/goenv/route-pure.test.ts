import { describe, expect, it } from 'vitest';
import { gitFatalLine, gitTlsError, goTlsError, type TlsFailure } from '../../src/goenv/route/error-lines.js';
import { goModRequires } from '../../src/goenv/route/gomod.js';
import { staticRepoRoot } from '../../src/goenv/route/vcs-paths.js';

const failure = (over: Partial<TlsFailure>): TlsFailure => ({ connection: null, reason: null, evidence: {}, host: 'corp.example', ...over });

describe("Go's and git's words for a failed TLS check", () => {
  it('Go: unknown authority, hostname, expiry, connection refused', () => {
    expect(goTlsError(failure({ reason: 'UNKNOWN_ROOT' }))).toBe('x509: certificate signed by unknown authority');
    expect(goTlsError(failure({ reason: 'MISSING_INTERMEDIATE' }))).toBe('x509: certificate signed by unknown authority');
    expect(goTlsError(failure({ reason: 'HOSTNAME_MISMATCH', evidence: { presented: ['a.example', 'b.example'] } }))).toBe(
      'x509: certificate is valid for a.example, b.example, not corp.example',
    );
    expect(goTlsError(failure({ reason: 'CERT_EXPIRED', evidence: { now: '2026-12-07T08:00:00.000Z', notAfter: '2026-01-01T00:00:00.000Z' } }))).toBe(
      'x509: certificate has expired or is not yet valid: current time 2026-12-07T08:00:00Z is after 2026-01-01T00:00:00Z',
    );
    const refused = failure({ connection: { code: 'CONNECT_FAILED', message: 'x', evidence: { address: '127.0.0.1:1', nodeCode: 'ECONNREFUSED' } } });
    expect(goTlsError(refused)).toBe('dial tcp 127.0.0.1:1: connect: connection refused');
  });

  it('git: GnuTLS and OpenSSL builds of libcurl word it differently', () => {
    expect(gitTlsError(failure({ reason: 'UNKNOWN_ROOT' }), 'gnutls', null)).toBe('server certificate verification failed. CAfile: none CRLfile: none');
    expect(gitTlsError(failure({ reason: 'UNKNOWN_ROOT' }), 'gnutls', '/corp.pem')).toBe('server certificate verification failed. CAfile: /corp.pem CRLfile: none');
    expect(gitTlsError(failure({ reason: 'MISSING_INTERMEDIATE' }), 'openssl', null)).toBe('SSL certificate problem: unable to get local issuer certificate');
    expect(gitTlsError(failure({ reason: 'CERT_EXPIRED' }), 'openssl', null)).toBe('SSL certificate problem: certificate has expired');
    expect(gitTlsError(failure({ reason: 'HOSTNAME_MISMATCH' }), 'openssl', null)).toBe("SSL: no alternative certificate subject name matches target host name 'corp.example'");
    expect(gitFatalLine('https://git.corp.example/mod.git', 'X')).toBe("fatal: unable to access 'https://git.corp.example/mod.git/': X");
  });
});

describe("cmd/go's static repository table", () => {
  it.each([
    ['github.com/BurntSushi/toml/internal', { vcs: 'git', repo: 'https://github.com/BurntSushi/toml', root: 'github.com/BurntSushi/toml' }],
    ['bitbucket.org/team/repo', { vcs: 'git', repo: 'https://bitbucket.org/team/repo', root: 'bitbucket.org/team/repo' }],
    ['corp.example/team/repo.git/sub', { vcs: 'git', repo: 'https://corp.example/team/repo.git', root: 'corp.example/team/repo.git' }],
    ['corp.example/team/repo', null],
    ['github.com/onlyuser', null],
  ])('%s', (path, want) => {
    expect(staticRepoRoot(path)).toEqual(want);
  });
});

describe('go.mod requires', () => {
  it('single lines and blocks, comments, quoted paths; a module replacement is fetched instead, a local directory not at all', () => {
    const gomod = [
      'module me.example/app // the app', '', 'go 1.19', '',
      'require corp.example/one v1.0.0',
      'require (', '\tcorp.example/two v0.2.0 // indirect', '\t"corp.example/three" v3.0.0', ')',
      'replace corp.example/two => ../two',
      'replace corp.example/one v1.0.0 => corp.example/fork v1.0.1',
      'exclude corp.example/three v2.0.0',
    ].join('\n');
    expect(goModRequires(gomod)).toEqual([
      { module: 'corp.example/fork', version: 'v1.0.1' },
      { module: 'corp.example/three', version: 'v3.0.0' },
    ]);
  });
});
