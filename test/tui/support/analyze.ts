import { analyzeChain } from '../../../src/diagnose/index.js';
import { buildReport } from '../../../src/report/index.js';
import type { Report, TlsInfo } from '../../../src/model/report.js';
import type { TrustStore } from '../../../src/model/store.js';
import type { Certificate } from '../../../src/model/certificate.js';

export interface AnalyzeInput {
  sent: Certificate[];
  host: string;
  stores: string[];
  anchors: Record<string, Certificate[]>;
  now: Date;
  tls: TlsInfo;
  target: string;
}

function store(name: string, certs: Certificate[]): TrustStore {
  return {
    name,
    kind: 'file',
    description: `test store ${name} (${certs.length} anchors)`,
    anchors: certs.map((cert, i) => ({ cert, store: name, source: `${name}#${i}`, fingerprint: cert.sha256, serverAuth: true })),
    sources: [],
    problems: [],
    meta: {},
  };
}

/** The real core: analyzeChain over the test stores, then buildReport. */
export function analyze(input: AnalyzeInput): Report {
  const stores = input.stores.map((n) => store(n, input.anchors[n] ?? []));
  const a = analyzeChain({ sent: input.sent, stores, now: input.now, host: input.host });
  const [host, port] = input.target.split(':');
  return buildReport({
    now: input.now,
    host: input.host,
    sent: input.sent,
    stores: a.stores,
    findings: a.findings,
    target: { host: host!, port: Number(port), servername: input.host, connect: null, proxy: null },
    tls: input.tls,
  });
}
