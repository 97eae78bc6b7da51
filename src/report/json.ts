import { redactDeep } from '../model/redact.js';
import { terminalJson } from '../model/terminal-text.js';

/**
 * The JSON document (docs/json.md). Key order is the order the report builder sets; arrays are always arrays;
 * no colour, no wall-clock value but `now`.
 */
export function renderJson(document: unknown): string {
  // Strings stay whole (JSON escapes control characters itself); URLs lose their secrets (model/redact.ts).
  return `${terminalJson(JSON.stringify(redactDeep(document), null, 2))}\n`;
}
