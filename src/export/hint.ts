import type { ExportKind } from './plan.js';
import { terminalText } from '../model/terminal-text.js';

/** The one line telling the user how to use the bundle just written. */
export function usageHint(kind: ExportKind, given: string, opts: { merged?: boolean } = {}): string {
  // The path is the user's, but may hold anything a terminal would act on: shown escaped.
  const path = terminalText(given, { max: 0 });
  const p = shellQuote(path);
  switch (kind) {
    case 'trust':
      // Never SSL_CERT_FILE with only the added roots: it would replace the store and drop every public root.
      return opts.merged
        ? `SSL_CERT_FILE=${p} go get ... (the bundle holds the store's roots plus the added ones); for every program: sudo cp the added root(s) to /usr/local/share/ca-certificates/ and run sudo update-ca-certificates`
        : `add it to the system store: sudo cp ${p} /usr/local/share/ca-certificates/chaindbg.crt && sudo update-ca-certificates; for Go alone, keep the system roots: SSL_CERT_DIR=/etc/ssl/certs:$(dirname ${p}) go get ... (never SSL_CERT_FILE=${p}: it would replace every system root; --merge writes a bundle that may); for Node: NODE_EXTRA_CA_CERTS=${p}`;
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
