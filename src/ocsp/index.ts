export type * from './types.js';
export { CRL_REASON_NAMES, RESPONSE_STATUS_NAMES } from './types.js';
export { OcspParseError } from './errors.js';
export { parseOcspResponse } from './parse.js';
export { checkStaple, responderText, type StapleCheck, type StapleInput, type StapleProblem, type StapleProblemReason } from './check.js';
export { mustStaple, tlsFeatures, STATUS_REQUEST } from './must-staple.js';
