import type { RoutePlan } from '../goenv/route/plan.js';
import type { Report } from '../model/report.js';

/** Who makes a request of a module route, with its own TLS stack and store. */
export type RouteActor = 'go' | 'git';

export type StepVerdict = 'ok' | 'fails' | 'unverified' | 'no-tls' | 'not-judged';

/** One request of a module route: what is asked, of which host, by whom, with which store, and the verdict. */
export interface RouteStep {
  /** module: fetching the module; sumdb: checking its checksum. */
  phase: 'module' | 'sumdb';
  /** "GET .../@v/list", "go-import meta tag", "git ls-remote", "sumdb supported", "sumdb lookup". */
  what: string;
  url: string;
  /** host:port as named in the URL. */
  host: string;
  /** Where it was dialled instead (--connect-to), or null. */
  dial: string | null;
  by: RouteActor;
  /** The store the verdict used, as that client finds it ("Go: SSL_CERT_FILE=...", "git: GIT_SSL_CAINFO=..."). */
  store: string;
  verdict: StepVerdict;
  /** The client's error text when the TLS check fails (Go's x509 text or libcurl's). */
  tlsError: string | null;
  /** What the other client would say about the same chain, when it would disagree. */
  otherClient: { by: RouteActor; store: string; accepts: boolean; tlsError: string | null } | null;
  http: { status: number; location: string | null } | null;
  note: string | null;
  /** The full analysis of the host's chain with this step's store (JSON only). */
  report: Report | null;
}

export interface RouteFailure {
  /** Index into steps of the first failing step, or null when it fails before any request (a malformed path). */
  step: number | null;
  /** The line `go get` / `go mod download` prints (several lines when git's output follows). */
  goLine: string;
  /** What to change, one line each. */
  fixes: string[];
}

export interface ModuleRoute {
  module: string;
  version: string | null;
  plan: RoutePlan;
  steps: RouteStep[];
  /** true: every step passes; false: `failure` says where it stops; null: a step could not be judged. */
  ok: boolean | null;
  failure: RouteFailure | null;
}
