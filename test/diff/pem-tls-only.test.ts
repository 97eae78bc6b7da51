import { describe, expect, it } from 'vitest';
import { diffStores, renderDiffPem } from '../../src/diff/index.js';
import { loadStore } from '../../src/trust/index.js';
import { readCertificates } from '../../src/x509/index.js';
import { packageRoot } from '../../src/util/package-root.js';

describe('diff --format pem', () => {
  it('writes only roots the side trusts for websites with no distrust date (Mozilla vs Node)', async () => {
    const ctx = { env: {}, platform: process.platform, packageRoot: packageRoot() };
    const mozilla = await loadStore('mozilla', ctx);
    const node = await loadStore('node', ctx);
    const now = new Date('2026-11-25T00:00:00Z');
    const diff = diffStores([mozilla, node], { now });
    const onlyMozilla = diff.pair!.onlyInA.map((r) => mozilla.anchors.find((a) => a.fingerprint === r.sha256)!);
    const expected = onlyMozilla.filter((a) => a.serverAuth && !a.distrustAfter).map((a) => a.fingerprint).sort();
    expect(onlyMozilla.length).toBeGreaterThan(expected.length); // email-only and distrusted roots exist on that side
    const pem = renderDiffPem([mozilla, node], diff);
    const written = pem ? readCertificates(new TextEncoder().encode(pem), 'out.pem').map((s) => s.cert.sha256).sort() : [];
    expect(written).toEqual(expected);
  });
});
