import { checkTree, children, content, latin1, notCanonical, oidString, readWhole, type Tlv } from './der.js';
import { EXT, KEY_USAGE_BITS, KNOWN_EXTENSIONS, OTHER_EXTENSION_NAMES } from './oids.js';
import { NON_CONTEXT, formatCidr, formatIp, generalNameKind, hex } from './parse-common.js';
import { readName } from './parse-fast-name.js';
import type {
  Certificate,
  DistinguishedName,
  ExtensionInfo,
  NameConstraintSet,
  NameConstraints,
  SubjectAltNames,
} from '../model/certificate.js';

/* The fast path's (parse.ts) extensions: canonical DER read directly; anything else steps aside (NOT_CANONICAL). */

export function readExtensions(b: Uint8Array, extensions: Tlv[], out: Certificate): void {
  const seen = new Set<string>();
  for (const ext of extensions) {
    if (ext.tag !== 0x30) notCanonical();
    const parts = children(b, ext);
    let critical = false;
    if (parts.length === 3) {
      if (parts[1]!.tag !== 0x01) notCanonical();
      critical = b[parts[1]!.body] !== 0;
    } else if (parts.length !== 2) {
      notCanonical();
    }
    const valueT = parts[parts.length - 1]!;
    if (valueT.tag !== 0x04) notCanonical();
    const oid = oidString(b, parts[0]!);
    if (seen.has(oid)) notCanonical();
    seen.add(oid);
    const info: ExtensionInfo = {
      oid,
      name: KNOWN_EXTENSIONS[oid] ?? OTHER_EXTENSION_NAMES[oid] ?? oid,
      critical,
      known: oid in KNOWN_EXTENSIONS,
    };
    out.extensions.push(info);
    const raw = content(b, valueT);
    switch (oid) {
      case EXT.subjectKeyIdentifier: {
        const v = value(raw);
        if (v.tag !== 0x04) notCanonical();
        out.ski = hex(content(raw, v));
        break;
      }
      case EXT.authorityKeyIdentifier: {
        const v = value(raw);
        if (v.tag !== 0x30) notCanonical();
        const fields = { keyIdentifier: false, authorityCertIssuer: false, authorityCertSerialNumber: false };
        let last = -1;
        for (const f of children(raw, v)) {
          const order = f.tag === 0x80 ? 0 : f.tag === 0xa1 ? 1 : f.tag === 0x82 ? 2 : -1;
          if (order <= last) notCanonical();
          last = order;
          if (order === 0) {
            fields.keyIdentifier = true;
            out.aki = hex(content(raw, f));
          } else if (order === 1) {
            // GeneralNames that pkijs reads: directory names and the primitive string/address kinds.
            const names = children(raw, f);
            if (names.length === 0) notCanonical();
            for (const n of names) if (![0x81, 0x82, 0x86, 0x87, 0xa4].includes(n.tag)) notCanonical();
            names.forEach((n) => generalName(raw, n));
            fields.authorityCertIssuer = true;
          } else {
            fields.authorityCertSerialNumber = true;
          }
        }
        out.akiFields = fields;
        break;
      }
      case EXT.basicConstraints: {
        const v = value(raw);
        if (v.tag !== 0x30) notCanonical();
        const fields = children(raw, v);
        let k = 0;
        let ca = false;
        if (fields[k]?.tag === 0x01) ca = raw[fields[k++]!.body] !== 0;
        const constraints: NonNullable<Certificate['basicConstraints']> = { ca, critical };
        if (fields[k]?.tag === 0x02) {
          const n = fields[k++]!;
          if (n.end - n.body > 2) notCanonical();
          const pathLen = n.end - n.body === 1 ? (raw[n.body]! << 24) >> 24 : ((raw[n.body]! << 24) >> 16) | raw[n.body + 1]!;
          if (pathLen < 0) notCanonical();
          constraints.pathLen = pathLen;
        }
        if (k !== fields.length) notCanonical();
        out.basicConstraints = constraints;
        break;
      }
      case EXT.keyUsage: {
        const v = value(raw);
        if (v.tag !== 0x03) notCanonical();
        const bits = raw.subarray(v.body + 1, v.end);
        const names: string[] = [];
        KEY_USAGE_BITS.forEach((name, bit) => {
          if ((bits[bit >> 3] ?? 0) & (0x80 >> (bit & 7))) names.push(name);
        });
        out.keyUsage = names;
        break;
      }
      case EXT.extKeyUsage: {
        const v = value(raw);
        if (v.tag !== 0x30) notCanonical();
        // An empty list is against RFC 5280 but Go reads it (as no restriction): kept as [] for each client to judge.
        out.extKeyUsage = children(raw, v).map((p) => oidString(raw, p));
        break;
      }
      case EXT.subjectAltName: {
        const v = value(raw);
        if (v.tag !== 0x30) notCanonical();
        out.san = readSans(raw, children(raw, v));
        out.sanCritical = critical;
        break;
      }
      case EXT.nameConstraints: {
        const v = value(raw);
        if (v.tag !== 0x30) notCanonical();
        const constraints: NameConstraints = { critical };
        for (const part of children(raw, v)) {
          if (part.tag !== 0xa0 && part.tag !== 0xa1) notCanonical();
          const set = readSubtrees(
            raw,
            children(raw, part).map((st) => {
              if (st.tag !== 0x30) notCanonical();
              const base = children(raw, st)[0];
              return base ?? notCanonical();
            }),
          );
          if (part.tag === 0xa0) constraints.permitted = set;
          else constraints.excluded = set;
        }
        out.nameConstraints = constraints;
        break;
      }
      case EXT.authorityInfoAccess: {
        const v = value(raw);
        if (v.tag !== 0x30) notCanonical();
        const descriptions = children(raw, v);
        if (descriptions.length === 0) notCanonical();
        for (const d of descriptions) {
          if (d.tag !== 0x30) notCanonical();
          const pair = children(raw, d);
          if (pair.length !== 2 || pair[1]!.tag !== 0x86) notCanonical();
          const method = oidString(raw, pair[0]!);
          const url = latin1(raw, pair[1]!);
          if (method === '1.3.6.1.5.5.7.48.2') out.aia.caIssuers.push(url);
          else if (method === '1.3.6.1.5.5.7.48.1') out.aia.ocsp.push(url);
        }
        break;
      }
      case EXT.certificatePolicies:
      case EXT.crlDistributionPoints:
      case EXT.policyConstraints:
      case EXT.policyMappings:
        value(raw);
        break;
      case EXT.sctList:
        out.sctList = raw.slice();
        break;
      case EXT.tlsFeature:
        out.tlsFeature = raw.slice();
        break;
      default:
        break;
    }
  }
}

