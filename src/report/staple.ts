import type { OcspInfo } from '../model/report.js';

/** One line on a stapled OCSP response, for the text report and the TUI alike. */
export function describeStaple(o: OcspInfo): string {
  if (o.status === 'no-status') return `no status: the responder answered "${o.responseStatus ?? '?'}"`;
  if (o.status === 'unparsed') return `unreadable${o.error ? ` (${o.error})` : ''}`;
  const revoked = o.status === 'revoked' ? ` on ${o.revokedAt ?? '?'}${o.revocationReason ? ` (${o.revocationReason})` : ''}` : '';
  return (
    `${o.status}${revoked}` +
    (o.producedAt ? `, produced ${o.producedAt}` : '') +
    (o.nextUpdate ? `, next update ${o.nextUpdate}` : '') +
    (o.responder ? `, by ${o.responder}` : '')
  );
}
