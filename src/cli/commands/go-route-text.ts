import type { GoSettings } from '../../goenv/index.js';
import type { Style } from '../../report/index.js';
import type { ModuleRoute, RouteStep } from '../../session/go-route-types.js';

/**
 * The text face of `chaindbg go MODULE`: per module, its route step by step (what is requested, of which host, by
 * whom, with which store, the verdict), then the first failing step's line as go get prints it and the fix. Text
 * that came from servers (URLs, meta tags, Location headers) has its control characters shown as \xNN.
 */
export function renderRoutes(routes: ModuleRoute[], settings: GoSettings, s: Style): string {
  const out: string[] = [s.bold(`Module routes (Go settings from ${settings.source})`)];
  out.push(s.dim(`  GOPROXY=${safe(settings.GOPROXY)}  GOSUMDB=${safe(settings.GOSUMDB)}${settings.GOPRIVATE ? `  GOPRIVATE=${safe(settings.GOPRIVATE)}` : ''}${settings.GOINSECURE ? `  GOINSECURE=${safe(settings.GOINSECURE)}` : ''}`));
  for (const r of routes) {
    out.push('');
    const head = `${safe(r.module)}${r.version ? `@${safe(r.version)}` : ''}`;
    const verdict = r.ok === true ? s.ok('go get gets through') : r.ok === false ? s.bad('go get FAILS') : 'undecided';
    out.push(`${s.bold(head)}  ${verdict}`);
    for (const note of r.plan.notes) out.push(s.dim(`  ${safe(note)}`));
    if (r.plan.sumdb.detail) out.push(s.dim(`  ${safe(r.plan.sumdb.detail)}`));
    r.steps.forEach((step, i) => out.push(...stepLines(step, i + 1, r.failure?.step === i, s)));
    if (r.failure) {
      out.push(`  ${s.bold('go get prints:')}`);
      for (const line of r.failure.goLine.split('\n')) out.push(`    ${safe(line)}`);
      if (r.failure.fixes.length) out.push(`  ${s.bold('fix:')}`);
      for (const fix of r.failure.fixes) out.push(`    ${safe(fix)}`);
    }
  }
  return `${out.join('\n')}\n`;
}

const VERDICT_WORD: Record<RouteStep['verdict'], string> = {
  ok: 'ok',
  fails: 'FAILS',
  unverified: 'not verified',
  'no-tls': 'no TLS',
  'not-judged': 'not judged',
};

function stepLines(step: RouteStep, n: number, failing: boolean, s: Style): string[] {
  const word = VERDICT_WORD[step.verdict];
  const verdict = step.verdict === 'ok' ? s.ok(word) : step.verdict === 'fails' ? s.bad(word) : s.warn(word);
  const dial = step.dial ? s.dim(` (dialled ${safe(step.dial)})`) : '';
  const http = step.http ? `  -> ${step.http.status}${step.http.location ? ` ${safe(step.http.location)}` : ''}` : '';
  const lines = [
    `  ${String(n).padStart(2)}. ${step.by.padEnd(3)} ${safe(step.what)}  ${verdict}${http}${failing ? s.bad('  <- go get stops here') : ''}`,
    s.dim(`      ${safe(step.url)}  host ${safe(step.host)}${dial}`),
  ];
  if (step.store) lines.push(s.dim(`      store  ${safe(step.store)}`));
  if (step.tlsError) lines.push(`      ${step.by === 'git' ? 'git' : 'Go'}: ${safe(step.tlsError)}`);
  if (step.otherClient) {
    const o = step.otherClient;
    const who = o.by === 'go' ? 'Go' : 'git';
    lines.push(s.warn(`      ${who} and ${step.by === 'go' ? 'Go' : 'git'} disagree on this chain: ${who} ${o.accepts ? 'accepts it' : `refuses it (${safe(o.tlsError ?? '')})`} with ${safe(o.store)}`));
  }
  if (step.note) lines.push(s.dim(`      ${safe(step.note)}`));
  return lines;
}

/** Control characters (C0 but tab, DEL, C1) as \xNN, so server-sent text cannot drive the terminal. */
function safe(text: string): string {
  return text.replace(/[\u0000-\u0008\u000a-\u001f\u007f-\u009f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}
