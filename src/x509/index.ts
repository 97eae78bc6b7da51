export type * from '../model/certificate.js';
export { CertInputError, CertParseError } from './errors.js';
export { parseCertificate, formatIp } from './parse.js';
export { readCertificates, toPem } from './read.js';
export { compareNames, describeKey, sameNameDer, shortName, type AttributeComparison } from './names.js';
export { verifySignature, verifySignedData, type SignatureCheck, type SignedData } from './verify.js';
export { EKU, EXT } from './oids.js';
export { keyIdentity } from './identity.js';
