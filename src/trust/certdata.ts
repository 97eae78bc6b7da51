import { createHash } from 'node:crypto';

/**
 * A parser for NSS's `certdata.txt`, the source of Mozilla's root store. Pure: text in, objects out.
 *
 * The file is a flat list of PKCS#11 objects, each a run of `CKA_<attr> <type> <value>` lines started by a
 * `CKA_CLASS` line. Binary values are `MULTILINE_OCTAL` blocks (`\060\202...` lines ended by `END`). Two classes
 * matter: `CKO_CERTIFICATE` (the DER in `CKA_VALUE`) and `CKO_NSS_TRUST` (trust bits for one certificate, found by
 * issuer + serial and checked by `CKA_CERT_SHA1_HASH`). `CKA_NSS_SERVER_DISTRUST_AFTER` is either `CK_BBOOL
 * CK_FALSE` or a MULTILINE_OCTAL UTCTime; it may sit on the certificate object or (in newer files) on the trust
 * object, so both are read.
 */

export type CertdataValue =
  | { kind: 'bytes'; bytes: Uint8Array }
  | { kind: 'text'; type: string; text: string };

export interface CertdataObject {
  /** `CKO_CERTIFICATE`, `CKO_NSS_TRUST`, ... */
  class: string;
  /** 1-based line of its CKA_CLASS line (evidence for problems). */
  line: number;
  attributes: Map<string, CertdataValue>;
}

/** How NSS says a root may be used for one purpose. */
export type CertdataTrust = 'trusted-delegator' | 'must-verify' | 'not-trusted' | 'unknown';

export interface CertdataRoot {
  label: string;
  der: Uint8Array;
  /** sha256 of der, lowercase hex. */
  sha256: string;
  serverAuth: CertdataTrust;
  emailProtection: CertdataTrust;
  /** CKA_NSS_SERVER_DISTRUST_AFTER, from the certificate object or the trust object. */
  serverDistrustAfter: Date | null;
  emailDistrustAfter: Date | null;
  /** 1-based line of the certificate object. */
  line: number;
}

export interface CertdataResult {
  roots: CertdataRoot[];
  /** Certificates without a trust object, trust objects without a certificate, hash mismatches, bad dates. */
  problems: string[];
}

export class CertdataError extends Error {
  constructor(
    message: string,
    readonly line: number,
  ) {
    super(message);
    this.name = 'CertdataError';
  }
}

/** Split certdata.txt into its objects. Throws CertdataError on a malformed attribute line. */
export function parseCertdataObjects(text: string): CertdataObject[] {
  const lines = text.split(/\r?\n/);
  const objects: CertdataObject[] = [];
  let current: CertdataObject | null = null;
  let started = false;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (line === '' || line.startsWith('#')) continue;
    if (line === 'BEGINDATA') {
      started = true;
      continue;
    }
    if (!started) continue;
    const m = /^(CKA_[A-Z0-9_]+)\s+(\S+)(?:\s+(.*))?$/.exec(line);
    if (!m) throw new CertdataError(`certdata line ${i + 1}: cannot parse "${line.slice(0, 60)}"`, i + 1);
    const [, attr, type, rest] = m as unknown as [string, string, string, string | undefined];
    let value: CertdataValue;
    if (type === 'MULTILINE_OCTAL') {
      const start = i + 1;
      const bytes: number[] = [];
      for (i++; i < lines.length && lines[i]!.trim() !== 'END'; i++) {
        const octal = lines[i]!.trim();
        if (!/^(\\[0-7]{3})*$/.test(octal)) {
          throw new CertdataError(`certdata line ${i + 1}: bad MULTILINE_OCTAL data`, i + 1);
        }
        for (let j = 0; j < octal.length; j += 4) bytes.push(parseInt(octal.slice(j + 1, j + 4), 8));
      }
      if (i >= lines.length) throw new CertdataError(`certdata line ${start}: MULTILINE_OCTAL without END`, start);
      value = { kind: 'bytes', bytes: Uint8Array.from(bytes) };
    } else {
      value = { kind: 'text', type, text: unquote(rest ?? '') };
    }
    if (attr === 'CKA_CLASS') {
      current = { class: value.kind === 'text' ? value.text : '', line: i + 1, attributes: new Map() };
      objects.push(current);
    }
    if (!current) throw new CertdataError(`certdata line ${i + 1}: ${attr} before any CKA_CLASS`, i + 1);
    current.attributes.set(attr, value);
  }
  return objects;
}

