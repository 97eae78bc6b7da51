import { formatIp } from '../x509/parse.js';
import type { Certificate } from '../model/certificate.js';

/**
 * Host names and IP addresses as Go's `VerifyHostname` and rustls-webpki check them: DNS names against dNSName SANs
 * only (no Common Name fallback), case-insensitive, a wildcard only as the whole leftmost label of a name with at least
 * three labels; IP addresses (v4 and v6) against iPAddress SANs only.
 */
export function matchesHost(cert: Certificate, host: string, cnFallback = false): boolean {
  const ip = parseIp(host);
  if (ip) return (cert.san?.ip ?? []).includes(formatIp(ip));
  const name = host.toLowerCase().replace(/\.$/, '');
  if (!isValidDnsName(name, false)) return false;
  const dns = cert.san?.dns ?? [];
  if (dns.some((pattern) => matchPattern(pattern.toLowerCase(), name))) return true;
  // OpenSSL's X509_check_host: the subject CNs count only when the certificate has no DNS SAN at all.
  if (!cnFallback || dns.length > 0) return false;
  return cert.subject.attributes.some((a) => a.oid === '2.5.4.3' && matchPattern(a.value.toLowerCase(), name));
}

/** Every name the certificate is valid for, as presented (DNS SANs then IP SANs). */
export function presentedNames(cert: Certificate): string[] {
  return [...(cert.san?.dns ?? []), ...(cert.san?.ip ?? [])];
}

function matchPattern(pattern: string, host: string): boolean {
  if (!isValidDnsName(pattern, true)) return false;
  if (!pattern.startsWith('*.')) return pattern === host;
  const suffix = pattern.slice(1);
  if (!host.endsWith(suffix)) return false;
  const label = host.slice(0, host.length - suffix.length);
  return label.length > 0 && !label.includes('.');
}

/** LDH labels (underscore tolerated as Go does), ASCII only; a wildcard pattern needs at least three labels. */
export function isValidDnsName(name: string, allowWildcard: boolean): boolean {
  if (name.length === 0 || name.length > 253) return false;
  const labels = name.split('.');
  for (let i = 0; i < labels.length; i++) {
    const l = labels[i]!;
    if (i === 0 && allowWildcard && l === '*') {
      if (labels.length < 3) return false;
      continue;
    }
    if (!/^[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?$/i.test(l)) return false;
  }
  return true;
}

/** Strict IPv4 dotted quad (no leading zeros) or IPv6 text; null when not an address. */
export function parseIp(text: string): Uint8Array | null {
  const s = text.startsWith('[') && text.endsWith(']') ? text.slice(1, -1) : text;
  if (/^\d{1,3}(\.\d{1,3}){3}$/.test(s)) {
    const parts = s.split('.');
    if (parts.some((p) => (p.length > 1 && p.startsWith('0')) || Number(p) > 255)) return null;
    return new Uint8Array(parts.map(Number));
  }
  if (!s.includes(':') || !/^[0-9a-fA-F:.]+$/.test(s)) return null;
  const halves = s.split('::');
  if (halves.length > 2) return null;
  const parse = (part: string): number[] | null => {
    if (part === '') return [];
    const out: number[] = [];
    const groups = part.split(':');
    for (let i = 0; i < groups.length; i++) {
      const g = groups[i]!;
      if (i === groups.length - 1 && g.includes('.')) {
        const v4 = parseIp(g);
        if (!v4 || v4.length !== 4) return null;
        out.push((v4[0]! << 8) | v4[1]!, (v4[2]! << 8) | v4[3]!);
      } else {
        if (!/^[0-9a-fA-F]{1,4}$/.test(g)) return null;
        out.push(parseInt(g, 16));
      }
    }
    return out;
  };
  const head = parse(halves[0]!);
  const tail = halves.length === 2 ? parse(halves[1]!) : [];
  if (!head || !tail) return null;
  const fill = 8 - head.length - tail.length;
  if (halves.length === 2 ? fill < 1 : fill !== 0) return null;
  const groups = [...head, ...new Array<number>(fill).fill(0), ...tail];
  const bytes = new Uint8Array(16);
  groups.forEach((g, i) => {
    bytes[2 * i] = g >> 8;
    bytes[2 * i + 1] = g & 0xff;
  });
  return bytes;
}
