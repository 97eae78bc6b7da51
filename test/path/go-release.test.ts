/** The Go releases and GODEBUG settings that change a verdict (src/path/go-release.ts), as a table. */
import { describe, expect, it } from 'vitest';
import { goLabel, goModel, NEWEST_GO, parseGodebug, parseGoVersion } from '../../src/path/go-release.js';

describe('goModel', () => {
  it.each([
    // version, GODEBUG, cnFallback, sha1, minRsaBits, policies, wildcardExclusion, tlsPrefix
    ['1.14', '', true, true, 0, false, false, false],
    ['1.15', '', false, true, 0, false, false, false],
    ['1.16', 'x509ignoreCN=0', true, true, 0, false, false, false],
    ['1.17', 'x509ignoreCN=0', false, true, 0, false, false, false],
    ['1.18', '', false, false, 0, false, false, false],
    ['go1.19.8', 'x509sha1=1', false, true, 0, false, false, false],
    ['1.20', '', false, false, 0, false, false, true],
    ['1.23.4', 'x509sha1=1', false, true, 0, false, false, true],
    ['1.24', 'x509sha1=1', false, false, 1024, true, false, true],
    ['1.24', 'rsa1024min=0', false, false, 0, true, false, true],
    ['1.24.10', '', false, false, 1024, true, false, true],
    ['1.24.11', '', false, false, 1024, true, true, true],
    ['1.25.4', '', false, false, 1024, true, false, true],
    ['1.25.5', '', false, false, 1024, true, true, true],
    ['1.26', '', false, false, 1024, true, true, true],
  ] as const)('%s GODEBUG=%s', (version, godebug, cnFallback, sha1, minRsaBits, policies, wildcardExclusion, tlsPrefix) => {
    expect(goModel(version, godebug)).toMatchObject({ cnFallback, sha1, minRsaBits, policies, wildcardExclusion, tlsPrefix });
  });

  it('reads versions and GODEBUG as Go writes them, refuses what is not a version', () => {
    expect(parseGoVersion('go1.22.5')).toEqual([1, 22, 5]);
    expect(parseGoVersion('1.21rc2')).toEqual([1, 21, 0]);
    expect(parseGoVersion('devel +abc')).toBeNull();
    expect(parseGodebug('x509sha1=1, rsa1024min=0,x509sha1=0')).toEqual({ x509sha1: '0', rsa1024min: '0' });
    expect(() => goModel('banana')).toThrow(/not a Go version/);
    expect(goModel().version).toBe(NEWEST_GO);
    expect(goLabel(goModel('1.19', 'x509sha1=1,http2client=0'))).toBe('Go 1.19 with GODEBUG=x509sha1=1');
  });
});
