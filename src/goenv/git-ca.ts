import { execFile } from 'node:child_process';
import { access, constants } from 'node:fs/promises';
import path from 'node:path';
import type { CurlTls } from './route/error-lines.js';

/**
 * Which certificates git trusts for one https URL: git's own settings (http.c), which do not read SSL_CERT_FILE.
 * Environment first (GIT_SSL_CAINFO, GIT_SSL_CAPATH, GIT_SSL_NO_VERIFY), then `git config --get-urlmatch` for
 * http.sslCAInfo / http.sslCAPath / http.sslVerify (so http.<url>.* sections apply), else libcurl's built-in bundle:
 * the first of curl's default CA bundle paths that exists (its configure order).
 */

export interface GitCaSettings {
  /** The CA file git hands libcurl, or the default bundle found; null when there is none. */
  caFile: string | null;
  caPath: string | null;
  /** The CA file git itself hands libcurl (GIT_SSL_CAINFO or http.sslCAInfo); null when libcurl uses its default. */
  explicitCaFile: string | null;
  /** false: http.sslVerify=false or GIT_SSL_NO_VERIFY: git checks no certificate at all. */
  verify: boolean;
  /** Where each value came from, one line each ("GIT_SSL_CAINFO", "git config http.sslCAInfo", "libcurl default"). */
  sources: string[];
  /** The TLS library of git's libcurl (from the libraries git-remote-https links), which decides git's words. */
  tls: CurlTls;
  /** Whether a git binary was found at all (without one, the values are git's documented defaults). */
  gitFound: boolean;
}

/** curl's configure looks for the default CA bundle in this order; the first that exists is compiled in. */
export const CURL_DEFAULT_BUNDLES = [
  '/etc/ssl/certs/ca-certificates.crt', // Debian, Ubuntu, Gentoo, Arch
  '/etc/pki/tls/certs/ca-bundle.crt', // Fedora, RHEL
  '/usr/share/ssl/certs/ca-bundle.crt', // old Red Hat
  '/usr/local/share/certs/ca-root-nss.crt', // FreeBSD
  '/etc/ssl/cert.pem', // OpenBSD, macOS, Alpine
];

export type RunGit = (args: string[]) => Promise<{ code: number; stdout: string } | null>;

export interface GitCaContext {
  env: Record<string, string | undefined>;
  /** Runs git with args (null when there is no git). Default: execFile('git') with `env`. */
  runGit?: RunGit;
  exists?: (file: string) => Promise<boolean>;
  /** The TLS library, when the caller knows it; default: read from `ldd git-remote-https` on Linux. */
  tls?: CurlTls;
}

const GIT_TIMEOUT_MS = 5_000;

export async function resolveGitCa(url: string, ctx: GitCaContext): Promise<GitCaSettings> {
  const runGit = ctx.runGit ?? defaultRunGit(ctx.env);
  const exists = ctx.exists ?? fileExists;
  const sources: string[] = [];
  const version = await runGit(['--version']);
  const gitFound = version !== null && version.code === 0;
  const config = async (key: string): Promise<string | null> => {
    if (!gitFound) return null;
    const r = await runGit(['config', '--get-urlmatch', key, url]);
    return r !== null && r.code === 0 ? r.stdout.trim().split('\n').pop()!.trim() || null : null;
  };
  let caFile = await config('http.sslcainfo');
  if (caFile !== null) sources.push(`git config http.sslCAInfo=${caFile}`);
  let caPath = await config('http.sslcapath');
  if (caPath !== null) sources.push(`git config http.sslCAPath=${caPath}`);
  const verifyValue = await config('http.sslverify');
  let verify = verifyValue === null ? true : !/^(false|no|off|0)$/i.test(verifyValue);
  if (!verify) sources.push(`git config http.sslVerify=${verifyValue}`);
  if (ctx.env.GIT_SSL_CAINFO) {
    caFile = ctx.env.GIT_SSL_CAINFO;
    sources.push(`GIT_SSL_CAINFO=${caFile}`);
  }
  if (ctx.env.GIT_SSL_CAPATH) {
    caPath = ctx.env.GIT_SSL_CAPATH;
    sources.push(`GIT_SSL_CAPATH=${caPath}`);
  }
  if (ctx.env.GIT_SSL_NO_VERIFY !== undefined) {
    verify = false;
    sources.push('GIT_SSL_NO_VERIFY is set');
  }
  const explicitCaFile = caFile;
  if (caFile === null && caPath === null) {
    for (const candidate of CURL_DEFAULT_BUNDLES) {
      if (await exists(candidate)) {
        caFile = candidate;
        sources.push(`libcurl's default bundle ${candidate} (git does not read SSL_CERT_FILE)`);
        break;
      }
    }
    if (caFile === null) sources.push('no CA bundle found where libcurl looks by default');
  }
  const tls = ctx.tls ?? (gitFound ? await curlTls(runGit) : 'unknown');
  return { caFile, caPath, explicitCaFile, verify, sources, tls, gitFound };
}

function defaultRunGit(env: Record<string, string | undefined>): RunGit {
  const childEnv: Record<string, string> = {};
  for (const [k, v] of Object.entries(env)) if (v !== undefined) childEnv[k] = v;
  return (args) =>
    new Promise((resolve) => {
      execFile('git', args, { env: childEnv, timeout: GIT_TIMEOUT_MS, maxBuffer: 1024 * 1024, windowsHide: true }, (error, stdout) => {
        if (error && typeof (error as NodeJS.ErrnoException).code === 'string') resolve(null); // no git binary
        else resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout: String(stdout) });
      });
    });
}

/** GnuTLS or OpenSSL, from the libraries git-remote-https links (Linux, ldd); unknown elsewhere. */
async function curlTls(runGit: RunGit): Promise<CurlTls> {
  if (process.platform !== 'linux') return 'unknown';
  const execPath = await runGit(['--exec-path']);
  if (execPath === null || execPath.code !== 0) return 'unknown';
  const helper = path.join(execPath.stdout.trim(), 'git-remote-https');
  const libs = await new Promise<string>((resolve) => {
    execFile('ldd', [helper], { timeout: GIT_TIMEOUT_MS, windowsHide: true }, (error, stdout) => resolve(error ? '' : String(stdout)));
  });
  if (/libgnutls|libcurl-gnutls/.test(libs)) return 'gnutls';
  if (/libssl/.test(libs)) return 'openssl';
  return 'unknown';
}

async function fileExists(file: string): Promise<boolean> {
  try {
    await access(file, constants.R_OK);
    return true;
  } catch {
    return false;
  }
}
