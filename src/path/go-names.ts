/**
 * Names as Go's crypto/x509 (verify.go) matches them: `VerifyHostname` for the host, and the name-constraint check
 * of `isValid` for a constrained CA. Ported function by function (domainToReverseLabels, parseRFC2821Mailbox,
 * matchDomainConstraint, matchEmailConstraint, matchURIConstraint, matchIPConstraint, checkNameConstraints) so that
 * the Go verdict is the one Go's code reaches, not the Web PKI's.
 */
import type { Certificate } from '../model/certificate.js';
import type { GoModel } from './go-release.js';
import { parseIp } from './hostname.js';
import type { Problem } from './types.js';

/** Go's domainToReverseLabels: labels last first; null for an empty label or a byte outside 33..126. */
export function domainToReverseLabels(domain: string): string[] | null {
  // Go's loop, literally: a leading dot is dropped without complaint (".example.com" reads as example.com).
  const labels: string[] = [];
  let rest = domain;
  while (rest.length > 0) {
    const i = rest.lastIndexOf('.');
    labels.push(rest.slice(i + 1));
    rest = i < 0 ? '' : rest.slice(0, i);
  }
  if (labels.length > 0 && labels[0]!.length === 0) return null;
  for (const l of labels) {
    if (l.length === 0) return null;
    for (let i = 0; i < l.length; i++) {
      const c = l.charCodeAt(i);
      if (c < 33 || c > 126) return null;
    }
  }
  return labels;
}

