import { hash } from 'node:crypto';
import { dirname } from 'node:path';
import { parseCertificate, type Certificate } from '../x509/index.js';
import { peekCertificate, type CertificatePeek } from '../x509/peek.js';
import { STORE_LIMITS } from './context.js';
import type { DirectoryRead, FileRead } from './read-source.js';
import type { StoreKind, StoreSourceFile, TrustAnchor, TrustStore } from '../model/store.js';

/**
 * Parsed certificates by sha256, shared by every store loaded in this process: the same ~150 public roots appear in
 * the system, mozilla and node stores, and parsing is the dominant cost of loading (about 3 ms per certificate).
 * Certificate values are never mutated after parsing, so sharing them is safe. Bounded; oldest entries go first.
 */
const PARSED = new Map<string, Certificate>();
const MAX_PARSED = 4096;

function rememberParsed(sha256: string, cert: Certificate): Certificate {
  if (PARSED.size >= MAX_PARSED) PARSED.delete(PARSED.keys().next().value!);
  PARSED.set(sha256, cert);
  return cert;
}

export interface AnchorExtras {
  serverAuth?: boolean;
  distrustAfter?: Date;
  label?: string;
}

interface Duplicate {
  origin: string;
  path: string;
  first: TrustAnchor;
}

/**
 * Collects certificates into one store the way Go's CertPool does: an exact duplicate (same DER) is kept once.
 * Every certificate is hashed first and parsed once; what does not parse is skipped and reported, never fatal.
 */
export class StoreBuilder {
  readonly anchors: TrustAnchor[] = [];
  readonly sources: StoreSourceFile[] = [];
  readonly problems: string[] = [];
  readonly meta: Record<string, string> = {};
  private readonly bySha = new Map<string, TrustAnchor>();
  private readonly duplicates: Duplicate[] = [];
  private readonly pathOfAnchor = new Map<TrustAnchor, string>();
  private limitReported = false;

  constructor(
    readonly name: string,
    readonly kind: StoreKind,
  ) {}

  /** Add every certificate of a file read, and the file as a source. */
  addFile(read: FileRead): StoreSourceFile {
    this.problems.push(...read.problems);
    let count = 0;
    for (const c of read.certs) if (this.addCertificate(c.der, c.origin, c.path) !== 'unparsable') count++;
    const source: StoreSourceFile = { path: read.path, certificates: count };
    if (read.error !== undefined) source.error = read.error;
    this.sources.push(source);
    if (read.error !== undefined) this.problems.push(`${read.path}: ${read.error}`);
    return source;
  }

  addDirectory(dir: DirectoryRead): void {
    if (dir.error !== undefined) {
      this.sources.push({ path: dir.dir, certificates: 0, error: dir.error });
      this.problems.push(`${dir.dir}: ${dir.error}`);
      return;
    }
    for (const f of dir.files) this.addFile(f);
    for (const s of dir.skipped) this.problems.push(`${dir.dir}: skipped ${s}`);
  }

  /**
   * Add one certificate; returns what happened to it. A certificate the fast reader accepts is indexed (subject,
   * key identity) without being parsed; it is parsed when something first reads its `cert`. Anything else is parsed
   * now, so what does not parse is skipped and reported here, as before.
   */
  addCertificate(der: Uint8Array, origin: string, path: string, extras: AnchorExtras = {}): 'added' | 'duplicate' | 'unparsable' {
    const sha256 = hash('sha256', der, 'hex');
    if (this.bySha.has(sha256) || this.anchors.length >= STORE_LIMITS.maxCertificates) return this.refuse(sha256, origin, path);
    const known = PARSED.get(sha256);
    const peek = known ? null : peekCertificate(der, sha256);
    if (known || !peek) {
      let cert = known;
      try {
        cert ??= rememberParsed(sha256, parseCertificate(der));
      } catch (err) {
        this.problems.push(`${origin}: not a valid certificate, skipped: ${String((err as Error).message).split('\n')[0]}`);
        return 'unparsable';
      }
      return this.add(eagerAnchor(cert, sha256, this.name, origin, extras), path);
    }
    return this.add(lazyAnchor(() => der, peek, this.name, origin, extras), path);
  }

  /**
   * Add a certificate whose index fields were computed at build time (the shipped Mozilla data): nothing is decoded
   * or hashed until a path or a listing reads its `cert`.
   */
  addIndexed(der: () => Uint8Array, peek: CertificatePeek, origin: string, path: string, extras: AnchorExtras = {}): 'added' | 'duplicate' | 'unparsable' {
    if (this.bySha.has(peek.sha256) || this.anchors.length >= STORE_LIMITS.maxCertificates) return this.refuse(peek.sha256, origin, path);
    const known = PARSED.get(peek.sha256);
    return this.add(known ? eagerAnchor(known, peek.sha256, this.name, origin, extras) : lazyAnchor(der, peek, this.name, origin, extras), path);
  }

  private refuse(sha256: string, origin: string, path: string): 'duplicate' | 'unparsable' {
    const first = this.bySha.get(sha256);
    if (first) {
      this.duplicates.push({ origin, path, first });
      return 'duplicate';
    }
    if (!this.limitReported) this.problems.push(`more than ${STORE_LIMITS.maxCertificates} certificates: the rest skipped`);
    this.limitReported = true;
    return 'unparsable';
  }

