import { sameNameDer } from '../x509/names.js';
import type { Certificate, DistinguishedName, NameConstraintSet } from '../model/certificate.js';
import { isValidDnsName, parseIp } from './hostname.js';
import type { Problem } from './types.js';

/** Counts comparisons so the caller can charge them to the budget. */
export interface ComparisonCounter {
  count: number;
  /** Stop comparing once count passes this (the caller reports the exhausted budget). */
  limit: number;
}

/**
 * Checks the names of `subject` (a certificate below `ca` on a path) against `ca`'s name constraints, as RFC 5280
 * 4.2.1.10 and Go's `checkNameConstraints`: DNS, IP, email, URI and directory names; a kind chaindbg cannot evaluate
 * (otherName, x400...) fails closed when the certificate carries a name of that kind. Returns the first violation.
 */
export function checkNameConstraints(
  ca: Certificate,
  subject: Certificate,
  isLeaf: boolean,
  counter: ComparisonCounter,
): Problem | null {
  const nc = ca.nameConstraints;
  if (!nc) return null;
  // RFC 5280 6.1.3 (b), (c): self-issued intermediates are not checked against name constraints.
  if (!isLeaf && subject.selfIssued) return null;
  const violation = (kind: string, name: string, reason: string, constraint: string | null): Problem => ({
    code: 'NAME_CONSTRAINT_VIOLATION',
    evidence: { constrainedBy: ca.subject.text, kind, name, reason, constraint, certificate: subject.subject.text },
  });
  const san = subject.san;
  const names: Array<{ kind: 'dns' | 'ip' | 'email' | 'uri'; value: string }> = [
    ...(san?.dns ?? []).map((value) => ({ kind: 'dns' as const, value })),
    ...(san?.ip ?? []).map((value) => ({ kind: 'ip' as const, value })),
    ...(san?.email ?? []).map((value) => ({ kind: 'email' as const, value })),
    ...(san?.uri ?? []).map((value) => ({ kind: 'uri' as const, value })),
  ];
  for (const n of names) {
    const permitted = nc.permitted ? listFor(nc.permitted, n.kind) : [];
    const excluded = nc.excluded ? listFor(nc.excluded, n.kind) : [];
    for (const c of excluded) {
      if (++counter.count > counter.limit) return null;
      const r = matches(n.kind, n.value, c, 'excluded');
      if (r === 'invalid') return violation(n.kind, n.value, 'malformed constraint', c);
      if (r) return violation(n.kind, n.value, 'excluded', c);
    }
    if (permitted.length > 0) {
      let ok = false;
      for (const c of permitted) {
        if (++counter.count > counter.limit) return null;
        const r = matches(n.kind, n.value, c, 'permitted');
        if (r === 'invalid') return violation(n.kind, n.value, 'malformed constraint', c);
        if (r) {
          ok = true;
          break;
        }
      }
      if (!ok) return violation(n.kind, n.value, 'not permitted', null);
    }
  }
  for (const kind of san?.other ?? []) {
    const unsupported = [...(nc.permitted?.unsupported ?? []), ...(nc.excluded?.unsupported ?? [])];
    if (unsupported.includes(kind)) return violation(kind, kind, 'name kind chaindbg cannot evaluate (fails closed)', kind);
  }
  // Directory names: the subject DN (RFC 5280: self-issued intermediates are exempt).
  if ((isLeaf || !subject.selfIssued) && subject.subject.attributes.length > 0) {
    for (const c of nc.excluded?.dn ?? []) {
      if (++counter.count > counter.limit) return null;
      if (dnWithin(subject.subject, c)) return violation('dn', subject.subject.text, 'excluded', c.text);
    }
    const permittedDn = nc.permitted?.dn ?? [];
    if (permittedDn.length > 0) {
      counter.count += permittedDn.length;
      if (!permittedDn.some((c) => dnWithin(subject.subject, c))) {
        return violation('dn', subject.subject.text, 'not permitted', null);
      }
    }
  }
  return null;
}

function listFor(set: NameConstraintSet, kind: 'dns' | 'ip' | 'email' | 'uri'): string[] {
  return set[kind];
}

