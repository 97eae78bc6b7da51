import { createCipheriv } from 'node:crypto';
import type fc from 'fast-check';
import { parseIssuerBody } from '../aia/parse.js';
import { AiaError } from '../aia/errors.js';
import { analyzeTranscript } from '../capture/analyze.js';
import { CaptureFileError, MessageTooLargeError, TlsParseError } from '../capture/errors.js';
import { fromCaptureFile, toCaptureFile } from '../capture/file.js';
import {
  HS,
  HandshakeReassembler,
  parseAlerts,
  parseCertificate12,
  parseCertificate13,
  parseCertificateStatus,
  parseClientHello,
  parseEncryptedExtensions,
  parseServerHello,
  parseServerKeyExchangeGroup,
} from '../capture/handshake.js';
import { CONTENT, RecordFramer } from '../capture/records.js';
import { RecordDecryptor, hkdfExpandLabel, parseKeylog, tls13Suite } from '../capture/tls13.js';
import type { CaptureRecord } from '../capture/types.js';
import { CertdataError, parseCertdata } from '../trust/certdata.js';
import { checkStaple, OcspParseError, parseOcspResponse } from '../ocsp/index.js';
import { CertInputError } from '../x509/errors.js';
import { parseCertificate } from '../x509/parse.js';
import { readCertificates } from '../x509/read.js';
import { asn1Arb, certdataArb, handshakeMessageArb, pemArb, recordStreamArb } from './arbitraries.js';
import { concat } from './mutate.js';
import { SEED_NOW, type SeedCapture, type SeedSet } from './seeds.js';

/**
 * The fuzz targets: each names the module under test, its seed inputs, an optional structured generator, the call,
 * and which exceptions are the module's documented typed errors. Anything else thrown is a crash; a call over the
 * runner's time bound is a hang.
 */
export interface FuzzTarget {
  name: string;
  /** What is exercised (one line, for the report). */
  covers: string;
  seeds: Uint8Array[];
  generated: fc.Arbitrary<Uint8Array> | null;
  /** Relative share of the run's inputs (cheap targets get more). */
  weight: number;
  run(input: Uint8Array): void;
  /** True for the module's documented typed errors. */
  expected(err: unknown): boolean;
}

const none = (): boolean => false;
const latin1 = (b: Uint8Array): string => Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('latin1');
const b64 = (b: Uint8Array): string => Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('base64');

function stream(c: SeedCapture, dir: 'client' | 'server'): Uint8Array {
  return concat(...c.records.filter((r) => r.dir === dir).map((r) => new Uint8Array(Buffer.from(r.data, 'base64'))));
}

/** Deterministic chunk sizes (so a failure replays): 1..1500 bytes derived from the input length. */
function chunks(bytes: Uint8Array, dir: 'client' | 'server', t0: number): CaptureRecord[] {
  const out: CaptureRecord[] = [];
  const size = 1 + ((bytes.length * 7919) % 1500);
  for (let i = 0; i < bytes.length; i += size) out.push({ dir, t: t0 + i, data: b64(bytes.subarray(i, i + size)) });
  return out;
}

/** Frames a plaintext stream and sends every handshake message to its parser (both TLS versions' Certificate). */
function parsePlainStream(input: Uint8Array): void {
  const framer = new RecordFramer();
  const reassembler = new HandshakeReassembler(1 << 20, 'fuzz');
  // One in seven inputs arrives in small pieces (the framer and reassembler must not care); the rest in one chunk.
  const step = input.length % 7 === 0 ? 1 + (input.length % 97) : Math.max(1, input.length);
  for (let i = 0; i < input.length; i += step) {
    for (const rec of framer.push(input.subarray(i, i + step), 0)) {
      if (rec.type === CONTENT.alert) parseAlerts(rec.body);
      if (rec.type !== CONTENT.handshake) continue;
      for (const m of reassembler.push(rec.body, 0)) parseMessage(m.type, m.body);
    }
  }
}

function tryParse(fn: () => unknown): void {
  try {
    fn();
  } catch (e) {
    if (!(e instanceof TlsParseError)) throw e;
  }
}

