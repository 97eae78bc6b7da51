#!/usr/bin/env node
// The package.json that goes into the tarball carries no `prepare` script: a checkout needs it (`npm ci` builds
// dist/), an installed package does not (it ships dist/), and npm 11 flags a package with one on every global
// install ("install scripts not yet covered by allowScripts"). `prepack` runs `strip` after the build, `postpack`
// runs `restore`; the checkout's file is kept byte for byte in .package.json.prepack in between.
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';

const FILE = 'package.json';
const KEPT = '.package.json.prepack';
const mode = process.argv[2];

if (mode === 'strip') {
  if (existsSync(KEPT)) {
    // A previous pack stopped before postpack: put the checkout's file back first.
    renameSync(KEPT, FILE);
  }
  const text = readFileSync(FILE, 'utf8');
  const manifest = JSON.parse(text);
  delete manifest.scripts?.prepare;
  writeFileSync(KEPT, text);
  writeFileSync(FILE, `${JSON.stringify(manifest, null, 2)}\n`);
} else if (mode === 'restore') {
  if (existsSync(KEPT)) renameSync(KEPT, FILE);
} else {
  process.stderr.write('usage: node src/build/pack-manifest.mjs strip|restore\n');
  process.exitCode = 2;
}
