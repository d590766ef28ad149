/**
 * @agno/server/client: a typed client for an `@agno/server` — runs as JSON or as reconnecting
 * event streams, approvals, cancellation, sessions, paused runs and memories — on web standards
 * only (no dependency), for browsers, Node, Bun and Deno.
 */
export {
  type AgentRunStream,
  type AgnoClient,
  type ContinueOptions,
  createClient,
  type FlowClient,
  type RunCallOptions,
  type StreamCallOptions,
  type WorkflowRunStream,
} from './client.js';
export { isServerError, ServerError, type ServerErrorOptions } from './errors.js';
export { type ReconnectOptions, RunStream, type StreamOptions } from './run-stream.js';
export { type SSEHandlers, type SSEMessage, SSEParser } from './sse-parser.js';
export type { ClientOptions } from './transport.js';
export type * from './types.js';
