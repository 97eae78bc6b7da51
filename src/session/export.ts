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
  /** The shipped Mozilla store (the reference): a root the chosen store lacks may come from it. */
  reference?: TrustStore | null;
  /** `trust` only: write the chosen store's own websites roots too (a merged bundle, safe as SSL_CERT_FILE). */
  merge?: boolean;
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
    otherAnchors: [...req.stores.filter((s) => s !== store), ...(req.reference && !req.stores.includes(req.reference) ? [req.reference] : [])].flatMap((s) =>
      s.anchors.filter((a) => a.serverAuth && !a.distrustAfter).map((a) => ({ cert: a.cert, store: s.name })),
    ),
  });
  if (plan.refused) return { plan, text: '', validatesAfter: null };
  const validatesAfter = checkAfter(req, store, plan.certificates);
  if (req.kind === 'trust' && req.merge && plan.certificates.length > 0) {
    // The merged bundle: the store's own websites roots (expired and distrusted ones left out, and said so), then
    // what it lacks. Used as SSL_CERT_FILE it adds to the store instead of replacing it.
    const t = req.now.getTime();
    const own = store.anchors.filter((a) => a.serverAuth && !a.distrustAfter && a.cert.notAfter.getTime() >= t);
    const left = store.anchors.length - own.length;
    const seen = new Set(plan.certificates.map((c) => c.sha256));
    const certs = [...own.map((a) => a.cert).filter((c) => !seen.has(c.sha256)), ...plan.certificates];
    const warnings = [
      ...plan.warnings,
      `merged: ${own.length} websites roots of ${store.name} kept${left ? `, ${left} left out (expired, distrusted or not for websites)` : ''}, then the ${plan.certificates.length} added`,
    ];
    return { plan: { ...plan, certificates: certs, warnings }, text: renderBundle(certs, req.now), validatesAfter };
  }
  return { plan, text: renderBundle(plan.certificates, req.now), validatesAfter };
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
