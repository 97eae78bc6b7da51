/** The edge that ties capture, stores and analysis together for the CLI and the TUI. */
export { probeAndParse, parseCapture, type ProbeRequest, type ParsedCapture } from './probe.js';
export { analyzeToReport, captureToReport, type ReportRequest } from './report.js';
export { fetchMissingIssuers, type AiaRun } from './aia.js';
export { forChain, type ForChainResult, type StoreFix } from './for-chain.js';
export { makeBundle, usageHint, type Bundle, type BundleRequest } from './export.js';
