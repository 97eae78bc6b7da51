/**
 * The end-to-end test of the whole tool: the lab's loopback servers reproduce real failures, and chaindbg, driven
 * through run(argv, io) exactly as a user types each scenario's printed command, must reach the expected verdict.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLab, type Lab } from '../../src/lab/index.js';
import { checkLab } from '../../src/cli/commands/lab.js';
import { run } from '../../src/cli/run.js';
import { memoryIO } from '../../src/cli/io.js';
import type { Report } from '../../src/report/index.js';

const NOW = new Date('2026-06-01T12:00:00Z');
let lab: Lab;

beforeAll(async () => {
  lab = await startLab({ now: NOW });
});
afterAll(async () => {
  await lab?.close();
});

const io = (env: Record<string, string> = {}) => memoryIO({ env: { ...env }, now: () => NOW });

async function probeJson(args: string[], env: Record<string, string> = {}) {
  const mem = io(env);
  const code = await run([...args, '--format', 'json'], mem);
  const doc = mem.output ? JSON.parse(mem.output) : null;
  // probe prints one envelope (schema 2): its one report, or its reports with --tls both; other documents as they are.
  if (doc && Array.isArray(doc.reports)) expect(doc.schemaVersion).toBe(2);
  const json = doc && Array.isArray(doc.reports) ? (doc.reports.length === 1 ? doc.reports[0] : doc.reports) : doc;
  return { code, mem, json };
}

const scenario = (name: string) => lab.scenarios.find((s) => s.name === name)!;
const store = (name: string) => lab.stores.find((s) => s.name === name)!.path!;

describe('chaindbg against the lab', () => {
  it('every scenario reaches its expected verdict with the command the lab prints', async () => {
    const checks = await checkLab(lab, io(), NOW, run);
    expect(checks.length).toBeGreaterThanOrEqual(lab.scenarios.length);
    const failed = checks.filter((c) => !c.pass).map((c) => `${c.name} vs ${c.store}: ${JSON.stringify(c.observed)}`);
    expect(failed).toEqual([]);
  });

  it('captures the chain exactly as sent, in order, for the misordered scenario', async () => {
    const s = scenario('wrong-order');
    const { code, json } = await probeJson(s.probeArgs);
    const report = json as Report;
    expect(code).toBe(0);
    expect(report.sent.map((c) => c.sha256)).toEqual(s.sent[0]!.certs.map((c) => c.sha256));
    expect(report.tls?.version).toBe('TLSv1.3');
    expect(report.tls?.chainAuthenticated).toBe(true);
    expect(report.target).toMatchObject({ host: 'proxy.golang.org', servername: 'proxy.golang.org', connect: s.connect });
  });

  it('missing intermediate: not trusted, the AIA URL named; --aia fetches it and the chain validates', async () => {
    const s = scenario('missing-intermediate');
    const plain = await probeJson(s.probeArgs);
    expect(plain.code).toBe(1);
    const missing = (plain.json as Report).findings.find((f) => f.code === 'MISSING_INTERMEDIATE')!;
    expect(JSON.stringify(missing.evidence)).toContain(lab.aiaBaseUrl);
    const withAia = await probeJson([...s.probeArgs, '--aia']);
    const report = withAia.json as Report;
    expect(report.stores[0]!.trusted).toBe(true);
    expect(report.stores[0]!.chain.map((e) => e.origin)).toEqual(['sent', 'aia', 'store']);
    expect(report.findings.map((f) => f.code)).toContain('AIA_FETCHED');
    // The store trusts it only with AIA: the missing intermediate Go trips on is still reported.
    const kept = report.findings.find((f) => f.code === 'MISSING_INTERMEDIATE')!;
    expect(kept.evidence.fetchedThroughAia).toBe(true);
    expect(kept.message).toMatch(/Go does not/);
    // Go never fetches AIA: its verdict stays a rejection even though the browser profile accepts.
    const go = report.findings.find((f) => f.code === 'GO_VERDICT')!;
    expect(go.evidence.accepts).toBe(false);
    const browser = report.findings.find((f) => f.code === 'BROWSER_VERDICT')!;
    expect(browser.evidence.accepts).toBe(true);
  });

  it('--tls both against a server that refuses one version: a finding, not a connection failure', async () => {
    const s = scenario('tls12-only');
    const { code, json } = await probeJson([...s.probeArgs, '--tls', 'both']);
    const [v12, v13] = json as Report[];
    expect(v12!.stores[0]!.trusted).toBe(true);
    expect(v13!.findings[0]!.code).toBe('TLS_ALERT');
    expect(code).toBe(1);
  });

  it('--tls both reports the per-version chains and that they differ', async () => {
    const s = scenario('per-version-chain');
    const { json } = await probeJson([...s.probeArgs, '--tls', 'both']);
    const [v12, v13] = json as Report[];
    expect(v12!.tls?.version).toBe('TLSv1.2');
    expect(v13!.tls?.version).toBe('TLSv1.3');
    expect(v12!.sent).toHaveLength(2);
    expect(v13!.sent).toHaveLength(1);
    expect(v13!.findings.map((f) => f.code)).toContain('CHAIN_DIFFERS_BY_VERSION');
  });

  it('a connection failure is exit 3 with a one-line finding, no stack trace', async () => {
    const s = scenario('plain-http');
    const { code, json, mem } = await probeJson(s.probeArgs);
    expect(code).toBe(3);
    const f = (json as Report).findings[0]!;
    expect(f.code).toBe('NOT_TLS');
    expect(f.message).toMatch(/HTTP/);
    expect(mem.errors).toBe('');
  });

  it('--save then analyze reproduces the verdict offline, also at another time and store', async () => {
    const { mkdtemp, rm } = await import('node:fs/promises');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const dir = await mkdtemp(join(tmpdir(), 'chaindbg-e2e-'));
    try {
      const s = scenario('healthy');
      const file = join(dir, 'cap.json');
      const live = await probeJson([...s.probeArgs, '--save', file]);
      expect(live.code).toBe(0);
      const { statSync } = await import('node:fs');
      expect(statSync(file).mode & 0o777).toBe(0o600); // it holds the connection's secrets
      const again = await probeJson(['analyze', file, '--store', store('lab-roots')]);
      expect(again.code).toBe(0);
      const a = live.json as Report;
      const b = again.json as Report;
      expect(b.sent).toEqual(a.sent);
      expect(b.stores[0]!.path).toEqual(a.stores[0]!.path);
      expect(b.tls?.cipher).toBe(a.tls?.cipher);
      const later = await probeJson(['analyze', file, '--store', store('lab-roots'), '--at', '2040-01-01']);
      expect(later.code).toBe(1);
      expect((later.json as Report).findings.map((f) => f.code)).toContain('CERT_EXPIRED');
      // --save refuses to overwrite
      const twice = await probeJson([...s.probeArgs, '--save', file]);
      expect(twice.code).toBe(2);
      expect(twice.mem.errors).toMatch(/exists|--force/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('export fullchain from a live target validates; trust bundle fixes the interception store', async () => {
    const s = scenario('missing-intermediate');
    const full = io();
    const code = await run(['export', s.servername, '--connect', s.connect, '--kind', 'fullchain', '--aia', '--store', store('lab-roots')], full);
    expect(code).toBe(0);
    expect(full.output.match(/-----BEGIN CERTIFICATE-----/g)).toHaveLength(2);
    expect(full.errors).toMatch(/validates the chain/);

    const i = scenario('interception');
    const trust = io();
    const code2 = await run(['export', i.servername, '--connect', i.connect, '--kind', 'trust', '--store', store('lab-roots')], trust);
    expect(code2).toBe(0);
    expect(trust.output).toMatch(/# Subject: CN=Corporate TLS Inspection CA/);
    expect(trust.errors).toMatch(/INTERCEPTION|interception|not in any public store|self-signed/i);
  });

  it('diff --for says which lab store validates a chain and what would fix the other', async () => {
    const i = scenario('interception');
    const { code, json } = await probeJson([
      'diff', '--store', store('lab-roots'), '--store', store('lab-system'),
      '--for', i.servername, '--connect', i.connect,
    ]);
    expect(code).toBe(1);
    const rows = json.stores as Array<{ name: string; trusted: boolean; fixes: Array<{ subject: string; kind: string }> }>;
    expect(rows[0]!.trusted).toBe(false);
    expect(rows[1]!.trusted).toBe(true);
    expect(rows[0]!.fixes.map((f) => f.subject)).toContain('CN=Corporate TLS Inspection CA, OU=Network Security, O=Example Corp, C=US');
  });

  it('diff --for names what a failing store lacks when no other store has it (the missing intermediate and its AIA URL)', async () => {
    const m = scenario('missing-intermediate');
    const args = ['diff', '--store', store('lab-roots'), '--store', store('lab-old-roots'), '--for', m.servername, '--connect', m.connect];
    const { code, json } = await probeJson(args);
    expect(code).toBe(1);
    const rows = json.stores as Array<{ trusted: boolean; fixes: unknown[]; lacks: Record<string, unknown> | null }>;
    expect(rows.map((r) => [r.trusted, r.fixes.length])).toEqual([[false, 0], [false, 0]]);
    expect(rows[0]!.lacks).toEqual({
      kind: 'issuer',
      subject: 'CN=Lab WR2, O=Google Trust Services, C=US',
      of: 'CN=sum.golang.org',
      caIssuers: [`${lab.aiaBaseUrl}/wr2.der`],
    });
    const text = io();
    await run(args, text);
    expect(text.output).toContain(`no certificate in the other stores would make it succeed; it lacks CN=Lab WR2, O=Google Trust Services, C=US, the issuer of CN=sum.golang.org (AIA caIssuers ${lab.aiaBaseUrl}/wr2.der)`);
  });

  it('interception is suspected from the system store alone (Mozilla loaded just for the comparison)', async () => {
    const i = scenario('interception');
    const { code, json } = await probeJson(['probe', i.servername, '--connect', i.connect, '--store', 'system'], i.probeEnv);
    expect(code).toBe(0);
    const report = json as Report;
    expect(report.stores.map((s) => s.name)).toEqual(['system']);
    const f = report.findings.find((x) => x.code === 'INTERCEPTION_SUSPECTED')!;
    expect(f.evidence).toMatchObject({ reason: 'root-not-public', reference: 'mozilla', root: 'CN=Corporate TLS Inspection CA, OU=Network Security, O=Example Corp, C=US' });
    expect(f.evidence.expectedIssuers).toEqual(['Google Trust Services', 'Google Trust Services LLC']);
  });

  it('chaindbg go reads `go env -json` from a go binary on PATH before the environment', async () => {
    const { mkdtemp, rm, writeFile, chmod } = await import('node:fs/promises');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const bin = await mkdtemp(join(tmpdir(), 'chaindbg-fakego-'));
    try {
      const healthy = scenario('healthy');
      const settings = { GOPROXY: `https://${healthy.connect}|off`, GOSUMDB: 'off', GOPRIVATE: '', GONOPROXY: '', GONOSUMDB: '', GOINSECURE: '', GOFLAGS: '' };
      await writeFile(join(bin, 'go'), `#!/bin/sh\n[ "$1 $2" = "env -json" ] || exit 2\ncat <<'JSON'\n${JSON.stringify(settings)}\nJSON\n`);
      await chmod(join(bin, 'go'), 0o755);
      // The environment says otherwise: go env -json must win, as it does for the go command itself.
      const env = { PATH: `${bin}:/usr/bin:/bin`, GOPROXY: 'https://127.0.0.1:1', GOSUMDB: 'off', SSL_CERT_FILE: store('lab-roots'), SSL_CERT_DIR: `${lab.dir}/empty-cert-dir` };
      const { json } = await probeJson(['go'], env);
      expect(json.settings).toMatchObject({ source: 'go env -json', GOPROXY: `https://${healthy.connect}|off`, GOSUMDB: 'off' });
      expect((json.endpoints as Array<{ role: string; url: string }>).map((e) => [e.role, e.url])).toEqual([['GOPROXY', `https://${healthy.connect}`]]);
      expect((json.notes as string[]).join(' ')).toMatch(/off/);
    } finally {
      await rm(bin, { recursive: true, force: true });
    }
  });

  it('chaindbg go probes the GOPROXY and GOSUMDB endpoints from the environment', async () => {
    const healthy = scenario('healthy');
    const broken = scenario('missing-intermediate');
    const env = {
      GOPROXY: `https://${healthy.connect},direct`,
      GOSUMDB: `sum.golang.org https://${broken.connect}`,
      SSL_CERT_FILE: store('lab-roots'),
      SSL_CERT_DIR: `${lab.dir}/empty-cert-dir`,
      PATH: '/nonexistent',
    };
    const { code, json } = await probeJson(['go'], env);
    expect(code).toBe(1);
    const endpoints = json.endpoints as Array<{ role: string; report: Report }>;
    expect(endpoints.map((e) => e.role)).toEqual(['GOPROXY', 'GOSUMDB']);
    // The proxy's certificate names proxy.golang.org, not 127.0.0.1: Go would refuse it for that name.
    expect(endpoints[0]!.report.findings.map((f) => f.code)).toContain('HOSTNAME_MISMATCH');
    expect(endpoints[1]!.report.findings.map((f) => f.code)).toContain('MISSING_INTERMEDIATE');
  });
});
