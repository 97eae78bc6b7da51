export * from '../model/report.js';
export { buildReport, reportExitCode, type ReportInput } from '../session/build-report.js';
export { summarizeCert } from '../session/summary.js';
export { renderText } from './text.js';
export { renderJson } from './json.js';
export { pickStyle, plainStyle, colorStyle, type Style } from './style.js';
export { describeStaple } from './staple.js';
export { renderForText } from './for-chain-text.js';
