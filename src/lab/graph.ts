/**
 * The lab's trust graph. Names echo the real PKIs the stories come from, prefixed "Lab" so nobody mistakes them.
 *
 *   Lab GlobalSign Root CA (gsroot, old root)        Lab DST Root CA X3 (dst, expired)      Corporate TLS
 *        |               \                                 |                                Inspection CA (corproot)
 *        |          gtsroot-x (cross-sign,                isrg-x (cross-sign, same key            |
 *        |           same key as gtsroot)                  as isrg, expired)                  leaf-corp
 *   unrelated                  |                                |                         (sum.golang.org)
 *   (extra cert)       Lab GTS Root R1 (gtsroot) ---       Lab ISRG Root X1 (isrg)
 *                       |                  \                    |
 *                    Lab WR2 (wr2)     wr2-impostor         Lab R11 (r11)
 *                  /    |     \    \    (same CN, other O       |
 *   leaf-proxy leaf-sum leaf-expired leaf-portal and key)    leaf-le (gopkg.in)
 *   also under wr2: leaf-goproxy-io, leaf-aliyun (OCSP staple scenarios), leaf-must-staple (goproxy.cn, must-staple)
 *
 *   Lab Client CA (client-ca) -> client (for the client-certificate scenario)
 *
 * Every lab key is ECDSA (P-256, or P-384 for roots): no story here needs RSA, and one RSA 2048 key takes 0.4 to 1.9 s
 * to generate on a loaded 2-core machine, against about 1 ms for an EC key. The certificate builder (src/pki) itself supports RSA.
 *
 * Stores: lab-roots = gtsroot + isrg (today's roots); lab-old-roots = gsroot + dst (yesterday's roots);
 * lab-system = lab-roots + corproot (a machine with the corporate inspection root installed); lab-stale = isrg only (a
 * stale system store); lab-none = an empty folder (a container without ca-certificates).
 */
import type { PkiNodeSpec } from '../pki/index.js';

// The organisation is Google's own, as on the real hierarchy: chaindbg knows which issuers Google's Go endpoints use
// (INTERCEPTION_SUSPECTED), and the lab's healthy servers must look like the real ones. The CNs say "Lab".
const GTS = { O: 'Google Trust Services', C: 'US' } as const;
const LE = { O: 'Lab Internet Security Research Group', C: 'US' } as const;

export const LAB_STORES = {
  'lab-roots': ['gtsroot', 'isrg'],
  'lab-old-roots': ['gsroot', 'dst'],
  'lab-system': ['gtsroot', 'isrg', 'corproot'],
  'lab-stale': ['isrg'],
  'lab-none': [],
} as const satisfies Record<string, readonly string[]>;

export type LabStoreName = keyof typeof LAB_STORES;

export const LAB_STORE_DESCRIPTIONS: Readonly<Record<LabStoreName, string>> = {
  'lab-roots': "today's public roots (Lab GTS Root R1, Lab ISRG Root X1)",
  'lab-old-roots': "yesterday's roots only (Lab GlobalSign Root CA, expired Lab DST Root CA X3)",
  'lab-system': 'a system store: the public roots plus the Corporate TLS Inspection CA',
  'lab-stale': 'a stale system store: Lab ISRG Root X1 only, Lab GTS Root R1 missing',
  'lab-none': 'no roots at all (a bare container): an empty folder',
};

