import { toHex } from './reader.js';

export interface NotTlsDescription {
  /** 'http' | 'ssh' | 'smtp' | 'ftp' | 'pop3' | 'imap' | 'html' | 'text' | 'binary' */
  looksLike: string;
  /** The first line when the bytes are text (control characters escaped, at most 120 characters), else null. */
  firstLine: string | null;
  /** Up to the first 32 bytes, hex. */
  firstBytesHex: string;
}

function printable(bytes: Uint8Array): boolean {
  for (const b of bytes) if (!(b === 9 || b === 10 || b === 13 || (b >= 32 && b < 127))) return false;
  return true;
}

/** Says what a peer that did not answer with a TLS record looks like. */
export function describeNotTls(first: Uint8Array): NotTlsDescription {
  const head = first.subarray(0, 512);
  const firstBytesHex = toHex(head.subarray(0, 32));
  const newline = head.indexOf(10);
  const lineBytes = head.subarray(0, newline === -1 ? head.length : newline);
  const isText = printable(lineBytes) && lineBytes.length > 0;
  const firstLine = isText
    ? Buffer.from(lineBytes).toString('latin1').replace(/\r$/, '').slice(0, 120)
    : null;
  let looksLike = isText ? 'text' : 'binary';
  if (firstLine !== null) {
    if (/^HTTP\/\d(\.\d)? \d{3}/.test(firstLine)) looksLike = 'http';
    else if (firstLine.startsWith('SSH-')) looksLike = 'ssh';
    else if (/^220[ -]/.test(firstLine)) looksLike = /FTP/i.test(firstLine) ? 'ftp' : 'smtp';
    else if (firstLine.startsWith('+OK')) looksLike = 'pop3';
    else if (firstLine.startsWith('* OK')) looksLike = 'imap';
    else if (/^\s*</.test(firstLine)) looksLike = 'html';
  }
  return { looksLike, firstLine, firstBytesHex };
}

export function notTlsMessage(d: NotTlsDescription): string {
  const what: Record<string, string> = {
    http: 'an HTTP server',
    ssh: 'an SSH server',
    smtp: 'an SMTP server',
    ftp: 'an FTP server',
    pop3: 'a POP3 server',
    imap: 'an IMAP server',
    html: 'HTML',
    text: 'text',
    binary: 'binary data',
  };
  const detail = d.firstLine !== null ? `: ${JSON.stringify(d.firstLine)}` : ` (first bytes ${d.firstBytesHex})`;
  return `the peer is not speaking TLS; it answered like ${what[d.looksLike] ?? d.looksLike}${detail}`;
}
