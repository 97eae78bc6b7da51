/**
 * The one certificate builder (lab, tests, fuzz seeds, bench): a PKI described as a small trust graph, minted with a
 * pinned `now`; stapled OCSP responses and certs-only PKCS#7 about it. Imports nothing from chaindbg, so every layer
 * may use it.
 */
export { buildPki, toPem } from './build.js';
export { PkiError, type PkiErrorCode } from './errors.js';
export { nameDer, nameText } from './names.js';
export { signatureAlgorithmFor, type SignatureChoice } from './keys.js';
export { makeOcspResponse, type StapleSpec } from './ocsp.js';
export { certsOnlyPkcs7 } from './pkcs7.js';
export type {
  AltNameSpec,
  KeyIdSpec,
  KeySpec,
  KeyUsageName,
  NameConstraintSpec,
  NameSpec,
  Pki,
  PkiNode,
  PkiNodeSpec,
  PkiSpec,
  RawExtension,
} from './types.js';
