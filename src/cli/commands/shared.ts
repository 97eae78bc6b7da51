import type { CliIO } from '../io.js';
import { pickStyle, renderJson, renderText, reportExitCode, SCHEMA_VERSION, type Report } from '../../report/index.js';

/**
 * The JSON document of verify, analyze and probe: one shape whatever the number of targets (docs/json.md):
 * the schema version, the validation time, then every report in target order.
 */
export function reportsDocument(reports: Report[], now: string): { schemaVersion: number; now: string; reports: Report[] } {
  return { schemaVersion: SCHEMA_VERSION, now, reports };
}

/** Prints one or several reports: in JSON one envelope, in text one report after another. */
export function printReports(reports: Report[], format: 'text' | 'json', io: CliIO): number {
  if (format === 'json') io.stdout(renderJson(reportsDocument(reports, reports[0]?.now ?? io.now().toISOString())));
  else {
    const style = pickStyle(io.isTTY, io.env);
    // Wrapped to the terminal's width on a terminal; one line per finding in a pipe (grep-friendly).
    io.stdout(reports.map((r) => renderText(r, style, io.isTTY ? io.columns : 0)).join('\n'));
  }
  return reports.some((r) => reportExitCode(r) !== 0) ? 1 : 0;
}