function parseMessage(type: number, body: Uint8Array): void {
  switch (type) {
    case HS.clientHello:
      parseClientHello(body);
      break;
    case HS.serverHello:
      parseServerHello(body);
      break;
    case HS.encryptedExtensions:
      parseEncryptedExtensions(body);
      break;
    case HS.certificate:
      tryParse(() => parseCertificate12(body));
      parseCertificate13(body);
      break;
    case HS.certificateStatus:
      parseCertificateStatus(body);
      break;
    case HS.serverKeyExchange:
      tryParse(() => parseServerKeyExchangeGroup(body, 'TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256'));
      parseServerKeyExchangeGroup(body, 'TLS_DHE_RSA_WITH_AES_128_GCM_SHA256');
      break;
    default:
      parseAlerts(body);
  }
}

/** Splits a direction's stream into its records (seed captures are well formed). */
function records(bytes: Uint8Array): Array<{ type: number; header: Uint8Array; body: Uint8Array; raw: Uint8Array }> {
  const out = [];
  for (let p = 0; p + 5 <= bytes.length; ) {
    const len = (bytes[p + 3]! << 8) | bytes[p + 4]!;
    out.push({ type: bytes[p]!, header: bytes.subarray(p, p + 5), body: bytes.subarray(p + 5, p + 5 + len), raw: bytes.subarray(p, p + 5 + len) });
    p += 5 + len;
  }
  return out;
}

interface Tls13Flight {
  /** The server's plaintext records before the first encrypted one (ServerHello, CCS). */
  prefix: Uint8Array;
  /** The decrypted handshake messages of the server's encrypted flight (EE, Certificate, CertificateVerify, Finished). */
  plaintext: Uint8Array;
  /** Encrypted server records as sent (TLS 1.3 ciphertexts). */
  ciphertexts: Uint8Array[];
  secret: Buffer;
  clientRecords: CaptureRecord[];
  keylog: string[];
}

/** Decrypts a TLS 1.3 seed capture's server handshake flight with its key log (AES-128-GCM seeds). */
function tls13Flight(c: SeedCapture): Tls13Flight {
  const server = records(stream(c, 'server'));
  const firstEncrypted = server.findIndex((r) => r.type === CONTENT.applicationData);
  const clientHello = stream(c, 'client');
  const random = Buffer.from(clientHello.subarray(11, 43)).toString('hex');
  const secret = parseKeylog(c.keylog).get('SERVER_HANDSHAKE_TRAFFIC_SECRET')?.get(random);
  const suite = tls13Suite(0x1301)!;
  if (!secret || firstEncrypted < 0) throw new Error(`seed ${c.name}: no server handshake secret or no encrypted record`);
  const d = new RecordDecryptor(suite, secret);
  const plain: Uint8Array[] = [];
  for (const r of server.slice(firstEncrypted)) {
    const opened = d.open(r.header, r.body);
    if (!opened) break; // application traffic keys from here on
    if (opened.type === CONTENT.handshake) plain.push(opened.content);
  }
  return {
    prefix: concat(...server.slice(0, firstEncrypted).map((r) => r.raw)),
    plaintext: concat(...plain),
    ciphertexts: server.slice(firstEncrypted).map((r) => r.raw),
    secret,
    clientRecords: c.records.filter((r) => r.dir === 'client'),
    keylog: c.keylog,
  };
}

