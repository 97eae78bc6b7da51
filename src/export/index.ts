export { planExport, anchorProblem, EXPORT_KINDS } from './plan.js';
export type { ExportKind, ExportInput, ExportPlan } from './plan.js';
export { renderBundle, commentSafe } from './render.js';
export { usageHint, shellQuote } from './hint.js';
export { writeBundleFile, isSystemTrustPath, ExportWriteError, SYSTEM_TRUST_DIRS } from './write.js';
export type { WriteErrorCode, WriteOptions } from './write.js';