/** Go's parseRFC2821Mailbox: the local part (quotes and escapes resolved, case kept) and the domain. */
export function parseMailbox(input: string): { local: string; domain: string } | null {
  if (input.length === 0) return null;
  let i = 0;
  let local = '';
  const code = (k: number) => input.charCodeAt(k);
  if (input[0] === '"') {
    i = 1;
    for (;;) {
      if (i >= input.length) return null;
      const c = code(i++);
      if (c === 0x22) break;
      if (c === 0x5c) {
        if (i >= input.length) return null;
        const n = code(i);
        if (n === 11 || n === 12 || (n >= 1 && n <= 9) || (n >= 14 && n <= 127)) {
          local += input[i++];
          continue;
        }
        return null;
      }
      if (c === 11 || c === 12 || c === 32 || c === 33 || c === 127 || (c >= 1 && c <= 8) || (c >= 14 && c <= 31) || (c >= 35 && c <= 91) || (c >= 93 && c <= 126)) {
        local += String.fromCharCode(c);
        continue;
      }
      return null;
    }
  } else {
    while (i < input.length) {
      let c = input[i]!;
      if (c === '\\') {
        i++;
        if (i >= input.length) return null;
        c = input[i]!;
        local += c;
        i++;
        continue;
      }
      if (/[0-9A-Za-z!#$%&'*+\-/=?^_`{|}~.]/.test(c)) {
        local += c;
        i++;
        continue;
      }
      break;
    }
    if (local.length === 0 || local.startsWith('.') || local.endsWith('.') || local.includes('..')) return null;
  }
  if (input[i] !== '@') return null;
  const domain = input.slice(i + 1);
  if (domainToReverseLabels(domain) === null || domain === '') return null;
  return { local, domain };
}

const lower = (s: string) => s.replace(/[A-Z]/g, (c) => c.toLowerCase());

/**
 * Go's matchDomainConstraint: an empty constraint matches everything; ".example.com" only subdomains; "example.com"
 * the name and its subdomains; labels compared without case. A "*" label is an ordinary label here (Go before the
 * CVE-2025-61727 fix; `wildcardExclusion` adds the newer rule for excluded constraints).
 */
function matchDomain(domain: string, constraint: string): boolean | string {
  if (constraint.length === 0) return true;
  const labels = domainToReverseLabels(domain);
  if (!labels) return `x509: internal error: cannot parse domain ${JSON.stringify(domain)}`;
  const subdomainsOnly = constraint.startsWith('.');
  const c = subdomainsOnly ? constraint.slice(1) : constraint;
  const cLabels = domainToReverseLabels(c);
  if (!cLabels) return `x509: internal error: cannot parse domain ${JSON.stringify(c)}`;
  if (labels.length < cLabels.length || (subdomainsOnly && labels.length === cLabels.length)) return false;
  return cLabels.every((l, i) => lower(l) === lower(labels[i]!));
}

/** Newer Go (CVE-2025-61727): a wildcard name is excluded when some name it stands for would be. */
function wildcardCouldMatch(domain: string, constraint: string): boolean {
  if (!domain.startsWith('*.')) return false;
  const rest = domain.slice(2);
  const c = constraint.startsWith('.') ? constraint.slice(1) : constraint;
  const cl = lower(c);
  const rl = lower(rest);
  // "*.example.com" expands to x.example.com: excluded by any constraint one label below example.com or above it.
  return cl.endsWith(`.${rl}`) && !cl.slice(0, cl.length - rl.length - 1).includes('.');
}

function uriHost(uri: string): { host: string } | string {
  const m = /^[A-Za-z][A-Za-z0-9+.-]*:(.*)$/.exec(uri);
  if (!m) return `x509: internal error: URI SAN ${JSON.stringify(uri)} failed to parse`;
  const rest = m[1]!;
  if (!rest.startsWith('//')) return `URI with empty host (${JSON.stringify(uri)}) cannot be matched against constraints`;
  let authority = rest.slice(2).split(/[/?#]/)[0]!;
  const at = authority.lastIndexOf('@');
  if (at >= 0) authority = authority.slice(at + 1);
  if (authority.length === 0) return `URI with empty host (${JSON.stringify(uri)}) cannot be matched against constraints`;
  let host = authority;
  if (host.includes(':') && !host.endsWith(']')) host = host.slice(0, host.lastIndexOf(':'));
  if ((host.startsWith('[') && host.endsWith(']')) || parseIp(host) !== null) {
    return `URI with IP (${JSON.stringify(uri)}) cannot be matched against constraints`;
  }
  return { host };
}

function matchIp(ip: Uint8Array, cidr: string): boolean {
  const [addr, bitsText] = cidr.split('/') as [string, string];
  const net = parseIp(addr);
  if (!net || net.length !== ip.length) return false;
  const bits = Number(bitsText);
  for (let i = 0; i < bits; i++) {
    const mask = 0x80 >> (i & 7);
    if ((ip[i >> 3]! & mask) !== (net[i >> 3]! & mask)) return false;
  }
  return true;
}

export interface GoCounter {
  count: number;
  limit: number;
}

/**
 * Go's isValid name-constraint step for the constrained CA `ca` on a chain whose leaf is `leaf`: the leaf's SANs
 * (when it has a SAN extension) and the CA's own SANs, each kind against its own permitted/excluded lists. A SAN
 * Go cannot parse fails the chain once any constraint applies; directory names and the subject are not checked.
 */
export function goNameConstraints(ca: Certificate, leaf: Certificate, model: GoModel, counter: GoCounter): Problem | null {
  const nc = ca.nameConstraints;
  if (!nc) return null;
  const violation = (kind: string, name: string, reason: string, constraint: string | null, detail: string): Problem => ({
    code: 'NAME_CONSTRAINT_VIOLATION',
    evidence: { constrainedBy: ca.subject.text, kind, name, reason, constraint, certificate: leaf.subject.text, goDetail: detail },
  });
  const tooMany = (): Problem => ({ code: 'BUDGET_EXHAUSTED', evidence: { budget: 'nameConstraintComparisons', limit: counter.limit } });
  const check = (
    kind: string,
    label: string,
    name: string,
    match: (c: string) => boolean | string,
    permitted: string[],
    excluded: string[],
    wildcardAware = false,
  ): Problem | null => {
    counter.count += excluded.length;
    if (counter.count > counter.limit) return tooMany();
    for (const c of excluded) {
      const r = match(c);
      if (typeof r === 'string') return violation(kind, name, 'cannot be matched', c, r);
      if (r || (wildcardAware && model.wildcardExclusion && wildcardCouldMatch(name, c))) {
        return violation(kind, name, 'excluded', c, `${label} ${JSON.stringify(name)} is excluded by constraint ${JSON.stringify(c)}`);
      }
    }
    counter.count += permitted.length;
    if (counter.count > counter.limit) return tooMany();
    if (permitted.length === 0) return null;
    for (const c of permitted) {
      const r = match(c);
      if (typeof r === 'string') return violation(kind, name, 'cannot be matched', c, r);
      if (r) return null;
    }
    return violation(kind, name, 'not permitted', null, `${label} ${JSON.stringify(name)} is not permitted by any constraint`);
  };
  const p = nc.permitted;
  const x = nc.excluded;
  for (const cert of [leaf, ca]) {
    const san = cert.san;
    if (!san) continue;
    for (const email of san.email) {
      const box = parseMailbox(email);
      if (!box) return violation('email', email, 'unparseable name', null, `x509: cannot parse rfc822Name ${JSON.stringify(email)}`);
      const match = (c: string): boolean | string => {
        if (!c.includes('@')) return matchDomain(box.domain, c);
        const cb = parseMailbox(c);
        if (!cb) return `x509: internal error: cannot parse constraint ${JSON.stringify(c)}`;
        return box.local === cb.local && lower(box.domain) === lower(cb.domain);
      };
      const r = check('email', 'email address', email, match, p?.email ?? [], x?.email ?? []);
      if (r) return r;
    }
    for (const dns of san.dns) {
      if (domainToReverseLabels(dns) === null) return violation('dns', dns, 'unparseable name', null, `x509: cannot parse dnsName ${JSON.stringify(dns)}`);
      const r = check('dns', 'DNS name', dns, (c) => matchDomain(dns, c), p?.dns ?? [], x?.dns ?? [], true);
      if (r) return r;
    }
    for (const uri of san.uri) {
      const host = uriHost(uri);
      const match = (c: string): boolean | string => (typeof host === 'string' ? host : matchDomain(host.host, c));
      const r = check('uri', 'URI', uri, match, p?.uri ?? [], x?.uri ?? []);
      if (r) return r;
    }
    for (const ipText of san.ip) {
      const ip = parseIp(ipText);
      if (!ip) continue;
      const r = check('ip', 'IP address', ipText, (c) => matchIp(ip, c), p?.ip ?? [], x?.ip ?? []);
      if (r) return r;
    }
  }
  return null;
}

/** Go's validHostname: LDH and underscore labels, a hyphen not first; a leading "*" label only in a pattern. */
function validHostname(host: string, isPattern: boolean): boolean {
  const h = isPattern ? host : host.replace(/\.$/, '');
  if (h.length === 0) return false;
  return h.split('.').every((part, i) => {
    if (part === '') return false;
    if (isPattern && i === 0 && part === '*') return true;
    return /^[A-Za-z0-9_][A-Za-z0-9_-]*$/.test(part);
  });
}

function matchHostnames(pattern: string, host: string): boolean {
  const p = lower(pattern);
  const h = lower(host.replace(/\.$/, ''));
  if (p.length === 0 || h.length === 0) return false;
  const pp = p.split('.');
  const hp = h.split('.');
  if (pp.length !== hp.length) return false;
  return pp.every((part, i) => (i === 0 && part === '*') || part === hp[i]);
}

const matchExactly = (a: string, b: string) => a !== '' && a !== '.' && b !== '' && b !== '.' && lower(a) === lower(b);

/**
 * Go's VerifyHostname: an IP address (brackets allowed) against the IP SANs, IPv4 equal to its IPv4-mapped IPv6
 * form; a name against the DNS SANs, a whole leftmost "*" label matching one label (no three-label rule), an
 * invalid name or pattern only by exact case-insensitive comparison. Before Go 1.15 (or x509ignoreCN=0) a leaf
 * without SANs falls back to a CN that is a valid host name.
 */
export function goMatchesHost(cert: Certificate, host: string, model: GoModel): boolean {
  const candidate = host.length >= 3 && host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
  const ip = parseIp(candidate);
  if (ip) {
    const v4 = (b: Uint8Array) => (b.length === 16 && b.slice(0, 10).every((x) => x === 0) && b[10] === 0xff && b[11] === 0xff ? b.slice(12) : b);
    const want = v4(ip);
    return (cert.san?.ip ?? []).some((text) => {
      const have = parseIp(text);
      return have !== null && Buffer.from(v4(have)).equals(Buffer.from(want));
    });
  }
  const name = lower(host);
  const validName = validHostname(name, false);
  let patterns = cert.san?.dns ?? [];
  if (model.cnFallback && !cert.san) {
    const cn = cert.subject.attributes.filter((a) => a.oid === '2.5.4.3').map((a) => a.value).pop();
    if (cn !== undefined && validHostname(cn, true)) patterns = [cn];
  }
  return patterns.some((pattern) => (validName && validHostname(pattern, true) ? matchHostnames(pattern, name) : matchExactly(pattern, name)));
}
