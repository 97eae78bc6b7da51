import type { Certificate, DistinguishedName } from '../model/certificate.js';

export interface AttributeComparison {
  type: string;
  oid: string;
  left: string | null;
  right: string | null;
  /** True when the two values differ (or one side is missing). */
  differs: boolean;
}

/**
 * Compares two names attribute by attribute, in order of appearance; values compare as RFC 5280 7.1 suggests
 * (case-insensitive, whitespace collapsed). Used to show why an issuer and a subject do not match.
 */
export function compareNames(left: DistinguishedName, right: DistinguishedName): AttributeComparison[] {
  // Attributes are paired by type in order of appearance (the first unused attribute of the same OID), so names with
  // a different structure (an extra OU, another order) still compare O with O and CN with CN.
  const used = new Set<number>();
  const rows: AttributeComparison[] = left.attributes.map((a) => {
    const j = right.attributes.findIndex((b, k) => !used.has(k) && b.oid === a.oid);
    const b = j >= 0 ? right.attributes[j] : undefined;
    if (j >= 0) used.add(j);
    return {
      type: a.type,
      oid: a.oid,
      left: a.value,
      right: b ? b.value : null,
      differs: !b || normalizeValue(a.value) !== normalizeValue(b.value),
    };
  });
  right.attributes.forEach((b, k) => {
    if (!used.has(k)) rows.push({ type: b.type, oid: b.oid, left: null, right: b.value, differs: true });
  });
  return rows;
}

/** True when the two names have the same raw DER (how Go and chaindbg match issuer to subject). */
export function sameNameDer(a: DistinguishedName, b: DistinguishedName): boolean {
  return Buffer.compare(Buffer.from(a.der), Buffer.from(b.der)) === 0;
}

function normalizeValue(v: string): string {
  return v.trim().replace(/\s+/g, ' ').toLowerCase();
}

/** The most specific name to show: CN, else O/OU, else the whole DN text. */
export function shortName(name: DistinguishedName): string {
  const cn = name.attributes.find((a) => a.type === 'CN');
  if (cn) return `CN=${cn.value}`;
  return name.text || '(empty name)';
}

/** "RSA 2048", "RSA-PSS 2048", "EC P-256", "Ed25519", "DSA 1024". */
export function describeKey(cert: Certificate): string {
  const k = cert.publicKey;
  switch (k.type) {
    case 'rsa':
      return `RSA ${k.bits}`;
    case 'rsa-pss':
      return `RSA-PSS ${k.bits}`;
    case 'ec':
      return `EC ${k.curve ?? 'unknown curve'}`;
    case 'ed25519':
      return 'Ed25519';
    case 'ed448':
      return 'Ed448';
    case 'dsa':
      return `DSA ${k.bits}`;
    default:
      return 'unknown key';
  }
}
