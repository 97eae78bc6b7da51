export { diffStores, compareRoots, type DiffOptions } from './diff.js';
export { renderDiffText, diffToJson, renderDiffPem, diffPemLeftOut, type PemSideOptions } from './render.js';
export * from './types.js';
// What `diff --for` needs to ask a store about one chain's missing root.
export { keyIdentity, findByKeyIdentity, findBySubject, findBySha256 } from '../trust/lookup.js';
