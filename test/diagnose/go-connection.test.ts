/**
 * The Go verdict is the verdict of the whole connection Go would make, not of the chain alone. Loopback node:tls
 * servers, certificates made at test time:
 *
 *   root (P-256) -> int -> leaf      (SAN go.test, P-256)
 *                       -> leaf-rsa  (SAN go.test, RSA 2048, for the DHE-only server)
 *
 * Each server is probed through run(argv, io) for Go 1.19.8 (`--go-version`: the words do not depend on which go is
 * on PATH); where go is on PATH, a small Go program makes the same request with net/http (as go get does) and its
 * error line must end with the line chaindbg says go get prints for that same Go (`--go-version` its GOVERSION).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { reportOf } from '../support/reports.js';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer, type Server, type TlsOptions } from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { memoryIO } from '../../src/cli/io.js';
import { run } from '../../src/cli/run.js';
import type { Report } from '../../src/report/index.js';
import { explainGoLine } from '../../src/model/go-line-match.js';
import { buildGo, GO, NO_GO_REASON, runGo } from '../support/go-tool.js';
import { makePki, type Pki } from '../support/pki.js';

const NOW = new Date('2026-01-15T12:00:00Z');
type Names = 'root' | 'int' | 'leaf' | 'leafRsa' | 'otherCa';
let pki: Pki<Names>;
let dir: string;
let rootFile: string;
const servers: Server[] = [];
const ports: Record<string, number> = {};

async function serve(name: string, opts: TlsOptions): Promise<void> {
  const server = createServer(opts, (s) => s.end('HTTP/1.1 200 OK\r\ncontent-length: 2\r\nconnection: close\r\n\r\nok'));
  server.on('tlsClientError', () => undefined);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  servers.push(server);
  ports[name] = (server.address() as { port: number }).port;
}

const keyPem = (n: Names) => pki[n].keys.privateKey.export({ type: 'pkcs8', format: 'pem' }) as string;

beforeAll(async () => {
  pki = await makePki({
    root: { cn: 'Conn Root' },
    int: { cn: 'Conn Int', issuer: 'root', ca: true },
    leaf: { cn: 'go.test', issuer: 'int', sans: ['go.test'] },
    leafRsa: { cn: 'go.test', issuer: 'int', sans: ['go.test'], key: 'rsa2048' },
    otherCa: { cn: 'Client CA' },
  });
  dir = mkdtempSync(join(tmpdir(), 'chaindbg-conn-'));
  rootFile = join(dir, 'root.pem');
  writeFileSync(rootFile, pki.root.pem);
  const chain = `${pki.leaf.pem}${pki.int.pem}`;
  await serve('healthy', { key: keyPem('leaf'), cert: chain });
  // TLS 1.3: the server sends its chain, then certificate_required when the client has no certificate for it.
  await serve('clientCert', { key: keyPem('leaf'), cert: chain, minVersion: 'TLSv1.3', requestCert: true, rejectUnauthorized: true, ca: [pki.otherCa.pem] });
  // TLS 1.2 with only a DHE suite: chaindbg's probe (node) negotiates it, Go offers no DHE suite.
  await serve('dheOnly', { key: keyPem('leafRsa'), cert: `${pki.leafRsa.pem}${pki.int.pem}`, maxVersion: 'TLSv1.2', ciphers: 'DHE-RSA-AES128-GCM-SHA256', dhparam: 'auto' });
});

afterAll(() => {
  for (const s of servers) s.close();
  rmSync(dir, { recursive: true, force: true });
});

async function probe(name: string, servername = 'go.test', goVersion = '1.19.8'): Promise<{ code: number; report: Report; text: string }> {
  const args = ['probe', `127.0.0.1:${ports[name]}`, '--servername', servername, '--store', rootFile, '--timeout', '5000', '--go-version', goVersion];
  const io = memoryIO({ now: () => NOW });
  const code = await run([...args, '--format', 'json'], io);
  const textIo = memoryIO({ now: () => NOW });
  await run(args, textIo);
  return { code, report: reportOf(io.output), text: textIo.output };
}

const goVerdict = (r: Report) => r.findings.find((f) => f.code === 'GO_VERDICT')!;

describe('Go verdict of the whole connection', () => {
  it('a healthy server: Go accepts, exit 0', async () => {
    const { code, report } = await probe('healthy');
    expect([code, goVerdict(report).evidence.accepts]).toEqual([0, true]);
  });

  it('certificate_required after a good chain: Go rejects the connection, exit 1, with Go\'s own line', async () => {
    const { code, report, text } = await probe('clientCert');
    const go = goVerdict(report);
    expect(report.stores[0]!.trusted).toBe(true); // the chain itself is fine
    expect(code).toBe(1);
    expect(go.evidence).toMatchObject({ accepts: false, reason: 'TLS_ALERT', goError: 'remote error: tls: certificate required' });
    expect(go.severity).toBe('error');
    expect(text).toMatch(/go 1\.19\.8: rejects the connection .*certificate_required.*go get says "remote error: tls: certificate required"/);
    // a browser without that client certificate fails the same way: no "browser accepts" beside it
    expect(report.findings.find((f) => f.code === 'BROWSER_VERDICT')!.evidence.accepts).toBe(false);
  });

  it('a cipher suite Go does not offer: Go rejects before the chain, exit 1', async () => {
    const { code, report } = await probe('dheOnly');
    expect(report.tls?.cipher).toBe('TLS_DHE_RSA_WITH_AES_128_GCM_SHA256');
    expect(code).toBe(1);
    expect(goVerdict(report).evidence).toMatchObject({ accepts: false, reason: 'HANDSHAKE_FAILED', goError: 'remote error: tls: handshake failure' });
    expect(report.findings.find((f) => f.code === 'OPENSSL_VERDICT')!.evidence.accepts).toBe(true);
  });

  it('a hostname mismatch: Go rejects with "certificate is valid for go.test, not other.test"', async () => {
    const { code, report } = await probe('healthy', 'other.test');
    expect(code).toBe(1);
    expect(goVerdict(report).evidence).toMatchObject({ accepts: false, reason: 'HOSTNAME_MISMATCH', goError: 'x509: certificate is valid for go.test, not other.test' });
    // Go 1.20 and later print verification errors after "tls: failed to verify certificate: "
    const newer = await probe('healthy', 'other.test', '1.20');
    expect(goVerdict(newer.report).evidence).toMatchObject({ accepts: false, reason: 'HOSTNAME_MISMATCH', goError: 'tls: failed to verify certificate: x509: certificate is valid for go.test, not other.test' });
  });
});

// net/http as go get uses it: one GET with the given roots and server name; prints the error, or "ok".
const GO_CLIENT = `package main

import (
	"crypto/tls"
	"crypto/x509"
	"fmt"
	"net"
	"net/http"
	"os"
	"time"
)

func main() {
	pem, _ := os.ReadFile(os.Args[2])
	roots := x509.NewCertPool()
	roots.AppendCertsFromPEM(pem)
	addr := os.Args[3]
	tr := &http.Transport{
		TLSClientConfig: &tls.Config{RootCAs: roots},
		DialContext: func(ctx context.Context, network, _ string) (net.Conn, error) {
			return (&net.Dialer{Timeout: 5 * time.Second}).DialContext(ctx, network, addr)
		},
	}
	resp, err := (&http.Client{Transport: tr, Timeout: 10 * time.Second}).Get(os.Args[1])
	if err != nil {
		fmt.Println(err)
		return
	}
	resp.Body.Close()
	fmt.Println("ok")
}
`.replace('"crypto/tls"', '"context"\n\t"crypto/tls"');

describe.skipIf(!GO)(`against net/http of the Go on PATH (${GO?.version ?? NO_GO_REASON})`, () => {
  it('Go\'s error line ends with the line chaindbg says go get prints, server by server', async () => {
    const bin = buildGo(GO_CLIENT);
    const cases: Array<[string, string]> = [['healthy', 'go.test'], ['clientCert', 'go.test'], ['dheOnly', 'go.test'], ['healthy', 'other.test']];
    for (const [name, host] of cases) {
      const { report } = await probe(name, host, GO!.version);
      const go = goVerdict(report);
      const line = (await runGo(bin, [`https://${host}/`, rootFile, `127.0.0.1:${ports[name]}`])).trim();
      if (go.evidence.accepts === true) expect(`${name}: ${line}`).toBe(`${name}: ok`);
      else {
        expect(`${name}: ${line}`).toMatch(new RegExp(`^${name}: Get "https://${host}/": .*${escape(String(go.evidence.goError))}$`));
        // and `chaindbg explain` on Go's real line names the cause chaindbg found
        expect(explainGoLine(line).causes.map((c) => c.code)).toContain(go.evidence.reason);
      }
    }
  }, 180_000);
});

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
