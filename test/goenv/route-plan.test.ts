import { describe, expect, it } from 'vitest';
import type { GoSettings } from '../../src/goenv/index.js';
import { parseModuleQuery, planRoute } from '../../src/goenv/route/plan.js';
import { proxyList, sumdbSetting } from '../../src/goenv/route/proxy-list.js';

const settings = (over: Partial<GoSettings> = {}): GoSettings => ({
  source: 'environment', GOPROXY: 'https://proxy.golang.org,direct', GOSUMDB: 'sum.golang.org', GOPRIVATE: '',
  GONOPROXY: '', GONOSUMDB: '', GOINSECURE: '', GOFLAGS: '', ...over,
});

describe('GOPROXY as cmd/go reads it', () => {
  it('separators, scheme defaulting, and the end of the list at direct or off', () => {
    expect(proxyList('a.example|https://b.example/x,direct,https://never.example')).toEqual({ list: [
      { url: 'https://a.example', fallBackOnError: true },
      { url: 'https://b.example/x', fallBackOnError: false },
      { url: 'direct', fallBackOnError: false },
    ] });
    expect(proxyList(' ,off,https://x.example')).toEqual({ list: [{ url: 'off', fallBackOnError: false }] });
  });

  it("refuses what Go refuses, in Go's words", () => {
    expect(proxyList(',,')).toEqual({ error: 'GOPROXY list is not the empty string, but contains no entries' });
    expect(proxyList('ftp://x.example')).toEqual({ error: 'invalid proxy URL scheme (must be https, http, file): ftp://x.example' });
    expect(proxyList('proxy')).toEqual({ error: 'invalid proxy URL missing scheme: proxy' });
  });

  it('GOSUMDB forms', () => {
    expect(sumdbSetting('sum.golang.org')).toEqual({ name: 'sum.golang.org', url: 'https://sum.golang.org', explicitUrl: false });
    expect(sumdbSetting('sum.golang.google.cn')).toEqual({ name: 'sum.golang.org', url: 'https://sum.golang.google.cn', explicitUrl: true });
    expect(sumdbSetting('corp.example+abc https://sumdb.corp.example/')).toEqual({ name: 'corp.example', url: 'https://sumdb.corp.example', explicitUrl: true });
    expect(sumdbSetting('off')).toBeNull();
  });
});

describe('planRoute', () => {
  it('a public module: each proxy with its first request (escaped path), then the checksum lookup through the proxy', () => {
    const plan = planRoute(settings(), parseModuleQuery('github.com/BurntSushi/toml@v1.2.0'));
    expect(plan.error).toBeNull();
    expect(plan.escapedPath).toBe('github.com/!burnt!sushi/toml');
    expect(plan.sources.map((s) => [s.kind, s.request])).toEqual([
      ['proxy', 'https://proxy.golang.org/github.com/!burnt!sushi/toml/@v/v1.2.0.info'],
      ['direct', null],
    ]);
    expect(plan.sumdb).toMatchObject({ mode: 'checked', name: 'sum.golang.org', path: 'lookup/github.com/!burnt!sushi/toml@v1.2.0' });
    expect(plan.sumdbVia.map((s) => s.url)).toEqual(['https://proxy.golang.org']);
  });

  it('a GOSUMDB with its own URL (sum.golang.google.cn included) is asked directly, never through a proxy', () => {
    expect(planRoute(settings({ GOSUMDB: 'sum.golang.google.cn' }), parseModuleQuery('rsc.io/quote@v1.5.2')).sumdbVia).toEqual([]);
    expect(planRoute(settings({ GOSUMDB: 'sum.golang.org' }), parseModuleQuery('rsc.io/quote@v1.5.2')).sumdbVia).toHaveLength(1);
  });

  it('without a version: @v/list, and the database\'s latest tree', () => {
    const plan = planRoute(settings(), parseModuleQuery('rsc.io/quote@latest'));
    expect(plan.version).toBeNull();
    expect(plan.sources[0]!.request).toBe('https://proxy.golang.org/rsc.io/quote/@v/list');
    expect(plan.sumdb.path).toBe('latest');
  });

  it('GOPRIVATE: direct only, no checksum database; the proxies still front the database for other modules', () => {
    const plan = planRoute(settings({ GOPRIVATE: '*.corp.example', GONOPROXY: '*.corp.example', GONOSUMDB: '*.corp.example' }), parseModuleQuery('git.corp.example/team/mod@v1.0.0'));
    expect(plan.sources).toEqual([{ kind: 'direct', url: 'git.corp.example/team/mod', fallThroughOnError: false, request: null }]);
    expect(plan.sumdb.mode).toBe('skipped');
    expect(plan.noProxy && plan.noSumdb).toBe(true);
  });

  it('GOINSECURE and GOSUMDB=off are carried', () => {
    const plan = planRoute(settings({ GOINSECURE: 'corp.example', GOSUMDB: 'off' }), parseModuleQuery('corp.example/x@v1.0.0'));
    expect(plan.insecure).toBe(true);
    expect(plan.sumdb.mode).toBe('off');
  });

  it('malformed input stops before any request, with Go\'s words', () => {
    expect(planRoute(settings(), parseModuleQuery('corp/mod@v1.0.0')).error).toBe('malformed module path "corp/mod": missing dot in first path element');
    expect(planRoute(settings(), parseModuleQuery('corp.example/mod@v1!')).error).toBe('corp.example/mod@v1!: version "v1!" invalid: disallowed version string');
    expect(planRoute(settings({ GOPROXY: 'ftp://x' }), parseModuleQuery('corp.example/mod')).error).toMatch(/^invalid proxy URL scheme/);
  });
});
