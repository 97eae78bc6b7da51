import type * as Asn1js from 'asn1js';
import { asn1js } from '../util/lazy-asn1js.js';
import type * as Pkijs from 'pkijs';
import { pkijs } from '../util/lazy-pkijs.js';
import { CertParseError } from './errors.js';
import { EXT, KEY_USAGE_BITS, KNOWN_EXTENSIONS, OTHER_EXTENSION_NAMES } from './oids.js';
import { NON_CONTEXT, copy, formatCidr, formatIp, generalNameKind, hex, parseName } from './parse-common.js';
import type {
  BasicConstraints,
  Certificate,
  ExtensionInfo,
  NameConstraintSet,
  NameConstraints,
  SubjectAltNames,
} from '../model/certificate.js';

/* The reference parser's extensions (parse-reference.ts): each known extension read through asn1js/pkijs. */

export function parseExtensions(extensions: Pkijs.Extension[], out: Certificate): void {
  const seen = new Set<string>();
  for (const ext of extensions) {
    const oid = ext.extnID;
    if (seen.has(oid)) throw new CertParseError(`duplicate extension ${oid}`);
    seen.add(oid);
    const known = oid in KNOWN_EXTENSIONS;
    const info: ExtensionInfo = {
      oid,
      name: KNOWN_EXTENSIONS[oid] ?? OTHER_EXTENSION_NAMES[oid] ?? oid,
      critical: ext.critical,
      known,
    };
    out.extensions.push(info);
    const raw = ext.extnValue.valueBlock.valueHexView;
    switch (oid) {
      case EXT.subjectKeyIdentifier: {
        const v = decode(raw, info.name);
        if (!(v instanceof asn1js.OctetString)) throw new CertParseError('subjectKeyIdentifier is not an OCTET STRING');
        out.ski = hex(v.valueBlock.valueHexView);
        break;
      }
      case EXT.authorityKeyIdentifier: {
        const aki = typed(raw, info.name, pkijs.AuthorityKeyIdentifier);
        if (aki.keyIdentifier) out.aki = hex(aki.keyIdentifier.valueBlock.valueHexView);
        out.akiFields = {
          keyIdentifier: aki.keyIdentifier !== undefined,
          authorityCertIssuer: aki.authorityCertIssuer !== undefined,
          authorityCertSerialNumber: aki.authorityCertSerialNumber !== undefined,
        };
        break;
      }
      case EXT.basicConstraints: {
        const bc = typed(raw, info.name, pkijs.BasicConstraints);
        const constraints: BasicConstraints = { ca: bc.cA === true, critical: ext.critical };
        if (bc.pathLenConstraint !== undefined) {
          const n =
            typeof bc.pathLenConstraint === 'number' ? bc.pathLenConstraint : bc.pathLenConstraint.valueBlock.valueDec;
          if (n < 0) throw new CertParseError('basicConstraints pathLenConstraint is negative');
          constraints.pathLen = n;
        }
        out.basicConstraints = constraints;
        break;
      }
      case EXT.keyUsage: {
        const v = decode(raw, info.name);
        if (!(v instanceof asn1js.BitString)) throw new CertParseError('keyUsage is not a BIT STRING');
        const bits = v.valueBlock.valueHexView;
        const names: string[] = [];
        KEY_USAGE_BITS.forEach((name, i) => {
          const byte = bits[i >> 3] ?? 0;
          if (byte & (0x80 >> (i & 7))) names.push(name);
        });
        out.keyUsage = names;
        break;
      }
      case EXT.extKeyUsage: {
        if (raw.length === 2 && raw[0] === 0x30 && raw[1] === 0) {
          out.extKeyUsage = [];
          break;
        }
        const eku = typed(raw, info.name, pkijs.ExtKeyUsage);
        out.extKeyUsage = [...eku.keyPurposes];
        break;
      }
      case EXT.subjectAltName: {
        out.san = parseSans(generalNames(decode(raw, info.name), info.name));
        out.sanCritical = ext.critical;
        break;
      }
      case EXT.nameConstraints: {
        const seq = decode(raw, info.name);
        if (!(seq instanceof asn1js.Sequence)) throw new CertParseError('malformed nameConstraints extension');
        const constraints: NameConstraints = { critical: ext.critical };
        for (const part of seq.valueBlock.value) {
          if (part.idBlock.tagClass !== 3 || !(part instanceof asn1js.Constructed)) {
            throw new CertParseError('malformed nameConstraints extension');
          }
          // GeneralSubtree ::= SEQUENCE { base GeneralName, minimum [0] DEFAULT 0, maximum [1] OPTIONAL }
          const bases = part.valueBlock.value.map((st) => {
            const first = st instanceof asn1js.Sequence ? st.valueBlock.value[0] : undefined;
            if (!first) throw new CertParseError('malformed nameConstraints subtree');
            return first;
          });
          const set = parseSubtrees(bases.map((b) => rawGeneralName(b)));
          if (part.idBlock.tagNumber === 0) constraints.permitted = set;
          else if (part.idBlock.tagNumber === 1) constraints.excluded = set;
          else throw new CertParseError('malformed nameConstraints extension');
        }
        out.nameConstraints = constraints;
        break;
      }
      case EXT.authorityInfoAccess: {
        const ia = typed(raw, info.name, pkijs.InfoAccess);
        for (const d of ia.accessDescriptions) {
          if (d.accessLocation.type !== 6) continue;
          const url = String(d.accessLocation.value);
          if (d.accessMethod === '1.3.6.1.5.5.7.48.2') out.aia.caIssuers.push(url);
          else if (d.accessMethod === '1.3.6.1.5.5.7.48.1') out.aia.ocsp.push(url);
        }
        break;
      }
      case EXT.certificatePolicies:
      case EXT.crlDistributionPoints:
      case EXT.policyConstraints:
      case EXT.policyMappings:
        decode(raw, info.name);
        break;
      case EXT.sctList:
        out.sctList = copy(raw);
        break;
      case EXT.tlsFeature:
        out.tlsFeature = copy(raw);
        break;
      default:
        break;
    }
  }
}

