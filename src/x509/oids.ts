/** OID tables: attribute short names, signature algorithms, extensions. Data only. */

export const ATTRIBUTE_NAMES: Readonly<Record<string, string>> = {
  '2.5.4.3': 'CN',
  '2.5.4.4': 'SN',
  '2.5.4.5': 'serialNumber',
  '2.5.4.6': 'C',
  '2.5.4.7': 'L',
  '2.5.4.8': 'ST',
  '2.5.4.9': 'street',
  '2.5.4.10': 'O',
  '2.5.4.11': 'OU',
  '2.5.4.12': 'title',
  '2.5.4.42': 'GN',
  '2.5.4.43': 'initials',
  '2.5.4.44': 'generationQualifier',
  '2.5.4.46': 'dnQualifier',
  '2.5.4.65': 'pseudonym',
  '2.5.4.97': 'organizationIdentifier',
  '0.9.2342.19200300.100.1.25': 'DC',
  '0.9.2342.19200300.100.1.1': 'UID',
  '1.2.840.113549.1.9.1': 'emailAddress',
  '1.3.6.1.4.1.311.60.2.1.3': 'jurisdictionC',
  '1.3.6.1.4.1.311.60.2.1.2': 'jurisdictionST',
  '1.3.6.1.4.1.311.60.2.1.1': 'jurisdictionL',
  '2.5.4.15': 'businessCategory',
  '2.5.4.17': 'postalCode',
};

export interface SignatureAlgorithmInfo {
  name: string;
  hash: 'md5' | 'sha1' | 'sha224' | 'sha256' | 'sha384' | 'sha512' | 'none';
  /** Key family the algorithm needs. */
  key: 'rsa' | 'rsa-pss' | 'ec' | 'ed25519' | 'ed448' | 'dsa';
}

export const SIGNATURE_ALGORITHMS: Readonly<Record<string, SignatureAlgorithmInfo>> = {
  '1.2.840.113549.1.1.4': { name: 'md5WithRSAEncryption', hash: 'md5', key: 'rsa' },
  '1.2.840.113549.1.1.5': { name: 'sha1WithRSAEncryption', hash: 'sha1', key: 'rsa' },
  '1.2.840.113549.1.1.14': { name: 'sha224WithRSAEncryption', hash: 'sha224', key: 'rsa' },
  '1.2.840.113549.1.1.11': { name: 'sha256WithRSAEncryption', hash: 'sha256', key: 'rsa' },
  '1.2.840.113549.1.1.12': { name: 'sha384WithRSAEncryption', hash: 'sha384', key: 'rsa' },
  '1.2.840.113549.1.1.13': { name: 'sha512WithRSAEncryption', hash: 'sha512', key: 'rsa' },
  '1.2.840.113549.1.1.10': { name: 'rsassa-pss', hash: 'none', key: 'rsa-pss' },
  '1.2.840.10045.4.1': { name: 'ecdsa-with-SHA1', hash: 'sha1', key: 'ec' },
  '1.2.840.10045.4.3.1': { name: 'ecdsa-with-SHA224', hash: 'sha224', key: 'ec' },
  '1.2.840.10045.4.3.2': { name: 'ecdsa-with-SHA256', hash: 'sha256', key: 'ec' },
  '1.2.840.10045.4.3.3': { name: 'ecdsa-with-SHA384', hash: 'sha384', key: 'ec' },
  '1.2.840.10045.4.3.4': { name: 'ecdsa-with-SHA512', hash: 'sha512', key: 'ec' },
  '1.3.101.112': { name: 'ed25519', hash: 'none', key: 'ed25519' },
  '1.3.101.113': { name: 'ed448', hash: 'none', key: 'ed448' },
  '1.2.840.10040.4.3': { name: 'dsa-with-sha1', hash: 'sha1', key: 'dsa' },
  '2.16.840.1.101.3.4.3.2': { name: 'dsa-with-sha256', hash: 'sha256', key: 'dsa' },
};

