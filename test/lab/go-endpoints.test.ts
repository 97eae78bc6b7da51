/**
 * The lab points `chaindbg go` (the endpoint sweep) at its own servers: GOPROXY / GOSUMDB / SSL_CERT_FILE and
 * --connect-to rules it prints, and a CONNECT proxy of its own standing in for a corporate one. NO_PROXY=golang.org
 * must exempt sum.golang.org as Go's httpproxy does (a domain matches itself and its subdomains), while the VCS host
 * goes through the proxy. All servers and the proxy are on 127.0.0.1.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { memoryIO } from '../../src/cli/io.js';
import { run } from '../../src/cli/run.js';
import { startGoEndpointLab, type GoEndpointLab } from '../../src/lab/go-endpoints.js';
import { buildGo, GO, NO_GO_REASON, runGo } from '../support/go-tool.js';

let home: string;
const baseEnv = () => ({ PATH: process.env.PATH, HOME: home, GOENV: 'off', GOFLAGS: '', HTTPS_PROXY: '', https_proxy: '', NO_PROXY: '', no_proxy: '', ALL_PROXY: '', all_proxy: '' });

beforeAll(async () => {
  home = await mkdtemp(path.join(tmpdir(), 'chaindbg-go-endpoints-test-'));
});
afterAll(async () => {
  await rm(home, { recursive: true, force: true });
});

describe('lab: chaindbg go end to end', () => {
  it('--list names both demos', async () => {
    const io = memoryIO();
    expect(await run(['lab', '--list'], io)).toBe(0);
    expect(io.output).toMatch(/^go-endpoints\s+chaindbg go pointed at the lab/m);
    expect(io.output).toMatch(/^go-no-proxy-suffix\s+NO_PROXY=golang\.org exempts sum\.golang\.org/m);
  });

  it('--once runs the printed commands: each endpoint reached as go reaches it, the proxy asked for the VCS host only', async () => {
    const io = memoryIO({ env: baseEnv(), cwd: home });
    expect(await run(['lab', '--once', 'go-endpoints', 'go-no-proxy-suffix', '--format', 'json'], io)).toBe(0);
    const doc = JSON.parse(io.output);
    const byName = Object.fromEntries(doc.goDemos.map((d: { name: string }) => [d.name, d]));
    const plain = byName['go-endpoints'];
    expect(plain.command).toMatch(/^SSL_CERT_FILE=\S+lab-go-ca\.pem GOPROXY=https:\/\/proxy\.golang\.org GOSUMDB=sum\.golang\.org GOPRIVATE='' HTTPS_PROXY='' chaindbg go --connect-to proxy\.golang\.org:443:127\.0\.0\.1:\d+ --connect-to sum\.golang\.org:443:127\.0\.0\.1:\d+$/);
    expect(plain.check).toMatchObject({ pass: true, observed: { ok: true, dials: { 'proxy.golang.org:443': 'no-proxy-set', 'sum.golang.org:443': 'no-proxy-set' }, proxyAsked: null, exitCode: 0 } });
    const np = byName['go-no-proxy-suffix'];
    expect(np.command).toMatch(/HTTPS_PROXY=http:\/\/127\.0\.0\.1:\d+ NO_PROXY=golang\.org GOPROXY=direct GOSUMDB=sum\.golang\.org .*chaindbg go --module git\.lab\.example\/mod --connect-to sum\.golang\.org:443:127\.0\.0\.1:\d+$/);
    expect(np.check).toMatchObject({ pass: true, observed: { ok: true, dials: { 'sum.golang.org:443': 'no-proxy-match', 'git.lab.example:443': 'proxy' }, proxyAsked: ['git.lab.example:443'], exitCode: 0 } });

    const text = memoryIO({ env: baseEnv(), cwd: home });
    expect(await run(['lab', '--once', 'go-no-proxy-suffix'], text)).toBe(0);
    expect(text.output).toContain('✓ sum.golang.org:443: go reaches it directly (NO_PROXY matches it); chaindbg did the same');
    expect(text.output).toContain('✓ git.lab.example:443: go reaches it through HTTPS_PROXY; chaindbg did the same');
    expect(text.output).toContain('✓ the proxy was asked for git.lab.example:443 (expected git.lab.example:443)');
  });
});

describe('NO_PROXY decides on the name Go asks for, apart from the --connect-to rule', () => {
  let lab: GoEndpointLab;
  beforeAll(async () => {
    lab = await startGoEndpointLab(new Date(), ['go-no-proxy-suffix']);
  });
  afterAll(async () => {
    await lab.close();
  });

  const sweep = async (noProxy: string) => {
    const d = lab.demos[0]!;
    const io = memoryIO({ env: { ...baseEnv(), ...d.env, NO_PROXY: noProxy }, cwd: home });
    const code = await run([...d.args, '--format', 'json'], io);
    const doc = JSON.parse(io.output);
    const why = Object.fromEntries(doc.endpoints.map((e: { url: string; dial: { why: string; proxy: string | null; goProxy: string | null } }) => [new URL(e.url).hostname, e.dial]));
    return { code, why, ok: doc.goGet.ok };
  };

  it.each([
    ['golang.org', 'no-proxy-match'],
    ['.golang.org', 'no-proxy-match'],
    ['sum.golang.org:443', 'no-proxy-match'],
    // Not exempted: Go would send sum.golang.org through the proxy; only the loopback --connect-to rule keeps it direct.
    ['', 'connect-to-loopback'],
    ['sum.golang.org:8443', 'connect-to-loopback'],
    ['olang.org', 'connect-to-loopback'],
  ])('NO_PROXY=%j: sum.golang.org is %s', async (noProxy, why) => {
    const r = await sweep(noProxy);
    expect(r.why['sum.golang.org'].why).toBe(why);
    expect(r.why['sum.golang.org'].proxy).toBeNull();
    if (why === 'connect-to-loopback') expect(r.why['sum.golang.org'].goProxy).toBe(lab.demos[0]!.proxy!.url);
    // The VCS host has no --connect-to rule: only the proxy knows where it is (none of these entries exempts it).
    expect(r.why['git.lab.example'].why).toBe('proxy');
    expect([r.ok, r.code]).toEqual([true, 0]);
  });
});

// Real Go on the same lab: net/http with Proxy = ProxyFromEnvironment and a dialer standing in for --connect-to (a
// name in the table is dialled at its loopback port; any other address that is not loopback is refused, so nothing
// leaves this machine). It prints, per URL, the address Go asked to dial (the name itself when direct, the proxy's
// address when proxied) and the HTTP status or error.
const GO_CLIENT = `package main

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"os"
	"strings"
)

func main() {
	table := map[string]string{}
	var urls []string
	for _, a := range os.Args[1:] {
		if strings.HasPrefix(a, "map:") {
			k, v, _ := strings.Cut(strings.TrimPrefix(a, "map:"), "=")
			table[k] = v
		} else {
			urls = append(urls, a)
		}
	}
	for _, u := range urls {
		var asked []string
		d := &net.Dialer{}
		tr := &http.Transport{Proxy: http.ProxyFromEnvironment, DialContext: func(ctx context.Context, network, addr string) (net.Conn, error) {
			asked = append(asked, addr)
			if to, ok := table[addr]; ok {
				return d.DialContext(ctx, network, to)
			}
			if strings.HasPrefix(addr, "127.0.0.1:") {
				return d.DialContext(ctx, network, addr)
			}
			return nil, fmt.Errorf("not on loopback: %s", addr)
		}}
		resp, err := (&http.Client{Transport: tr}).Get(u)
		if err != nil {
			fmt.Printf("%s dialled=%s err=%v\\n", u, strings.Join(asked, ","), err)
			continue
		}
		resp.Body.Close()
		fmt.Printf("%s dialled=%s status=%d\\n", u, strings.Join(asked, ","), resp.StatusCode)
	}
}
`;

describe.skipIf(!GO)(`the Go on PATH reaches the lab's endpoints as chaindbg go says (${GO?.version ?? NO_GO_REASON})`, () => {
  let lab: GoEndpointLab;
  beforeAll(async () => {
    lab = await startGoEndpointLab(new Date(), ['go-no-proxy-suffix']);
  });
  afterAll(async () => {
    await lab.close();
  });

  it('NO_PROXY=golang.org: go dials sum.golang.org itself and asks the proxy for git.lab.example, as chaindbg reports', async () => {
    const d = lab.demos[0]!;
    const sum = d.hosts.find((h) => h.name === 'sum.golang.org')!;
    const bin = buildGo(GO_CLIENT);
    const before = d.proxy!.asked.length;
    const out = await runGo(bin, [`map:sum.golang.org:443=127.0.0.1:${sum.port}`, 'https://sum.golang.org/', 'https://git.lab.example/mod?go-get=1'],
      { SSL_CERT_FILE: d.env.SSL_CERT_FILE!, HTTPS_PROXY: d.env.HTTPS_PROXY!, NO_PROXY: d.env.NO_PROXY! });
    const proxyAddr = d.proxy!.url.replace('http://', '');
    expect(out.trim().split('\n')).toEqual([
      'https://sum.golang.org/ dialled=sum.golang.org:443 status=404',
      `https://git.lab.example/mod?go-get=1 dialled=${proxyAddr} status=404`,
    ]);
    expect(d.proxy!.asked.slice(before)).toEqual(['git.lab.example:443']);
    // chaindbg go under the same settings: the same two decisions.
    const io = memoryIO({ env: { ...baseEnv(), ...d.env }, cwd: home });
    expect(await run([...d.args, '--format', 'json'], io)).toBe(0);
    const dials = Object.fromEntries(JSON.parse(io.output).endpoints.map((e: { url: string; dial: { why: string } }) => [new URL(e.url).hostname, e.dial.why]));
    expect(dials).toEqual({ 'sum.golang.org': 'no-proxy-match', 'git.lab.example': 'proxy' });
  }, 180_000);
});
