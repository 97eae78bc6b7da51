import type { TrustStore } from '../model/store.js';
import type { Certificate } from '../model/certificate.js';
import { analyzeChain, makeFinding, profileVerdicts, sortFindings } from '../diagnose/index.js';
import { connectionBlockers } from '../diagnose/connection.js';
import { interceptionFindings } from '../diagnose/interception.js';
import { firefoxRefuses, stapleFindings } from '../diagnose/staple.js';
import { evidenceOf } from '../model/evidence.js';
import { sameNameDer } from '../x509/names.js';
import { GO_RULES, OPENSSL_RULES, type ClientRules, goRules } from '../path/types.js';
import type { Finding } from '../model/finding.js';
import { goModel, type GoModel } from '../path/go-release.js';
import type { ParsedCapture } from './probe.js';
import type { Report, StoreVerdict, TargetInfo, TlsInfo } from '../model/report.js';
import { buildReport } from './build-report.js';

export interface ReportRequest {
  sent: Certificate[];
  stores: TrustStore[];
  now: Date;
  host: string | null;
  /** Findings from before the analysis (connection problems, unparseable certificates, AIA fetches). */
  findings?: Finding[];
  extraIntermediates?: Certificate[];
  target?: TargetInfo | null;
  tls?: TlsInfo | null;
  /** The public store to compare against for interception (Mozilla's); null leaves that check out. */
  reference?: TrustStore | null;
  /** Which Go the Go verdict is for (`--go-version`; default the newest modelled) and its GODEBUG. */
  goVersion?: string;
  godebug?: string;
}

const emptyVerdict = (s: TrustStore): StoreVerdict => ({
  name: s.name,
  description: s.description,
  trusted: false,
  path: [],
  chain: [],
  validPaths: [],
  search: { pathsTried: 0, signatureChecks: 0, buildCalls: 0, exhausted: false },
  findings: [],
});

/**
 * The core analysis plus the report model: the one path verify, probe, analyze, go and the TUI all take.
 * Adds what needs the whole picture: what Go, OpenSSL and a browser would conclude (Go and OpenSSL never fetch AIA,
 * so their verdicts come from an analysis without AIA intermediates), and suspected TLS interception.
 * With no certificate at all (a connection that failed before the Certificate message) the report holds the
 * connection findings and an untrusted verdict per store.
 */
