/**
 * Go's proxy rules (src/net/go-proxy.ts), table-tested with the cases of golang.org/x/net/http/httpproxy's own
 * proxy_test.go, then compared with net/http.ProxyFromEnvironment of the Go on PATH (skipped without go).
 */
import { describe, expect, it } from 'vitest';
import { goProxyConfigFromEnv, goProxyForUrl, goProxyFunc, goUsesProxy, type GoProxyConfig } from '../../src/net/go-proxy.js';
import { proxyForUrl } from '../../src/net/proxy-env.js';
import { buildGo, GO, NO_GO_REASON, runGo } from '../support/go-tool.js';

const cfg = (c: Partial<GoProxyConfig>): GoProxyConfig => ({ httpProxy: '', httpsProxy: '', noProxy: '', cgi: false, ...c });

// proxyForURLTests (x/net/http/httpproxy/proxy_test.go): config, request (default http://example.com), wanted proxy.
const PROXY_FOR_URL: Array<[Partial<GoProxyConfig>, string, string | null]> = [
  [{ httpProxy: '127.0.0.1:8080' }, '', 'http://127.0.0.1:8080'],
  [{ httpProxy: 'cache.corp.example.com:1234' }, '', 'http://cache.corp.example.com:1234'],
  [{ httpProxy: 'cache.corp.example.com' }, '', 'http://cache.corp.example.com'],
  [{ httpProxy: 'localhost' }, '', 'http://localhost'], // a single label reads as a scheme: http:// is added
  [{ httpProxy: 'https://cache.corp.example.com' }, '', 'https://cache.corp.example.com'],
  [{ httpProxy: 'http://127.0.0.1:8080' }, '', 'http://127.0.0.1:8080'],
  [{ httpProxy: 'https://127.0.0.1:8080' }, '', 'https://127.0.0.1:8080'],
  [{ httpProxy: 'socks5://127.0.0.1' }, '', 'socks5://127.0.0.1'],
  [{ httpProxy: 'foo://host' }, '', 'foo://host'], // unknown schemes are kept
  [{ httpProxy: 'http.proxy.tld', httpsProxy: 'secure.proxy.tld' }, 'http://insecure.tld/', 'http://http.proxy.tld'],
  [{ httpProxy: 'http.proxy.tld', httpsProxy: 'secure.proxy.tld' }, 'https://secure.tld/', 'http://secure.proxy.tld'],
  [{ httpProxy: 'http.proxy.tld', httpsProxy: 'https://secure.proxy.tld' }, 'https://secure.tld/', 'https://secure.proxy.tld'],
  [{ httpProxy: 'http.proxy.tld' }, 'https://secure.tld/', null], // HTTP_PROXY is never used for https
  [{ httpProxy: 'http.proxy.tld' }, 'ftp://insecure.tld/', null],
  [{ httpsProxy: 'https://secure.proxy.tld', cgi: true }, 'https://secure.tld/', 'https://secure.proxy.tld'],
  [{}, '', null],
  [{ noProxy: 'example.com', httpProxy: 'proxy' }, 'http://example.com/', null],
  [{ noProxy: '.example.com', httpProxy: 'proxy' }, 'http://example.com/', 'http://proxy'],
  [{ noProxy: 'ample.com', httpProxy: 'proxy' }, 'http://example.com/', 'http://proxy'],
  [{ noProxy: 'example.com', httpProxy: 'proxy' }, 'http://foo.example.com/', null],
  [{ noProxy: '.foo.com', httpProxy: 'proxy' }, 'http://example.com/', 'http://proxy'],
  [{ noProxy: '.示例.com', httpProxy: 'proxy' }, 'http://www.示例.com', null],
  [{ noProxy: 'xn--fsq092h.com', httpProxy: 'proxy' }, 'http://www.示例.com', null],
  [{ noProxy: '示例.com', httpProxy: 'proxy' }, 'http://www.xn--fsq092h.com', null],
];

// UseProxyTests with proxy_test.go's NO_PROXY list, each host dialled on port 80: true = proxied.
const NO_PROXY =
  'foobar.com, .barbaz.net, *.wildcard.io, 192.168.1.1, 192.168.1.2:81, 192.168.1.3:80, 10.0.0.0/30, 2001:db8::52:0:1, [2001:db8::52:0:2]:443, [2001:db8::52:0:3]:80, 2002:db8:a::45/64';
const USE_PROXY: Array<[string, boolean]> = [
  ['localhost', false], ['127.0.0.1', false], ['127.0.0.2', false], ['::1', false], ['::2', true],
  ['192.168.1.1', false], ['192.168.1.2', true], ['192.168.1.3', false], ['192.168.1.4', true], ['10.0.0.2', false],
  ['2001:db8::52:0:1', false], ['2001:db8::52:0:2', true], ['2001:db8::52:0:3', false], ['2002:db8:a::123', false],
  ['fe80::424b:c8be:1643:a1b6', true],
  ['barbaz.net', true], ['www.barbaz.net', false], ['foobar.com', false], ['www.foobar.com', false],
  ['foofoobar.com', true], ['baz.com', true], ['localhost.net', true], ['local.localhost', true],
  ['barbarbaz.net', true], ['wildcard.io', true], ['nested.wildcard.io', false], ['awildcard.io', true],
];

