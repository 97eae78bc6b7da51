export * from './types.js';
export { buildPaths, indexAnchors, type AnchorIndex } from './build.js';
export { matchesHost, presentedNames, parseIp, isValidDnsName } from './hostname.js';
export { checkNameConstraints } from './constraints.js';
export * from './checks.js';
export { FAILURE_RANK, rankOf } from './rank.js';
export { goModel, goLabel, parseGoVersion, parseGodebug, NEWEST_GO, OLDEST_GO, VERIFY_GODEBUG, type GoModel } from './go-release.js';
export { goMatchesHost, goNameConstraints } from './go-names.js';
export { goValid, goServerAuth, goUnhandledCritical, goUnparseable } from './go-checks.js';
