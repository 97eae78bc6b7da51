import { describe, expect, it } from 'vitest';
import {
  checkFilePath, checkImportPath, checkModulePath, escapeModulePath, escapeModuleVersion, splitPathVersion,
} from '../../src/goenv/route/module-path.js';

// golang.org/x/mod module_test.go checkPathTests: [path, CheckPath ok, CheckImportPath ok, CheckFilePath ok].
// "\xFF" (an invalid UTF-8 byte) reaches JavaScript as U+FFFD. One row differs from today's x/mod: Go 1.19's vendored
// x/mod (v0.6.0-dev) does not allow "+" in module paths (modPathOK), so "x.y/z+" is not a module path there; it
// refuses a leading dot only in module paths (checkElem), so ".x/z" is a valid import path; and it allows a leading
// dash in file paths (checkPath).
const CHECK_PATH_TESTS: Array<[string, boolean, boolean, boolean]> = [
  ['x.y/z', true, true, true], ['x.y', true, true, true], ['', false, false, false], ['x.y/\ufffdz', false, false, false],
  ['/x.y/z', false, false, false], ['x./z', false, false, false], ['.x/z', false, true /* Go 1.19 */, true], ['-x/z', false, false, true /* Go 1.19 */],
  ['x..y/z', true, true, true], ['x.y/z/../../w', false, false, false], ['x.y//z', false, false, false],
  ['x.y/z//w', false, false, false], ['x.y/z/', false, false, false], ['x.y/z/v0', false, true, true],
  ['x.y/z/v1', false, true, true], ['x.y/z/v2', true, true, true], ['x.y/z/v2.0', false, true, true], ['X.y/z', false, true, true],
  ['!x.y/z', false, false, true], ['_x.y/z', false, true, true], ['x.y!/z', false, false, true], ['x.y"/z', false, false, false],
  ['x.y#/z', false, false, true], ['x.y$/z', false, false, true], ['x.y%/z', false, false, true], ['x.y&/z', false, false, true],
  ["x.y'/z", false, false, false], ['x.y(/z', false, false, true], ['x.y)/z', false, false, true], ['x.y*/z', false, false, false],
  ['x.y+/z', false, true, true], ['x.y,/z', false, false, true], ['x.y-/z', true, true, true], ['x.y./zt', false, false, false],
  ['x.y:/z', false, false, false], ['x.y;/z', false, false, false], ['x.y</z', false, false, false], ['x.y=/z', false, false, true],
  ['x.y>/z', false, false, false], ['x.y?/z', false, false, false], ['x.y@/z', false, false, true], ['x.y[/z', false, false, true],
  ['x.y\\/z', false, false, false], ['x.y]/z', false, false, true], ['x.y^/z', false, false, true], ['x.y_/z', false, true, true],
  ['x.y`/z', false, false, false], ['x.y{/z', false, false, true], ['x.y}/z', false, false, true], ['x.y~/z', false, true, true],
  ['x.y/z!', false, false, true], ['x.y/z"', false, false, false], ['x.y/z#', false, false, true], ['x.y/z$', false, false, true],
  ['x.y/z%', false, false, true], ['x.y/z&', false, false, true], ["x.y/z'", false, false, false], ['x.y/z(', false, false, true],
  ['x.y/z)', false, false, true], ['x.y/z*', false, false, false], ['x.y/z+', false /* Go 1.19; x/mod today: true */, true, true], ['x.y/z,', false, false, true],
  ['x.y/z-', true, true, true], ['x.y/z.t', true, true, true], ['x.y/z/t', true, true, true], ['x.y/z:', false, false, false],
  ['x.y/z;', false, false, false], ['x.y/z<', false, false, false], ['x.y/z=', false, false, true], ['x.y/z>', false, false, false],
  ['x.y/z?', false, false, false], ['x.y/z@', false, false, true], ['x.y/z[', false, false, true], ['x.y/z\\', false, false, false],
  ['x.y/z]', false, false, true], ['x.y/z^', false, false, true], ['x.y/z_', true, true, true], ['x.y/z`', false, false, false],
  ['x.y/z{', false, false, true], ['x.y/z}', false, false, true], ['x.y/z~', true, true, true], ['x.y/x.foo', true, true, true],
  ['x.y/aux.foo', false, false, false], ['x.y/prn', false, false, false], ['x.y/prn2', true, true, true], ['x.y/com', true, true, true],
  ['x.y/com1', false, false, false], ['x.y/com1.txt', false, false, false], ['x.y/calm1', true, true, true],
  ['github.com/!123/logrus', false, false, true], ['github.com/user/unicode/испытание', false, false, true],
  ['../x', false, false, false], ['./y', false, false, false], ['x:y', false, false, false], ['\\temp\\foo', false, false, false],
  ['.gitignore', false, true /* Go 1.19 */, true], ['.github/ISSUE_TEMPLATE', false, true /* Go 1.19 */, true], ['x☺y', false, false, false],
];

describe("module path checks, x/mod's table", () => {
  it.each(CHECK_PATH_TESTS)('%j: module %s, import %s, file %s', (path, ok, importOK, fileOK) => {
    expect(checkModulePath(path) === null).toBe(ok);
    expect(checkImportPath(path) === null).toBe(importOK);
    expect(checkFilePath(path) === null).toBe(fileOK);
    if (!ok) expect('error' in escapeModulePath(path)).toBe(true);
  });

  it("words errors as Go does", () => {
    expect(checkModulePath('corp/mod')).toBe('malformed module path "corp/mod": missing dot in first path element');
    expect(checkModulePath('Corp.example/mod')).toBe(`malformed module path "Corp.example/mod": invalid char 'C' in first path element`);
    expect(checkModulePath('x.y/z/v1')).toBe('malformed module path "x.y/z/v1": invalid version');
    expect(checkModulePath('x.y/com1')).toBe('malformed module path "x.y/com1": "com1" disallowed as path element component on Windows');
    expect(checkModulePath('x.y/\u001b[2J')).toBe(`malformed module path "x.y/\\x1b[2J": invalid char '\\x1b'`);
  });
});

describe('escaping, splitting', () => {
  it("escapes upper case as Go's table says", () => {
    // x/mod's row has "+" in it, which Go 1.19 refuses (see above).
    expect(escapeModulePath('ascii.com/abcdefghijklmnopqrstuvwxyz.-+/~_0123456789')).toEqual({ error: expect.any(String) });
    expect(escapeModulePath('ascii.com/abcdefghijklmnopqrstuvwxyz.-/~_0123456789')).toEqual({ escaped: 'ascii.com/abcdefghijklmnopqrstuvwxyz.-/~_0123456789' });
    expect(escapeModulePath('github.com/GoogleCloudPlatform/omega')).toEqual({ escaped: 'github.com/!google!cloud!platform/omega' });
    expect(escapeModuleVersion('v1.0.0-RC1')).toEqual({ escaped: 'v1.0.0-!r!c1' });
    expect(escapeModuleVersion('v1!')).toEqual({ error: 'version "v1!" invalid: disallowed version string' });
  });

  it.each([
    ['x.y/z', ''], ['x.y/z', '/v2'], ['x.y/z', '/v3'], ['x.y/v', ''], ['gopkg.in/yaml', '.v0'], ['gopkg.in/yaml', '.v1'],
    ['gopkg.in/yaml', '.v2'], ['gopkg.in/yaml', '.v3'],
  ])('SplitPathVersion(%j + %j)', (prefix, major) => {
    expect(splitPathVersion(prefix + major)).toEqual({ prefix, pathMajor: major, ok: true });
  });
});
