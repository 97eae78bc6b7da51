import type { Finding, Severity } from '../model/finding.js';
import type { Cause, CauseClient } from '../model/report.js';

/** The client each verdict code speaks for. */
const VERDICT_CLIENT: Partial<Record<Finding['code'], CauseClient['client']>> = {
  GO_VERDICT: 'go',
  OPENSSL_VERDICT: 'openssl',
  BROWSER_VERDICT: 'browser',
};

const SEVERITY_ORDER: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

interface Group {
  lead: number;
  members: number[];
}

const text = (v: unknown) => (typeof v === 'string' ? v : '');

/**
 * Which findings are one cause: a store's finding is the same cause as the same code on the same certificate (and
 * the same names) in another store; a chain-wide finding is its own, unless it repeats one word for word.
 */
function causeKey(f: Finding): string {
  const e = f.evidence;
  if (f.store === null) return `${f.code}|${f.cert}|${f.message}`;
  return `${f.code}|${f.cert}|${text(e.child)}|${text(e.issuer)}|${text(e.subject)}|${text(e.root)}`;
}

/**
 * Groups a report's ranked findings by cause (pure): one row per cause, the stores as columns. Folded under a cause:
 * the same finding in the other stores; a look-alike ISSUER_MISMATCH leads the MISSING_INTERMEDIATE copies it caused;
 * a GO_VERDICT, OPENSSL_VERDICT or BROWSER_VERDICT that refuses for a code restates the cause of that code in its
 * store (a verdict that restates nothing shown is a row of its own, with the same verdict in other stores).
 * Causes come in the order of their most important finding; every finding is in exactly one cause.
 */
export function groupCauses(findings: readonly Finding[], storeOrder: readonly string[]): Cause[] {
  const groups: Group[] = [];
  const byKey = new Map<string, Group>();
  const groupOf = new Map<number, Group>();
  const verdicts: number[] = [];
  findings.forEach((f, i) => {
    if (VERDICT_CLIENT[f.code]) return void verdicts.push(i);
    const key = causeKey(f);
    let g = byKey.get(key);
    if (!g) {
      g = { lead: i, members: [] };
      byKey.set(key, g);
      groups.push(g);
    }
    g.members.push(i);
    groupOf.set(i, g);
  });

  // A look-alike the server sent in the issuer's place is the cause of the missing issuer in every store.
  for (const g of [...groups]) {
    const f = findings[g.lead]!;
    if (f.code !== 'MISSING_INTERMEDIATE' || typeof f.evidence.lookalikeSent !== 'number') continue;
    const lookalike = groups.find((o) => {
      const m = findings[o.lead]!;
      return m.code === 'ISSUER_MISMATCH' && m.evidence.lookalike === true && m.cert === f.evidence.lookalikeSent;
    });
    if (!lookalike) continue;
    lookalike.members.push(...g.members);
    for (const i of g.members) groupOf.set(i, lookalike);
    groups.splice(groups.indexOf(g), 1);
  }

  // A verdict that refuses restates the cause of its reason, in its store.
  const storeOfVerdict = (f: Finding) => (typeof f.evidence.store === 'string' ? f.evidence.store : f.store);
  const verdictGroups = new Map<string, Group>();
  for (const i of verdicts) {
    const v = findings[i]!;
    const store = storeOfVerdict(v);
    const reason = text(v.evidence.reason);
    const target =
      v.evidence.accepts === false && reason
        ? (groups.find((g) => g.members.some((m) => findings[m]!.code === reason && findings[m]!.store === store)) ??
          groups.find((g) => g.members.some((m) => findings[m]!.code === reason)))
        : undefined;
    if (target) {
      target.members.push(i);
      continue;
    }
    const key = `${v.code}|${String(v.evidence.accepts)}|${reason}|${text(v.evidence.goError)}`;
    let g = verdictGroups.get(key);
    if (!g) {
      g = { lead: i, members: [] };
      verdictGroups.set(key, g);
      groups.push(g);
    }
    g.members.push(i);
  }

  const rank = (s: string) => {
    const k = storeOrder.indexOf(s);
    return k < 0 ? storeOrder.length : k;
  };
  return groups
    .map((g) => ({ g, first: Math.min(...g.members) }))
    .sort((a, b) => a.first - b.first)
    .map(({ g }) => {
      const lead = findings[g.lead]!;
      const rest = g.members.filter((m) => m !== g.lead).sort((a, b) => a - b);
      const all = [g.lead, ...rest];
      const stores = new Set<string>();
      const clients: CauseClient[] = [];
      let severity: Severity = lead.severity;
      for (const m of all) {
        const f = findings[m]!;
        const client = VERDICT_CLIENT[f.code];
        if (client) {
          const store = storeOfVerdict(f);
          const accepts = typeof f.evidence.accepts === 'boolean' ? f.evidence.accepts : null;
          if (store !== null) {
            clients.push({ client, store, accepts });
            if (accepts === false) stores.add(store);
          }
        } else if (f.store !== null) stores.add(f.store);
        if (SEVERITY_ORDER[f.severity] < SEVERITY_ORDER[severity]) severity = f.severity;
      }
      return {
        code: lead.code,
        severity,
        cert: lead.cert,
        message: lead.message,
        stores: [...stores].sort((a, b) => rank(a) - rank(b)),
        clients,
        findings: all,
      };
    });
}
