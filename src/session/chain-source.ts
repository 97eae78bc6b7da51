import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { CliIO } from '../cli/io.js';
import { UserError } from '../cli/errors.js';
import { readInputFile } from '../cli/inputs.js';
import { parsePositiveInt } from '../cli/options.js';
import { CAPTURE_FORMAT, DEFAULT_TIMEOUT_MS, fromCaptureFile, parseTarget } from '../capture/index.js';
import type { Finding } from '../model/finding.js';
import type { TargetInfo, TlsInfo } from '../report/index.js';
import { parseCapture, probeAndParse, type ParsedCapture } from './index.js';
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

export interface ChainSourceOptions {
  connect?: string;
  servername?: string;
  tls?: string;
  timeout?: string;
  proxy?: string;
}

/** An existing path is read as a file (a capture when it says so, else PEM/DER); anything else is a TARGET. */
export async function loadChainSource(arg: string, opts: ChainSourceOptions, io: CliIO): Promise<ChainSource> {
  if (arg === '-' || (await isFile(resolve(io.cwd, arg)))) {
    const bytes = await readInputFile(arg, io);
    const text = Buffer.from(bytes.subarray(0, 4096)).toString('utf8');
    if (text.trimStart().startsWith('{') && text.includes(CAPTURE_FORMAT)) {
      let loaded: ReturnType<typeof fromCaptureFile>;
      try {
        loaded = fromCaptureFile(Buffer.from(bytes).toString('utf8'));
      } catch (err) {
        throw new UserError(`capture "${arg}": ${(err as Error).message}`);
      }
      return fromCapture('capture', parseCapture(loaded.capture));
    }
    let sent: Certificate[];
    try {
      sent = readCertificates(bytes, arg === '-' ? '<stdin>' : arg).map((s) => s.cert);
    } catch (err) {
      throw new UserError((err as Error).message);
    }
    return { kind: 'file', sent, findings: [], host: null, target: null, tls: null, connectionFailed: false };
  }
  let target: { host: string; port: number };
  try {
    target = parseTarget(arg);
  } catch (err) {
    throw new UserError(`"${arg}" is neither a file nor a target: ${(err as Error).message}`);
  }
  let connect: { host: string; port: number } | null = null;
  if (opts.connect) {
    try {
      connect = parseTarget(opts.connect);
    } catch (err) {
      throw new UserError(`--connect: ${(err as Error).message}`);
    }
  }
  const tls = opts.tls ?? 'auto';
  if (tls !== '1.2' && tls !== '1.3' && tls !== 'auto') throw new UserError(`invalid --tls "${tls}": expected auto, 1.2 or 1.3`);
  const parsed = await probeAndParse({
    host: target.host,
    port: target.port,
    servername: opts.servername,
    connect,
    tls,
    timeoutMs: parsePositiveInt('--timeout', opts.timeout, DEFAULT_TIMEOUT_MS),
    proxy: opts.proxy,
    env: io.env,
  });
  return fromCapture('target', parsed);
}

function fromCapture(kind: 'capture' | 'target', parsed: ParsedCapture): ChainSource {
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