  private add(anchor: TrustAnchor, path: string): 'added' {
    this.anchors.push(anchor);
    this.bySha.set(anchor.fingerprint, anchor);
    this.pathOfAnchor.set(anchor, path);
    return 'added';
  }

  build(description: string): TrustStore {
    if (this.duplicates.length > 0) {
      this.meta.duplicates = String(this.duplicates.length);
      this.problems.push(...describeDuplicates(this.duplicates, this.pathOfAnchor));
    }
    return {
      name: this.name,
      kind: this.kind,
      description,
      anchors: this.anchors,
      sources: this.sources,
      problems: this.problems,
      meta: this.meta,
    };
  }
}

function eagerAnchor(cert: Certificate, sha256: string, store: string, origin: string, extras: AnchorExtras): TrustAnchor {
  const anchor: TrustAnchor = {
    cert,
    store,
    source: origin,
    fingerprint: sha256,
    serverAuth: extras.serverAuth ?? true,
    subjectKey: Buffer.from(cert.subject.der).toString('hex'),
    identity: `${Buffer.from(cert.subject.der).toString('hex')}:${cert.publicKey.spkiSha256}`,
  };
  if (extras.distrustAfter) anchor.distrustAfter = extras.distrustAfter;
  if (extras.label !== undefined) anchor.label = extras.label;
  return anchor;
}

/**
 * Thrown by a lazy anchor's `cert` when the certificate, indexed without parsing, then fails to parse. The CLI prints
 * `userMessage` as its one line and exits with `exitCode` (2: bad input), as for a store it cannot load.
 */
export class AnchorParseError extends Error {
  override readonly name = 'AnchorParseError';
  readonly exitCode = 2;

  constructor(readonly userMessage: string) {
    super(userMessage);
  }
}

/**
 * An anchor whose `cert` is parsed on first read (then kept, and shared through PARSED with every other store of
 * the process). Its index fields come from the peek, so indexing a store parses nothing.
 */
function lazyAnchor(der: () => Uint8Array, peek: CertificatePeek, store: string, origin: string, extras: AnchorExtras): TrustAnchor {
  let cert: Certificate | undefined;
  const anchor = {
    store,
    source: origin,
    fingerprint: peek.sha256,
    serverAuth: extras.serverAuth ?? true,
    subjectKey: peek.subjectHex,
    identity: `${peek.subjectHex}:${peek.spkiSha256}`,
  } as TrustAnchor;
  Object.defineProperty(anchor, 'cert', {
    enumerable: true,
    configurable: true,
    get(): Certificate {
      if (cert) return cert;
      cert = PARSED.get(peek.sha256);
      if (!cert) {
        try {
          cert = rememberParsed(peek.sha256, parseCertificate(der()));
        } catch (err) {
          throw new AnchorParseError(`store "${store}": ${origin}: not a valid certificate: ${String((err as Error).message).split('\n')[0]}`);
        }
      }
      return cert;
    },
  });
  if (extras.distrustAfter) anchor.distrustAfter = extras.distrustAfter;
  if (extras.label !== undefined) anchor.label = extras.label;
  return anchor;
}

/**
 * One line per duplicate inside a file; across files, one line per (folder of the copy, file of the original), so
 * a Debian system store (the bundle plus the same roots one per file in /etc/ssl/certs) says so in one line.
 */
function describeDuplicates(dups: Duplicate[], pathOf: Map<TrustAnchor, string>): string[] {
  const lines: string[] = [];
  const groups = new Map<string, { dir: string; firstPath: string; items: Duplicate[]; firstPaths?: Set<string> }>();
  for (const d of dups) {
    const firstPath = pathOf.get(d.first) ?? d.first.source;
    if (d.origin === d.first.source) {
      // The same file read twice (Go does this when the bundle sits inside a certificate directory).
      const key = `again\u0000${d.path}`;
      const g = groups.get(key) ?? { dir: '', firstPath: d.path, items: [], firstPaths: new Set<string>() };
      g.items.push(d);
      groups.set(key, g);
      continue;
    }
    if (firstPath === d.path) {
      lines.push(`${d.origin}: duplicate of ${d.first.source} (${d.first.cert.subject.text}, sha256 ${d.first.fingerprint.slice(0, 16)}), kept once`);
      continue;
    }
    // Grouped by the folders of the copy and of the original: a Debian layout, or a bundle sitting among the
    // per-root files it duplicates, is one line however many roots it holds.
    const key = `${dirname(d.path)}\u0000${dirname(firstPath)}`;
    const g = groups.get(key) ?? { dir: dirname(d.path), firstPath, items: [], firstPaths: new Set<string>() };
    g.items.push(d);
    g.firstPaths?.add(firstPath);
    groups.set(key, g);
  }
  for (const g of groups.values()) {
    if (g.dir === '') {
      lines.push(`${g.firstPath} was read twice (it is also inside a certificate directory): ${g.items.length} certificates kept once`);
    } else if (g.items.length === 1) {
      const d = g.items[0]!;
      lines.push(`${d.origin}: duplicate of ${d.first.source} (${d.first.cert.subject.text}, sha256 ${d.first.fingerprint.slice(0, 16)}), kept once`);
    } else {
      const firstPaths = g.firstPaths ?? new Set<string>();
      const from = firstPaths.size <= 1 ? g.firstPath : `${firstPaths.size} files in ${dirname(g.firstPath)}/`;
      lines.push(`${g.items.length} certificates in ${g.dir}/ duplicate ones already read from ${from}, kept once`);
    }
  }
  return lines;
}
