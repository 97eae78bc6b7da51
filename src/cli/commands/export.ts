import { resolve } from 'node:path';
import type { CliIO } from '../io.js';
import { EXIT, UserError } from '../errors.js';
import { parseAt, parseFormat } from '../options.js';
import { writeFileAtomic } from '../write.js';
import { cliSession, type SessionCliOptions } from '../session.js';
import { parseExportKind } from '../../model/grammar.js';
import { renderJson, summarizeCert, SCHEMA_VERSION } from '../../report/index.js';
import { usageHint, type ChainSourceOptions } from '../../session/index.js';

export interface ExportCliOptions extends ChainSourceOptions, SessionCliOptions {
  kind?: string;
  out?: string;
  force?: boolean;
  host?: string;
  at?: string;
  format?: string;
  merge?: boolean;
}

/**
 * chaindbg export SOURCE --kind K: the PEM bundle that fixes it. The bundle goes to standard output, or atomically to
 * --out; the verdict with the bundle in place and the one-line usage go to standard error.
 */
export async function exportCommand(arg: string, opts: ExportCliOptions, io: CliIO): Promise<number> {
  const format = parseFormat(opts.format, ['pem', 'json'] as const, 'pem');
  const parsedKind = parseExportKind(opts.kind);
  if (!parsedKind.ok) throw new UserError(parsedKind.error);
  const kind = parsedKind.value;
  const now = parseAt(opts.at, io.now());
  const session = cliSession(io, now, opts, { defaultStores: ['system'] });
  const stores = await session.stores();
  const source = await session.chain(arg, opts);
  if (source.sent.length === 0) {
    throw new UserError(`no certificate from "${arg}"`, source.connectionFailed ? EXIT.CONNECTION : EXIT.USAGE);
  }
  const host = opts.host ?? source.host;
  const store = stores[0]!.name;
  // Judged against every chosen store (their findings go into the plan), bundled for the first.
  const judgedWith = stores.map((s) => s.name);
  if (opts.merge && kind !== 'trust') throw new UserError('--merge goes with --kind trust');
  const { bundle, report } = await session.bundle(
    { ...source, target: null, tls: null },
    // A chain captured from a loopback address (the lab) may have its issuers on loopback too (aia/address-guard.ts).
    { kind, store, host, aia: Boolean(opts.aia), judgedWith, merge: Boolean(opts.merge), from: session.origin(source) },
  );
  const hintOpts = { merged: Boolean(opts.merge) };
  const { plan } = bundle;
  if (plan.refused) {
    // Without --aia, a missing issuer may simply not have been fetched yet: say how to get it.
    const urls = opts.aia ? [] : source.sent.flatMap((c) => c.aia.caIssuers);
    // With --aia, a fetch that failed is why: say which URL and how (refused, timed out after --timeout, ...).
    const failed = opts.aia ? report.findings.find((f) => f.code === 'AIA_FETCH_FAILED') : undefined;
    const hint = urls.length
      ? `; run with --aia to fetch it from ${[...new Set(urls)].join(', ')}`
      : failed
        ? `; the AIA fetch of ${String(failed.evidence.url)} failed: ${String(failed.evidence.error)}`
        : '';
    throw new UserError(`export ${kind}: ${plan.refused}${hint}`, EXIT.PROBLEMS);
  }
  if (plan.certificates.length === 0) {
    // Nothing is missing: a success, not a problem.
    if (format === 'json') {
      io.stdout(renderJson({ schemaVersion: SCHEMA_VERSION, now: now.toISOString(), kind, store, path: null, certificates: [], warnings: plan.warnings, validatesAfter: bundle.validatesAfter, hint: null }));
    } else {
      for (const w of plan.warnings) io.stderr(`chaindbg: ${w}\n`);
      io.stderr(`chaindbg: export ${kind}: nothing to export for store ${store}\n`);
    }
    return EXIT.OK;
  }
  const out = opts.out ? resolve(io.cwd, opts.out) : null;
  if (out) await writeFileAtomic(out, bundle.text, { force: Boolean(opts.force) });
  if (format === 'json') {
    io.stdout(
      renderJson({
        schemaVersion: SCHEMA_VERSION,
        now: now.toISOString(),
        kind,
        store,
        path: out,
        certificates: plan.certificates.map((c, i) => summarizeCert(c, i)),
        warnings: plan.warnings,
        validatesAfter: bundle.validatesAfter,
        hint: out ? usageHint(kind, out, hintOpts) : null,
      }),
    );
  } else if (!out) io.stdout(bundle.text);
  for (const w of plan.warnings) io.stderr(`chaindbg: ${/^WARNING:/.test(w) ? w : `warning: ${w}`}\n`);
  if (format !== 'json') {
    const n = plan.certificates.length;
    io.stderr(`chaindbg: ${kind}: ${n} certificate${n === 1 ? '' : 's'}${out ? ` written to ${out}` : ''}\n`);
    if (bundle.validatesAfter !== null) {
      io.stderr(`chaindbg: with this bundle, store ${store} ${bundle.validatesAfter ? 'validates the chain' : 'still does NOT validate the chain'}\n`);
    }
    // On standard output the bundle has no name yet: the hint names the file it is saved to.
    io.stderr(out ? `chaindbg: use it: ${usageHint(kind, out, hintOpts)}\n` : `chaindbg: save it (> ${kind}.pem), then: ${usageHint(kind, `${kind}.pem`, hintOpts)}\n`);
  }
  return bundle.validatesAfter === false ? EXIT.PROBLEMS : EXIT.OK;
}
