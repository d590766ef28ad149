/**
 * @agno/core/testing: conformance suites for plugin authors (vitest is a peer dependency).
 */
export {
  CONFORMANCE,
  checkStreamOrder,
  describeModelConformance,
  type ModelConformanceOptions,
  type ModelScenario,
} from './model-conformance.js';
export * from './store-conformance-exports.js';
export {
  describeVectorStore,
  type VectorStoreConformanceOptions,
} from './vector-store-conformance.js';
export {
  cosine,
  type RecordOptions as VectorRecordOptions,
  randomVectors,
  record as vectorRecord,
  seededRandom,
  textHash,
  type VectorStoreFactory,
  type VectorStoreTestContext,
} from './vector-store-conformance-fixtures.js';
