import type { CliIO } from '../io.js';
import { EXIT, UserError } from '../errors.js';
import { parseFormat } from '../options.js';
import { explainGoLine } from '../../model/go-line-match.js';
import { pickStyle, renderJson, SCHEMA_VERSION } from '../../report/index.js';

export interface ExplainCliOptions {
  format?: string;
}

/** chaindbg explain '<line from go get>': offline, which findings print that line, how to confirm, the fix. */
export async function explainCommand(words: string[], opts: ExplainCliOptions, io: CliIO): Promise<number> {
  const format = parseFormat(opts.format, ['text', 'json'] as const, 'text');
  const text = words.join(' ').trim();
  if (text === '') throw new UserError('explain: give the error line go get printed, in quotes');
  const e = explainGoLine(text);
  const code = e.causes.length ? EXIT.OK : EXIT.PROBLEMS;
  if (format === 'json') {
    io.stdout(renderJson({ schemaVersion: SCHEMA_VERSION, input: e.input, error: e.error, url: e.url, host: e.host, newerGo: e.newerGo, causes: e.causes }));
    return code;
  }
  const s = pickStyle(io.isTTY, io.env);
  const out = [`${s.bold("Go's error:")} ${e.error}`];
  if (e.url) out.push(s.dim(`  from ${e.url}`));
  if (e.newerGo) out.push(s.dim('  (with "tls: failed to verify certificate:", as Go 1.20 and later print it)'));
  if (!e.causes.length) {
    out.push('', 'No chaindbg finding produces this line. Run chaindbg go (or chaindbg probe HOST) to see what go get meets.');
  } else {
    out.push('', s.bold(e.causes.length === 1 ? 'Produced by:' : `Produced by one of ${e.causes.length} findings:`));
    for (const c of e.causes) {
      out.push(`  ${s.bold(c.code)}`, `    confirm:  ${c.confirm}`, `    look for: ${c.lookFor}`, `    fix:      ${c.fix}`);
    }
  }
  io.stdout(`${out.join('\n')}\n`);
  return code;
}
