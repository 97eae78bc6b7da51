import { parseStoreSpec, splitStoreName } from './store-spec.js';

/**
 * Short, unique store labels: what text, JSON and the TUI print for a store where the whole SPEC would be too long.
 * A built-in store is its name; `--store NAME=PATH` is NAME; any other path is its shortest path suffix (whole
 * folder names, `/` or `\`) that no other store's label shares, so two `roots.pem` in different folders stay
 * `a/roots.pem` and `b/roots.pem`. The full SPEC is shown once, in the stores view and as JSON `stores[].name`.
 */
export function storeLabels(specs: readonly string[]): Map<string, string> {
  const labels = new Map<string, string>();
  const fixed = new Set<string>();
  const paths: Array<{ spec: string; parts: string[] }> = [];
  for (const spec of specs) {
    if (labels.has(spec)) continue;
    const named = splitStoreName(spec);
    const parsed = parseStoreSpec(named.spec);
    if (named.name !== null || parsed.kind === 'builtin') {
      const label = named.name ?? named.spec;
      labels.set(spec, label);
      fixed.add(label);
      continue;
    }
    labels.set(spec, spec);
    const parts = parsed.path.split(/[\\/]+/).filter((p) => p !== '' && p !== '.');
    paths.push({ spec, parts: parts.length ? parts : [parsed.path] });
  }
  const suffix = (parts: string[], n: number) => parts.slice(-n).join('/');
  for (const p of paths) {
    let label = p.spec;
    for (let n = 1; n <= p.parts.length; n++) {
      const candidate = suffix(p.parts, n);
      const clash =
        fixed.has(candidate) || paths.some((o) => o !== p && (suffix(o.parts, n) === candidate || o.spec === candidate));
      if (!clash) {
        label = candidate;
        break;
      }
    }
    labels.set(p.spec, label);
  }
  return labels;
}

/** The label of one store among the stores of a run (the SPEC itself when it is not one of them). */
export function storeLabel(spec: string, specs: readonly string[]): string {
  return storeLabels(specs).get(spec) ?? spec;
}
