import { parseStoreSpec, splitStoreName } from './store-spec.js';

const CERT_EXTENSION = /\.(pem|crt|cer|der)$/i;

/**
 * Short, unique store labels: what text, JSON and the TUI print for a store where the whole SPEC would be too long.
 * A built-in store is its name; `--store NAME=PATH` is NAME; any other path is its shortest path suffix (whole
 * folder names, `/` or `\`; a `.pem`, `.crt`, `.cer` or `.der` extension dropped unless that makes two alike) that no
 * other store's label shares, so two `roots.pem` in different folders stay `a/roots` and `b/roots`. The full SPEC is shown once, in the stores view and as JSON `stores[].name`.
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
  // A certificate file's extension says nothing the reader needs: dropped, unless that makes two labels alike.
  const bare = (parts: string[]) => [...parts.slice(0, -1), parts.at(-1)!.replace(CERT_EXTENSION, '') || parts.at(-1)!];
  for (const strip of [true, false]) {
    const parts = (p: { parts: string[] }) => (strip ? bare(p.parts) : p.parts);
    const suffix = (p: { parts: string[] }, n: number) => parts(p).slice(-n).join('/');
    for (const p of paths) {
      if (labels.get(p.spec) !== p.spec) continue;
      for (let n = 1; n <= p.parts.length; n++) {
        const candidate = suffix(p, n);
        const clash =
          fixed.has(candidate) ||
          paths.some((o) => o !== p && (suffix(o, n) === candidate || o.spec === candidate || bare(o.parts).join('/') === candidate));
        if (!clash) {
          labels.set(p.spec, candidate);
          break;
        }
      }
    }
  }
  return labels;
}

/** The label of one store among the stores of a run (the SPEC itself when it is not one of them). */
export function storeLabel(spec: string, specs: readonly string[]): string {
  return storeLabels(specs).get(spec) ?? spec;
}
