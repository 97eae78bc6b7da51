export * from './types.js';
export { buildPaths, indexAnchors, type AnchorIndex } from './build.js';
export { matchesHost, presentedNames, parseIp, isValidDnsName } from './hostname.js';
export { checkNameConstraints } from './constraints.js';
export * from './checks.js';
export { FAILURE_RANK, rankOf } from './rank.js';