export function analyzeToReport(req: ReportRequest): Report {
  const pre = req.findings ?? [];
  const order = new Map(req.stores.map((s, i) => [s.name, i] as const));
  const base = { now: req.now, host: req.host, target: req.target ?? null, tls: req.tls ?? null };
  if (req.sent.length === 0 && pre.length > 0) {
    return buildReport({ ...base, sent: [], stores: req.stores.map(emptyVerdict), findings: sortFindings(pre, order) });
  }
  const reference = req.reference ?? req.stores.find((s) => s.kind === 'mozilla') ?? null;
  const input = { sent: req.sent, stores: req.stores, now: req.now, host: req.host, reference };
  const extra = req.extraIntermediates ?? [];
  const analysis = analyzeChain({ ...input, extraIntermediates: extra });
  const plain = extra.length ? analyzeChain(input) : analysis;
  const chainErrors = plain.findings.filter((f) => f.store === null && f.severity === 'error');
  // Go and OpenSSL differ from the Web PKI profile on key sizes, the CN fallback and (OpenSSL) paths that end at a
  // store certificate that is not self-signed: when one of those is in play, judge again under each client's rules.
  const storeOf = (v: StoreVerdict) => req.stores.find((s) => s.name === v.name)!;
  const endsAtNonRoot = plain.stores.some((v) => {
    const end = v.path.at(-1);
    return end !== undefined && storeOf(v).anchors.some((a) => a.fingerprint === end && !a.cert.selfIssued);
  });
  const rulesMatter = endsAtNonRoot || plain.findings.some((f) => f.code === 'WEAK_KEY' || f.code === 'HOSTNAME_MISMATCH');
  const underRules = (rules: ClientRules) => {
    const a = analyzeChain({ ...input, rules });
    return { verdicts: a.stores, chainErrors: a.findings.filter((f) => f.store === null && f.severity === 'error') };
  };
  // Go's verdict always follows Go's own rules (they differ from the Web PKI's both ways); OpenSSL's only where
  // its rules can change the outcome.
  const model: GoModel = goModel(req.goVersion, req.godebug);
  const byClient = { go: { ...underRules(goRules(model)), model }, ...(rulesMatter ? { openssl: underRules(OPENSSL_RULES) } : {}) };
  // Go and OpenSSL read the system store; without it, each chosen store stands for an SSL_CERT_FILE. A browser
  // uses Mozilla's store when chosen, else each chosen store.
  const names = req.stores.map((s) => s.name);
  const goStores = names.includes('system') ? ['system'] : names;
  const browserStores = names.includes('mozilla') ? ['mozilla'] : names;
  const withAia = extra.length ? analysis.stores : undefined;
  // A verdict is the verdict of the whole connection: fatal alerts, suites Go lacks and the like count too.
  const aiaTried = pre.some((f) => f.code === 'AIA_FETCH_FAILED' || f.code === 'AIA_FETCHED');
  const connection = connectionBlockers({ findings: pre, tls: req.tls ?? null, certificates: req.sent.length });
  const profiles = [
    ...goStores.flatMap((store) =>
      profileVerdicts({ verdicts: plain.stores, chainErrors, byClient, goStore: store, opensslStore: store, browserStore: null, connection }),
    ),
    ...browserStores.flatMap((store) =>
      profileVerdicts({ verdicts: plain.stores, chainErrors, goStore: null, opensslStore: null, browserStore: store, withAia, connection, aiaTried }),
    ),
  ];
  const interception = interceptionFindings({
    sent: req.sent,
    host: req.host,
    stores: req.stores,
    verdicts: plain.stores,
    reference: referenceVerdict(req, plain.stores),
  });
  // A store that trusts the chain only thanks to AIA still has the missing intermediate Go trips on: keep it.
  const onlyWithAia = extra.length
    ? plain.stores.flatMap((v) =>
        !v.trusted && analysis.stores.find((w) => w.name === v.name)?.trusted
          ? v.findings
              .filter((f) => f.code === 'MISSING_INTERMEDIATE')
              .map((f) => makeFinding(f.code, f.severity, f.cert, f.store, { ...f.evidence, fetchedThroughAia: true }))
          : [],
      )
    : [];
  const leaf = req.sent[0]!;
  const stapleIssues = stapleFindings({
    tls: req.tls ?? null,
    sent: req.sent,
    others: () => [
      ...extra,
      ...req.stores.flatMap((s) => s.anchors.filter((a) => sameNameDer(a.cert.subject, leaf.issuer)).map((a) => a.cert)),
    ],
    now: req.now,
  });
  // The browser verdict is about the chain; a staple Firefox refuses is said next to it, not folded into it (Chrome
  // does not check OCSP at all).
  const refused = stapleIssues.find((f) => firefoxRefuses(evidenceOf(f, 'OCSP_STAPLE_PROBLEM')?.reason ?? ''));
  const clients = refused
    ? profiles.map((f) => {
        const browser = evidenceOf(f, 'BROWSER_VERDICT');
        return browser && browser.accepts !== false
          ? makeFinding('BROWSER_VERDICT', f.severity, f.cert, f.store, {
              ...browser,
              note: [browser.note, `Firefox refuses the connection: ${evidenceOf(refused, 'OCSP_STAPLE_PROBLEM')!.reason} OCSP staple`].filter(Boolean).join('; '),
              // Said in the verdict itself, so it never reads "browser: accepts" beside "Firefox refuses".
              firefoxRefuses: true,
            })
          : f;
      })
    : profiles;
  return buildReport({
    ...base,
    sent: req.sent,
    stores: analysis.stores,
    findings: sortFindings([...pre, ...analysis.findings, ...onlyWithAia, ...interception, ...stapleIssues, ...clients], order),
  });
}

function referenceVerdict(req: ReportRequest, verdicts: StoreVerdict[]) {
  const ref = req.reference ?? req.stores.find((s) => s.kind === 'mozilla') ?? null;
  if (!ref) return null;
  const chosen = verdicts.find((v) => v.name === ref.name);
  if (chosen && req.stores.includes(ref)) return { store: ref, verdict: chosen };
  const verdict = analyzeChain({ sent: req.sent, stores: [ref], now: req.now, host: req.host }).stores[0]!;
  return { store: ref, verdict };
}

/** The report for a capture: its certificates, connection findings, target and handshake, plus any AIA fetches. */
export function captureToReport(
  parsed: ParsedCapture,
  opts: {
    stores: TrustStore[];
    reference: TrustStore | null;
    now: Date;
    host: string;
    aia?: { extra: Certificate[]; findings: Finding[] } | null;
    goVersion?: string;
    godebug?: string;
  },
): Report {
  const { capture } = parsed;
  return analyzeToReport({
    reference: opts.reference,
    sent: parsed.sent,
    stores: opts.stores,
    now: opts.now,
    host: opts.host,
    findings: [...parsed.findings, ...(opts.aia?.findings ?? [])],
    extraIntermediates: opts.aia?.extra,
    target: { ...capture.target },
    tls: capture.tls,
    ...(opts.goVersion !== undefined ? { goVersion: opts.goVersion } : {}),
    ...(opts.godebug !== undefined ? { godebug: opts.godebug } : {}),
  });
}
