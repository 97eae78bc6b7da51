#!/usr/bin/env node
// The whole CLI is run(argv, io) -> exit code; this file only connects it to the process.
import { main } from '../dist/cli/main.js';

main().then(
  (code) => {
    process.exitCode = code;
  },
  (err) => {
    process.stderr.write(`chaindbg: internal error: ${err && err.message ? err.message : String(err)}\n`);
    process.exitCode = 70;
  },
);
