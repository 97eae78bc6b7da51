import { describe, expect, it } from 'vitest';
import { BadPatternError, matchPrefixPatterns, pathMatch } from '../../src/goenv/route/match.js';

// Go's own table: $GOROOT/src/path/match_test.go (Go 1.19), [pattern, name, match, bad pattern].
const MATCH_TESTS: Array<[string, string, boolean, boolean]> = [
  ['abc', 'abc', true, false], ['*', 'abc', true, false], ['*c', 'abc', true, false], ['a*', 'a', true, false],
  ['a*', 'abc', true, false], ['a*', 'ab/c', false, false], ['a*/b', 'abc/b', true, false], ['a*/b', 'a/c/b', false, false],
  ['a*b*c*d*e*/f', 'axbxcxdxe/f', true, false], ['a*b*c*d*e*/f', 'axbxcxdxexxx/f', true, false],
  ['a*b*c*d*e*/f', 'axbxcxdxe/xxx/f', false, false], ['a*b*c*d*e*/f', 'axbxcxdxexxx/fff', false, false],
  ['a*b?c*x', 'abxbbxdbxebxczzx', true, false], ['a*b?c*x', 'abxbbxdbxebxczzy', false, false],
  ['ab[c]', 'abc', true, false], ['ab[b-d]', 'abc', true, false], ['ab[e-g]', 'abc', false, false],
  ['ab[^c]', 'abc', false, false], ['ab[^b-d]', 'abc', false, false], ['ab[^e-g]', 'abc', true, false],
  ['a\\*b', 'a*b', true, false], ['a\\*b', 'ab', false, false], ['a?b', 'a☺b', true, false], ['a[^a]b', 'a☺b', true, false],
  ['a???b', 'a☺b', false, false], ['a[^a][^a][^a]b', 'a☺b', false, false], ['[a-ζ]*', 'α', true, false],
  ['*[a-ζ]', 'A', false, false], ['a?b', 'a/b', false, false], ['a*b', 'a/b', false, false], ['[\\]a]', ']', true, false],
  ['[\\-]', '-', true, false], ['[x\\-]', 'x', true, false], ['[x\\-]', '-', true, false], ['[x\\-]', 'z', false, false],
  ['[\\-x]', 'x', true, false], ['[\\-x]', '-', true, false], ['[\\-x]', 'a', false, false],
  ['[]a]', ']', false, true], ['[-]', '-', false, true], ['[x-]', 'x', false, true], ['[x-]', '-', false, true],
  ['[x-]', 'z', false, true], ['[-x]', 'x', false, true], ['[-x]', '-', false, true], ['[-x]', 'a', false, true],
  ['\\', 'a', false, true], ['[a-b-c]', 'a', false, true], ['[', 'a', false, true], ['[^', 'a', false, true],
  ['[^bc', 'a', false, true], ['a[', 'a', false, true], ['a[', 'ab', false, true], ['a[', 'x', false, true],
  ['a/b[', 'x', false, true], ['*x', 'xxx', true, false],
];

describe("path.Match, Go's table", () => {
  it.each(MATCH_TESTS)('Match(%j, %j) = %s (bad pattern: %s)', (pattern, name, match, bad) => {
    if (bad) expect(() => pathMatch(pattern, name)).toThrow(BadPatternError);
    else expect(pathMatch(pattern, name)).toBe(match);
  });
});

// golang.org/x/mod module_test.go TestMatchPrefixPatterns. One row differs in Go 1.19: its vendored
// MatchPrefixPatterns trims a trailing "/" from each glob, so "rsc.io/" matches rsc.io/quote there (the current x/mod
// test says false, after the trim was removed). chaindbg follows the Go on PATH here (1.19).
const PREFIX_TESTS: Array<[string, string, boolean]> = [
  ['*/quote', 'rsc.io/quote', true], ['*/quo', 'rsc.io/quote', false], ['*/quo??', 'rsc.io/quote', true],
  ['*/quo*', 'rsc.io/quote', true], ['*quo*', 'rsc.io/quote', false], ['rsc.io', 'rsc.io/quote', true],
  ['*.io', 'rsc.io/quote', true], ['rsc.io/', 'rsc.io/quote', true /* Go 1.19; x/mod today: false */],
  ['rsc', 'rsc.io/quote', false], ['rsc*', 'rsc.io/quote', true], ['rsc.io', 'rsc.io/quote/v3', true],
  ['*/quote', 'rsc.io/quote/v3', true], ['*/quote/*', 'rsc.io/quote/v3', true], ['*/v3', 'rsc.io/quote/v3', false],
  ['*/*/v3', 'rsc.io/quote/v3', true], ['*/*/*', 'rsc.io/quote/v3', true], ['*/*/*', 'rsc.io/quote', false],
  ['*/*/*,,', 'rsc.io/quote', false], ['*/*/*,,*/quote', 'rsc.io/quote', true], [',,*/quote', 'rsc.io/quote', true],
];

describe("module.MatchPrefixPatterns, x/mod's table", () => {
  it.each(PREFIX_TESTS)('MatchPrefixPatterns(%j, %j) = %s', (globs, target, want) => {
    expect(matchPrefixPatterns(globs, target)).toBe(want);
  });

  it('a malformed glob matches nothing and does not stop the list (Go drops the error)', () => {
    expect(matchPrefixPatterns('[,corp.example', 'corp.example/mod')).toBe(true);
    expect(matchPrefixPatterns('corp[', 'corp[')).toBe(false);
  });

  it('does not trim spaces: " corp.example" is not corp.example, as in Go', () => {
    expect(matchPrefixPatterns(' corp.example', 'corp.example/mod')).toBe(false);
  });
});
