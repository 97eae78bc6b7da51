import { StoreBuilder } from './assemble.js';
import { decodeCertificateFile } from './read-source.js';
import type { TrustStore } from '../model/store.js';

/** Pure: Node's bundled roots (tls.rootCertificates), which carry no trust bits and no distrust-after dates. */
export function storeFromNodeRoots(name: string, pems: readonly string[], nodeVersion: string): TrustStore {
  const b = new StoreBuilder(name, 'node');
  const read = decodeCertificateFile(new TextEncoder().encode(pems.join('\n')), 'tls.rootCertificates', 'pem');
  b.addFile(read);
  b.meta.nodeVersion = nodeVersion;
  return b.build(
    `node ${nodeVersion} tls.rootCertificates: ${b.anchors.length} roots (no trust bits or distrust-after dates: every root counts for websites)`,
  );
}
