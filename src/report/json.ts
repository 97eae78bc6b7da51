import type { Report } from './types.js';

/**
 * The JSON document (docs/json.md). Key order is the order the report builder sets; arrays are always arrays;
 * no colour, no wall-clock value but `now`.
 */
export function renderJson(report: Report | Report[]): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}
