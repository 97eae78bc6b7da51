/**
 * The text report shows what a one-line message cannot: for a broken link (ISSUER_MISMATCH) both names attribute by
 * attribute with the differing ones marked, and the key identifiers; for a missing issuer, the key id it should have.
 * Real certificates from certs/reference: a www.google.com leaf sent with Let's Encrypt's R3 as its "intermediate".
 */
import { describe, expect, it } from 'vitest';
import { renderText } from '../../src/report/index.js';
import { analyzeToReport } from '../../src/session/index.js';
import { referenceCert } from '../support/certs.js';

describe('finding detail in the text report', () => {
  it('ISSUER_MISMATCH: names side by side, differing attributes marked, AKI against SKI', () => {
    const sent = [referenceCert('leaf-www.google.com-wr2-2024'), referenceCert('letsencrypt-r3')];
    const report = analyzeToReport({ sent, stores: [], now: new Date('2024-07-01T00:00:00Z'), host: 'www.google.com' });
    const text = renderText(report);
    const block = text.split('\n');
    const at = block.findIndex((l) => l.includes('ISSUER_MISMATCH [1]'));
    expect(at).toBeGreaterThan(0);
    expect(block[at + 1]).toMatch(/issuer of the child\s+subject of the next/);
    expect(block.slice(at + 2, at + 5)).toEqual([
      expect.stringMatching(/^ {8}== C +US +US$/),
      expect.stringMatching(/^ {8}!= O +Google Trust Services +Let's Encrypt$/),
      expect.stringMatching(/^ {8}!= CN +WR2 +R3$/),
    ]);
    expect(block[at + 5]).toMatch(/^ {8}!= key id: AKI [0-9a-f]{16}… {2}SKI [0-9a-f]{16}…$/);
  });
});
