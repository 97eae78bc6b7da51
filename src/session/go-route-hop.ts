import { connectAddress, type ConnectToRule } from '../capture/connect-to.js';
import type { GitCaSettings } from '../goenv/git-ca.js';
import { gitTlsError, goTlsError, type TlsFailure } from '../goenv/route/error-lines.js';
import type { Report } from '../model/report.js';
import type { TrustStore } from '../model/store.js';
import { probeAndParse, type ParsedCapture, type ProbeRequest } from './probe.js';
import { captureToReport } from './report.js';
import type { RouteActor } from './go-route-types.js';

/**
 * Probing and judging one host of a module route: the chain is captured once per dial (whoever asks), then judged
 * by the client that makes the request, with that client's store and rules: Go (GO_VERDICT, its store honouring
 * SSL_CERT_FILE / SSL_CERT_DIR) or git (OPENSSL_VERDICT against git's CA file; libcurl's words for the error).
 */

export interface HopContext {
  connectTo: readonly ConnectToRule[];
  tls: '1.2' | '1.3' | 'auto';
  timeoutMs: number;
  now: Date;
  /** The environment Go's requests see (proxies as Go picks them) and git's (curl's proxy variables). */
  goEnv: Record<string, string | undefined>;
  gitEnv: Record<string, string | undefined>;
  goStore: TrustStore;
  reference: TrustStore | null;
  /** git's store for a URL (null: no CA file found) and the settings it came from. */
  gitStore: (url: string) => Promise<{ store: TrustStore | null; settings: GitCaSettings }>;
  probe?: (req: ProbeRequest) => Promise<ParsedCapture>;
}

export interface HopJudgement {
  accepts: boolean;
  /** The client's error text when it refuses. */
  tlsError: string | null;
  store: string;
  report: Report;
  /** No chain at all (the connection failed): no store would help. */
  connectionFailed: boolean;
  failure: TlsFailure | null;
}

export interface JudgedHost {
  host: string;
  port: number;
  dial: { host: string; port: number } | null;
  parsed: ParsedCapture;
}

export class HopJudge {
  private readonly captures = new Map<string, Promise<JudgedHost>>();
  constructor(private readonly ctx: HopContext) {}

  /** The capture of host:port as `by` reaches it (one probe per dial address and proxy environment). */
  capture(host: string, port: number, by: RouteActor): Promise<JudgedHost> {
    const key = `${by}|${host}|${port}`;
    let hit = this.captures.get(key);
    if (!hit) {
      const dial = connectAddress(this.ctx.connectTo, host, port);
      const env = by === 'go' ? this.ctx.goEnv : this.ctx.gitEnv;
      // Go's httpproxy never proxies localhost or loopback addresses; curl honours NO_PROXY only. A --connect-to
      // rule that points at loopback is never sent through a proxy either (no proxy can reach this machine's loopback).
      const proxy = (by === 'go' && isLoopbackName(host)) || (dial !== null && isLoopbackName(dial.host)) ? null : undefined;
      const probe = this.ctx.probe ?? probeAndParse;
      hit = probe({ host, port, connect: dial, tls: this.ctx.tls, timeoutMs: this.ctx.timeoutMs, env, proxy }).then((parsed) => ({
        host, port, dial, parsed,
      }));
      this.captures.set(key, hit);
    }
    return hit;
  }

  /** Go's verdict on a captured chain, with Go's store. */
  judgeGo(h: JudgedHost): HopJudgement {
    const report = captureToReport(h.parsed, { stores: [this.ctx.goStore], reference: this.ctx.reference, now: this.ctx.now, host: h.host });
    const failure = failureOf(h, report, 'GO_VERDICT');
    return {
      accepts: failure === null,
      tlsError: failure === null ? null : goTlsError(failure),
      store: storeLine('go', this.ctx.goStore, this.ctx.goEnv),
      report,
      connectionFailed: h.parsed.capture.certificates.length === 0,
      failure,
    };
  }

  /** git's verdict on a captured chain for `repoUrl`, with git's CA settings (OpenSSL's verifier rules). */
  async judgeGit(h: JudgedHost, repoUrl: string): Promise<HopJudgement & { settings: GitCaSettings }> {
    const { store, settings } = await this.ctx.gitStore(repoUrl);
    const stores = store ? [store] : [];
    const report = captureToReport(h.parsed, { stores, reference: this.ctx.reference, now: this.ctx.now, host: h.host });
    const noVerify = !settings.verify;
    const failure = noVerify ? connectionOnly(h) : store ? failureOf(h, report, 'OPENSSL_VERDICT') : unknownRoot(h);
    return {
      accepts: failure === null,
      tlsError: failure === null ? null : gitTlsError(failure, settings.tls, settings.explicitCaFile),
      store: noVerify ? 'git: certificate checks off (http.sslVerify=false or GIT_SSL_NO_VERIFY)' : `git: ${settings.sources.join('; ')}`,
      report,
      connectionFailed: h.parsed.capture.certificates.length === 0,
      failure,
      settings,
    };
  }
}

function failureOf(h: JudgedHost, report: Report, code: 'GO_VERDICT' | 'OPENSSL_VERDICT'): TlsFailure | null {
  const conn = connectionOnly(h);
  if (conn !== null) return conn;
  const verdict = report.findings.find((f) => f.code === code);
  if (verdict?.evidence.accepts === true) return null;
  const reason = typeof verdict?.evidence.reason === 'string' ? verdict.evidence.reason : null;
  const behind = reason === null ? undefined : report.findings.find((f) => f.code === reason);
  return { connection: null, reason, evidence: behind?.evidence ?? {}, host: h.host };
}

function connectionOnly(h: JudgedHost): TlsFailure | null {
  const c = h.parsed.capture;
  if (c.certificates.length > 0 || c.error === null) return null;
  return { connection: { code: c.error.code, message: c.error.message, evidence: c.error.evidence }, reason: c.error.code, evidence: c.error.evidence, host: h.host };
}

function unknownRoot(h: JudgedHost): TlsFailure {
  return connectionOnly(h) ?? { connection: null, reason: 'UNKNOWN_ROOT', evidence: {}, host: h.host };
}

function storeLine(_by: 'go', store: TrustStore, env: Record<string, string | undefined>): string {
  if (store.name !== 'system') return `Go: --store ${store.name} (${store.description})`;
  const from = env.SSL_CERT_FILE ? `SSL_CERT_FILE=${env.SSL_CERT_FILE}` : env.SSL_CERT_DIR ? `SSL_CERT_DIR=${env.SSL_CERT_DIR}` : store.description;
  return `Go: ${from}`;
}

/** localhost and loopback literals: Go's httpproxy never sends them through a proxy. */
export function isLoopbackName(host: string): boolean {
  const h = host.toLowerCase().replace(/^\[|\]$/g, '');
  return h === 'localhost' || /^127\.\d+\.\d+\.\d+$/.test(h) || h === '::1';
}
