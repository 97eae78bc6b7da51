import type { Report } from '../../src/model/report.js';

/**
 * The reports of a verify/analyze/probe JSON document (schema 2: one envelope `{schemaVersion, now, reports}`
 * whatever the number of targets). Throws when the text is not that shape, so a test reading it checks the shape too.
 */
export function reportsOf(output: string): Report[] {
  const doc = JSON.parse(output) as { schemaVersion?: unknown; reports?: unknown };
  if (doc.schemaVersion !== 2 || !Array.isArray(doc.reports)) throw new Error(`not a reports document: ${output.slice(0, 80)}`);
  return doc.reports as Report[];
}

/** The one report of a single-target document. */
export function reportOf(output: string): Report {
  const reports = reportsOf(output);
  if (reports.length !== 1) throw new Error(`expected one report, got ${reports.length}`);
  return reports[0]!;
}
