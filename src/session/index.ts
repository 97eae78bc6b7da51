/** The edge that ties capture, stores and analysis together for the CLI and the TUI. */
export { probeAndParse, parseCapture, type ProbeRequest, type ParsedCapture } from './probe.js';
export { analyzeToReport, captureToReport, type ReportRequest } from './report.js';
export { fetchMissingIssuers, type AiaRun } from './aia.js';
export { forChain, type ForChainResult, type StoreFix } from './for-chain.js';
export { makeBundle, usageHint, type Bundle, type BundleRequest } from './export.js';
export { openSession, type GoChoice, type Session, type SessionOptions, type ProbeTarget, type Chain, type Judged, type JudgeOptions, type AiaCache } from './session.js';
export { SessionError } from './errors.js';
export { DEFAULT_STORES, loadStores, type StoreContext } from './stores.js';
export { captureChain, type ChainSource, type ChainSourceOptions } from './chain-source.js';
export { markVersionDifferences } from './versions.js';