describe('Go proxy rules (httpproxy proxy_test.go cases)', () => {
  it.each(PROXY_FOR_URL)('%j for %s', (c, req, want) => {
    expect(goProxyFunc(cfg(c))(req || 'http://example.com').proxy).toBe(want);
  });
  it('HTTP_PROXY in a CGI environment is refused with Go\'s error', () => {
    const a = goProxyFunc(cfg({ httpProxy: 'http://10.1.2.3:8080', cgi: true }))('http://example.com');
    expect(a).toEqual({ proxy: null, error: 'refusing to use HTTP_PROXY value in CGI environment; see golang.org/s/cgihttpproxy' });
  });
  it('an IPv6 zone is not part of the name matched against NO_PROXY', () => {
    expect(goProxyFunc(cfg({ noProxy: 'example.com', httpProxy: 'proxy' }))({ scheme: 'http', host: '1000::%.example.com', port: '123' }).proxy).toBe('http://proxy');
  });
  it.each(USE_PROXY)('useProxy(%s:80) = %s', (host, want) => {
    expect(goUsesProxy(NO_PROXY, host, '80')).toBe(want);
    expect(goUsesProxy('*', host, '80')).toBe(false); // TestAllNoProxy
  });
  it('an invalid NO_PROXY entry (":1") exempts nothing', () => {
    expect(goUsesProxy(':1', 'example.com', '80')).toBe(true);
  });
  it('FromEnvironment: upper case wins over lower case, empty values count as unset, REQUEST_METHOD means CGI', () => {
    expect(goProxyConfigFromEnv({ HTTP_PROXY: 'a', http_proxy: 'b', https_proxy: 'c', NO_PROXY: '', no_proxy: 'd', REQUEST_METHOD: 'PUT' })).toEqual({
      httpProxy: 'a', httpsProxy: 'c', noProxy: 'd', cgi: true,
    });
  });
  it('the issue\'s case: NO_PROXY=golang.org exempts sum.golang.org and proxy.golang.org, not golang.org.evil', () => {
    const env = { HTTPS_PROXY: 'proxy.corp:3128', NO_PROXY: 'golang.org' };
    expect(goProxyForUrl('https://sum.golang.org/lookup/x', env)).toBeNull();
    expect(goProxyForUrl('https://proxy.golang.org/', env)).toBeNull();
    expect(goProxyForUrl('https://golang.org.evil/', env)).toBe('http://proxy.corp:3128');
  });
  it('probe and AIA (proxyForUrl): Go\'s rules, plus ALL_PROXY as a fallback and loopback targets proxied', () => {
    expect(proxyForUrl('https://a.example/', { HTTPS_PROXY: 'http://P:1', https_proxy: 'http://p:2' })).toBe('http://P:1');
    expect(proxyForUrl('https://a.example/', { ALL_PROXY: 'socks5h://s:1080' })).toBe('socks5h://s:1080');
    expect(proxyForUrl('https://127.0.0.1:8443/', { HTTPS_PROXY: 'http://p:1' })).toBe('http://p:1');
    expect(proxyForUrl('https://sum.golang.org/', { HTTPS_PROXY: 'http://p:1', no_proxy: 'golang.org' })).toBeNull();
  });
});

// The Go on PATH: net/http.ProxyFromEnvironment for each URL given, under the environment it was started with.
const PROGRAM = `package main

import (
	"fmt"
	"net/http"
	"os"
)

func main() {
	for _, u := range os.Args[1:] {
		req, _ := http.NewRequest("GET", u, nil)
		p, err := http.ProxyFromEnvironment(req)
		switch {
		case err != nil:
			fmt.Println("error")
		case p == nil:
			fmt.Println("<nil>")
		default:
			fmt.Println(p.String())
		}
	}
}
`;

describe.skipIf(!GO)(`the same cases against net/http of the Go on PATH (${GO?.version ?? NO_GO_REASON})`, () => {
  it('every proxy_test.go case and the NO_PROXY table agree with ProxyFromEnvironment', async () => {
    const bin = buildGo(PROGRAM);
    // Go 1.19's vendored parseProxy prefixes "http://" to unknown schemes ("foo://host"); current x/net keeps them.
    const cases = PROXY_FOR_URL.filter(([c]) => c.httpProxy !== 'foo://host');
    for (const [c, req, want] of cases) {
      const url = req || 'http://example.com';
      const env = { HTTP_PROXY: c.httpProxy ?? '', HTTPS_PROXY: c.httpsProxy ?? '', NO_PROXY: c.noProxy ?? '' };
      const got = (await runGo(bin, [url], env)).trim();
      expect(`${JSON.stringify(c)} ${url}: ${got}`).toBe(`${JSON.stringify(c)} ${url}: ${want ?? '<nil>'}`);
    }
    const urls = USE_PROXY.map(([h]) => `https://${h.includes(':') ? `[${h}]` : h}:80/`);
    const lines = (await runGo(bin, urls, { HTTPS_PROXY: 'http://proxy.test:3128', NO_PROXY })).trim().split('\n');
    expect(lines.map((l, i) => `${USE_PROXY[i]![0]} ${l !== '<nil>'}`)).toEqual(USE_PROXY.map(([h, m]) => `${h} ${m}`));
  }, 180_000);
});
