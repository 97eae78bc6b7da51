import { readFile, readdir } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { createServer, type TlsOptions } from 'node:tls';
import { probe } from '../capture/probe.js';
import type { CaptureRecord } from '../capture/types.js';
import { buildPki, certsOnlyPkcs7, makeOcspResponse } from '../pki/index.js';

/**
 * The seed corpus the mutators start from: real handshakes recorded from loopback servers with `probe` (TLS 1.2,
 * TLS 1.3, TLS 1.3 with a HelloRetryRequest), the certificates those servers sent, PKCS#7 and PEM renderings, and
 * the head of the shipped certdata.txt. This is the I/O edge of the fuzzer: everything else is pure.
 */

export interface SeedCapture {
  name: 'tls12' | 'tls13' | 'tls13-hrr';
  records: CaptureRecord[];
  keylog: string[];
}

export interface SeedSet {
  captures: SeedCapture[];
  /** DER certificates (generated and real public ones). */
  certificates: Uint8Array[];
  /** PEM files (bundles, single certificates). */
  pems: Uint8Array[];
  /** The head of certs/mozilla/certdata-*.txt (a couple of objects). */
  certdata: Uint8Array[];
  /** What an AIA caIssuers URL may answer: DER, PKCS#7, PEM. */
  aiaBodies: Uint8Array[];
  /** Stapled OCSP responses about the seed leaf: revoked (signed by its issuer, with an SCT) and good (delegated). */
  ocsp: Uint8Array[];
}

/** Fixed `now` of the seed PKI: the certificates are the same shape on every run. */
export const SEED_NOW = new Date('2025-06-01T00:00:00Z');

function serve(options: TlsOptions): Promise<{ port: number; close: () => Promise<void> }> {
  const server = createServer(options, (s) => s.end());
  server.on('tlsClientError', () => undefined);
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () =>
      resolve({
        port: (server.address() as AddressInfo).port,
        close: () => new Promise<void>((done) => server.close(() => done())),
      }),
    );
  });
}

/** Records three loopback handshakes with probe(). Throws when a handshake fails (the seeds would be useless). */
export async function recordCaptures(): Promise<{ captures: SeedCapture[]; chain: Uint8Array[]; ocsp: Uint8Array[] }> {
  const pki = await buildPki({
    now: SEED_NOW,
    nodes: {
      root: { subject: { CN: 'Fuzz Seed Root', O: 'chaindbg' }, ca: true },
      int: { subject: { CN: 'Fuzz Seed Intermediate', O: 'chaindbg' }, issuer: 'root', ca: true, aiaIssuers: ['http://127.0.0.1/root.cer'] },
      leaf: { subject: { CN: 'localhost' }, issuer: 'int', sans: ['localhost', '127.0.0.1'], eku: ['serverAuth'] },
      responder: { subject: { CN: 'Fuzz Seed OCSP Responder' }, issuer: 'int', eku: ['ocspSigning'] },
    },
  });
  const base: TlsOptions = { key: pki.keyPem('leaf'), cert: pki.chainPem(['leaf', 'int', 'root']) };
  const plans: Array<{ name: SeedCapture['name']; tls: '1.2' | '1.3'; options: TlsOptions }> = [
    { name: 'tls12', tls: '1.2', options: { ...base, ciphers: 'ECDHE-ECDSA-AES128-GCM-SHA256' } },
    { name: 'tls13', tls: '1.3', options: { ...base, ciphers: 'TLS_AES_128_GCM_SHA256' } },
    { name: 'tls13-hrr', tls: '1.3', options: { ...base, ciphers: 'TLS_AES_128_GCM_SHA256', ecdhCurve: 'P-384' } },
  ];
  const captures: SeedCapture[] = [];
  for (const plan of plans) {
    const server = await serve(plan.options);
    try {
      const c = await probe({ host: 'localhost', port: server.port, connect: { host: '127.0.0.1', port: server.port }, tls: plan.tls, proxy: null, timeoutMs: 5000 });
      if (c.error) throw new Error(`seed handshake ${plan.name} failed: ${c.error.message}`);
      captures.push({ name: plan.name, records: c.records, keylog: c.keylog });
    } finally {
      await server.close();
    }
  }
  const sct = Uint8Array.from([0, 51, 0, 49, 0, ...new Array<number>(32).fill(7), 0, 0, 1, 0x90, 0, 0, 0, 0, 0, 0, 4, 3, 0, 2, 0xab, 0xcd]);
  const ocsp = [
    await makeOcspResponse(pki, 'leaf', { status: 'revoked', sctList: sct }),
    await makeOcspResponse(pki, 'leaf', { status: 'good', signer: 'responder' }),
  ];
  return { captures, chain: ['leaf', 'int', 'root'].map((id) => pki.der(id)), ocsp };
}

/** Builds the whole seed set; `packageRoot` is where certs/ lives. */
export async function loadSeeds(packageRoot: string): Promise<SeedSet> {
  const { captures, chain, ocsp } = await recordCaptures();
  const refDir = join(packageRoot, 'certs', 'reference');
  const refNames = (await readdir(refDir).catch(() => [] as string[])).filter((n) => n.endsWith('.pem')).sort().slice(0, 6);
  const refPems = await Promise.all(refNames.map(async (n) => new Uint8Array(await readFile(join(refDir, n)))));
  const pemOf = (der: Uint8Array): string =>
    `-----BEGIN CERTIFICATE-----\n${Buffer.from(der).toString('base64').replace(/(.{64})/g, '$1\n')}\n-----END CERTIFICATE-----\n`;
  const enc = (s: string): Uint8Array => new TextEncoder().encode(s);
  const chainPem = enc(chain.map(pemOf).join(''));
  const refDers = refPems.flatMap((p) => {
    const m = /-----BEGIN CERTIFICATE-----([\s\S]*?)-----END CERTIFICATE-----/.exec(Buffer.from(p).toString('latin1'));
    return m ? [new Uint8Array(Buffer.from(m[1]!.replace(/\s+/g, ''), 'base64'))] : [];
  });
  const certdataFile = join(packageRoot, 'certs', 'mozilla', (await readdir(join(packageRoot, 'certs', 'mozilla'))).find((n) => n.startsWith('certdata'))!);
  const certdataText = await readFile(certdataFile, 'latin1');
  // Up to the third CKA_CLASS CKO_CERTIFICATE: the builtin list object, two roots and their trust objects.
  const lines = certdataText.split('\n');
  let certs = 0;
  let end = lines.length;
  for (let i = 0; i < lines.length; i++) {
    if (lines[i]!.startsWith('CKA_CLASS CK_OBJECT_CLASS CKO_CERTIFICATE') && ++certs === 3) {
      end = i;
      break;
    }
  }
  const p7 = certsOnlyPkcs7(chain.slice(1));
  return {
    captures,
    certificates: [...chain, ...refDers],
    pems: [chainPem, ...refPems],
    certdata: [enc(lines.slice(0, end).join('\n'))],
    ocsp,
    aiaBodies: [chain[1]!, p7, enc(pemOf(chain[2]!)), enc(`-----BEGIN PKCS7-----\n${Buffer.from(p7).toString('base64')}\n-----END PKCS7-----\n`)],
  };
}
