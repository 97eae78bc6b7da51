import { StoreBuilder } from './assemble.js';
import { decodeCertificateFile } from './read-source.js';
import type { TrustStore } from '../model/store.js';

/**
 * Windows: Go verifies through CertGetCertificateChain with the system ROOT store (and fetches missing roots from
 * Windows Update on demand, which no list can show). Node 22.15+/23.5+ exposes the store as
 * tls.getCACertificates('system'); older Node cannot read it, and the store says so instead of guessing.
 */
export function loadWindowsSystemStore(name: string, systemCertificates: (() => string[]) | null): TrustStore {
  const b = new StoreBuilder(name, 'system');
  b.meta.verifier = 'platform (CryptoAPI)';
  if (!systemCertificates) {
    b.problems.push('reading the Windows root store is not supported here: it needs Node 22.15+ (tls.getCACertificates)');
    return b.build("Windows system roots: not readable with this Node");
  }
  let pems: string[];
  try {
    pems = systemCertificates();
  } catch (err) {
    b.problems.push(`tls.getCACertificates('system') failed: ${(err as Error).message.split('\n')[0]}`);
    return b.build("Windows system roots: not readable");
  }
  const read = decodeCertificateFile(new TextEncoder().encode(pems.join('\n')), 'windows:ROOT', 'pem');
  b.addFile(read);
  b.problems.push('Windows fetches missing roots from Windows Update on demand: a root absent here may still be trusted');
  return b.build(`Windows system ROOT store via Node (${b.anchors.length} roots)`);
}
