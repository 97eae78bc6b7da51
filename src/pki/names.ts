/** Distinguished names of the builder: RFC 4514-style text in, DER out (one attribute per RDN). */
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { PkiError } from './errors.js';
import type { NameSpec } from './types.js';

const ATTRIBUTE_OIDS: Readonly<Record<string, string>> = {
  CN: '2.5.4.3',
  SN: '2.5.4.4',
  serialNumber: '2.5.4.5',
  C: '2.5.4.6',
  L: '2.5.4.7',
  ST: '2.5.4.8',
  street: '2.5.4.9',
  O: '2.5.4.10',
  OU: '2.5.4.11',
  emailAddress: '1.2.840.113549.1.9.1',
  DC: '0.9.2342.19200300.100.1.25',
};

function nameEntries(name: NameSpec): Array<readonly [string, string]> {
  return Array.isArray(name) ? [...(name as ReadonlyArray<readonly [string, string]>)] : Object.entries(name);
}

/** RFC 4514-style text as written in the spec. */
export function nameText(name: NameSpec): string {
  return nameEntries(name)
    .map(([t, v]) => `${t}=${v.replace(/([,+"\\<>;])/g, '\\$1')}`)
    .join(', ');
}

/** The Name as a pkijs value whose encoding is one attribute per RDN, most general first. */
export function rdnsOf(name: NameSpec, id: string): pkijs.RelativeDistinguishedNames {
  // An empty name is written as it is (an empty SEQUENCE): legal for a leaf named only by its SANs, and a way to
  // break an issuer on purpose.
  const entries = nameEntries(name);
  const typesAndValues = entries
    .slice()
    .reverse()
    .map(([type, value]) => {
      const oid = ATTRIBUTE_OIDS[type] ?? (/^\d+(\.\d+)+$/.test(type) ? type : undefined);
      if (oid === undefined) {
        throw new PkiError('PKI_BAD_SPEC', `node "${id}": unknown name attribute "${type}"`, { node: id, type });
      }
      const v =
        type === 'C' || type === 'serialNumber'
          ? new asn1js.PrintableString({ value })
          : type === 'emailAddress' || type === 'DC'
            ? new asn1js.IA5String({ value })
            : new asn1js.Utf8String({ value });
      return new pkijs.AttributeTypeAndValue({ type: oid, value: v });
    });
  // pkijs encodes a freshly built name as one multi-valued RDN; real names are one attribute per RDN, so the DER is
  // built here (SEQUENCE OF SET OF one AttributeTypeAndValue) and handed over as the already-encoded value.
  const der = new asn1js.Sequence({
    value: typesAndValues.map((tv) => new asn1js.Set({ value: [tv.toSchema()] })),
  }).toBER(false);
  return new pkijs.RelativeDistinguishedNames({ typesAndValues, valueBeforeDecode: der });
}

/** The DER of a Name. */
export function nameDer(name: NameSpec, id = 'name'): Uint8Array {
  return new Uint8Array(rdnsOf(name, id).valueBeforeDecode);
}