/** An extension value: one element filling the OCTET STRING, canonical all the way down. */
function value(raw: Uint8Array): Tlv {
  const t = readWhole(raw);
  checkTree(raw, t);
  return t;
}

/** A GeneralName, by context tag: strings for email/dns/uri, bytes for ip, a Name for directoryName. */
type GeneralName =
  | { type: 1 | 2 | 6; text: string }
  | { type: 7; bytes: Uint8Array }
  | { type: 4; name: DistinguishedName }
  | { type: number };

function generalName(b: Uint8Array, t: Tlv): GeneralName {
  // Not context-tagged: kept as an unknown kind, as Go skips it (see generalNameKind).
  if ((t.tag & 0xc0) !== 0x80) return { type: NON_CONTEXT | t.tag };
  const type = t.tag & 0x1f;
  const constructed = (t.tag & 0x20) !== 0;
  switch (type) {
    case 1:
    case 2:
    case 6:
      if (constructed) notCanonical();
      return { type, text: latin1(b, t) };
    case 7:
      if (constructed) notCanonical();
      return { type, bytes: content(b, t) };
    case 4: {
      if (!constructed) notCanonical();
      const inner = children(b, t);
      if (inner.length !== 1) notCanonical();
      return { type, name: readName(b, inner[0]!) };
    }
    default:
      return { type };
  }
}

function readSans(b: Uint8Array, names: Tlv[]): SubjectAltNames {
  const san: SubjectAltNames = { dns: [], ip: [], email: [], uri: [], other: [] };
  for (const t of names) {
    const n = generalName(b, t);
    if ('text' in n) (n.type === 1 ? san.email : n.type === 2 ? san.dns : san.uri).push(n.text);
    else if ('bytes' in n) {
      if (n.bytes.length !== 4 && n.bytes.length !== 16) notCanonical();
      san.ip.push(formatIp(n.bytes));
    } else san.other.push(generalNameKind(n.type));
  }
  return san;
}

function readSubtrees(b: Uint8Array, bases: Tlv[]): NameConstraintSet {
  const set: NameConstraintSet = { dns: [], ip: [], email: [], uri: [], dn: [], unsupported: [] };
  for (const t of bases) {
    const n = generalName(b, t);
    if ('text' in n) (n.type === 1 ? set.email : n.type === 2 ? set.dns : set.uri).push(n.text);
    else if ('bytes' in n) {
      if (n.bytes.length !== 8 && n.bytes.length !== 32) notCanonical();
      set.ip.push(formatCidrOrStepAside(n.bytes));
    } else if ('name' in n) set.dn.push(n.name);
    else set.unsupported.push(generalNameKind(n.type));
  }
  return set;
}

function formatCidrOrStepAside(bytes: Uint8Array): string {
  try {
    return formatCidr(bytes);
  } catch {
    return notCanonical();
  }
}
