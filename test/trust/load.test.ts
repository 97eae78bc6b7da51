import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, truncateSync, writeFileSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tls from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  LINUX_ROOTS,
  STORE_LIMITS,
  StoreError,
  auditStore,
  listStores,
  listingEntry,
  loadStore,
  nodeStoreFs,
  renderStoresText,
  storesToJson,
  type StoreContext,
  type StoreFs,
  type TrustStore,
} from '../../src/trust/index.js';
import { JAN_2020, JAN_2040, NOW, makeRoot, type TestRoot } from './pki.js';

/*
 * Roots made here (fixed dates, NOW = 2026-05-01):
 *   alpha   2020..2040
 *   beta    2020..2040
 *   old     2010..2020  (expired at NOW)
 *   alpha2  alpha's subject and key, new serial and dates (a re-issue)
 */
let dir: string;
let alpha: TestRoot, beta: TestRoot, old: TestRoot, alpha2: TestRoot;
const ROOT = join(import.meta.dirname, '..', '..');
const isRoot = process.getuid?.() === 0;

function ctx(env: Record<string, string | undefined> = {}, extra: Partial<StoreContext> = {}): StoreContext {
  return { env, platform: 'linux', packageRoot: ROOT, cwd: dir, ...extra };
}

function write(rel: string, data: string | Uint8Array): string {
  const p = join(dir, rel);
  writeFileSync(p, data);
  return p;
}

function sha(store: TrustStore): string[] {
  return store.anchors.map((a) => a.fingerprint).sort();
}

