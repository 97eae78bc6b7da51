import type { CliIO } from '../io.js';
import { UserError } from '../errors.js';
import { parseAt, parseFormat } from '../options.js';
import { readInputFile } from '../inputs.js';
import { loadReference, loadStores } from '../../session/stores.js';
import { readCertificates } from '../../x509/index.js';
import type { Certificate } from '../../model/certificate.js';
import { analyzeToReport, fetchMissingIssuers } from '../../session/index.js';
import { printReports } from './shared.js';

export interface VerifyOptions {
  host?: string;
  store?: string[];
  at?: string;
  aia?: boolean;
  format?: string;
}

/** chaindbg verify FILE...: the chain as sent comes from files, in order; the first certificate is the leaf. */
export async function verifyCommand(files: string[], opts: VerifyOptions, io: CliIO): Promise<number> {
  const format = parseFormat(opts.format, ['text', 'json'] as const, 'text');
  const now = parseAt(opts.at, io.now());
  if (files.filter((f) => f === '-').length > 1) throw new UserError('standard input ("-") can be read only once');
  const sent: Certificate[] = [];
  for (const file of files) {
    const bytes = await readInputFile(file, io);
    const name = file === '-' ? '<stdin>' : file;
    try {
      for (const source of readCertificates(bytes, name)) sent.push(source.cert);
    } catch (err) {
      throw new UserError((err as Error).message);
    }
  }
  const stores = await loadStores(opts.store, io, now);
  const reference = await loadReference(stores, io, now);
  if (sent.length === 0) throw new UserError('no certificate found in the input');
  const aia = opts.aia ? await fetchMissingIssuers(sent, stores, { env: io.env, timeoutMs: 10_000 }) : null;
  const report = analyzeToReport({
    reference,
    sent,
    stores,
    now,
    host: opts.host ?? null,
    findings: aia?.findings,
    extraIntermediates: aia?.extra,
  });
  return printReports([report], format, io);
}