interface RawGeneralName {
  type: number;
  value: unknown;
}

function generalNames(node: Asn1js.AsnType, name: string): RawGeneralName[] {
  if (!(node instanceof asn1js.Sequence)) throw new CertParseError(`malformed ${name} extension`);
  return node.valueBlock.value.map((n) => rawGeneralName(n));
}

/** GeneralName straight from asn1js (pkijs's schema matching is too slow for certificates with thousands of names). */
function rawGeneralName(node: Asn1js.AsnType): RawGeneralName {
  // Not context-tagged: no GeneralName chaindbg or Go knows. Go (forEachSAN, parseNameConstraintsExtension) skips
  // such an entry rather than refusing the certificate, so it is kept as an unknown kind (see generalNameKind).
  if (node.idBlock.tagClass !== 3) return { type: NON_CONTEXT | (node.idBlock.tagNumber & 0xff), value: null };
  const type = node.idBlock.tagNumber;
  const bytes = (node as Asn1js.Primitive).valueBlock.valueHexView;
  switch (type) {
    case 1:
    case 2:
    case 6:
      if (node.idBlock.isConstructed) throw new CertParseError('malformed GeneralName string');
      return { type, value: Buffer.from(bytes).toString('latin1') };
    case 7:
      if (node.idBlock.isConstructed) throw new CertParseError('malformed GeneralName IP address');
      return { type, value: new asn1js.OctetString({ valueHex: bytes }) };
    case 4: {
      const inner = (node as Asn1js.Constructed).valueBlock.value?.[0];
      if (!inner) throw new CertParseError('malformed directoryName');
      try {
        return { type, value: { der: inner.valueBeforeDecodeView, rdn: new pkijs.RelativeDistinguishedNames({ schema: inner }) } };
      } catch {
        throw new CertParseError('malformed directoryName');
      }
    }
    default:
      return { type, value: null };
  }
}

function parseSans(names: RawGeneralName[]): SubjectAltNames {
  const san: SubjectAltNames = { dns: [], ip: [], email: [], uri: [], other: [] };
  for (const n of names) {
    switch (n.type) {
      case 1:
        san.email.push(String(n.value));
        break;
      case 2:
        san.dns.push(String(n.value));
        break;
      case 6:
        san.uri.push(String(n.value));
        break;
      case 7: {
        const ip = ipBytes(n.value);
        if (ip.length !== 4 && ip.length !== 16) throw new CertParseError(`subjectAltName IP address of ${ip.length} bytes`);
        san.ip.push(formatIp(ip));
        break;
      }
      default:
        san.other.push(generalNameKind(n.type));
    }
  }
  return san;
}

function parseSubtrees(bases: RawGeneralName[]): NameConstraintSet {
  const set: NameConstraintSet = { dns: [], ip: [], email: [], uri: [], dn: [], unsupported: [] };
  for (const base of bases) {
    switch (base.type) {
      case 1:
        set.email.push(String(base.value));
        break;
      case 2:
        set.dns.push(String(base.value));
        break;
      case 6:
        set.uri.push(String(base.value));
        break;
      case 7: {
        const b = ipBytes(base.value);
        set.ip.push(formatCidr(b));
        break;
      }
      case 4: {
        const dn = base.value as { der: Uint8Array; rdn: Pkijs.RelativeDistinguishedNames };
        set.dn.push(parseName(dn.der, dn.rdn));
        break;
      }
      default:
        set.unsupported.push(generalNameKind(base.type));
    }
  }
  return set;
}

function ipBytes(value: unknown): Uint8Array {
  if (value instanceof asn1js.OctetString) return value.valueBlock.valueHexView;
  throw new CertParseError('IP address GeneralName is not an OCTET STRING');
}

/**
 * asn1js.fromBER reports most malformed input through `offset === -1` but throws on some (a GeneralizedTime or
 * UTCTime whose text does not convert): null then, so callers raise their typed error.
 */
export function fromBerSafe(bytes: Uint8Array): ReturnType<typeof asn1js.fromBER> | null {
  try {
    return asn1js.fromBER(bytes);
  } catch {
    return null;
  }
}

function decode(raw: Uint8Array, name: string): Asn1js.AsnType {
  const asn1 = fromBerSafe(raw);
  if (asn1 === null || asn1.offset === -1 || asn1.offset !== raw.length) throw new CertParseError(`malformed ${name} extension`);
  return asn1.result;
}

function typed<T>(raw: Uint8Array, name: string, Type: new (p: { schema: Asn1js.AsnType }) => T): T {
  const schema = decode(raw, name);
  try {
    return new Type({ schema });
  } catch {
    throw new CertParseError(`malformed ${name} extension`);
  }
}
