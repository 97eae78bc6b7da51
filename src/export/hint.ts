import type { ExportKind } from './plan.js';
import { terminalText } from '../model/terminal-text.js';

/** The one line telling the user how to use the bundle just written. */
export function usageHint(kind: ExportKind, given: string): string {
  // The path is the user's, but may hold anything a terminal would act on: shown escaped.
  const path = terminalText(given, { max: 0 });
  const p = shellQuote(path);
  switch (kind) {
    case 'trust':
      return `SSL_CERT_FILE=${p} go get ... (Go then trusts only this file for that command); to add it for every program: sudo cp ${p} /usr/local/share/ca-certificates/chaindbg.crt && sudo update-ca-certificates; for Node: NODE_EXTRA_CA_CERTS=${p}`;
    case 'fullchain':
      return `nginx: ssl_certificate ${p}; (Caddy: tls ${p} <key>; Go: tls.LoadX509KeyPair(${JSON.stringify(path)}, keyFile))`;
    case 'missing':
      return `append to the certificate file the server sends, after its leaf: cat leaf.pem ${p} > fullchain.pem`;
    case 'sent':
      return `the chain exactly as the server sent it; inspect with: openssl storeutl -noout -text -certs ${p}`;
  }
}

/** POSIX single-quoting when the path holds anything a shell would interpret. */
export function shellQuote(s: string): string {
  if (/^[A-Za-z0-9_./:@%+=,-]+$/.test(s)) return s;
  return `'${s.replace(/'/g, `'\\''`)}'`;
}
