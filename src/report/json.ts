/**
 * The JSON document (docs/json.md). Key order is the order the report builder sets; arrays are always arrays;
 * no colour, no wall-clock value but `now`.
 */
export function renderJson(document: unknown): string {
  return `${JSON.stringify(document, null, 2)}\n`;
}
