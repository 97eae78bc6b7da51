import { execFileSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CURL_DEFAULT_BUNDLES, resolveGitCa, type RunGit } from '../../src/goenv/git-ca.js';

/** A git that answers from a table of `git config --get-urlmatch KEY URL` values. */
const fakeGit = (config: Record<string, string>): RunGit => async (args) => {
  if (args[0] === '--version') return { code: 0, stdout: 'git version 2.39.5\n' };
  if (args[0] === 'config') {
    const value = config[args[2]!];
    return value === undefined ? { code: 1, stdout: '' } : { code: 0, stdout: `${value}\n` };
  }
  return { code: 1, stdout: '' };
};
const only = (file: string) => async (f: string) => f === file;

describe("git's CA settings", () => {
  it('environment over config over the default bundle; GIT_SSL_NO_VERIFY turns checks off', async () => {
    const url = 'https://git.corp.example/x.git';
    const fromConfig = await resolveGitCa(url, { env: {}, runGit: fakeGit({ 'http.sslcainfo': '/etc/corp.pem' }), tls: 'gnutls' });
    expect(fromConfig).toMatchObject({ caFile: '/etc/corp.pem', explicitCaFile: '/etc/corp.pem', verify: true });
    const fromEnv = await resolveGitCa(url, { env: { GIT_SSL_CAINFO: '/env.pem', GIT_SSL_CAPATH: '/envdir' }, runGit: fakeGit({ 'http.sslcainfo': '/etc/corp.pem' }), tls: 'gnutls' });
    expect(fromEnv).toMatchObject({ caFile: '/env.pem', caPath: '/envdir', sources: ['git config http.sslCAInfo=/etc/corp.pem', 'GIT_SSL_CAINFO=/env.pem', 'GIT_SSL_CAPATH=/envdir'] });
    const off = await resolveGitCa(url, { env: {}, runGit: fakeGit({ 'http.sslverify': 'false' }), tls: 'openssl' });
    expect(off.verify).toBe(false);
    expect((await resolveGitCa(url, { env: { GIT_SSL_NO_VERIFY: '1' }, runGit: fakeGit({}), tls: 'openssl' })).verify).toBe(false);
  });

  it("without settings: libcurl's first default bundle that exists; SSL_CERT_FILE is not one of git's settings", async () => {
    const r = await resolveGitCa('https://x.example/', { env: { SSL_CERT_FILE: '/go-only.pem' }, runGit: fakeGit({}), exists: only(CURL_DEFAULT_BUNDLES[1]!), tls: 'openssl' });
    expect(r).toMatchObject({ caFile: CURL_DEFAULT_BUNDLES[1], explicitCaFile: null, gitFound: true });
    const none = await resolveGitCa('https://x.example/', { env: {}, runGit: fakeGit({}), exists: async () => false, tls: 'openssl' });
    expect(none.caFile).toBeNull();
    expect(none.sources).toEqual(['no CA bundle found where libcurl looks by default']);
  });

  it('no git: documented defaults, nothing run', async () => {
    const r = await resolveGitCa('https://x.example/', { env: {}, runGit: async () => null, exists: async () => false });
    expect(r).toMatchObject({ gitFound: false, tls: 'unknown', verify: true });
  });

  let hasGit = true;
  try {
    execFileSync('git', ['--version'], { stdio: 'ignore' });
  } catch {
    hasGit = false;
  }
  it.skipIf(!hasGit)('with the real git: http.<url>.sslCAInfo applies to that URL only (git config --get-urlmatch)', async () => {
    const home = await mkdtemp(path.join(tmpdir(), 'chaindbg-gitca-'));
    try {
      await writeFile(path.join(home, '.gitconfig'), '[http "https://git.corp.example/"]\n\tsslCAInfo = /corp.pem\n[http]\n\tsslVerify = true\n');
      const env = { PATH: process.env.PATH, HOME: home, GIT_CONFIG_NOSYSTEM: '1' };
      expect((await resolveGitCa('https://git.corp.example/team/x.git', { env, exists: async () => false })).caFile).toBe('/corp.pem');
      expect((await resolveGitCa('https://other.example/x.git', { env, exists: async () => false })).caFile).toBeNull();
    } finally {
      await rm(home, { recursive: true, force: true });
    }
  });
});
