/**
 * @agno/knowledge/testing: a deterministic, offline embedder for tests, examples and benchmarks.
 */
export { embedText, TestEmbedder, type TestEmbedderOptions } from './hash-embedder.js';