/** The lab PKI nodes; `aia(id)` is the URL the lab's HTTP server publishes that node's certificate at. */
export function labNodes(aia: (id: string) => string): Record<string, PkiNodeSpec> {
  const leaf = (cn: string, issuer: string, extra: Partial<PkiNodeSpec> = {}): PkiNodeSpec => ({
    subject: { CN: cn },
    issuer,
    key: 'ec-p256',
    sans: [cn],
    eku: ['serverAuth'],
    aiaIssuers: [aia(issuer)],
    validity: [-30, 60],
    ...extra,
  });
  return {
    gsroot: {
      subject: { CN: 'Lab GlobalSign Root CA', OU: 'Root CA', O: 'Lab GlobalSign nv-sa', C: 'BE' },
      key: 'ec-p384',
      ca: true,
      validity: [-9000, 1500],
    },
    gtsroot: { subject: { CN: 'Lab GTS Root R1', ...GTS }, key: 'ec-p384', ca: true, validity: [-3000, 5000] },
    'gtsroot-x': {
      subject: { CN: 'Lab GTS Root R1', ...GTS },
      sameKeyAs: 'gtsroot',
      issuer: 'gsroot',
      ca: true,
      validity: [-1500, 1000],
      aiaIssuers: [aia('gsroot')],
    },
    wr2: {
      subject: { CN: 'Lab WR2', ...GTS },
      issuer: 'gtsroot',
      key: 'ec-p256',
      ca: true,
      pathLen: 0,
      eku: ['serverAuth', 'clientAuth'],
      aiaIssuers: [aia('gtsroot')],
      validity: [-500, 1200],
    },
    'wr2-impostor': {
      subject: { CN: 'Lab WR2', O: 'Lab Impostor Trust Services', C: 'US' },
      issuer: 'gtsroot',
      key: 'ec-p256',
      ca: true,
      pathLen: 0,
      validity: [-400, 1000],
    },
    unrelated: {
      subject: { CN: 'Lab Legacy Services CA', O: 'Lab GlobalSign nv-sa', C: 'BE' },
      issuer: 'gsroot',
      key: 'ec-p256',
      ca: true,
      validity: [-700, 700],
    },
    'leaf-proxy': leaf('proxy.golang.org', 'wr2'),
    'leaf-sum': leaf('sum.golang.org', 'wr2'),
    'leaf-expired': leaf('go.dev', 'wr2', { validity: [-120, -30] }),
    'leaf-portal': leaf('login.hotel-wifi.example', 'wr2'),
    'leaf-goproxy-io': leaf('goproxy.io', 'wr2'),
    'leaf-aliyun': leaf('mirrors.aliyun.com', 'wr2'),
    'leaf-must-staple': leaf('goproxy.cn', 'wr2', { mustStaple: true }),
    dst: {
      subject: { CN: 'Lab DST Root CA X3', O: 'Lab Digital Signature Trust Co.' },
      key: 'ec-p256',
      ca: true,
      validity: [-8000, -400],
    },
    isrg: { subject: { CN: 'Lab ISRG Root X1', ...LE }, key: 'ec-p384', ca: true, validity: [-3500, 3800] },
    'isrg-x': {
      subject: { CN: 'Lab ISRG Root X1', ...LE },
      sameKeyAs: 'isrg',
      issuer: 'dst',
      ca: true,
      validity: [-1800, -20],
      aiaIssuers: [aia('dst')],
    },
    r11: {
      subject: { CN: 'Lab R11', O: 'Lab Let\'s Encrypt', C: 'US' },
      issuer: 'isrg',
      key: 'ec-p256',
      ca: true,
      pathLen: 0,
      eku: ['serverAuth', 'clientAuth'],
      aiaIssuers: [aia('isrg')],
      validity: [-400, 700],
    },
    'leaf-le': leaf('gopkg.in', 'r11'),
    corproot: {
      subject: { CN: 'Corporate TLS Inspection CA', OU: 'Network Security', O: 'Example Corp', C: 'US' },
      key: 'ec-p256',
      ca: true,
      validity: [-700, 3000],
    },
    'leaf-corp': leaf('sum.golang.org', 'corproot', { validity: [-1, 14], aiaIssuers: [] }),
    'client-ca': { subject: { CN: 'Lab Client CA', O: 'Lab Trust Services', C: 'US' }, key: 'ec-p256', ca: true },
    client: {
      subject: { CN: 'lab-client' },
      issuer: 'client-ca',
      key: 'ec-p256',
      eku: ['clientAuth'],
      validity: [-3650, 3650],
    },
  };
}

/** CA nodes published on the AIA server (as /ID.der and /ID.p7c). */
export const AIA_PUBLISHED = ['gsroot', 'gtsroot', 'gtsroot-x', 'wr2', 'dst', 'isrg', 'r11'] as const;
