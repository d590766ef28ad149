/**
 * `@agno/memory/testing`: the conformance suite for session stores (needs `vitest`), and the test
 * data builders it uses. Plugin authors run it against their own stores. Core's capability suite
 * (`describeStoreConformance`) is re-exported from `@agno/core/testing`, so that a store that
 * implements only part of the contract needs only `@agno/core`.
 */
export {
  describeStoreConformance,
  type StoreCapability,
  type StoreConformanceOptions,
} from '@agno/core/testing';
export {
  describeMemoryStoreConformance,
  describeSessionStoreConformance,
  type MemoryStoreFactory,
  type StoreFactory,
} from './conformance.js';
export { type TestRunOptions, testRun, uniqueId, wordGroupEmbedder } from './fixtures.js';
