import type { TrustStore } from '../../src/model/store.js';
import type { Certificate } from '../../src/model/certificate.js';

export function store(name: string, certs: Certificate[], opts: { serverAuth?: boolean; distrustAfter?: Date } = {}): TrustStore {
  return {
    name,
    kind: 'file',
    description: `${name} (${certs.length} roots)`,
    anchors: certs.map((cert) => ({
      cert,
      store: name,
      source: `${name}.pem`,
      fingerprint: cert.sha256,
      serverAuth: opts.serverAuth ?? true,
      ...(opts.distrustAfter ? { distrustAfter: opts.distrustAfter } : {}),
    })),
    sources: [],
    problems: [],
    meta: {},
  };
}
