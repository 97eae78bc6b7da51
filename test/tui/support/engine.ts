import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { unsentDetails, type ExportKind, type ProbeOutcome, type TlsChoice, type TuiEngine, type TuiTarget } from '../../../src/tui/index.js';
import type { TlsInfo } from '../../../src/model/report.js';
import { toPem } from '../../../src/x509/index.js';
import type { Certificate } from '../../../src/model/certificate.js';
import { analyze } from './analyze.js';
import { NOW, type TestPki } from './scenarios.js';

/** What the test engine keeps per probe: the certificates, so it can re-analyse and export. */
interface Handle {
  target: TuiTarget;
  /** The version the server spoke. */
  version: '1.2' | '1.3';
  host: string;
  sent: Certificate[];
}

export interface Calls {
  probe: { id: string; tls: TlsChoice; stores: string[]; aia: boolean }[];
  reanalyze: string[][];
  reanalyzeAia: boolean[];
  exportPlan: { kind: ExportKind; store: string; aia: boolean }[];
  exportWrite: { kind: ExportKind; store: string; path: string; aia: boolean; force?: boolean }[];
  addStore: string[];
}

function tlsInfo(version: '1.2' | '1.3'): TlsInfo {
  return {
    version: version === '1.3' ? 'TLSv1.3' : 'TLSv1.2',
    cipher: version === '1.3' ? 'TLS_AES_128_GCM_SHA256' : 'TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256',
    group: 'x25519',
    alpn: null,
    helloRetryRequest: false,
    chainAuthenticated: version === '1.3',
    alerts: [],
    ocsp: null,
    scts: [],
    timings: { connectMs: 1, handshakeMs: 2, totalMs: 3 },
  };
}

/**
 * What `addStore` finds in the engine's folder, as the CLI's engine would: "ca.pem" holds Corp Root, "second.pem" the
 * Second Root, "empty-dir" is a folder without a certificate; anything else is missing. A file goes by its path in
 * that folder ("./" in front is the same file); a store offered or added before is answered without loading.
 */
const STORE_FILES: Record<string, 'corp' | 'root2' | 'empty'> = { 'ca.pem': 'corp', 'second.pem': 'root2', 'empty-dir': 'empty' };

/**
 * A TuiEngine over the test PKI: probe "connects" to nothing; it picks the scenario by target and analyses the
 * certificates with the real core, and summarises the store anchors on the paths as the CLI's engine does. At TLS
 * 1.2 good.test also sends its root (so the two versions' chains differ); 'auto' gets the server's highest
 * version. It never fetches AIA: with AIA off, an export refused for a missing issuer names the caIssuers URLs.
 * `gate` holds probes until released, to observe the probing state; `storeGate` holds store loads.
 * `addStore` loads the files of STORE_FILES.
 */
export function testEngine(t: TestPki, opts: { targets?: TuiTarget[]; gate?: Promise<void>; storeGate?: Promise<void> } = {}) {
  const calls: Calls = { probe: [], reanalyze: [], reanalyzeAia: [], exportPlan: [], exportWrite: [], addStore: [] };
  const dir = mkdtempSync(join(tmpdir(), 'chaindbg-tui-'));
  const anchors: Record<string, Certificate[]> = { ...t.stores };
  const offered = ['system', 'mozilla', 'node', 'corp'];
  const outcome = (h: Handle, stores: string[]): ProbeOutcome => {
    const report = analyze({ sent: h.sent, host: h.host, stores, anchors, now: NOW, tls: tlsInfo(h.version), target: h.target.target });
    const held = stores.flatMap((name) => (anchors[name] ?? []).map((cert, i) => ({ cert, source: `${name}#${i}` })));
    return { report, unsent: unsentDetails(report, held), handle: h };
  };
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
    availableStores: () => [...offered],
    async addStore(input) {
      calls.addStore.push(input);
      if (opts.storeGate) await opts.storeGate;
      const name = input.trim();
      if (offered.includes(name)) return { spec: name, summary: `${name}: ${anchors[name]!.length} roots` };
      const spec = join(dir, name.replace(/^\.\//, ''));
      if (anchors[spec]) return { spec, summary: `file ${spec}: ${anchors[spec]!.length} root` };
      const file = STORE_FILES[name.replace(/^\.\//, '')];
      if (!file) throw new Error(`store "${spec}": no such file or directory`);
      if (file === 'empty') throw new Error(`store "${spec}": no certificate in any file`);
      anchors[spec] = [t.pki[file].cert];
      return { spec, summary: `file ${spec}: 1 root` };
    },
    async probe(target, o, signal) {
      calls.probe.push({ id: target.id, tls: o.tls, stores: o.stores, aia: o.aia });
      if (opts.gate) await opts.gate;
      if (signal.aborted) throw new Error('aborted');
      const sc = t.scenarios[target.target];
      if (!sc) throw new Error(`connect ECONNREFUSED ${target.target}`);
      const version = o.tls === 'auto' ? (sc.only ?? '1.3') : o.tls;
      if (sc.only && sc.only !== version) throw new Error(`TLS alert from the server: fatal protocol_version (70) at TLS ${version}`);
      const sent = version === '1.2' && target.target === 'good.test:443' ? [...sc.sent, t.pki.root.cert] : sc.sent;
      return outcome({ target, version, host: sc.host, sent }, o.stores);
    },
    async reanalyze(o, a) {
      calls.reanalyze.push(a.stores);
      calls.reanalyzeAia.push(a.aia);
      return outcome(o.handle as Handle, a.stores);
    },
    async exportPlan(o, kind, store, a) {
      calls.exportPlan.push({ kind, store, aia: a.aia });
      const h = o.handle as Handle;
      const certs = kind === 'sent' ? h.sent : kind === 'trust' ? (t.stores[store] ?? []) : h.sent;
      const dangling = h.sent.length === 1 && !h.sent[0]!.selfIssued ? h.sent[0]!.aia.caIssuers : [];
      return {
        path: join(dir, `${h.host}-${kind}.pem`),
        summary: `${kind} bundle for ${h.host}`,
        certificates: certs.length,
        ...(!a.aia && kind !== 'sent' && dangling.length ? { aiaUrls: dangling } : {}),
      };
    },
    async exportWrite(o, kind, store, path, a) {
      calls.exportWrite.push({ kind, store, path, aia: a.aia, ...(a.force ? { force: true } : {}) });
      if (existsSync(path) && !a.force) return { ok: false, exists: true, message: `${path} already exists` };
      const h = o.handle as Handle;
      writeFileSync(path, h.sent.map((c) => toPem(c.der)).join(''));
      return { ok: true, message: `wrote ${h.sent.length} certificates to ${path}` };
    },
  };
  return { engine, calls, dir };
}
