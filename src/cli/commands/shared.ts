import type { CliIO } from '../io.js';
import { pickStyle, renderJson, renderText, reportExitCode, type Report } from '../../report/index.js';

/** Prints one or several reports; JSON is one document for one report, an array for several. */
export function printReports(reports: Report[], format: 'text' | 'json', io: CliIO): number {
  if (format === 'json') io.stdout(renderJson(reports.length === 1 ? reports[0]! : reports));
  else {
    const style = pickStyle(io.isTTY, io.env);
    // Wrapped to the terminal's width on a terminal; one line per finding in a pipe (grep-friendly).
    io.stdout(reports.map((r) => renderText(r, style, io.isTTY ? io.columns : 0)).join('\n'));
  }
  return reports.some((r) => reportExitCode(r) !== 0) ? 1 : 0;
}
