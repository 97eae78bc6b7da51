import { describe, expect, it } from 'vitest';
import { makeFinding } from '../../src/diagnose/index.js';
import { evidenceOf } from '../../src/model/evidence.js';
import { FINDING_CODES } from '../../src/model/finding.js';
import { FINDINGS, fixFinding, rankOf } from '../../src/model/findings.js';
import { FAILURE_RANK } from '../../src/path/rank.js';
import { FIXES, fixFor } from '../../src/tui/fixes.js';

describe('the FINDINGS table', () => {
  it('has a row for every code, whose words never show "undefined" even without evidence', () => {
    expect(Object.keys(FINDINGS).sort()).toEqual([...FINDING_CODES].sort());
    for (const code of FINDING_CODES) {
      const row = FINDINGS[code];
      expect(['error', 'warning', 'info']).toContain(row.severity);
      expect(row.explain({} as never)).not.toMatch(/undefined/);
      expect(row.fix({} as never)).toMatch(/^[^\n]{10,100}$/);
    }
  });

  it('is what makeFinding, the path ranks and the TUI read', () => {
    const evidence = { subject: 'CN=leaf', now: '2026-01-02T00:00:00.000Z', notAfter: '2026-01-01T00:00:00.000Z' };
    const f = makeFinding('CERT_EXPIRED', 'error', 0, null, evidence);
    expect(f.message).toBe(FINDINGS.CERT_EXPIRED.explain(evidence));
    expect(f.message).toBe('certificate CN=leaf has expired: current time 2026-01-02T00:00:00.000Z is after 2026-01-01T00:00:00.000Z');
    expect(rankOf('CERT_EXPIRED')).toBe(90);
    expect(FAILURE_RANK.CERT_EXPIRED).toBe(90);
    expect(FAILURE_RANK.GO_VERDICT).toBeUndefined();
    for (const code of FINDING_CODES) expect(FIXES[code]).toBe(fixFinding(code, {}));
  });

  it('picks a fix from the evidence where the evidence changes what to do', () => {
    const missing = { client: 'browser', store: 's', accepts: false, reason: 'MISSING_INTERMEDIATE' };
    const other = { ...missing, reason: 'HOSTNAME_MISMATCH' };
    expect(fixFor('BROWSER_VERDICT', missing)).toContain('send the full chain');
    expect(fixFor('BROWSER_VERDICT', other)).toBe('this is what a browser would say: fix the error findings above it');
  });

  it('reads evidence back typed by code, and only for that code', () => {
    const f = makeFinding('GO_VERDICT', 'info', null, 'system', { client: 'go', store: 'system', accepts: true, reason: null, note: null });
    expect(evidenceOf(f, 'GO_VERDICT')?.accepts).toBe(true);
    expect(evidenceOf(f, 'OPENSSL_VERDICT')).toBeUndefined();
    expect(evidenceOf(undefined, 'GO_VERDICT')).toBeUndefined();
  });
});

describe('the store SPEC grammar', () => {
  it('reads built-in names, certdata:PATH and paths, as written', async () => {
    const { parseStoreSpec } = await import('../../src/model/store-spec.js');
    expect(parseStoreSpec('mozilla')).toEqual({ kind: 'builtin', name: 'mozilla' });
    expect(parseStoreSpec('certdata:./x.txt')).toEqual({ kind: 'certdata', path: './x.txt' });
    expect(parseStoreSpec('./roots.pem')).toEqual({ kind: 'path', path: './roots.pem' });
    expect(parseStoreSpec(' mozilla')).toEqual({ kind: 'path', path: ' mozilla' });
  });

  it("is the TUI's store normalisation", async () => {
    const { storeLocation } = await import('../../src/tui/session-engine.js');
    expect(storeLocation(' node ', '/w', '/h')).toBe('node');
    expect(storeLocation('certdata:~/c.txt', '/w', '/h')).toBe('certdata:/h/c.txt');
    expect(storeLocation('r.pem', '/w', null)).toBe('/w/r.pem');
  });
});
