export * from '../model/finding.js';
export { analyzeChain, type AnalyzeInput, type Analysis } from './analyze.js';
export { makeFinding, sortFindings } from './findings.js';
export { explain } from './explain.js';
export { checkProfile } from './profile-rules.js';
export { profileVerdicts, type ProfileInput } from './profiles.js';
export { connectionBlockers, type ConnectionBlocker } from './connection.js';
export { goLine, GO_LINES, GO_VERIFY_PREFIX, type GoLineOptions, type GoLineSpec } from '../model/go-lines.js';
export { groupCauses } from './causes.js';
