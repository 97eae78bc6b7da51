import { describe, expect, it } from 'vitest';
import { matchGoImport, parseMetaTags, repoRootFor, validateRepoRoot } from '../../src/goenv/route/meta.js';

const im = (prefix: string, vcs: string, repoRoot: string) => ({ prefix, vcs, repoRoot });

// cmd/go/internal/vcs/discovery_test.go parseMetaGoImportsTests (Go 1.19): [page, PreferMod, expected imports].
const GO_CASES: Array<[string, boolean, ReturnType<typeof im>[]]> = [
  ['<meta name="go-import" content="foo/bar git https://github.com/rsc/foo/bar">', false, [im('foo/bar', 'git', 'https://github.com/rsc/foo/bar')]],
  [`<meta name="go-import" content="foo/bar git https://github.com/rsc/foo/bar">
    <meta name="go-import" content="baz/quux git http://github.com/rsc/baz/quux">`, false,
  [im('foo/bar', 'git', 'https://github.com/rsc/foo/bar'), im('baz/quux', 'git', 'http://github.com/rsc/baz/quux')]],
  [`<meta name="go-import" content="foo/bar git https://github.com/rsc/foo/bar">
    <meta name="go-import" content="foo/bar mod http://github.com/rsc/baz/quux">`, false, [im('foo/bar', 'git', 'https://github.com/rsc/foo/bar')]],
  [`<meta name="go-import" content="foo/bar mod http://github.com/rsc/baz/quux">
    <meta name="go-import" content="foo/bar git https://github.com/rsc/foo/bar">`, false, [im('foo/bar', 'git', 'https://github.com/rsc/foo/bar')]],
  [`<meta name="go-import" content="foo/bar mod http://github.com/rsc/baz/quux">
    <meta name="go-import" content="foo/bar git https://github.com/rsc/foo/bar">`, true, [im('foo/bar', 'mod', 'http://github.com/rsc/baz/quux')]],
  [`<head>
    <meta name="go-import" content="foo/bar git https://github.com/rsc/foo/bar">
    </head>`, false, [im('foo/bar', 'git', 'https://github.com/rsc/foo/bar')]],
  [`<meta name="go-import" content="foo/bar git https://github.com/rsc/foo/bar">
    <body>`, false, [im('foo/bar', 'git', 'https://github.com/rsc/foo/bar')]],
  ['<!doctype html><meta name="go-import" content="foo/bar git https://github.com/rsc/foo/bar">', false, [im('foo/bar', 'git', 'https://github.com/rsc/foo/bar')]],
  ['<!doctype html><title>Page Not Found</title><meta name=go-import content="chitin.io/chitin git https://github.com/chitin-io/chitin"><div style=position:relative>DRAFT</div>',
    false, [im('chitin.io/chitin', 'git', 'https://github.com/chitin-io/chitin')]],
  [`<meta name="go-import" content="myitcv.io git https://github.com/myitcv/x">
    <meta name="go-import" content="myitcv.io/blah2 mod https://raw.githubusercontent.com/myitcv/pubx/master">`, false,
  [im('myitcv.io', 'git', 'https://github.com/myitcv/x')]],
  [`<meta name="go-import" content="myitcv.io git https://github.com/myitcv/x">
    <meta name="go-import" content="myitcv.io/blah2 mod https://raw.githubusercontent.com/myitcv/pubx/master">`, true,
  [im('myitcv.io/blah2', 'mod', 'https://raw.githubusercontent.com/myitcv/pubx/master'), im('myitcv.io', 'git', 'https://github.com/myitcv/x')]],
];

describe("go-import meta tags, Go's discovery_test cases", () => {
  it.each(GO_CASES.map((c, i) => [i, ...c] as const))('case %i', (_i, page, preferMod, want) => {
    const tags = parseMetaTags(page, preferMod);
    expect(tags.error).toBeNull();
    expect(tags.imports).toEqual(want);
  });
});