function fingerprint(r: TestRoot): string {
  return createHash('sha256').update(r.der).digest('hex');
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'chaindbg-trust-'));
  alpha = await makeRoot({ cn: 'Alpha Root', notBefore: JAN_2020, notAfter: JAN_2040 });
  beta = await makeRoot({ cn: 'Beta Root', notBefore: JAN_2020, notAfter: JAN_2040 });
  old = await makeRoot({ cn: 'Old Root', notBefore: new Date('2010-01-01T00:00:00Z'), notAfter: new Date('2020-01-01T00:00:00Z') });
  alpha2 = await makeRoot({ cn: 'Alpha Root', key: alpha.key, serial: 2, notBefore: new Date('2021-01-01T00:00:00Z'), notAfter: JAN_2040 });
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('custom stores (PATH)', () => {
  it('a PEM bundle with text around blocks; an exact duplicate is kept once and reported with both origins', async () => {
    const p = write('bundle.pem', `Alpha\n${alpha.pem}\nBeta\n${beta.pem}${alpha.pem}`);
    const store = await loadStore('bundle.pem', ctx());
    expect(store.kind).toBe('file');
    expect(sha(store)).toEqual([fingerprint(alpha), fingerprint(beta)].sort());
    expect(store.anchors.every((a) => a.serverAuth && a.store === 'bundle.pem')).toBe(true);
    expect(store.anchors.map((a) => a.source)).toEqual([`${p}#1`, `${p}#2`]);
    expect(store.meta.duplicates).toBe('1');
    expect(store.problems).toEqual([expect.stringMatching(new RegExp(`^${p}#3: duplicate of ${p}#1 .*${fingerprint(alpha).slice(0, 16)}`))]);
  });

  it('skips blocks Go would skip (other types, headers, broken base64, undecodable DER) and says which', async () => {
    const junk = Buffer.from('not a certificate at all').toString('base64');
    const text = [
      '-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----',
      '-----BEGIN CERTIFICATE-----\nProc-Type: 4,ENCRYPTED\n\nAAAA\n-----END CERTIFICATE-----',
      '-----BEGIN CERTIFICATE-----\n%%%%\n-----END CERTIFICATE-----',
      `-----BEGIN CERTIFICATE-----\n${junk}\n-----END CERTIFICATE-----`,
      beta.pem,
    ].join('\n');
    const p = write('mixed.pem', text);
    const store = await loadStore(p, ctx());
    expect(sha(store)).toEqual([fingerprint(beta)]);
    expect(store.problems.map((m) => m.split(':')[0])).toEqual([`${p}#1`, `${p}#2`, `${p}#3`, `${p}#4`]);
    expect(store.problems[0]).toContain('PRIVATE KEY');
    expect(store.problems[1]).toContain('headers');
    expect(store.problems[2]).toContain('base64');
    expect(store.problems[3]).toContain('not a valid certificate');
  });

  it('a folder of PEM and DER files; same-dir hash links, subfolders, dangling links and FIFOs do not stop it', async () => {
    const f = join(dir, 'folder');
    mkdirSync(f);
    writeFileSync(join(f, 'alpha.pem'), alpha.pem);
    writeFileSync(join(f, 'beta.der'), beta.der);
    writeFileSync(join(f, 'README.txt'), 'roots for the lab\n');
    mkdirSync(join(f, 'sub'));
    symlinkSync('alpha.pem', join(f, '5ad8a5d6.0')); // OpenSSL hash link: skipped like Go
    symlinkSync('/nonexistent/chaindbg/x.pem', join(f, 'gone.pem')); // dangling
    // Tests run as root, which can read a chmod 000 file: a FIFO is the unreadable entry that works for every user.
    execFileSync('mkfifo', [join(f, 'pipe.pem')]);
    const store = await loadStore(f, ctx());
    expect(store.kind).toBe('folder');
    expect(sha(store)).toEqual([fingerprint(alpha), fingerprint(beta)].sort());
    expect(store.meta.sameDirSymlinksSkipped).toBe('1');
    const errors = Object.fromEntries(store.sources.filter((s) => s.error).map((s) => [s.path.slice(f.length + 1), s.error]));
    expect(errors).toEqual({
      'README.txt': 'no certificate found (expected PEM or DER)',
      'gone.pem': 'no such file or directory',
      'pipe.pem': 'not a regular file (fifo)',
    });
    expect(store.sources.map((s) => s.path)).not.toContain(join(f, 'sub'));
    expect(store.sources.find((s) => s.path.endsWith('beta.der'))?.certificates).toBe(1);
  });

  it.skipIf(isRoot)('a chmod 000 file is reported as permission denied (only meaningful when not root)', async () => {
    const f = join(dir, 'locked');
    mkdirSync(f);
    writeFileSync(join(f, 'a.pem'), alpha.pem);
    chmodSync(join(f, 'a.pem'), 0o000);
    const store = await loadStore(f, ctx());
    expect(store.sources[0]?.error).toBe('permission denied');
  });

  it('refuses a file over the size limit without reading it', async () => {
    const p = write('huge.pem', alpha.pem);
    truncateSync(p, STORE_LIMITS.maxFileBytes + 1); // sparse: cheap to make
    const err = await loadStore(p, ctx()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StoreError);
    expect((err as StoreError).reason).toBe(`file too large (limit ${STORE_LIMITS.maxFileBytes} bytes), not read`);
  });

  it('a missing path is a one-line StoreError', async () => {
    const err = await loadStore('./x.pem', ctx()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StoreError);
    expect(err).toMatchObject({ spec: './x.pem', reason: 'no such file or directory' });
    expect((err as Error).message).toBe('store "./x.pem": no such file or directory');
  });

  it('expired roots are problems of the listing at now, not of loading', async () => {
    const p = write('with-old.pem', alpha.pem + old.pem);
    const store = await loadStore(p, ctx());
    expect(store.anchors).toHaveLength(2);
    expect(store.problems).toEqual([]);
    const audit = auditStore(store, NOW);
    expect(audit.expired.map((e) => e.sha256)).toEqual([fingerprint(old)]);
    expect(audit.expired[0]!.notAfter).toBe('2020-01-01T00:00:00.000Z');
    expect(auditStore(store, new Date('2019-06-01T00:00:00Z')).expired).toEqual([]);
    const entry = listingEntry(store, NOW);
    expect(entry.problems).toEqual([expect.stringContaining(`sha256 ${fingerprint(old).slice(0, 16)}`)]);
  });

  it('a re-issued root (same key, new certificate) is two anchors', async () => {
    const store = await loadStore(write('reissue.pem', alpha.pem + alpha2.pem), ctx());
    expect(store.anchors).toHaveLength(2);
    expect(store.anchors[0]!.cert.publicKey.spkiSha256).toBe(store.anchors[1]!.cert.publicKey.spkiSha256);
  });
});

