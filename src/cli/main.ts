import type { CliIO } from './io.js';
import { run } from './run.js';

/** The process edge: build the real CliIO and run. */
export async function main(argv: string[] = process.argv.slice(2)): Promise<number> {
  let onInterrupt: () => void = () => {};
  const interrupted = new Promise<void>((resolve) => {
    onInterrupt = resolve;
  });
  // A reader that goes away (`chaindbg ... | head`) is not an error: stop quietly, as git and openssl do.
  const onStreamError = (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw err;
  };
  process.stdout.on('error', onStreamError);
  process.stderr.on('error', onStreamError);
  let handled = false;
  let interrupts = 0;
  const sigint = () => {
    interrupts++;
    if (!handled || interrupts > 1) process.exit(130);
    onInterrupt();
  };
  process.once('SIGINT', sigint);
  process.once('SIGTERM', sigint);
  const io: CliIO = {
    stdout: (t) => void process.stdout.write(t),
    stderr: (t) => void process.stderr.write(t),
    readStdin: async (maxBytes = Number.POSITIVE_INFINITY) => {
      const chunks: Buffer[] = [];
      let size = 0;
      for await (const chunk of process.stdin) {
        chunks.push(chunk as Buffer);
        size += (chunk as Buffer).length;
        // Past the limit: stop reading (leaving the loop closes stdin); `yes | chaindbg verify -` once grew until
        // memory ran out, and 1 GiB took 3.2 GB and 12 s before being refused.
        if (size > maxBytes) break;
      }
      return new Uint8Array(Buffer.concat(chunks));
    },
    env: process.env,
    cwd: process.cwd(),
    platform: process.platform,
    now: () => new Date(),
    isTTY: Boolean(process.stdout.isTTY),
    stderrIsTTY: Boolean(process.stderr.isTTY),
    columns: process.stdout.columns || 80,
    interrupted,
    handleInterrupt: () => {
      handled = true;
    },
    terminal: { stdin: process.stdin, stdout: process.stdout },
  };
  try {
    return await run(argv, io);
  } finally {
    process.removeListener('SIGINT', sigint);
    process.removeListener('SIGTERM', sigint);
  }
}