describe('meta tags beyond the Go table', () => {
  it('stops at <body> and </head>: tags after them are not read', () => {
    expect(parseMetaTags('<body><meta name="go-import" content="a.b/c git https://x/y">').imports).toEqual([]);
    expect(parseMetaTags('</head><meta name="go-import" content="a.b/c git https://x/y">').imports).toEqual([]);
  });

  it('case-insensitive element and attribute names, entities decoded, comments skipped, wrong field counts ignored', () => {
    const page = `<!-- <meta name="go-import" content="a.b/c git https://commented"> -->
      <META NAME="go-import" CONTENT="a.b/c git https://x.example/r?a=1&amp;b=2">
      <meta name="go-import" content="a.b/d git">
      <meta name="go-source" content="a.b/c https://x.example https://x.example/tree{/dir} https://x.example/blob{/dir}/{file}#L{line}">`;
    const tags = parseMetaTags(page);
    expect(tags.imports).toEqual([im('a.b/c', 'git', 'https://x.example/r?a=1&b=2')]);
    expect(tags.sources).toEqual([{ prefix: 'a.b/c', home: 'https://x.example', directory: 'https://x.example/tree{/dir}', file: 'https://x.example/blob{/dir}/{file}#L{line}' }]);
  });

  it('the name attribute is compared case-sensitively ("Go-Import" is not a go-import tag), as Go does', () => {
    expect(parseMetaTags('<meta name="Go-Import" content="a.b/c git https://x/y">').imports).toEqual([]);
  });

  it('malformed markup before any tag is a syntax error; after a tag, what was read stands', () => {
    expect(parseMetaTags('<html><meta name="go-import" content="a.b/c git https://x').error).toMatch(/^XML syntax error on line 1: unexpected EOF/);
    expect(parseMetaTags('<meta name="go-import" content="a.b/c git https://x/y"><p a="').imports).toHaveLength(1);
  });

  it('a hostile page of endless tags is bounded', () => {
    const page = '<p>'.repeat(50_000) + '<meta name="go-import" content="a.b/c git https://x/y">';
    expect(parseMetaTags(page).imports).toEqual([]);
  });
});

describe('matchGoImport and the repository root, with Go\'s words', () => {
  it('picks the one covering prefix; two matches are an error; a mod entry wins over later non-mod ones', () => {
    expect(matchGoImport([im('a.b/c', 'git', 'https://r')], 'a.b/c/d')).toEqual({ match: im('a.b/c', 'git', 'https://r') });
    expect(matchGoImport([im('a.b/c', 'git', 'https://r'), im('a.b', 'git', 'https://s')], 'a.b/c')).toEqual({
      error: 'multiple meta tags match import path "a.b/c"', mismatch: false,
    });
    expect(matchGoImport([im('a.b', 'mod', 'https://p'), im('a.b', 'git', 'https://s')], 'a.b/c')).toEqual({ match: im('a.b', 'mod', 'https://p') });
    expect(matchGoImport([im('a.bc', 'git', 'https://r')], 'a.b/c')).toEqual({ error: 'meta tag a.bc did not match import path a.b/c', mismatch: true });
  });

  it('a page that names no repository', () => {
    const url = 'https://corp.example/mod?go-get=1';
    expect(repoRootFor(parseMetaTags('<html><head></head></html>'), 'corp.example/mod', url, 200)).toEqual({
      error: `parse ${url}: no go-import meta tags ()`,
    });
    expect(repoRootFor(parseMetaTags('<meta name="go-import" content="other.example/x git https://r">'), 'corp.example/mod', url, 200)).toEqual({
      error: `parse ${url}: no go-import meta tags (meta tag other.example/x did not match import path corp.example/mod)`,
    });
    expect(repoRootFor(parseMetaTags('nothing'), 'corp.example/mod', url, 404)).toEqual({ error: `reading ${url}: 404 Not Found` });
    expect(repoRootFor(parseMetaTags('<meta name="go-import" content="corp.example/mod git git.corp.example/mod">'), 'corp.example/mod', url, 200)).toEqual({
      error: `${url}: invalid repo root "git.corp.example/mod": no scheme`,
    });
    expect(repoRootFor(parseMetaTags('<meta name="go-import" content="corp.example/mod cvs https://r">'), 'corp.example/mod', url, 200)).toEqual({
      error: `${url}: unknown vcs "cvs"`,
    });
  });

  it('validateRepoRoot: file: is refused, a scheme is required', () => {
    expect(validateRepoRoot('file:///srv/repo')).toBe('file scheme disallowed');
    expect(validateRepoRoot('/srv/repo')).toBe('no scheme');
    expect(validateRepoRoot('https://x/y')).toBeNull();
    expect(validateRepoRoot('ssh://git@x/y')).toBeNull();
    expect(validateRepoRoot('https://[oops')).toBe(`parse "https://[oops": missing ']' in host`);
    expect(validateRepoRoot('https://x:port/y')).toBe('parse "https://x:port/y": invalid port ":port" after host');
  });
});
