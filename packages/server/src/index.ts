/**
 * @agno/server: serve agno-ts agents, teams and workflows over HTTP — JSON and server-sent events
 * with resumable event ids, approvals, cancellation, sessions and memories per user, OpenAPI — on
 * Hono, with auth on every route.
 */
export { type ApiKeyOptions, apiKeys } from './auth/api-keys.js';
export { bearerToken } from './auth/bearer.js';
export { type JWTOptions, jwt } from './auth/jwt.js';
export type { ServerVariables } from './auth/middleware.js';
export type { AuthOptions, AuthScheme, Principal } from './auth/types.js';
export type { ServerEnv } from './context.js';
export { EventLog, type EventLogOptions, type LoggedEvent, LogReader } from './event-log.js';
export type { FlowGraph, FlowGraphNode } from './flow-graph.js';
export { type ErrorBody, errorResponse, HttpError } from './http-errors.js';
export type {
  CORSOptions,
  RunBackend,
  ServerOptions,
  ServerStore,
  SessionInfoLike,
  UserMemoryLike,
} from './options.js';
export type { RequestLogEntry } from './request-log.js';
export type { RouteDoc } from './route-book.js';
export type { RunEntry, RunRegistryOptions, RunStatus } from './run-registry.js';
export { AgnoServer, createServer, type ServerCloseOptions } from './server.js';
export { SSE_HEADERS } from './sse.js';
export {
  agentTarget,
  type ResumeRequest,
  type RunSource,
  type RunTarget,
  type StartRequest,
  type TargetKind,
  type WorkflowLike,
  workflowTarget,
} from './targets.js';
export * from './ui/index.js';
export type { WireRunResult, WireToolCall } from './wire.js';
