/**
 * The `require`d modules of a go.mod file (pure): single-line `require path version` and `require ( ... )` blocks,
 * comments stripped, quoted paths unquoted (modfile's syntax). A `replace` by another module@version is what go
 * fetches instead; one by a local directory means go fetches nothing for it, so that require is left out.
 */
export function goModRequires(text: string): Array<{ module: string; version: string }> {
  const out: Array<{ module: string; version: string }> = [];
  const localReplaced = new Set<string>();
  const replacedBy = new Map<string, { module: string; version: string }>();
  let block: string | null = null;
  for (const rawLine of text.split('\n')) {
    const line = rawLine.replace(/\/\/.*$/, '').trim();
    if (line === '') continue;
    if (block !== null) {
      if (line === ')') {
        block = null;
        continue;
      }
      handle(block, line);
      continue;
    }
    const m = /^(require|replace|exclude|retract|module|go|toolchain)\b\s*(.*)$/.exec(line);
    if (!m) continue;
    if (m[2] === '(') {
      block = m[1]!;
      continue;
    }
    handle(m[1]!, m[2]!);
  }
  return out.filter((r) => !localReplaced.has(r.module)).map((r) => replacedBy.get(`${r.module}@${r.version}`) ?? replacedBy.get(r.module) ?? r);

  function handle(verb: string, rest: string): void {
    const fields = rest.match(/"(?:[^"\\]|\\.)*"|\S+/g)?.map(unquote) ?? [];
    if (verb === 'require' && fields.length >= 2) out.push({ module: fields[0]!, version: fields[1]! });
    if (verb === 'replace') {
      const arrow = fields.indexOf('=>');
      const target = arrow >= 0 ? fields[arrow + 1] : undefined;
      if (target !== undefined && (target.startsWith('./') || target.startsWith('../') || target.startsWith('/'))) localReplaced.add(fields[0]!);
      else if (target !== undefined && fields[arrow + 2] !== undefined) {
        // "old => new v" applies to every version of old; "old v => new v2" only to that one.
        const key = arrow === 2 ? `${fields[0]}@${fields[1]}` : fields[0]!;
        replacedBy.set(key, { module: target, version: fields[arrow + 2]! });
      }
    }
  }
}

function unquote(f: string): string {
  if (!f.startsWith('"')) return f;
  try {
    return JSON.parse(f) as string;
  } catch {
    return f.slice(1, -1);
  }
}
