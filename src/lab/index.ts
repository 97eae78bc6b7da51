/** The offline lab: scenario data, loopback servers and their renderings (certificates come from src/pki). */
export { LabError, type LabErrorCode } from './errors.js';
export { peekClientHello, type ClientHelloPeek } from './client-hello.js';
export { AIA_PUBLISHED, LAB_STORES, LAB_STORE_DESCRIPTIONS, labNodes, type LabStoreName } from './graph.js';
export {
  SCENARIOS,
  SCENARIO_NAMES,
  type ChainPlan,
  type Expectation,
  type ScenarioDef,
  type StoreExpectation,
  type TlsVersions,
} from './scenarios.js';
export {
  startLab,
  type Lab,
  type LabStore,
  type RunningScenario,
  type SentCert,
  type SentChain,
  type StartLabOptions,
} from './server.js';
export { labToJson, renderLabTable, verdictText, type LabJson } from './table.js';