/** Constraints parsed once per constraint text: thousands of comparisons must stay cheap (x509-limbo nc-dos-*). */
const dnsPrepared = new Map<string, string[] | null>();
const ipPrepared = new Map<string, { net: Uint8Array; bits: number } | null>();

function dnsConstraint(c: string): string[] | null {
  let v = dnsPrepared.get(c);
  if (v === undefined) {
    const lower = c.toLowerCase();
    v = isValidDnsName(lower, false) ? lower.split('.').reverse() : null;
    if (dnsPrepared.size > 50_000) dnsPrepared.clear();
    dnsPrepared.set(c, v);
  }
  return v;
}

function ipConstraint(c: string): { net: Uint8Array; bits: number } | null {
  let v = ipPrepared.get(c);
  if (v === undefined) {
    const [addr, bits] = c.split('/') as [string, string];
    const net = parseIp(addr);
    v = net ? { net, bits: Number(bits) } : null;
    if (ipPrepared.size > 50_000) ipPrepared.clear();
    ipPrepared.set(c, v);
  }
  return v;
}

/** Does the name fall within the constraint? 'invalid' when the constraint itself is malformed. */
function matches(kind: string, name: string, constraint: string, mode: 'permitted' | 'excluded'): boolean | 'invalid' {
  switch (kind) {
    case 'dns':
      return dnsWithin(name, constraint, mode);
    case 'ip':
      return ipWithin(name, constraint);
    case 'email': {
      const at = name.lastIndexOf('@');
      const host = name.slice(at + 1).toLowerCase();
      const c = constraint.toLowerCase();
      if (c.includes('@')) return name.toLowerCase() === c;
      if (c.startsWith('.')) return host.endsWith(c);
      return host === c;
    }
    case 'uri': {
      let host: string;
      try {
        host = new URL(name).hostname.toLowerCase();
      } catch {
        return mode === 'excluded';
      }
      const c = constraint.toLowerCase();
      if (c.startsWith('.')) return host.endsWith(c);
      return host === c;
    }
    default:
      return false;
  }
}

/**
 * RFC 5280: a DNS constraint matches the name and every subdomain ("example.com" covers "a.example.com"); with a
 * leading dot only the subdomains. A wildcard
 * SAN "*.example.com" stands for any one label: it is permitted only when the whole wildcard is inside the constraint,
 * and excluded as soon as it could expand into the excluded subtree.
 */
function dnsWithin(name: string, constraint: string, mode: 'permitted' | 'excluded'): boolean | 'invalid' {
  if (constraint === '') return true;
  // A leading dot (".example.com") means subdomains only: a widely used form Go, NSS and OpenSSL accept.
  const subdomainsOnly = constraint.startsWith('.');
  const cLabels = dnsConstraint(subdomainsOnly ? constraint.slice(1) : constraint);
  if (!cLabels) return 'invalid';
  const labels = name.toLowerCase().split('.').reverse();
  if (labels.length < cLabels.length || (subdomainsOnly && labels.length === cLabels.length)) return false;
  for (let i = 0; i < cLabels.length; i++) {
    const l = labels[i]!;
    if (l === '*') return mode === 'excluded';
    if (l !== cLabels[i]) return false;
  }
  return true;
}

function ipWithin(ip: string, cidr: string): boolean {
  const c = ipConstraint(cidr);
  const a = parseIp(ip);
  if (!a || !c || a.length !== c.net.length) return false;
  const { net, bits } = c;
  for (let i = 0; i < bits; i++) {
    const mask = 0x80 >> (i & 7);
    if ((a[i >> 3]! & mask) !== (net[i >> 3]! & mask)) return false;
  }
  return true;
}

/** The constraint DN is a prefix (RDN by RDN, in order of appearance) of the subject DN. */
function dnWithin(subject: DistinguishedName, constraint: DistinguishedName): boolean {
  if (sameNameDer(subject, constraint)) return true;
  if (constraint.attributes.length > subject.attributes.length) return false;
  return constraint.attributes.every((a, i) => {
    const s = subject.attributes[i]!;
    return s.oid === a.oid && s.value.trim().toLowerCase() === a.value.trim().toLowerCase();
  });
}