export const HASH_OIDS: Readonly<Record<string, SignatureAlgorithmInfo['hash']>> = {
  '1.3.14.3.2.26': 'sha1',
  '2.16.840.1.101.3.4.2.4': 'sha224',
  '2.16.840.1.101.3.4.2.1': 'sha256',
  '2.16.840.1.101.3.4.2.2': 'sha384',
  '2.16.840.1.101.3.4.2.3': 'sha512',
  '1.2.840.113549.2.5': 'md5',
};

export const CURVE_NAMES: Readonly<Record<string, string>> = {
  '1.2.840.10045.3.1.7': 'P-256',
  '1.3.132.0.34': 'P-384',
  '1.3.132.0.35': 'P-521',
  '1.2.840.10045.3.1.1': 'P-192',
  '1.3.132.0.33': 'P-224',
};

export const EXT = {
  subjectKeyIdentifier: '2.5.29.14',
  keyUsage: '2.5.29.15',
  subjectAltName: '2.5.29.17',
  issuerAltName: '2.5.29.18',
  basicConstraints: '2.5.29.19',
  nameConstraints: '2.5.29.30',
  crlDistributionPoints: '2.5.29.31',
  certificatePolicies: '2.5.29.32',
  policyMappings: '2.5.29.33',
  authorityKeyIdentifier: '2.5.29.35',
  policyConstraints: '2.5.29.36',
  extKeyUsage: '2.5.29.37',
  inhibitAnyPolicy: '2.5.29.54',
  authorityInfoAccess: '1.3.6.1.5.5.7.1.1',
  sctList: '1.3.6.1.4.1.11129.2.4.2',
  ctPoison: '1.3.6.1.4.1.11129.2.4.3',
  tlsFeature: '1.3.6.1.5.5.7.1.24',
} as const;

/** Extensions chaindbg processes, as Go's verifier does (an unknown one marked critical makes a path fail). */
export const KNOWN_EXTENSIONS: Readonly<Record<string, string>> = {
  [EXT.subjectKeyIdentifier]: 'subjectKeyIdentifier',
  [EXT.keyUsage]: 'keyUsage',
  [EXT.subjectAltName]: 'subjectAltName',
  [EXT.basicConstraints]: 'basicConstraints',
  [EXT.nameConstraints]: 'nameConstraints',
  [EXT.crlDistributionPoints]: 'cRLDistributionPoints',
  [EXT.certificatePolicies]: 'certificatePolicies',
  [EXT.policyMappings]: 'policyMappings',
  [EXT.authorityKeyIdentifier]: 'authorityKeyIdentifier',
  [EXT.policyConstraints]: 'policyConstraints',
  [EXT.extKeyUsage]: 'extKeyUsage',
  [EXT.inhibitAnyPolicy]: 'inhibitAnyPolicy',
  [EXT.authorityInfoAccess]: 'authorityInfoAccess',
  [EXT.sctList]: 'signedCertificateTimestampList',
};

export const OTHER_EXTENSION_NAMES: Readonly<Record<string, string>> = {
  [EXT.issuerAltName]: 'issuerAltName',
  [EXT.ctPoison]: 'ctPrecertificatePoison',
  '1.3.6.1.5.5.7.1.11': 'subjectInfoAccess',
  [EXT.tlsFeature]: 'tlsFeature',
  '1.3.6.1.5.5.7.1.3': 'qcStatements',
  '2.5.29.46': 'freshestCRL',
};

export const EKU = {
  serverAuth: '1.3.6.1.5.5.7.3.1',
  clientAuth: '1.3.6.1.5.5.7.3.2',
  ocspSigning: '1.3.6.1.5.5.7.3.9',
  any: '2.5.29.37.0',
} as const;

export const KEY_USAGE_BITS = [
  'digitalSignature',
  'nonRepudiation',
  'keyEncipherment',
  'dataEncipherment',
  'keyAgreement',
  'keyCertSign',
  'cRLSign',
  'encipherOnly',
  'decipherOnly',
] as const;
