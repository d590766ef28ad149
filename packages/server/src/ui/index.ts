/**
 * The AI SDK UI message stream (protocol v1) for agno: what a React app using `useChat` from
 * `@ai-sdk/react` (default transport) talks to. `handleChat` is the endpoint; `uiChunks` and
 * `encodeUIStream` are its two halves, for servers that write the stream themselves.
 */
export { type ApprovalRef, formatApprovalId, parseApprovalId } from './approval-id.js';
export { REASONING_EVENT, UIChunkMapper, type UIChunksOptions } from './chunk-mapper.js';
export { safeErrorText, toolOutput } from './chunk-values.js';
export { encodeChunk, encodeUIStream, UI_STREAM_HEADERS } from './encode.js';
export { type ChatHandlerOptions, handleChat } from './handler.js';
export { type ChatRequest, parseChatRequest } from './request.js';
export { agentRuns, type StreamableWorkflow, workflowRuns } from './runs.js';
export type {
  AgnoEvent,
  AgnoMessageMetadata,
  ChatApproval,
  ChatRun,
  ChatRunOptions,
  ChatRuns,
  JSONValue,
  ProviderMetadata,
  UIChunk,
  UIFinishReason,
} from './types.js';
export { uiChunks } from './ui-chunks.js';
