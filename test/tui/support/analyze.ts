import { buildReport } from '../../../src/report/index.js';
import type { PathElement, Report, StoreVerdict, TlsInfo } from '../../../src/report/types.js';
import type { Finding } from '../../../src/diagnose/types.js';
import { sameNameDer, shortName } from '../../../src/x509/index.js';
import type { Certificate } from '../../../src/x509/types.js';

export interface AnalyzeInput {
  sent: Certificate[];
  host: string;
  stores: string[];
  anchors: Record<string, Certificate[]>;
  now: Date;
  tls: TlsInfo;
  target: string;
}

/**
 * TEMPORARY stand-in until src/diagnose lands: walks issuer names through sent certificates then the store, just
 * enough to give the TUI real certificates with trusted / MISSING_INTERMEDIATE / UNKNOWN_ROOT verdicts.
 */
export function analyze(input: AnalyzeInput): Report {
  const verdicts: StoreVerdict[] = input.stores.map((name) => {
    const anchors = input.anchors[name] ?? [];
    const chain: PathElement[] = [];
    const findings: Finding[] = [];
    let cur = input.sent[0]!;
    let trusted = false;
    for (let depth = 0; depth < 8; depth++) {
      const sentIndex = input.sent.indexOf(cur);
      const el: PathElement = {
        sha256: cur.sha256,
        subject: shortName(cur.subject),
        origin: sentIndex >= 0 ? 'sent' : 'store',
        sentIndex: sentIndex >= 0 ? sentIndex : null,
        link: null,
        problems: [],
      };
      chain.push(el);
      const anchor = anchors.find((a) => sameNameDer(a.subject, cur.issuer));
      if (anchors.some((a) => a.sha256 === cur.sha256)) {
        trusted = true;
        break;
      }
      const next = input.sent.find((c) => c !== cur && sameNameDer(c.subject, cur.issuer)) ?? anchor;
      if (!next) {
        const missing = !cur.selfIssued && !anchor;
        el.link = { ok: false, reason: `issuer ${shortName(cur.issuer)} not sent and not in ${name}` };
        const code = cur.selfIssued ? 'UNKNOWN_ROOT' : missing && cur.issuer.text.includes('Int') ? 'MISSING_INTERMEDIATE' : 'UNKNOWN_ROOT';
        findings.push({
          code,
          severity: 'error',
          cert: sentIndex >= 0 ? sentIndex : null,
          store: name,
          message: `${shortName(cur.subject)}: issuer ${shortName(cur.issuer)} not found`,
          evidence: { issuer: cur.issuer.text, store: name },
        });
        break;
      }
      el.link = { ok: true, reason: null };
      cur = next;
    }
    return {
      name,
      description: `test store ${name}`,
      trusted,
      path: trusted ? chain.map((e) => e.sha256) : [],
      chain,
      validPaths: trusted ? [chain.map((e) => e.sha256)] : [],
      search: { pathsTried: 1, signatureChecks: chain.length, buildCalls: 1, exhausted: false },
      findings,
    };
  });
  const [host, port] = input.target.split(':');
  return buildReport({
    now: input.now,
    host: input.host,
    sent: input.sent,
    stores: verdicts,
    findings: verdicts.flatMap((v) => v.findings),
    target: { host: host!, port: Number(port), servername: input.host, connect: null, proxy: null },
    tls: input.tls,
  });
}
