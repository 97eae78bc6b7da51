/**
 * Go's own crypto/x509 test tables as chaindbg's conformance data. Every case of nameConstraintsTests and
 * verifyTests gets chaindbg's Go verdict, compared with (1) what Go's table expects and (2) where `go` is on PATH,
 * what real Go says on the very certificates made here (test/go/verify). Each difference is listed with its reason in
 * go-divergences.json; the test fails on an unlisted difference and on a listed one that no longer happens.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chaindbgGo } from '../support/chaindbg-go.js';
import { goVerifier, type GoResult, type GoVerifier } from '../support/go-verify.js';
import { GO_TABLES, nameConstraintsCase, verifyCase, type ChainCase } from './go-tables.js';

interface Divergence {
  id: string;
  /** 'table': differs from Go's table expectation; 'go': from real Go on PATH; 'both'. */
  against: 'table' | 'go' | 'both';
  why: string;
}
const divergences = JSON.parse(readFileSync(fileURLToPath(new URL('./go-divergences.json', import.meta.url)), 'utf8')) as Divergence[];
const listed = (id: string, against: 'table' | 'go') =>
  divergences.some((d) => d.id === id && (d.against === against || d.against === 'both'));

const cases: ChainCase[] = [];
const unreadable: Array<{ id: string; unreadable: string }> = [];
let go: GoVerifier | string;

beforeAll(async () => {
  for (const tc of GO_TABLES.nameConstraintsTests) cases.push(await nameConstraintsCase(tc));
  for (const tc of GO_TABLES.verifyTests) {
    const c = verifyCase(tc);
    if ('unreadable' in c) unreadable.push(c);
    else cases.push(c);
  }
  go = goVerifier();
}, 120_000);
afterAll(() => {
  if (typeof go !== 'string') go.close();
});

const judge = (c: ChainCase, goVersion = '1.19') =>
  chaindbgGo({ sent: c.sent, roots: c.roots, host: c.host === '' ? null : c.host, now: c.now, goVersion, godebug: c.godebug });
/** chaindbg verifies servers: a case that asks Go for another usage is judged for serverAuth. */
const serverOnly = (c: ChainCase) => c.keyUsages.every((u) => u === 'serverAuth');

describe("Go's crypto/x509 test tables", () => {
  it('every case is readable', () => {
    expect(unreadable).toEqual([]);
    expect(cases.length).toBe(GO_TABLES.nameConstraintsTests.length + GO_TABLES.verifyTests.length);
  });

  it("chaindbg's Go verdict agrees with the tables' expectations, except the listed divergences", () => {
    const unlisted: string[] = [];
    const stale: string[] = [];
    let agree = 0;
    for (const c of cases) {
      const r = judge(c);
      const expectedOk = c.expected === null;
      const same = r.accepts === expectedOk && serverOnly(c);
      if (same) agree++;
      if (!same && !listed(c.id, 'table')) unlisted.push(`${c.id}: table ${expectedOk ? 'accepts' : `rejects (${c.expected})`}, chaindbg ${r.accepts ? 'accepts' : `rejects (${r.reason})`}`);
      if (same && listed(c.id, 'table')) stale.push(c.id);
    }
    console.log(`go tables: chaindbg agrees with the expectation on ${agree} of ${cases.length}`);
    expect(unlisted).toEqual([]);
    expect(stale).toEqual([]);
  });

  it('chaindbg agrees with real Go on the same certificates (verdict and error kind), except the listed divergences', (ctx) => {
    if (typeof go === 'string') {
      console.log(`skipped: ${go}`);
      ctx.skip();
      return;
    }
    const verifier = go;
    const version = verifier.version.replace(/^go/, '');
    const byId = new Map<string, GoResult>();
    for (const godebug of new Set(cases.map((c) => c.godebug))) {
      const group = cases.filter((c) => c.godebug === godebug);
      // Go is asked what go get asks: serverAuth (chaindbg judges servers).
      const input = group.map((c) => ({ id: c.id, leaf: c.sentPem[0]!, intermediates: c.sentPem.slice(1), roots: c.rootsPem, host: c.host, time: c.now.toISOString() }));
      for (const r of verifier.run(input, godebug ? { GODEBUG: godebug } : {})) byId.set(r.id, r);
    }
    const results = cases.map((c) => byId.get(c.id)!);
    const unlisted: string[] = [];
    const stale: string[] = [];
    const tableMismatch: string[] = [];
    let agree = 0;
    results.forEach((g, i) => {
      const c = cases[i]!;
      // The certificates made here reproduce Go's cases: real Go gives the table's verdict (where it asks for serverAuth).
      if (serverOnly(c) && (g.ok !== (c.expected === null) || (c.expected !== null && !g.error.includes(c.expected) && !c.id.startsWith('verify/')))) {
        tableMismatch.push(`${c.id}: go ${g.ok ? 'accepts' : g.error}; table ${c.expected ?? 'accepts'}`);
      }
      const r = judge(c, version);
      const same = r.accepts === g.ok && (g.ok || r.goErrorType === g.kind);
      if (same) agree++;
      const line = `${c.id}: go ${g.ok ? 'accepts' : `${g.kind} ${g.error}`}; chaindbg ${r.accepts ? 'accepts' : `${r.reason} (${r.goErrorType})`}`;
      if (!same && !listed(c.id, 'go')) unlisted.push(line);
      if (same && listed(c.id, 'go')) stale.push(c.id);
    });
    console.log(`go tables: chaindbg agrees with ${verifier.version} (verdict and error kind) on ${agree} of ${cases.length}`);
    expect(tableMismatch).toEqual([]);
    expect(unlisted).toEqual([]);
    expect(stale).toEqual([]);
  }, 120_000);
});
