/**
 * @agno/core: the Agent, its run loop, messages, errors, and the interfaces
 * (Model, Tool, SessionStore) that every other package composes through.
 */
export { Agent, type RunInput, type RunStream } from './agent.js';
export type { AgentToolOptions, SubAgent } from './agent-tool.js';
export { canonicalJSON } from './canonical.js';
export { Channel } from './channel.js';
export type { AgentOptions, InstructionContext } from './compiled.js';
export { mapConcurrent } from './concurrency.js';
export {
  AbortedError,
  AgnoError,
  type AgnoErrorOptions,
  BlockedError,
  ConfigError,
  ConflictError,
  type ErrorCode,
  type ErrorCodes,
  errorMessage,
  HookError,
  isAgnoError,
  LoopDetectedError,
  MaxToolRoundsError,
  ModelError,
  OutputValidationError,
  redactSecrets,
  registerSecret,
  StoreError,
  TimeoutError,
  ToolError,
  ValidationError,
} from './errors.js';
export {
  type AgentEvent,
  type AgentEventType,
  type AgentToolEvent,
  type BackgroundErrorEvent,
  type CallAbandonedEvent,
  EventBus,
  type HandoffEvent,
  type Listener,
  type LoopDetectedEvent,
  type ModelCallCompletedEvent,
  type ModelCallStartedEvent,
  type ModelFallbackEvent,
  type ReasoningDeltaEvent,
  type RunCompletedEvent,
  type RunErrorEvent,
  type RunPausedEvent,
  type RunStartedEvent,
  type TextDeltaEvent,
  type ToolCallCompletedEvent,
  type ToolCallStartedEvent,
  type ToolProgressEvent,
} from './events.js';
export {
  type Guardrail,
  type GuardrailBlock,
  GuardrailBlockedError,
  type GuardrailContext,
  type GuardrailStage,
  type GuardrailVerdict,
  type ModelCallVerdict,
  type ModelGuardrailContext,
  type ModelResultGuardrailContext,
  type OutputGuardrailContext,
  type ToolCallVerdict,
  type ToolResultGuardrailContext,
} from './guardrail.js';
export { composeHooks } from './hooks.js';
export { InMemorySessionStore } from './in-memory-store.js';
export type {
  Embedder,
  KeywordQuery,
  KnowledgeChunk,
  KnowledgeDocument,
  MetadataFilter,
  MetadataValue,
  ScoredChunk,
  VectorQuery,
  VectorRecord,
  VectorStore,
} from './knowledge.js';
export { NO_TIMEOUT_FROM_MS, timerDelay } from './limits.js';
export {
  type AssistantMessage,
  addUsage,
  type ContentPart,
  emptyUsage,
  type Message,
  messageText,
  type SystemMessage,
  type ToolCall,
  type ToolMessage,
  type Usage,
  type UserMessage,
  usageSince,
} from './messages.js';
export type {
  FinishReason,
  Model,
  ModelRequest,
  ModelResponse,
  ModelStreamEvent,
  ModelUsage,
  ReasoningOptions,
  ResponseFormat,
  ToolChoice,
  ToolSpec,
} from './model.js';
export { type ModelCallKind, type ModelMiddleware, wrapModel } from './model-middleware.js';
export { toolCallFromText } from './model-response.js';
export { partialResultOf, RUN_DEFAULTS } from './run.js';
export type { RunSessionState } from './run-context.js';
export { RUN_STATE_VERSION, RunState } from './run-state.js';
export type {
  HookDecision,
  Hooks,
  ModelHookContext,
  NestedPause,
  OutputSchema,
  PausedRun,
  PendingToolCall,
  RunOptions,
  RunResult,
  RunTimings,
  StreamOptions,
  ToolCallRecord,
  ToolDecision,
  ToolHookContext,
} from './run-types.js';
export {
  formatIssues,
  isStandardSchema,
  type JSONSchema,
  type StandardSchemaV1,
  toJSONSchema,
  validateWith,
} from './schema.js';
export { SignalScope, type SignalScopeOptions } from './signal-scope.js';
export { linkSignal } from './signals.js';
export {
  type AgentStore,
  assertJSONState,
  type DocumentStore,
  type HistoryQuery,
  type HistoryStore,
  lastMessages,
  type PausedRunQuery,
  type PausedRunStore,
  type RunRecord,
  type SessionState,
  type SessionStore,
  type StateStore,
  type StoredDocument,
} from './store.js';
export {
  isToolkit,
  isValidToolName,
  MAX_TOOL_NAME_LENGTH,
  type Tool,
  type ToolContext,
  type Toolkit,
  type ToolProgress,
  type ToolResultContent,
  type ToolSource,
  toolResult,
} from './tool.js';
