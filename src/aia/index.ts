export { fetchIssuers, DEFAULT_AIA_MAX_BYTES, DEFAULT_AIA_MAX_REDIRECTS, DEFAULT_AIA_TIMEOUT_MS } from './fetch.js';
export type { FetchOptions, FetchResult } from './fetch.js';
export { parseIssuerBody } from './parse.js';
export { completeWithAia, DEFAULT_AIA_MAX_HOPS } from './complete.js';
export type { AiaCompletion, AiaLogEntry, AiaStopReason, CompleteOptions, IssuerFetcher } from './complete.js';
export { AiaError, type AiaErrorCode } from './errors.js';
export { proxyForUrl } from '../net/proxy-env.js';
