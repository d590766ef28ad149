/**
 * @agno/core: the Agent, its run loop, messages, errors, and the interfaces
 * (Model, Tool, SessionStore) that every other package composes through.
 */
export { Agent, type RunInput, type RunStream } from './agent.js';
export { canonicalJSON } from './canonical.js';
export { Channel } from './channel.js';
export type { AgentOptions, InstructionContext } from './compiled.js';
export {
  AbortedError,
  AgnoError,
  type AgnoErrorOptions,
  BlockedError,
  ConfigError,
  ConflictError,
  type ErrorCode,
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
  type BackgroundErrorEvent,
  type CallAbandonedEvent,
  EventBus,
  type Listener,
  type LoopDetectedEvent,
  type ModelCallCompletedEvent,
  type ModelCallStartedEvent,
  type RunCompletedEvent,
  type RunErrorEvent,
  type RunPausedEvent,
  type RunStartedEvent,
  type TextDeltaEvent,
  type ToolCallCompletedEvent,
  type ToolCallStartedEvent,
} from './events.js';
export { composeHooks } from './hooks.js';
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
} from './messages.js';
export type {
  FinishReason,
  Model,
  ModelRequest,
  ModelResponse,
  ModelStreamEvent,
  ResponseFormat,
  ToolChoice,
  ToolSpec,
} from './model.js';
export { partialResultOf, RUN_DEFAULTS } from './run.js';
export type {
  HookDecision,
  Hooks,
  ModelHookContext,
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
export { linkSignal } from './signals.js';
export {
  assertJSONState,
  type DocumentStore,
  type HistoryQuery,
  InMemorySessionStore,
  lastMessages,
  type PausedRunQuery,
  type RunRecord,
  type SessionState,
  type SessionStore,
  type StoredDocument,
} from './store.js';
export {
  isToolkit,
  type Tool,
  type ToolContext,
  type Toolkit,
  type ToolResultContent,
  type ToolSource,
  toolResult,
} from './tool.js';
