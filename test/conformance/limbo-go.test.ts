/**
 * chaindbg's Go verdict against real Go on x509-limbo's SERVER cases (certs/limbo/limbo.json): the very certificates,
 * host names and times, Go asked through test/go/verify (skipped, saying so, without `go`). Each case where chaindbg's
 * Go verdict differs from the Go on PATH is listed with its reason in limbo-go-divergences.json; the test fails on an
 * unlisted difference and on a listed one that no longer happens. Certificates chaindbg cannot read count as
 * "chaindbg rejects" (the leaf) or as absent (a root or intermediate, as Go's AppendCertsFromPEM leaves it out).
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readCertificates } from '../../src/x509/index.js';
import type { Certificate } from '../../src/model/certificate.js';
import { chaindbgGo } from '../support/chaindbg-go.js';
import { goVerifier, type GoVerifier } from '../support/go-verify.js';

interface Testcase {
  id: string;
  validation_kind: string;
  trusted_certs: string[];
  untrusted_intermediates: string[];
  peer_certificate: string;
  validation_time: string | null;
  expected_peer_name: { kind: string; value: string } | null;
}
const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));
const limbo = JSON.parse(readFileSync(here('../../certs/limbo/limbo.json'), 'utf8')) as { testcases: Testcase[] };
const listed = new Map(
  (JSON.parse(readFileSync(here('./limbo-go-divergences.json'), 'utf8')) as Array<{ id: string; go: string; chaindbg: string; why: string }>).map((d) => [d.id, d]),
);
const cases = limbo.testcases.filter((t) => t.validation_kind === 'SERVER');
const TIME = '2024-01-01T00:00:00Z';

const read = (pem: string): Certificate[] => {
  try {
    return readCertificates(Buffer.from(pem), 'limbo').map((s) => s.cert);
  } catch {
    return [];
  }
};

let go: GoVerifier | string;
beforeAll(() => {
  go = goVerifier();
}, 120_000);
afterAll(() => {
  if (typeof go !== 'string') go.close();
});

describe("x509-limbo's server cases: chaindbg's Go verdict against real Go", () => {
  it('agrees with the Go on PATH except the listed divergences', (ctx) => {
    if (typeof go === 'string') {
      console.log(`skipped: ${go}`);
      ctx.skip();
      return;
    }
    const version = go.version.replace(/^go/, '');
    const results = go.run(
      cases.map((t) => ({
        id: t.id,
        leaf: t.peer_certificate,
        intermediates: t.untrusted_intermediates,
        roots: t.trusted_certs,
        host: t.expected_peer_name?.value ?? '',
        time: t.validation_time ?? TIME,
      })),
    );
    const unlisted: string[] = [];
    const stale: string[] = [];
    let agree = 0;
    results.forEach((g, i) => {
      const t = cases[i]!;
      const leaf = read(t.peer_certificate);
      let ours: boolean;
      let why: string;
      if (leaf.length !== 1) {
        ours = false;
        why = 'chaindbg cannot read the leaf';
      } else {
        const r = chaindbgGo({
          sent: [leaf[0]!, ...t.untrusted_intermediates.flatMap(read)],
          roots: t.trusted_certs.flatMap(read),
          host: t.expected_peer_name?.value ?? null,
          now: new Date(t.validation_time ?? TIME),
          goVersion: version,
        });
        ours = r.accepts;
        why = r.reason ?? '';
      }
      const line = `${t.id}: go ${g.ok ? 'accepts' : `rejects (${g.error})`}; chaindbg ${ours ? 'accepts' : `rejects (${why})`}`;
      if (ours === g.ok) {
        agree++;
        if (listed.has(t.id)) stale.push(t.id);
      } else if (!listed.has(t.id)) unlisted.push(line);
    });
    console.log(`limbo server cases: chaindbg's Go verdict agrees with ${go.version} on ${agree} of ${cases.length}`);
    expect(unlisted).toEqual([]);
    expect(stale).toEqual([]);
  }, 300_000);
});
