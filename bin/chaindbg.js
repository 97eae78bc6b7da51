#!/usr/bin/env node
// The whole CLI is run(argv, io) -> exit code; this file only connects it to the process.
// dist/app/ is the esbuild bundle (src/build/bundle.mjs). Its source maps are read only when asked for (reading them
// costs 10-15 ms at every start): `node --enable-source-maps bin/chaindbg.js ...`, or CHAINDBG_DEBUG=1, which also
// prints an internal error's stack; either way stack traces then name the src/ files.
const debug = Boolean(process.env.CHAINDBG_DEBUG);
if (debug) process.setSourceMapsEnabled(true);
const { main } = await import('../dist/app/cli.js');

main().then(
  (code) => {
    process.exitCode = code;
  },
  (err) => {
    process.stderr.write(`chaindbg: internal error: ${err && err.message ? err.message : String(err)}\n`);
    if (debug && err && err.stack) process.stderr.write(`${err.stack}\n`);
    process.exitCode = 70;
  },
);
