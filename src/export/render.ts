import { terminalText } from '../model/terminal-text.js';
import { toPem } from '../x509/index.js';
import type { Certificate } from '../model/certificate.js';

/**
 * A PEM bundle: each certificate preceded by comment lines that say what it is. OpenSSL, Go's encoding/pem and
 * update-ca-certificates all skip text outside -----BEGIN/-----END blocks, so the comments are safe; they are made
 * single-line, control-free and can never contain "-----" (a DN is attacker-controlled text). `now` only adds an
 * "EXPIRED" / "NOT YET VALID" mark; without it the output depends on the certificates alone.
 */
export function renderBundle(certs: Certificate[], now?: Date): string {
  return certs
    .map((c) => {
      const lines = [
        `# Subject: ${commentSafe(c.subject.text || '(empty)')}`,
        `# Issuer: ${commentSafe(c.issuer.text || '(empty)')}`,
        `# Validity: ${isoSeconds(c.notBefore)} to ${isoSeconds(c.notAfter)}${validityMark(c, now)}`,
        `# SHA256: ${c.sha256}`,
      ];
      return `${lines.join('\n')}\n${toPem(c.der)}`;
    })
    .join('\n');
}

function validityMark(c: Certificate, now: Date | undefined): string {
  if (now === undefined) return '';
  if (now.getTime() > c.notAfter.getTime()) return ` (EXPIRED at ${isoSeconds(now)})`;
  if (now.getTime() < c.notBefore.getTime()) return ` (NOT YET VALID at ${isoSeconds(now)})`;
  return '';
}

function isoSeconds(d: Date): string {
  return Number.isNaN(d.getTime()) ? 'invalid date' : d.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** One printable line: controls shown visibly (model/terminal-text.ts), runs of dashes broken up so no PEM boundary can appear. */
export function commentSafe(text: string): string {
  return terminalText(text, { max: 0 }).replace(/-{2,}/g, (m) => m.split('').join(' '));
}
