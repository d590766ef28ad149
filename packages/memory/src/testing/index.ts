/**
 * `@agno/memory/testing`: the conformance suite for session stores (needs `vitest`), and the test
 * data builders it uses. Plugin authors run it against their own stores.
 */
export {
  describeMemoryStoreConformance,
  describeSessionStoreConformance,
  type MemoryStoreFactory,
  type StoreFactory,
} from './conformance.js';
export { type TestRunOptions, testRun, uniqueId, wordGroupEmbedder } from './fixtures.js';
