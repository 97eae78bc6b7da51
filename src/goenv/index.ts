export { readGoEnv, parseGoEnvJson, GO_DEFAULTS, GO_ENV_KEYS } from './settings.js';
export type { GoSettings, GoEnvContext, GoEnvSource, GoEnvKey } from './settings.js';
export { runGoEnvJson, runGoVersion, splitPath, GO_ENV_TIMEOUT_MS, GO_VERSION_TIMEOUT_MS } from './run.js';
export { goTargets, goStopsEarly, splitProxyList, parseGoSumdb, moduleHost, matchesGlobList, GO_MIRRORS } from './targets.js';
export type { GoTarget, GoTargets, GoTargetOptions, GoTargetRole } from './targets.js';
export { goOutcome, proxyChain } from './outcome.js';
export type { GoOutcome, EndpointUse, OutcomeInput } from './outcome.js';