describe('system store on Linux (Go root_unix.go behaviour)', () => {
  it('SSL_CERT_FILE and every directory of SSL_CERT_DIR; hash links skipped, loops and missing dirs reported', async () => {
    const bundle = write('env-bundle.pem', alpha.pem);
    const d1 = join(dir, 'certdir1');
    const d2 = join(dir, 'certdir2-missing');
    mkdirSync(d1);
    writeFileSync(join(d1, 'beta.pem'), beta.pem);
    writeFileSync(join(d1, 'beta.der'), beta.der); // Go's system loader reads PEM only
    symlinkSync('beta.pem', join(d1, '1a2b3c4d.0'));
    symlinkSync('./loop.pem', join(d1, 'loop.pem')); // has a slash: not a hash link, and loops
    const d3 = join(dir, 'certdir-loop');
    symlinkSync(d3, d3); // the directory itself is a symlink loop
    const store = await loadStore('system', ctx({ SSL_CERT_FILE: bundle, SSL_CERT_DIR: `${d1}:${d2}:${d3}` }));
    expect(store.kind).toBe('system');
    expect(sha(store)).toEqual([fingerprint(alpha), fingerprint(beta)].sort());
    expect(store.meta).toMatchObject({
      certFile: bundle,
      certFileFrom: 'SSL_CERT_FILE',
      certDirs: d1,
      certDirsFrom: 'SSL_CERT_DIR',
      sameDirSymlinksSkipped: '1',
    });
    const errors = Object.fromEntries(store.sources.filter((s) => s.error).map((s) => [s.path, s.error]));
    expect(errors).toEqual({
      [join(d1, 'beta.der')]: 'no PEM certificate found',
      [join(d1, 'loop.pem')]: 'too many levels of symbolic links',
      [d2]: 'no such file or directory',
      [d3]: 'too many levels of symbolic links',
    });
  });

  it('a missing SSL_CERT_FILE is reported, and the directories still load', async () => {
    const d = join(dir, 'certdir3');
    mkdirSync(d);
    writeFileSync(join(d, 'a.pem'), alpha.pem);
    const store = await loadStore('system', ctx({ SSL_CERT_FILE: join(dir, 'nope.crt'), SSL_CERT_DIR: d }));
    expect(sha(store)).toEqual([fingerprint(alpha)]);
    expect(store.meta.certFile).toBe('(none)');
    expect(store.sources[0]).toEqual({ path: join(dir, 'nope.crt'), certificates: 0, error: 'no such file or directory' });
  });

  it("without the variables: the first readable file of Go's list wins, and both default directories are read", async () => {
    // A file system rooted in a temp folder, so Go's absolute paths can be staged.
    const fake = join(dir, 'fakeroot');
    const remap = (p: string) => join(fake, p);
    const fs: StoreFs = {
      lstat: (p) => nodeStoreFs.lstat(remap(p)),
      stat: (p) => nodeStoreFs.stat(remap(p)),
      readdir: (p) => nodeStoreFs.readdir(remap(p)),
      readlink: (p) => nodeStoreFs.readlink(remap(p)),
      readFile: (p, max) => nodeStoreFs.readFile(remap(p), max),
    };
    mkdirSync(join(fake, 'etc/ssl/certs'), { recursive: true });
    mkdirSync(join(fake, 'etc/pki/tls/certs'), { recursive: true });
    // files[0] exists but cannot be read (a FIFO): Go passes over it; files[1] is read; files[5] is never reached.
    execFileSync('mkfifo', [remap(LINUX_ROOTS.files[0]!)]);
    writeFileSync(remap(LINUX_ROOTS.files[1]!), alpha.pem);
    writeFileSync(remap(LINUX_ROOTS.files[5]!), old.pem);
    writeFileSync(join(fake, 'etc/ssl/certs/beta.pem'), beta.pem);
    const store = await loadStore('system', ctx({}, { fs }));
    expect(store.meta.certFile).toBe(LINUX_ROOTS.files[1]);
    expect(store.meta.certFileFrom).toBe('default list');
    expect(store.meta.certDirs).toBe('/etc/ssl/certs:/etc/pki/tls/certs');
    expect(sha(store)).toEqual([fingerprint(alpha), fingerprint(beta)].sort());
    expect(store.sources.find((s) => s.path === LINUX_ROOTS.files[0])?.error).toBe('not a regular file (fifo)');
  });

  it('the bundle inside the certificate directory (Debian layout) is read twice and kept once, in one line', async () => {
    const d = join(dir, 'debian');
    mkdirSync(d);
    const bundle = join(d, 'ca-certificates.crt');
    writeFileSync(bundle, alpha.pem + beta.pem);
    writeFileSync(join(d, 'Alpha.pem'), alpha.pem);
    writeFileSync(join(d, 'Beta.pem'), beta.pem);
    const store = await loadStore('system', ctx({ SSL_CERT_FILE: bundle, SSL_CERT_DIR: d }));
    expect(store.anchors).toHaveLength(2);
    expect(store.meta.duplicates).toBe('4');
    expect(store.problems).toEqual([
      expect.stringContaining(`2 certificates in ${d}/ duplicate ones already read from ${bundle}`),
      expect.stringContaining(`${bundle} was read twice`),
    ]);
  });

  it('macOS: the system keychains through `security`, with the platform-verifier note', async () => {
    const calls: string[][] = [];
    const exec = async (cmd: string, args: string[]) => {
      calls.push([cmd, ...args]);
      return args[3]!.startsWith('/System') ? { code: 0, stdout: alpha.pem + beta.pem, stderr: '' } : { code: 1, stdout: '', stderr: 'denied\n' };
    };
    const store = await loadStore('system', ctx({ SSL_CERT_FILE: '/ignored' }, { platform: 'darwin', exec }));
    expect(calls[0]).toEqual(['security', 'find-certificate', '-a', '-p', '/System/Library/Keychains/SystemRootCertificates.keychain']);
    expect(sha(store)).toEqual([fingerprint(alpha), fingerprint(beta)].sort());
    expect(store.sources[1]).toMatchObject({ path: '/Library/Keychains/System.keychain', error: 'security failed: denied' });
    expect(store.problems.some((p) => p.includes('ignores SSL_CERT_FILE'))).toBe(true);
  });

  it('Windows: tls.getCACertificates when Node has it, a clear problem when not', async () => {
    const none = await loadStore('system', ctx({}, { platform: 'win32', systemCertificates: null }));
    expect(none.anchors).toEqual([]);
    expect(none.problems[0]).toContain('not supported here');
    const some = await loadStore('system', ctx({}, { platform: 'win32', systemCertificates: () => [alpha.pem] }));
    expect(sha(some)).toEqual([fingerprint(alpha)]);
  });
});

