import type { Certificate } from '../model/certificate.js';
import { describeKey, toPem } from '../x509/index.js';
import type { CertSummary } from '../model/report.js';

/** The view of one sent certificate that every renderer shows. */
export function summarizeCert(cert: Certificate, index: number): CertSummary {
  const san = cert.san;
  return {
    index,
    sha256: cert.sha256,
    subject: cert.subject.text,
    issuer: cert.issuer.text,
    serial: cert.serial,
    notBefore: cert.notBefore.toISOString(),
    notAfter: cert.notAfter.toISOString(),
    key: describeKey(cert),
    signatureAlgorithm: cert.signatureAlgorithm.name,
    sans: san ? [...san.dns, ...san.ip.map((ip) => `IP:${ip}`)] : [],
    ski: cert.ski ?? null,
    aki: cert.aki ?? null,
    aiaIssuers: [...cert.aia.caIssuers],
    isCA: cert.basicConstraints?.ca ?? false,
    selfIssued: cert.selfIssued,
    pem: toPem(cert.der),
  };
}
