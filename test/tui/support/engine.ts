import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ExportKind, ProbeOutcome, TlsChoice, TuiEngine, TuiTarget } from '../../../src/tui/index.js';
import type { TlsInfo } from '../../../src/report/types.js';
import { toPem } from '../../../src/x509/index.js';
import type { Certificate } from '../../../src/x509/types.js';
import { analyze } from './analyze.js';
import { NOW, type TestPki } from './scenarios.js';

/** What the test engine keeps per probe: the certificates, so it can re-analyse and export. */
interface Handle {
  target: TuiTarget;
  tls: TlsChoice;
  host: string;
  sent: Certificate[];
}

export interface Calls {
  probe: { id: string; tls: TlsChoice; stores: string[] }[];
  reanalyze: string[][];
  exportPlan: { kind: ExportKind; store: string }[];
  exportWrite: { kind: ExportKind; store: string; path: string }[];
}

function tlsInfo(tls: TlsChoice): TlsInfo {
  return {
    version: tls === '1.3' ? 'TLSv1.3' : 'TLSv1.2',
    cipher: tls === '1.3' ? 'TLS_AES_128_GCM_SHA256' : 'TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256',
    group: 'x25519',
    alpn: null,
    helloRetryRequest: false,
    chainAuthenticated: tls === '1.3',
    alerts: [],
    ocsp: null,
    scts: [],
    timings: { connectMs: 1, handshakeMs: 2, totalMs: 3 },
  };
}

/**
 * A TuiEngine over the test PKI: probe "connects" to nothing; it picks the scenario by target and analyses the
 * certificates with the real core. At TLS 1.2 good.test also sends its root (so the two versions' chains differ).
 * `gate` holds probes until released, to observe the probing state.
 */
export function testEngine(t: TestPki, opts: { targets?: TuiTarget[]; gate?: Promise<void> } = {}) {
  const calls: Calls = { probe: [], reanalyze: [], exportPlan: [], exportWrite: [] };
  const dir = mkdtempSync(join(tmpdir(), 'chaindbg-tui-'));
  const outcome = (h: Handle, stores: string[]): ProbeOutcome => ({
    report: analyze({ sent: h.sent, host: h.host, stores, anchors: t.stores, now: NOW, tls: tlsInfo(h.tls), target: h.target.target }),
    handle: h,
  });
  const engine: TuiEngine = {
    async targets() {
      return (
        opts.targets ?? [
          { id: 'good', label: 'good.test (GOPROXY)', target: 'good.test:443' },
          { id: 'missing', label: 'missing.test (GOSUMDB)', target: 'missing.test:443' },
          { id: 'corp', label: 'corp.test (GOPRIVATE)', target: 'corp.test:443' },
        ]
      );
    },
    availableStores: () => ['system', 'mozilla', 'node', 'corp'],
    async probe(target, o, signal) {
      calls.probe.push({ id: target.id, tls: o.tls, stores: o.stores });
      if (opts.gate) await opts.gate;
      if (signal.aborted) throw new Error('aborted');
      const sc = t.scenarios[target.target];
      if (!sc) throw new Error(`connect ECONNREFUSED ${target.target}`);
      const sent = o.tls === '1.2' && target.target === 'good.test:443' ? [...sc.sent, t.pki.root.cert] : sc.sent;
      return outcome({ target, tls: o.tls, host: sc.host, sent }, o.stores);
    },
    async reanalyze(o, stores) {
      calls.reanalyze.push(stores);
      return outcome(o.handle as Handle, stores);
    },
    async exportPlan(o, kind, store) {
      calls.exportPlan.push({ kind, store });
      const h = o.handle as Handle;
      const certs = kind === 'sent' ? h.sent : kind === 'trust' ? (t.stores[store] ?? []) : h.sent;
      return { path: join(dir, `${h.host}-${kind}.pem`), summary: `${kind} bundle for ${h.host}`, certificates: certs.length };
    },
    async exportWrite(o, kind, store, path) {
      calls.exportWrite.push({ kind, store, path });
      const h = o.handle as Handle;
      writeFileSync(path, h.sent.map((c) => toPem(c.der)).join(''));
      return { ok: true, message: `wrote ${h.sent.length} certificates to ${path}` };
    },
  };
  return { engine, calls, dir };
}
