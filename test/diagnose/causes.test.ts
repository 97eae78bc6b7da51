/**
 * groupCauses, as a table: ranked findings in, causes out (the lead, the stores it affects, the client verdicts it
 * explains, its consequences). Findings are made with makeFinding, as the analysis makes them.
 */
import { describe, expect, it } from 'vitest';
import { groupCauses } from '../../src/diagnose/causes.js';
import { makeFinding } from '../../src/diagnose/index.js';
import type { Finding } from '../../src/model/finding.js';

const STORES = ['./corp.pem', 'mozilla', 'system'];
const missing = (store: string, extra: Record<string, unknown> = {}) =>
  makeFinding('MISSING_INTERMEDIATE', 'error', 0, store, { issuer: 'CN=Int', child: 'CN=leaf', aki: 'aa', ...extra });
const verdict = (code: 'GO_VERDICT' | 'OPENSSL_VERDICT' | 'BROWSER_VERDICT', store: string, accepts: boolean, reason: string | null) =>
  makeFinding(code, 'info', null, null, { client: code.split('_')[0]!.toLowerCase(), store, accepts, reason });
const lookalike = makeFinding('ISSUER_MISMATCH', 'error', 1, null, { child: 'CN=leaf', next: 'CN=Int', lookalike: true, cause: true, aki: 'aa', ski: 'bb' });

/** A cause as codes and stores, to compare compactly: "CODE@store,store <- CODE, CODE". */
const shape = (findings: Finding[]) =>
  groupCauses(findings, STORES).map((c) => `${c.code}${c.stores.length ? `@${c.stores.join(',')}` : ''}${c.findings.length > 1 ? ` <- ${c.findings.slice(1).map((i) => findings[i]!.code).join(', ')}` : ''}`);

describe('groupCauses', () => {
  const table: Array<[string, Finding[], string[]]> = [
    [
      'the same missing intermediate in three stores, and the verdicts that restate it, are one cause',
      [missing('./corp.pem'), missing('mozilla'), missing('system'), verdict('GO_VERDICT', 'system', false, 'MISSING_INTERMEDIATE'), verdict('OPENSSL_VERDICT', 'system', false, 'MISSING_INTERMEDIATE')],
      ['MISSING_INTERMEDIATE@./corp.pem,mozilla,system <- MISSING_INTERMEDIATE, MISSING_INTERMEDIATE, GO_VERDICT, OPENSSL_VERDICT'],
    ],
    [
      'a look-alike leads the MISSING_INTERMEDIATE it caused, though ranked after it',
      [missing('mozilla', { lookalikeSent: 1 }), missing('system', { lookalikeSent: 1 }), verdict('GO_VERDICT', 'system', false, 'MISSING_INTERMEDIATE'), lookalike],
      ['ISSUER_MISMATCH@mozilla,system <- MISSING_INTERMEDIATE, MISSING_INTERMEDIATE, GO_VERDICT'],
    ],
    [
      'a verdict that accepts is a row of its own, the same verdict in several stores together',
      [verdict('GO_VERDICT', 'system', true, null), verdict('GO_VERDICT', 'mozilla', true, null)],
      ['GO_VERDICT <- GO_VERDICT'],
    ],
    [
      'a verdict refusing for a code no other finding shows stands alone, with the stores where it refuses',
      [verdict('BROWSER_VERDICT', 'system', false, 'OCSP_STAPLE_PROBLEM')],
      ['BROWSER_VERDICT@system'],
    ],
    [
      'different certificates or different chain-wide findings are different causes',
      [
        makeFinding('CERT_EXPIRED', 'error', 0, null, { subject: 'CN=leaf', now: 'n', notAfter: 'a' }),
        makeFinding('CERT_EXPIRED', 'error', 1, null, { subject: 'CN=Int', now: 'n', notAfter: 'a' }),
        makeFinding('CHAIN_UNUSED_CERT', 'warning', 2, null, { subject: 'CN=x', sha256: 'ab' }),
      ],
      ['CERT_EXPIRED', 'CERT_EXPIRED', 'CHAIN_UNUSED_CERT'],
    ],
    [
      'the verdict goes to the cause in its own store when the same code fails for two reasons',
      [
        makeFinding('UNKNOWN_ROOT', 'error', null, 'system', { subject: 'CN=Old Root', root: 'CN=Old Root' }),
        makeFinding('UNKNOWN_ROOT', 'error', null, 'mozilla', { subject: 'CN=Other Root', root: 'CN=Other Root' }),
        verdict('GO_VERDICT', 'mozilla', false, 'UNKNOWN_ROOT'),
      ],
      ['UNKNOWN_ROOT@system', 'UNKNOWN_ROOT@mozilla <- GO_VERDICT'],
    ],
  ];
  it.each(table)('%s', (_what, findings, want) => {
    expect(shape(findings)).toEqual(want);
    // Every finding in exactly one cause.
    const all = groupCauses(findings, STORES).flatMap((c) => c.findings).sort((a, b) => a - b);
    expect(all).toEqual(findings.map((_, i) => i));
  });

  it('records which clients refuse in which store, and the most severe severity', () => {
    const findings = [makeFinding('ISSUER_MISMATCH', 'warning', 0, null, { child: 'CN=leaf', next: 'CN=Int', lookalike: true }), missing('system', { lookalikeSent: 0 }), verdict('GO_VERDICT', 'system', false, 'MISSING_INTERMEDIATE')];
    const [cause] = groupCauses(findings, STORES);
    expect(cause).toMatchObject({ code: 'ISSUER_MISMATCH', severity: 'error', stores: ['system'], clients: [{ client: 'go', store: 'system', accepts: false }], findings: [0, 1, 2] });
  });
});
