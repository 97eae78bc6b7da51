import { describe, expect, it } from 'vitest';
import { storeLabels } from '../../src/model/store-label.js';
import { splitStoreName } from '../../src/model/store-spec.js';

describe('storeLabels: short, unique', () => {
  const cases: Array<[string, string[], string[]]> = [
    ['built-in stores keep their names', ['system', 'mozilla', 'node'], ['system', 'mozilla', 'node']],
    ['a path is its file name without the certificate extension', ['/tmp/chaindbg-x1/corp.pem', 'mozilla'], ['corp', 'mozilla']],
    ['two roots.pem in different folders stay distinct', ['/tmp/a/roots.pem', '/tmp/b/roots.pem'], ['a/roots', 'b/roots']],
    ['the shortest suffix that differs', ['/x/a/c/roots.pem', '/x/b/c/roots.pem', '/x/other.pem'], ['a/c/roots', 'b/c/roots', 'other']],
    ['NAME=PATH is NAME', ['corp=/tmp/a/roots.pem', '/tmp/b/roots.pem'], ['corp', 'roots']],
    ['a path that would read as a built-in name keeps more of itself', ['system', '/etc/x/system.pem'], ['system', 'x/system']],
    ['the extension stays when dropping it makes two alike', ['/a/roots.pem', '/a/roots.crt'], ['roots.pem', 'roots.crt']],
    ['a certdata store is its file name', ['certdata:/usr/share/nss/certdata.txt'], ['certdata.txt']],
    ['Windows separators', ['C:\\certs\\a\\roots.pem', 'C:\\certs\\b\\roots.pem'], ['a/roots', 'b/roots']],
    ['the same path twice: one label', ['/a/r.pem', '/a/r.pem'], ['r', 'r']],
    ['the same file spelt two ways: the SPECs themselves', ['./a/r.pem', 'a/r.pem'], ['./a/r.pem', 'a/r.pem']],
  ];
  it.each(cases)('%s', (_what, specs, labels) => {
    const got = storeLabels(specs);
    expect(specs.map((s) => got.get(s))).toEqual(labels);
    expect(new Set(got.values()).size).toBe(got.size);
  });
});

describe('splitStoreName: the NAME=SPEC grammar', () => {
  it.each([
    ['corp=./corp.pem', { name: 'corp', spec: './corp.pem' }],
    ['my-roots_2=certdata:/x/certdata.txt', { name: 'my-roots_2', spec: 'certdata:/x/certdata.txt' }],
    ['./a=b.pem', { name: null, spec: './a=b.pem' }],
    ['/tmp/x=y/roots.pem', { name: null, spec: '/tmp/x=y/roots.pem' }],
    ['=roots.pem', { name: null, spec: '=roots.pem' }],
    ['corp=', { name: null, spec: 'corp=' }],
    ['mozilla', { name: null, spec: 'mozilla' }],
  ])('%s', (spec, want) => expect(splitStoreName(spec)).toEqual(want));
});
