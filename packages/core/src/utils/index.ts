/**
 * @agno/core/utils: the primitives every agno package (and a plugin author) builds on, written
 * once: the bounded stream channel, signal linking and cancellation scopes with deadlines,
 * bounded concurrency, sample statistics, reasoning effort/budget conversion, and the
 * OpenAI-strict JSON Schema transform with its null restorer.
 * Loads nothing beyond `@agno/core` itself.
 */
export {
  Channel,
  linkSignal,
  mapConcurrent,
  NO_TIMEOUT_FROM_MS,
  SignalScope,
  type SignalScopeOptions,
  timerDelay,
  toolCallFromText,
} from '../index.js';
export { abortError, raceSignal, sleep } from './abort.js';
export { type HttpErrorKind, httpErrorKind, isBrokenBody, retryAfterMs } from './http.js';
export { createNullRestorer, type NullRestorer } from './null-restorer.js';
export { loadPeer, missingPeer } from './optional-peer.js';
export {
  REASONING_BUDGETS,
  type ReasoningEffort,
  reasoningBudget,
  reasoningEffort,
} from './reasoning.js';
export { percentile, type SampleSummary, summarize } from './samples.js';
export { isStrictCompatible } from './strict-compatible.js';
export {
  acceptsNull,
  isNode,
  isObjectType,
  strictIncompatibilities,
  toStrictJSONSchema,
} from './strict-schema.js';
