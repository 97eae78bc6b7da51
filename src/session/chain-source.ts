import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { CAPTURE_FORMAT, fromCaptureFile, parseTarget } from '../capture/index.js';
import type { Finding } from '../model/finding.js';
import type { TargetInfo, TlsInfo } from '../model/report.js';
import { parseTlsChoice, TLS_OFFERS, type TlsOffer } from '../model/grammar.js';
import { SessionError } from './errors.js';
import { parseCapture, type ParsedCapture } from './probe.js';
import { readCertificates } from '../x509/index.js';
import type { Certificate } from '../model/certificate.js';

/** A chain from wherever the user pointed: a PEM/DER file, a capture file, or a live TARGET. */
export interface ChainSource {
  kind: 'file' | 'capture' | 'target';
  sent: Certificate[];
  findings: Finding[];
  host: string | null;
  target: TargetInfo | null;
  tls: TlsInfo | null;
  /** True when a connection was attempted and no certificate came back. */
  connectionFailed: boolean;
}

/** How to reach a live TARGET (the connection options a command takes; timeout and proxy are the session's). */
export interface ChainSourceOptions {
  connect?: string;
  servername?: string;
  tls?: string;
}

/** What reading a chain needs from its session: file reading ("-" is standard input) and the session's probe. */
export interface ChainSourceContext {
  cwd: string;
  readInput(file: string): Promise<Uint8Array>;
  probe(target: { host: string; port: number; servername?: string | null; connect: { host: string; port: number } | null; tls: TlsOffer }): Promise<ParsedCapture>;
}

/** An existing path is read as a file (a capture when it says so, else PEM/DER); anything else is a TARGET. */
export async function loadChainSource(arg: string, opts: ChainSourceOptions, io: ChainSourceContext): Promise<ChainSource> {
  if (arg === '-' || (await isFile(resolve(io.cwd, arg)))) {
    const bytes = await io.readInput(arg);
    const text = Buffer.from(bytes.subarray(0, 4096)).toString('utf8');
    if (text.trimStart().startsWith('{') && text.includes(CAPTURE_FORMAT)) {
      let loaded: ReturnType<typeof fromCaptureFile>;
      try {
        loaded = fromCaptureFile(Buffer.from(bytes).toString('utf8'));
      } catch (err) {
        throw new SessionError(`capture "${arg}": ${(err as Error).message}`);
      }
      return captureChain('capture', parseCapture(loaded.capture));
    }
    let sent: Certificate[];
    try {
      sent = readCertificates(bytes, arg === '-' ? '<stdin>' : arg).map((s) => s.cert);
    } catch (err) {
      throw new SessionError((err as Error).message);
    }
    return { kind: 'file', sent, findings: [], host: null, target: null, tls: null, connectionFailed: false };
  }
  let target: { host: string; port: number };
  try {
    target = parseTarget(arg);
  } catch (err) {
    throw new SessionError(`"${arg}" is neither a file nor a target: ${(err as Error).message}`);
  }
  let connect: { host: string; port: number } | null = null;
  if (opts.connect) {
    try {
      connect = parseTarget(opts.connect);
    } catch (err) {
      throw new SessionError(`--connect: ${(err as Error).message}`);
    }
  }
  const tls = parseTlsChoice(opts.tls, TLS_OFFERS, 'auto');
  if (!tls.ok) throw new SessionError(tls.error);
  const parsed = await io.probe({ host: target.host, port: target.port, servername: opts.servername, connect, tls: tls.value });
  return captureChain('target', parsed);
}

/** verify's input: certificates from files in order ("-" once at most), as one chain with no connection. */
export async function readChainFiles(files: readonly string[], readInput: (file: string) => Promise<Uint8Array>): Promise<ChainSource> {
  if (files.filter((f) => f === '-').length > 1) throw new SessionError('standard input ("-") can be read only once');
  const sent: Certificate[] = [];
  for (const file of files) {
    const bytes = await readInput(file);
    try {
      for (const source of readCertificates(bytes, file === '-' ? '<stdin>' : file)) sent.push(source.cert);
    } catch (err) {
      throw new SessionError((err as Error).message);
    }
  }
  return { kind: 'file', sent, findings: [], host: null, target: null, tls: null, connectionFailed: false };
}

/** A parsed capture as a chain to judge (its target's SNI name, else its host, is the name checked). */
export function captureChain(kind: 'capture' | 'target', parsed: ParsedCapture): ChainSource {
  const { capture } = parsed;
  const t = capture.target;
  return {
    kind,
    sent: parsed.sent,
    findings: parsed.findings,
    host: t.servername ?? t.host,
    target: { ...t },
    tls: capture.tls,
    connectionFailed: capture.certificates.length === 0,
  };
}

async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}
