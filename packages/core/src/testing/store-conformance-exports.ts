/**
 * The public part of the store conformance suite, for `@agno/core/testing`.
 */
export {
  describeStoreConformance,
  missingMethods,
  STORE_CAPABILITIES,
  type StoreCapability,
  type StoreConformanceOptions,
  type StoreFactory,
  type StoreTest,
} from './store-conformance.js';
export {
  json,
  rejection,
  type TestRunOptions,
  testPausedRun,
  testRun,
  uniqueId,
} from './store-conformance-fixtures.js';