/** Parse certdata.txt into roots with their trust bits and distrust-after dates. */
export function parseCertdata(text: string): CertdataResult {
  const objects = parseCertdataObjects(text);
  const problems: string[] = [];
  const certs = objects.filter((o) => o.class === 'CKO_CERTIFICATE');
  // CKO_NSS_TRUST in every current file; CKO_TRUST is the PKCS#11 3.0 name some tools write.
  const trusts = objects.filter((o) => o.class === 'CKO_NSS_TRUST' || o.class === 'CKO_TRUST');

  const trustByIssuerSerial = new Map<string, CertdataObject[]>();
  for (const t of trusts) {
    const key = issuerSerialKey(t);
    if (key === null) {
      problems.push(`trust object at line ${t.line} has no CKA_ISSUER/CKA_SERIAL_NUMBER`);
      continue;
    }
    const list = trustByIssuerSerial.get(key) ?? [];
    list.push(t);
    trustByIssuerSerial.set(key, list);
  }

  const used = new Set<CertdataObject>();
  const roots: CertdataRoot[] = [];
  for (const c of certs) {
    const der = bytesOf(c, 'CKA_VALUE');
    const label = textOf(c, 'CKA_LABEL') ?? `(unlabelled, line ${c.line})`;
    if (!der) {
      problems.push(`certificate "${label}" at line ${c.line} has no CKA_VALUE`);
      continue;
    }
    const sha1 = createHash('sha1').update(der).digest();
    const key = issuerSerialKey(c);
    const candidates = key === null ? [] : (trustByIssuerSerial.get(key) ?? []);
    // Issuer + serial finds the trust object; the SHA-1 hash, when the trust object carries one, must agree.
    const trust = candidates.find((t) => {
      const h = bytesOf(t, 'CKA_CERT_SHA1_HASH');
      return h === undefined || equalBytes(h, sha1);
    });
    if (candidates.length > 0 && !trust) {
      problems.push(`trust object for "${label}" (line ${candidates[0]!.line}) has a CKA_CERT_SHA1_HASH that does not match`);
    }
    if (!trust) problems.push(`certificate "${label}" at line ${c.line} has no trust object: not trusted for anything`);
    if (trust) used.add(trust);

    const serverDistrustAfter = distrustDate(c, trust, 'CKA_NSS_SERVER_DISTRUST_AFTER', label, problems);
    const emailDistrustAfter = distrustDate(c, trust, 'CKA_NSS_EMAIL_DISTRUST_AFTER', label, problems);
    roots.push({
      label,
      der,
      sha256: createHash('sha256').update(der).digest('hex'),
      serverAuth: trust ? trustOf(trust, 'CKA_TRUST_SERVER_AUTH') : 'unknown',
      emailProtection: trust ? trustOf(trust, 'CKA_TRUST_EMAIL_PROTECTION') : 'unknown',
      serverDistrustAfter,
      emailDistrustAfter,
      line: c.line,
    });
  }
  for (const t of trusts) {
    if (used.has(t)) continue;
    const label = textOf(t, 'CKA_LABEL') ?? '(unlabelled)';
    // NSS lists some explicitly distrusted certificates as trust objects alone; they cannot be anchors.
    problems.push(`trust object "${label}" at line ${t.line} matches no certificate in the file`);
  }
  return { roots, problems };
}

