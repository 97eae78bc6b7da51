// The README's picture of the TUI, from a real run: `chaindbg lab SCENARIO... --tui` (the lab's servers on
// 127.0.0.1, nothing else contacted) in a tmux session of a fixed size, its screen captured with colours and drawn
// as an SVG (text and colours, no bitmap) under docs/.
//
//   npm run build && node src/build/tui-picture.mjs [OUT.svg] [--size 100x30]
//
// Needs: tmux on PATH, and the built CLI (dist/app, `npm run build`). It selects nothing and presses no key but `q`
// at the end: the picture is the first screen once every scenario is probed.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const args = process.argv.slice(2);
const sizeAt = args.indexOf('--size');
const [columns, rows] = (sizeAt >= 0 ? args.splice(sizeAt, 2)[1] : '100x30').split('x').map(Number);
const out = resolve(args[0] ?? join(root, 'docs', 'tui.svg'));
const SCENARIOS = ['missing-intermediate', 'impostor-intermediate', 'wrong-order', 'expired-leaf', 'interception', 'tls12-only'];

function fail(message) {
  process.stderr.write(`tui-picture: ${message}\n`);
  process.exit(2);
}
if (!(columns >= 40 && rows >= 12)) fail('--size must be COLUMNSxROWS, at least 40x12');
if (spawnSync('tmux', ['-V']).status !== 0) fail('needs tmux on PATH (apt-get install tmux, brew install tmux)');
if (!existsSync(join(root, 'dist', 'app'))) fail('needs the built CLI: run `npm run build` first');

const session = `chaindbg-picture-${process.pid}`;
const tmux = (...a) => execFileSync('tmux', a, { encoding: 'utf8' });
const command = [process.execPath, join(root, 'bin', 'chaindbg.js'), 'lab', ...SCENARIOS, '--tui'].map((a) => `'${a}'`).join(' ');
tmux('new-session', '-d', '-s', session, '-x', String(columns), '-y', String(rows), '-e', 'FORCE_COLOR=1', '-e', 'TERM=xterm-256color', command);

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
let screen = '';
try {
  // Probed: no spinner left, the cause strip drawn, and the screen the same half a second later (the targets below
  // the list's fold have finished too: the TUI redraws while any probe runs).
  const end = Date.now() + 30_000;
  let before = '';
  for (;;) {
    const plain = tmux('capture-pane', '-p', '-t', session);
    const ready = !/[⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏⠿]/.test(plain) && plain.includes('cause:') && plain === before;
    if (ready) {
      screen = tmux('capture-pane', '-p', '-e', '-t', session);
      break;
    }
    before = plain;
    if (Date.now() > end) fail(`the TUI did not finish probing in 30 s; last screen:\n${plain}`);
    await sleep(500);
  }
} finally {
  spawnSync('tmux', ['send-keys', '-t', session, 'q']);
  await sleep(300);
  spawnSync('tmux', ['kill-session', '-t', session]);
}

// ANSI SGR (what tmux's capture-pane -e writes) to runs of text with a colour and a weight.
const PALETTE = {
  30: '#1e1e1e', 31: '#e06c75', 32: '#98c379', 33: '#e5c07b', 34: '#61afef', 35: '#c678dd', 36: '#56b6c2', 37: '#dcdfe4',
  90: '#7f848e', 91: '#ff7b86', 92: '#b5e890', 93: '#ffd68a', 94: '#8cc8ff', 95: '#e099ff', 96: '#7fdbe6', 97: '#ffffff',
};
const FG = '#dcdfe4';
const BG = '#1e2127';

// tmux writes an attribute only where it changes, across line ends too: the state carries from line to line.
let fg = FG;
let bold = false;
function runsOf(line) {
  const runs = [];
  let col = 0;
  const re = /\u001b\[([0-9;]*)m/g;
  let last = 0;
  const push = (text) => {
    if (!text) return;
    runs.push({ col, text, fg, bold });
    col += Array.from(text).length;
  };
  for (let m = re.exec(line); m; m = re.exec(line)) {
    push(line.slice(last, m.index));
    last = re.lastIndex;
    const codes = m[1] === '' ? [0] : m[1].split(';').map(Number);
    for (let i = 0; i < codes.length; i++) {
      const c = codes[i];
      if (c === 0) (fg = FG), (bold = false);
      else if (c === 1) bold = true;
      else if (c === 22) bold = false;
      else if (c === 39) fg = FG;
      else if (PALETTE[c]) fg = PALETTE[c];
      else if (c === 38 && codes[i + 1] === 5) {
        const n = codes[i + 2];
        fg = n < 8 ? PALETTE[30 + n] : n < 16 ? PALETTE[90 + n - 8] : FG;
        i += 2;
      }
    }
  }
  push(line.slice(last).replace(/\u001b\[[0-9;]*[A-Za-z]/g, ''));
  return runs;
}

const escapeXml = (s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const CW = 8.4; // cell width and height in px, for a 14 px monospace font
const CH = 18;
const PAD = 12;
const lines = screen.replace(/\n+$/, '').split('\n');
const body = lines
  .map((line, y) =>
    runsOf(line)
      .filter((r) => r.text.trim() !== '')
      .map((r) => {
        const lead = r.text.length - r.text.trimStart().length;
        const text = r.text.trimStart().trimEnd();
        const x = (PAD + (r.col + lead) * CW).toFixed(1);
        return `<text x="${x}" y="${PAD + (y + 1) * CH - 5}" fill="${r.fg}"${r.bold ? ' font-weight="bold"' : ''}>${escapeXml(text)}</text>`;
      })
      .join(''),
  )
  .filter(Boolean)
  .join('\n');
const width = Math.ceil(PAD * 2 + columns * CW);
const height = PAD * 2 + rows * CH;
const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="ui-monospace, 'DejaVu Sans Mono', Menlo, Consolas, monospace" font-size="14" xml:space="preserve">
<title>chaindbg lab ${SCENARIOS.join(' ')} --tui, at ${columns}x${rows}</title>
<rect width="100%" height="100%" rx="6" fill="${BG}"/>
${body}
</svg>
`;
writeFileSync(out, svg);
process.stdout.write(`tui-picture: wrote ${out} (${columns}x${rows}, ${lines.length} rows)\n`);
