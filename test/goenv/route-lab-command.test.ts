import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { memoryIO } from '../../src/cli/io.js';
import { run } from '../../src/cli/run.js';

describe('chaindbg lab with the Go module routes', () => {
  it('--list names them; --once runs the one command each prints and checks where go get stops', async () => {
    const list = memoryIO();
    expect(await run(['lab', '--list'], list)).toBe(0);
    expect(list.output).toMatch(/^go-private-git\s+private module: Go trusts the meta host through SSL_CERT_FILE/m);
    expect(list.output).toMatch(/^go-proxy-redirect\s+the module proxy redirects downloads/m);

    const home = await mkdtemp(path.join(tmpdir(), 'chaindbg-labgo-'));
    try {
      const env = { PATH: process.env.PATH, HOME: home, GIT_CONFIG_NOSYSTEM: '1', GOENV: 'off', GOFLAGS: '', NO_PROXY: '', HTTPS_PROXY: '' };
      const io = memoryIO({ env, cwd: home });
      expect(await run(['lab', '--once', 'go-private-git', 'go-proxy-redirect', '--format', 'json'], io)).toBe(0);
      const doc = JSON.parse(io.output);
      expect(doc.scenarios).toEqual([]);
      expect(doc.goRoutes.map((g: { name: string; check: { pass: boolean; observed: { by: string; host: string } } }) =>
        [g.name, g.check.pass, `${g.check.observed.by} ${g.check.observed.host}`])).toEqual([
        ['go-private-git', true, 'git git.corp.example:443'],
        ['go-proxy-redirect', true, 'go cdn.lab.example:443'],
      ]);
      expect(doc.goRoutes[0].command).toMatch(/^SSL_CERT_FILE=\S+corp-ca\.pem GOPRIVATE=corp\.example .* chaindbg go corp\.example\/mod@v1\.0\.0 --connect-to corp\.example:443:127\.0\.0\.1:\d+ --connect-to git\.corp\.example:443:127\.0\.0\.1:\d+$/);

      const text = memoryIO({ env, cwd: home });
      expect(await run(['lab', '--once', 'go-proxy-redirect'], text)).toBe(0);
      expect(text.output).toContain("✓ go get must stop at go's request to cdn.lab.example:443; chaindbg says go at cdn.lab.example:443");
      expect(text.output).toMatch(/probed with: SSL_CERT_FILE=\S+ GOPROXY=https:\/\/proxy\.lab\.example GOSUMDB=off GOPRIVATE='' chaindbg go example\.com\/lib@v1\.0\.0 /);
    } finally {
      await rm(home, { recursive: true, force: true });
    }
  }, 60_000);
});