/** UTCTime (YYMMDDHHMMSSZ) or GeneralizedTime (YYYYMMDDHHMMSSZ) as ASCII bytes, as certdata stores them. */
export function parseCertdataTime(bytes: Uint8Array): Date | null {
  const s = new TextDecoder().decode(bytes);
  let m = /^(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})Z$/.exec(s);
  let year: number;
  if (m) {
    const yy = Number(m[1]);
    year = yy < 50 ? 2000 + yy : 1900 + yy; // RFC 5280 4.1.2.5.1
  } else {
    m = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})Z$/.exec(s);
    if (!m) return null;
    year = Number(m[1]);
  }
  const d = new Date(Date.UTC(year, Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6])));
  return Number.isNaN(d.getTime()) ? null : d;
}

function distrustDate(
  cert: CertdataObject,
  trust: CertdataObject | undefined,
  attr: string,
  label: string,
  problems: string[],
): Date | null {
  const dates: Date[] = [];
  for (const o of trust ? [cert, trust] : [cert]) {
    const v = o.attributes.get(attr);
    if (!v || v.kind === 'text') continue; // absent, or CK_BBOOL CK_FALSE: no distrust date
    const d = parseCertdataTime(v.bytes);
    if (d) dates.push(d);
    else problems.push(`${attr} of "${label}" at line ${o.line} is not a UTCTime`);
  }
  if (dates.length === 0) return null;
  const times = [...new Set(dates.map((d) => d.getTime()))].sort((a, b) => a - b);
  if (times.length > 1) problems.push(`"${label}" has two different ${attr} dates; using the earlier`);
  return new Date(times[0]!);
}

function trustOf(o: CertdataObject, attr: string): CertdataTrust {
  switch (textOf(o, attr)) {
    case 'CKT_NSS_TRUSTED_DELEGATOR':
      return 'trusted-delegator';
    case 'CKT_NSS_MUST_VERIFY_TRUST':
      return 'must-verify';
    case 'CKT_NSS_NOT_TRUSTED':
      return 'not-trusted';
    default:
      return 'unknown';
  }
}

function issuerSerialKey(o: CertdataObject): string | null {
  const issuer = bytesOf(o, 'CKA_ISSUER');
  const serial = bytesOf(o, 'CKA_SERIAL_NUMBER');
  if (!issuer || !serial) return null;
  return `${Buffer.from(issuer).toString('hex')}/${Buffer.from(serial).toString('hex')}`;
}

function bytesOf(o: CertdataObject, attr: string): Uint8Array | undefined {
  const v = o.attributes.get(attr);
  return v?.kind === 'bytes' ? v.bytes : undefined;
}

function textOf(o: CertdataObject, attr: string): string | undefined {
  const v = o.attributes.get(attr);
  return v?.kind === 'text' ? v.text : undefined;
}

function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/** `"GlobalSign Root CA"` -> `GlobalSign Root CA`; octal escapes (`\303\251`) are UTF-8 bytes. */
function unquote(raw: string): string {
  const m = /^"(.*)"$/.exec(raw);
  if (!m) return raw;
  const s = m[1]!;
  if (!s.includes('\\')) return s;
  const bytes: number[] = [];
  const enc = new TextEncoder();
  const chars = Array.from(s); // code points, so astral characters stay whole
  for (let i = 0; i < chars.length; i++) {
    const oct = /^\\([0-7]{3})$/.exec(chars.slice(i, i + 4).join(''));
    if (oct) {
      bytes.push(parseInt(oct[1]!, 8));
      i += 3;
    } else if (chars[i] === '\\' && i + 1 < chars.length) {
      bytes.push(...enc.encode(chars[++i]!));
    } else {
      bytes.push(...enc.encode(chars[i]!));
    }
  }
  return new TextDecoder().decode(Uint8Array.from(bytes));
}
