import type { ForChainResult } from '../session/for-chain.js';
import type { Style } from './style.js';
import { terminalSafe } from '../model/terminal-text.js';
import { redactDeep } from '../model/redact.js';

/** `diff --for` as text: one line per store, and for a failing one the certificates that would fix it. */
export function renderForText(model: ForChainResult, s: Style): string {
  const result = terminalSafe(redactDeep(model)); // names and URLs from the chain: escaped, redacted
  const out = [s.bold(`Which stores validate ${result.leaf?.subject ?? 'this chain'}`) + s.dim(`  at ${result.now}`)];
  for (const row of result.stores) {
    if (row.trusted) {
      out.push(`  ${s.ok('TRUSTED    ')} ${row.name}`);
      continue;
    }
    out.push(`  ${s.bad('NOT TRUSTED')} ${row.name}${row.lead ? s.dim(`  (${row.lead})`) : ''}`);
    if (!row.fixes.length) {
      const l = row.lacks;
      const what = !l
        ? ''
        : l.kind === 'issuer'
          ? `; it lacks ${l.subject}, the issuer of ${l.of}${l.caIssuers.length ? ` (AIA caIssuers ${l.caIssuers.join(', ')})` : ''}`
          : `; it lacks the root ${l.subject}`;
      out.push(s.dim(`      no certificate in the other stores would make it succeed${what}`));
    }
    for (const fix of row.fixes) {
      out.push(`      add the ${fix.kind} ${fix.subject} (from ${fix.from}, sha256 ${fix.sha256.slice(0, 16)})`);
    }
  }
  return `${out.join('\n')}\n`;
}