/** Encrypts handshake plaintext into TLS 1.3 records (AES-128-GCM, sequence from 0), as the server would. */
function encryptFlight(secret: Uint8Array, plaintext: Uint8Array, recordSize: number): Uint8Array {
  const key = hkdfExpandLabel('sha256', secret, 'key', new Uint8Array(0), 16);
  const iv = hkdfExpandLabel('sha256', secret, 'iv', new Uint8Array(0), 12);
  const out: Uint8Array[] = [];
  let seq = 0;
  for (let i = 0; i < plaintext.length || (i === 0 && seq === 0); i += recordSize) {
    const inner = concat(plaintext.subarray(i, i + recordSize), Uint8Array.of(CONTENT.handshake));
    const header = Uint8Array.of(CONTENT.applicationData, 3, 3, ((inner.length + 16) >> 8) & 0xff, (inner.length + 16) & 0xff);
    const nonce = Buffer.from(iv);
    for (let b = 0, s = seq; b < 8; b++, s = Math.floor(s / 256)) nonce[11 - b]! ^= s & 0xff;
    const c = createCipheriv('aes-128-gcm', key, nonce);
    c.setAAD(header);
    const body = Buffer.concat([c.update(inner), c.final(), c.getAuthTag()]);
    out.push(header, body);
    seq++;
    if (plaintext.length === 0) break;
  }
  return concat(...out);
}

