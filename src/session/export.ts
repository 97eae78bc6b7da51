import { planExport, renderBundle, usageHint, type ExportKind, type ExportPlan } from '../export/index.js';
import type { Report } from '../model/report.js';
import type { TrustStore } from '../model/store.js';
import type { Certificate } from '../model/certificate.js';
import { analyzeToReport } from './report.js';

export interface BundleRequest {
  kind: ExportKind;
  sent: Certificate[];
  stores: TrustStore[];
  /** The store the bundle is for (one of stores, by name). */
  store: string;
  report: Report;
  extra: Certificate[];
  now: Date;
  host: string | null;
}

export interface Bundle {
  plan: ExportPlan;
  /** The PEM text with comment lines, empty when refused. */
  text: string;
  /** Whether the chain validates in the chosen store once the bundle is used as intended (null for "sent"). */
  validatesAfter: boolean | null;
}

/** Plans a bundle and proves what it fixes: the validation re-run with the bundle in place. Pure. */
export function makeBundle(req: BundleRequest): Bundle {
  // Verdicts name their store (StoreVerdict.name is the store's SPEC): joined by that, never by position.
  const store = req.stores.find((s) => s.name === req.store);
  const judged = req.report.stores.find((v) => v.name === req.store);
  if (!store || !judged) throw new Error(`store "${req.store}" is not loaded`);
  // A bundle fixes the chain for clients that never fetch AIA (Go, OpenSSL): plan from the verdict without the
  // fetched intermediates (they stay available to build the path), or "trust" would find nothing to add.
  const verdict = req.extra.length
    ? analyzeToReport({ sent: req.sent, stores: [store], now: req.now, host: req.host }).stores[0]!
    : judged;
  const plan = planExport(req.kind, {
    sent: req.sent,
    verdict,
    store,
    extra: req.extra,
    findings: req.report.findings,
  });
  if (plan.refused) return { plan, text: '', validatesAfter: null };
  return { plan, text: renderBundle(plan.certificates, req.now), validatesAfter: checkAfter(req, store, plan.certificates) };
}

function checkAfter(req: BundleRequest, store: TrustStore, certs: Certificate[]): boolean | null {
  const trusted = (sent: Certificate[], s: TrustStore) =>
    analyzeToReport({ sent, stores: [s], now: req.now, host: req.host }).stores[0]!.trusted;
  switch (req.kind) {
    case 'sent':
      return null;
    case 'fullchain':
      return certs.length > 0 && trusted(certs, store);
    case 'missing':
      return trusted([...req.sent, ...certs], store);
    case 'trust': {
      const added = certs.map((cert) => ({
        cert,
        store: store.name,
        source: 'chaindbg export',
        fingerprint: cert.sha256,
        serverAuth: true,
      }));
      return trusted(req.sent, { ...store, anchors: [...store.anchors, ...added] });
    }
  }
}

export { usageHint };