describe('node store and the stores listing', () => {
  it("node: tls.rootCertificates, every root for websites", async () => {
    const store = await loadStore('node', ctx());
    expect(store.kind).toBe('node');
    expect(store.anchors).toHaveLength(tls.rootCertificates.length);
    expect(store.anchors.every((a) => a.serverAuth && a.distrustAfter === undefined)).toBe(true);
    expect(store.meta.nodeVersion).toBe(process.version);
  });

  it('listStores: each built-in store with counts, NSS version, problems; JSON with schemaVersion first', async () => {
    const d = join(dir, 'listing');
    mkdirSync(d);
    const bundle = join(d, 'bundle.pem');
    writeFileSync(bundle, alpha.pem + old.pem + alpha.pem);
    const listing = await listStores(ctx({ SSL_CERT_FILE: bundle, SSL_CERT_DIR: join(d, 'none') }), NOW);
    expect(listing.stores.map((s) => [s.name, s.error])).toEqual([
      ['system', null],
      ['mozilla', null],
      ['node', null],
    ]);
    const [system, mozilla] = listing.stores;
    expect(system).toMatchObject({ count: 2, serverAuth: 2 });
    expect(system!.audit!.expired.map((e) => e.sha256)).toEqual([fingerprint(old)]);
    expect(system!.problems.some((p) => p.startsWith(`${bundle}#3: duplicate of ${bundle}#1`))).toBe(true);
    expect(system!.problems.some((p) => p.startsWith(`${join(d, 'none')}: no such file`))).toBe(true);
    expect(mozilla).toMatchObject({ count: 167, serverAuth: 121, nssVersion: '3.123.1' });
    const json = storesToJson(listing);
    expect(Object.keys(JSON.parse(json) as object)[0]).toBe('schemaVersion');
    expect(JSON.parse(json)).toEqual(JSON.parse(JSON.stringify(listing)));
    const text = renderStoresText(listing);
    expect(text.split('\n').filter((l) => /^(system|mozilla|node) /.test(l))).toHaveLength(3);
    expect(text).toContain(fingerprint(old).slice(0, 16));
  });

  it('a store that cannot load shows up with its error instead of failing the listing', async () => {
    const listing = await listStores(ctx({}, { packageRoot: join(dir, 'no-package') }), NOW, ['mozilla']);
    expect(listing.stores[0]!.error).toMatch(/^store "mozilla": .*roots\.json: no such file or directory$/);
  });
});