/** All targets over one seed set. */
export function fuzzTargets(seeds: SeedSet): FuzzTarget[] {
  const byName = (n: SeedCapture['name']): SeedCapture => {
    const c = seeds.captures.find((x) => x.name === n);
    if (!c) throw new Error(`seed capture ${n} missing`);
    return c;
  };
  const plainStreams = seeds.captures.flatMap((c) => {
    const client = stream(c, 'client');
    const server = records(stream(c, 'server'));
    const cut = server.findIndex((r) => r.type === CONTENT.applicationData || (c.name === 'tls12' && r.type === CONTENT.changeCipherSpec));
    return [client, concat(...server.slice(0, cut < 0 ? server.length : cut).map((r) => r.raw))];
  });
  const flight = tls13Flight(byName('tls13'));
  const messages: Uint8Array[] = [];
  for (const s of [...plainStreams, flight.plaintext]) {
    for (const r of s === flight.plaintext ? [{ type: CONTENT.handshake, body: s }] : records(s)) {
      if (r.type !== CONTENT.handshake) continue;
      for (let p = 0; p + 4 <= r.body.length; ) {
        const len = (r.body[p + 1]! << 16) | (r.body[p + 2]! << 8) | r.body[p + 3]!;
        messages.push(r.body.subarray(p, p + 4 + len));
        p += 4 + len;
      }
    }
  }
  const seedLeaf = parseCertificate(seeds.certificates[0]!);
  const seedIssuer = parseCertificate(seeds.certificates[1]!);
  const tlsExpected = (e: unknown): boolean => e instanceof TlsParseError || e instanceof MessageTooLargeError;

  const transcriptTarget = (c: SeedCapture): FuzzTarget => {
    const client = c.records.filter((r) => r.dir === 'client');
    return {
      name: `transcript-${c.name}`,
      covers: `analyzeTranscript over a mutated ${c.name} server stream (record framer, reassembler, parsers, TLS 1.3 decryption, Finished check)`,
      seeds: [stream(c, 'server')],
      generated: recordStreamArb,
      weight: 3,
      run: (input) => void analyzeTranscript([...client, ...chunks(input, 'server', 1)], c.keylog),
      expected: none,
    };
  };

  const captureJson = seeds.captures.map((c) =>
    new TextEncoder().encode(
      JSON.stringify(
        toCaptureFile({
          target: { host: 'localhost', port: 443, servername: 'localhost', connect: null, proxy: null },
          certificates: [],
          certificateExtensions: [],
          tls: { timings: { connectMs: 1, handshakeMs: 2, totalMs: 3 } } as never,
          records: c.records,
          keylog: c.keylog,
          error: null,
        }),
      ),
    ),
  );

  return [
    {
      name: 'records',
      covers: 'RecordFramer + HandshakeReassembler + every handshake parser over a plaintext record stream',
      seeds: plainStreams,
      generated: recordStreamArb,
      weight: 6,
      run: parsePlainStream,
      expected: tlsExpected,
    },
    {
      name: 'handshake-message',
      covers: 'one handshake message (header + body) to its parser, TLS 1.2 and 1.3 forms',
      seeds: messages,
      generated: handshakeMessageArb,
      weight: 6,
      run: (input) => {
        const r = new HandshakeReassembler(1 << 20, 'fuzz');
        for (const m of r.push(input, 0)) parseMessage(m.type, m.body);
      },
      expected: tlsExpected,
    },
    transcriptTarget(byName('tls12')),
    transcriptTarget(byName('tls13')),
    transcriptTarget(byName('tls13-hrr')),
    {
      name: 'tls13-flight',
      covers: 'mutated TLS 1.3 server handshake plaintext, re-encrypted under the real key, through analyzeTranscript',
      seeds: [flight.plaintext],
      generated: null,
      weight: 3,
      run: (input) => {
        const enc = encryptFlight(flight.secret, input, 1 + ((input.length * 31) % 16384));
        void analyzeTranscript([...flight.clientRecords, ...chunks(concat(flight.prefix, enc), 'server', 1)], flight.keylog);
      },
      expected: none,
    },
    {
      name: 'tls13-decrypt',
      covers: 'RecordDecryptor.open on mutated ciphertext records, all five TLS 1.3 suites',
      seeds: flight.ciphertexts,
      generated: null,
      weight: 4,
      run: (input) => {
        const header = input.subarray(0, 5);
        const body = input.subarray(5);
        for (const suite of [0x1301, 0x1302, 0x1303, 0x1304, 0x1305]) {
          const s = tls13Suite(suite)!;
          new RecordDecryptor(s, flight.secret.length >= s.hashLength ? flight.secret : Buffer.alloc(s.hashLength, 1)).open(header, body);
        }
      },
      expected: none,
    },
    {
      name: 'transcript-keylog',
      covers: 'analyzeTranscript of the TLS 1.3 seed with a mutated key log',
      seeds: [new TextEncoder().encode(byName('tls13').keylog.join('\n'))],
      generated: null,
      weight: 1,
      run: (input) => void analyzeTranscript(byName('tls13').records, latin1(input).split('\n')),
      expected: none,
    },
    {
      name: 'pem-der',
      covers: 'readCertificates (PEM blocks, TRUSTED CERTIFICATE, DER) and parseCertificate',
      seeds: [...seeds.pems, ...seeds.certificates],
      generated: null,
      weight: 4,
      run: (input) => void readCertificates(input, 'fuzz'),
      expected: (e) => e instanceof CertInputError,
    },
    {
      name: 'pem-der-generated',
      covers: 'readCertificates over generated PEM armour and ASN.1 trees',
      seeds: [],
      generated: pemArb,
      weight: 2,
      run: (input) => void readCertificates(input, 'fuzz'),
      expected: (e) => e instanceof CertInputError,
    },
    {
      name: 'certdata',
      covers: 'parseCertdata (NSS certdata.txt objects, MULTILINE_OCTAL, trust matching, distrust dates)',
      seeds: seeds.certdata,
      generated: certdataArb,
      weight: 1,
      run: (input) => void parseCertdata(latin1(input)),
      expected: (e) => e instanceof CertdataError,
    },
    {
      name: 'aia-body',
      covers: 'parseIssuerBody (DER certificate, PKCS#7 certs-only, PEM)',
      seeds: seeds.aiaBodies,
      generated: asn1Arb,
      weight: 3,
      run: (input) => void parseIssuerBody(input),
      expected: (e) => e instanceof AiaError,
    },
    {
      name: 'ocsp-staple',
      covers: 'parseOcspResponse and checkStaple (CertID match, signer, status, times, SCT extension)',
      seeds: seeds.ocsp,
      generated: asn1Arb,
      weight: 2,
      run: (input) => {
        const response = parseOcspResponse(input);
        checkStaple({ response, leaf: seedLeaf, issuers: [seedIssuer], now: SEED_NOW });
      },
      expected: (e) => e instanceof OcspParseError,
    },
    {
      name: 'capture-file',
      covers: 'fromCaptureFile over mutated capture JSON',
      seeds: captureJson,
      generated: null,
      weight: 1,
      run: (input) => void fromCaptureFile(latin1(input)),
      expected: (e) => e instanceof CaptureFileError,
    },
  ];
}
