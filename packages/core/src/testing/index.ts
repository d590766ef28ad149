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
