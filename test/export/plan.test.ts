import { beforeAll, describe, expect, it } from 'vitest';
import { planExport, type ExportInput } from '../../src/export/index.js';
import { finding, makeExportPki, storeOf, subjects, verdictOf } from './fixtures.js';

let pki: Awaited<ReturnType<typeof makeExportPki>>;
beforeAll(async () => {
  pki = await makeExportPki();
});

const pub = () => storeOf('pub', [pki.root.cert]);

describe('planExport on a chain the store trusts', () => {
  const input = (): ExportInput => {
    const store = pub();
    const sent = [pki.leaf.cert, pki.int.cert, pki.root.cert]; // root sent too: fullchain must drop it
    return { sent, store, extra: [], findings: [], verdict: verdictOf(store, [pki.leaf.cert, pki.int.cert, pki.root.cert]) };
  };

  it('fullchain is leaf then intermediates, never the anchor', () => {
    const plan = planExport('fullchain', input());
    expect(plan.refused).toBeUndefined();
    expect(subjects(plan.certificates)).toBe('CN=a.example -> CN=Public Int');
  });

  it('sent is the chain as sent, missing and trust are empty with a warning', () => {
    expect(planExport('sent', input()).certificates.map((c) => c.sha256)).toEqual(input().sent.map((c) => c.sha256));
    for (const kind of ['missing', 'trust'] as const) {
      const plan = planExport(kind, input());
      expect(plan.refused).toBeUndefined();
      expect(plan.certificates).toEqual([]);
      expect(plan.warnings).toHaveLength(1);
    }
  });
});

describe('planExport when the server omits the intermediate', () => {
  const input = (withAia: boolean): ExportInput => {
    const store = pub();
    return {
      sent: [pki.leaf.cert],
      store,
      extra: withAia ? [pki.int.cert] : [],
      findings: [],
      verdict: verdictOf(store, null, [finding('MISSING_INTERMEDIATE', 'pub')]),
    };
  };

  it('uses the AIA-completed path for fullchain, missing and trust, and says so', () => {
    const full = planExport('fullchain', input(true));
    expect(subjects(full.certificates)).toBe('CN=a.example -> CN=Public Int');
    expect(full.warnings.some((w) => w.includes('AIA'))).toBe(true);
    expect(subjects(planExport('missing', input(true)).certificates)).toBe('CN=Public Int');
    const trust = planExport('trust', input(true));
    expect(subjects(trust.certificates)).toBe('CN=Public Int');
  });

  it('refuses fullchain, missing and trust when AIA found nothing', () => {
    for (const kind of ['fullchain', 'missing', 'trust'] as const) {
      const plan = planExport(kind, input(false));
      expect(plan.refused).toBeDefined();
      expect(plan.certificates).toEqual([]);
    }
  });
});

describe('planExport trust for a root the store lacks', () => {
  it('exports missing intermediate and root, warning loudly when interception is suspected', () => {
    const store = pub();
    const base: ExportInput = {
      sent: [pki.corpLeaf.cert],
      store,
      extra: [pki.corpInt.cert, pki.corp.cert],
      findings: [],
      verdict: verdictOf(store, null, [finding('MISSING_INTERMEDIATE', 'pub'), finding('UNKNOWN_ROOT', 'pub')]),
    };
    const plain = planExport('trust', base);
    expect(plain.certificates.map((c) => c.sha256)).toEqual([pki.corpInt.cert.sha256, pki.corp.cert.sha256]);
    expect(plain.warnings.some((w) => w.includes(pki.corp.cert.sha256))).toBe(true);
    expect(plain.warnings.some((w) => w.includes('INTERCEPTION'))).toBe(false);

    const suspected = planExport('trust', { ...base, findings: [finding('INTERCEPTION_SUSPECTED', null, { root: pki.corp.cert.sha256 })] });
    expect(suspected.certificates.map((c) => c.sha256)).toEqual([pki.corpInt.cert.sha256, pki.corp.cert.sha256]);
    expect(suspected.warnings.some((w) => w.startsWith('WARNING: INTERCEPTION SUSPECTED') && w.includes(pki.corp.cert.sha256))).toBe(true);

    // fullchain stops below the root and says clients need it
    const full = planExport('fullchain', base);
    expect(full.certificates.map((c) => c.sha256)).toEqual([pki.corpLeaf.cert.sha256, pki.corpInt.cert.sha256]);
    expect(full.warnings.some((w) => w.includes('not a pub anchor'))).toBe(true);
  });

  it('warns when the server itself sent a self-signed root no store has', () => {
    const store = pub();
    const plan = planExport('trust', {
      sent: [pki.corpDirect.cert, pki.corp.cert],
      store,
      extra: [],
      findings: [],
      verdict: verdictOf(store, null, [finding('UNKNOWN_ROOT', 'pub')]),
    });
    expect(plan.certificates.map((c) => c.sha256)).toEqual([pki.corp.cert.sha256]);
    expect(plan.warnings.some((w) => w.startsWith('WARNING: the server itself sent') && w.includes(pki.corp.cert.sha256))).toBe(true);
  });

  it('refuses a root whose own signature does not verify, and one that is not a CA', () => {
    const store = pub();
    const bad = planExport('trust', {
      sent: [pki.corpDirect.cert, pki.badRoot],
      store,
      extra: [],
      findings: [],
      verdict: verdictOf(store, null, [finding('UNKNOWN_ROOT', 'pub')]),
    });
    expect(bad.refused).toMatch(/signature/);
    expect(bad.certificates).toEqual([]);
    const notCa = planExport('trust', {
      sent: [pki.notCaLeaf.cert, pki.notCa.cert],
      store,
      extra: [],
      findings: [],
      verdict: verdictOf(store, null, [finding('UNKNOWN_ROOT', 'pub'), finding('NOT_A_CA', 'pub')]),
    });
    expect(notCa.refused).toMatch(/CA:FALSE/);
  });

  it('refuses trust when adding certificates cannot help (expired leaf, complete chain)', () => {
    const store = pub();
    const plan = planExport('trust', {
      sent: [pki.expired.cert, pki.int.cert],
      store,
      extra: [],
      findings: [],
      verdict: verdictOf(store, null, [finding('CERT_EXPIRED', 'pub'), finding('HOSTNAME_MISMATCH', 'other-store')]),
    });
    expect(plan.refused).toContain('CERT_EXPIRED');
    expect(plan.refused).not.toContain('HOSTNAME_MISMATCH');
    const full = planExport('fullchain', {
      sent: [pki.expired.cert, pki.int.cert],
      store,
      extra: [],
      findings: [],
      verdict: verdictOf(store, null, [finding('CERT_EXPIRED', 'pub')]),
    });
    expect(subjects(full.certificates)).toBe('CN=a.example -> CN=Public Int');
    expect(full.warnings.some((w) => w.includes('CERT_EXPIRED'))).toBe(true);
  });

  it('refuses everything but sent for an empty chain', () => {
    const store = pub();
    const plan = planExport('fullchain', { sent: [], store, extra: [], findings: [], verdict: verdictOf(store, null) });
    expect(plan.refused).toBeDefined();
  });
});
