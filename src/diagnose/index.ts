export * from '../model/finding.js';
export { analyzeChain, makeFinding, sortFindings, type AnalyzeInput, type Analysis } from './analyze.js';
export { explain } from './explain.js';
export { checkProfile } from './profile-rules.js';
export { profileVerdicts, type ProfileInput } from './profiles.js';
