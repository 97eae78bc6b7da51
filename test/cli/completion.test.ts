import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { run } from '../../src/cli/run.js';
import { memoryIO } from '../../src/cli/io.js';

async function script(shell: string): Promise<string> {
  const io = memoryIO();
  expect(await run(['completion', shell], io)).toBe(0);
  return io.output;
}

const has = (cmd: string) => spawnSync('sh', ['-c', `command -v ${cmd}`]).status === 0;

/** Runs bash's completion function on a command line (the cursor at its end) and returns what it offers. */
function bashComplete(text: string, words: string[]): string[] {
  const dir = mkdtempSync(join(tmpdir(), 'chaindbg-completion-'));
  const file = join(dir, 'c.bash');
  writeFileSync(file, text);
  const quoted = words.map((w) => `'${w}'`).join(' ');
  const r = spawnSync(
    'bash',
    ['-c', `source '${file}'; cd '${dir}'; COMP_WORDS=(${quoted}); COMP_CWORD=${words.length - 1}; _chaindbg_complete; printf '%s\\n' "\${COMPREPLY[@]}"`],
    { encoding: 'utf8' },
  );
  expect(r.stderr).toBe('');
  return r.stdout.split('\n').filter(Boolean).sort();
}

describe('chaindbg completion SHELL', () => {
  it('bash: commands, a command\'s options, and the values an option takes', async () => {
    const text = await script('bash');
    expect(bashComplete(text, ['chaindbg', 've'])).toEqual(['verify']);
    expect(bashComplete(text, ['chaindbg', ''])).toEqual(
      expect.arrayContaining(['verify', 'probe', 'analyze', 'stores', 'diff', 'go', 'export', 'lab', 'tui', 'completion']),
    );
    expect(bashComplete(text, ['chaindbg', 'probe', '--t'])).toEqual(['--timeout', '--tls']);
    expect(bashComplete(text, ['chaindbg', 'probe', '--tls', ''])).toEqual(['1.2', '1.3', 'auto', 'both']);
    expect(bashComplete(text, ['chaindbg', 'go', '--tls', ''])).toEqual(['1.2', '1.3', 'auto']);
    expect(bashComplete(text, ['chaindbg', 'export', 'x.pem', '--kind', ''])).toEqual(['fullchain', 'missing', 'sent', 'trust']);
    expect(bashComplete(text, ['chaindbg', 'diff', '--format', ''])).toEqual(['json', 'pem', 'text']);
    expect(bashComplete(text, ['chaindbg', 'verify', '--store', 'mo'])).toEqual(['mozilla']);
  });

  it('zsh and fish scripts name every command and parse in their shell (where installed)', async () => {
    for (const shell of ['zsh', 'fish']) {
      const text = await script(shell);
      for (const name of ['verify', 'probe', 'analyze', 'stores', 'diff', 'go', 'export', 'lab', 'tui']) {
        expect(text).toContain(name);
      }
      if (!has(shell)) {
        console.warn(`completion: ${shell} is not installed; its script's syntax was not checked`);
        continue;
      }
      const dir = mkdtempSync(join(tmpdir(), 'chaindbg-completion-'));
      const file = join(dir, `c.${shell}`);
      writeFileSync(file, text);
      const r = spawnSync(shell, ['-n', file], { encoding: 'utf8' });
      expect(r.status, r.stderr).toBe(0);
    }
  });

  it.skipIf(!has('fish'))('fish offers the same values (skipped where fish is not installed)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'chaindbg-completion-'));
    const file = join(dir, 'c.fish');
    writeFileSync(file, await script('fish'));
    const offered = (line: string) =>
      spawnSync('fish', ['-c', `source '${file}'; complete -C '${line}'`], { encoding: 'utf8' })
        .stdout.split('\n')
        .filter(Boolean)
        .map((l) => l.split('\t')[0])
        .sort();
    expect(offered('chaindbg probe --tls ')).toEqual(['1.2', '1.3', 'auto', 'both']);
    expect(offered('chaindbg ver')).toEqual(['verify']);
    expect(offered('chaindbg verify --store mo')).toEqual(['mozilla']);
  });

  it('an unknown shell is a one-line usage error, exit 2', async () => {
    const io = memoryIO();
    expect(await run(['completion', 'tcsh'], io)).toBe(2);
    expect(io.errors).toBe('chaindbg: unknown shell "tcsh": choose bash, zsh, fish\n');
  });
});
