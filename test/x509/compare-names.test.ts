import { describe, expect, it } from 'vitest';
import { compareNames } from '../../src/x509/names.js';
import type { DistinguishedName } from '../../src/model/certificate.js';

const OID: Record<string, string> = { C: '2.5.4.6', O: '2.5.4.10', OU: '2.5.4.11', CN: '2.5.4.3', ST: '2.5.4.8' };
const dn = (...pairs: Array<[string, string]>): DistinguishedName => ({
  der: new Uint8Array(),
  text: pairs.map(([t, v]) => `${t}=${v}`).join(', '),
  attributes: pairs.map(([type, value]) => ({ type, oid: OID[type]!, value })),
});

describe('compareNames', () => {
  it('pairs attributes by type, so an extra attribute does not shift the rest', () => {
    const rows = compareNames(dn(['C', 'US'], ['O', 'Google Trust Services'], ['CN', 'WR2']), dn(['C', 'US'], ['ST', 'CA'], ['O', 'Google Trust Services'], ['CN', 'WR2']));
    expect(rows.map((r) => [r.type, r.left, r.right, r.differs])).toEqual([
      ['C', 'US', 'US', false],
      ['O', 'Google Trust Services', 'Google Trust Services', false],
      ['CN', 'WR2', 'WR2', false],
      ['ST', null, 'CA', true],
    ]);
  });

  it('marks the differing attribute of a look-alike issuer', () => {
    const rows = compareNames(dn(['C', 'US'], ['O', 'Lab Trust'], ['CN', 'Lab WR2']), dn(['C', 'US'], ['O', 'Lab Impostor'], ['CN', 'Lab WR2']));
    expect(rows.filter((r) => r.differs).map((r) => r.type)).toEqual(['O']);
  });

  it('compares case- and space-insensitively, as RFC 5280 name matching does for display', () => {
    const rows = compareNames(dn(['CN', 'Example  CA']), dn(['CN', 'example ca']));
    expect(rows[0]!.differs).toBe(false);
  });
});
