import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { readCertificates } from '../../src/x509/index.js';
import type { Certificate } from '../../src/model/certificate.js';

/** Reads one checked-in fixture from certs/reference/<name>.pem. */
export function referenceCert(name: string): Certificate {
  const path = fileURLToPath(new URL(`../../certs/reference/${name}.pem`, import.meta.url));
  return readCertificates(readFileSync(path), `${name}.pem`)[0]!.cert;
}
