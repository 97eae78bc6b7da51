import { isIP } from 'node:net';
import { AiaError } from './errors.js';

/**
 * Where an AIA fetch may go. A caIssuers URL is written by whoever made the certificate, so without a guard `--aia`
 * would let a stranger make chaindbg send requests inside the user's network: to cloud metadata
 * (169.254.169.254), or to any service on the user's own machine. No CA publishes issuers there.
 *
 * - link-local (169.254.0.0/16, fe80::/10), cloud metadata (fd00:ec2::254, 100.100.100.200) and unspecified
 *   (0.0.0.0/8, ::) addresses: always refused;
 * - loopback (127.0.0.0/8, ::1, "localhost"): refused unless allowed (the chain itself came from a loopback
 *   address, as in the lab, or CHAINDBG_AIA_ALLOW_LOOPBACK=1);
 * - private ranges (10/8, 172.16/12, 192.168/16, fc00::/7): allowed, corporate CAs live there.
 * Checked on the URL's host when it is an address or "localhost", and on every address a name resolves to when
 * chaindbg connects itself (through a proxy, the proxy resolves names). A redirect never moves to loopback.
 */
export type AddressClass = 'loopback' | 'link-local' | 'metadata' | 'unspecified' | 'other';

/**
 * Cloud metadata services that answer outside link-local space, refused like link-local: AWS's IPv6 endpoint
 * (fd00:ec2::254, inside the private fc00::/7 range otherwise allowed) and Alibaba Cloud's (100.100.100.200, in the
 * shared 100.64/10 range). 169.254.169.254 (AWS, GCP, Azure, Oracle, ...) is link-local already.
 */
const METADATA_V4 = new Set(['100.100.100.200']);
const METADATA_V6 = '64768,3778,0,0,0,0,0,596'; // fd00:ec2::254 as words

/** The class of an IP address (IPv4, IPv6, IPv4-mapped IPv6); 'other' for anything else, names included. */
export function addressClass(address: string): AddressClass {
  const a = address.replace(/^\[|\]$/g, '').toLowerCase().replace(/%.*$/, '');
  const kind = isIP(a);
  if (kind === 4) return ipv4Class(a);
  if (kind !== 6) return 'other';
  const mapped = /^(?:0{0,4}:){0,5}(?:0{0,4}:)?ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(a) ?? /^::(\d+\.\d+\.\d+\.\d+)$/.exec(a);
  if (mapped) return ipv4Class(mapped[1]!);
  const words = expandV6(a);
  if (words === null) return 'other';
  if (words.every((w) => w === 0)) return 'unspecified';
  if (words.join() === METADATA_V6) return 'metadata';
  if (words.slice(0, 7).every((w) => w === 0) && words[7] === 1) return 'loopback';
  if ((words[0]! & 0xffc0) === 0xfe80) return 'link-local';
  // IPv4-mapped written in hex (::ffff:7f00:1)
  if (words.slice(0, 5).every((w) => w === 0) && words[5] === 0xffff) {
    return ipv4Class(`${words[6]! >> 8}.${words[6]! & 255}.${words[7]! >> 8}.${words[7]! & 255}`);
  }
  return 'other';
}

function ipv4Class(a: string): AddressClass {
  const [x, y] = a.split('.').map(Number) as [number, number];
  if (x === 127) return 'loopback';
  if (x === 169 && y === 254) return 'link-local';
  if (x === 0) return 'unspecified';
  if (METADATA_V4.has(a)) return 'metadata';
  return 'other';
}

function expandV6(a: string): number[] | null {
  const [head, tail, extra] = a.split('::');
  if (extra !== undefined) return null;
  const parse = (s: string | undefined) => (s ? s.split(':').map((w) => parseInt(w, 16)) : []);
  const h = parse(head);
  const t = parse(tail);
  const fill = tail === undefined ? 0 : 8 - h.length - t.length;
  const words = [...h, ...Array<number>(Math.max(0, fill)).fill(0), ...t];
  return words.length === 8 && words.every((w) => Number.isInteger(w) && w >= 0 && w <= 0xffff) ? words : null;
}

/** The class of a URL host: an address as above, "localhost" and names under .localhost as loopback. */
export function hostClass(host: string): AddressClass {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase().replace(/\.$/, '');
  if (h === 'localhost' || h.endsWith('.localhost')) return 'loopback';
  return addressClass(h);
}

const WHY: Record<Exclude<AddressClass, 'other'>, string> = {
  'link-local': 'a link-local address (where cloud metadata services answer); chaindbg never sends AIA requests there',
  metadata: 'a cloud metadata service address; chaindbg never sends AIA requests there',
  unspecified: 'an unspecified address; chaindbg never sends AIA requests there',
  loopback: 'a loopback address (this machine) and the chain did not come from one; set CHAINDBG_AIA_ALLOW_LOOPBACK=1 to allow it',
};

/** Throws AiaError('refused-address') when `host` (resolved as `address`, when known) may not be fetched from. */
export function guardAddress(host: string, allowLoopback: boolean, address?: string): void {
  const cls = address === undefined ? hostClass(host) : addressClass(address);
  if (cls === 'other' || (cls === 'loopback' && allowLoopback)) return;
  const shown = address === undefined || address === host ? host : `${host} (${address})`;
  throw new AiaError('refused-address', `refused: ${shown.slice(0, 200)} is ${WHY[cls]}`);
}
