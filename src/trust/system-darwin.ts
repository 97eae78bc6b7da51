import { StoreBuilder } from './assemble.js';
import type { ExecResult } from './context.js';
import { decodeCertificateFile } from './read-source.js';
import type { TrustStore } from '../model/store.js';

/**
 * macOS: Go (1.18+) does not read root files at all; it hands the chain to the platform verifier
 * (SecTrustEvaluateWithError), which uses the system keychains plus the admin and user trust settings, and it
 * ignores SSL_CERT_FILE / SSL_CERT_DIR. The closest list we can read is the certificates of the two system
 * keychains, through `security find-certificate -a -p`. Trust settings (a root an admin marked "never trust") are
 * not applied here: the store says so in its problems.
 */
export const DARWIN_KEYCHAINS = [
  '/System/Library/Keychains/SystemRootCertificates.keychain', // Apple's roots
  '/Library/Keychains/System.keychain', // roots an admin (or an MDM profile) added
] as const;

export async function loadDarwinSystemStore(
  name: string,
  exec: (command: string, args: string[]) => Promise<ExecResult>,
): Promise<TrustStore> {
  const b = new StoreBuilder(name, 'system');
  for (const keychain of DARWIN_KEYCHAINS) {
    let result: ExecResult;
    try {
      result = await exec('security', ['find-certificate', '-a', '-p', keychain]);
    } catch (err) {
      b.addFile({ path: keychain, certs: [], problems: [], error: `cannot run security: ${(err as Error).message.split('\n')[0]}` });
      continue;
    }
    if (result.code !== 0) {
      const why = result.stderr.trim().split('\n')[0] || `exit code ${result.code}`;
      b.addFile({ path: keychain, certs: [], problems: [], error: `security failed: ${why}` });
      continue;
    }
    const read = decodeCertificateFile(new TextEncoder().encode(result.stdout), keychain, 'pem');
    if (read.certs.length === 0) delete read.error; // an empty System.keychain is normal
    b.addFile(read);
  }
  b.meta.verifier = 'platform (Security.framework)';
  b.problems.push(
    "Go on macOS defers to the platform verifier and ignores SSL_CERT_FILE/SSL_CERT_DIR; keychain trust settings are not applied to this list",
  );
  return b.build(`macOS system keychains as Go's platform verifier sees them (${b.anchors.length} roots, trust settings not applied)`);
}
