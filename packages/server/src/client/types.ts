/**
 * What the server sends, as the client sees it: run results, run info, and the events of a stream
 * (agent events in their wire form, workflow and team events, `done` and `gap`). Types only.
 */
import type {
  CallAbandonedEvent,
  HandoffEvent,
  LoopDetectedEvent,
  ModelCallCompletedEvent,
  RunStartedEvent,
  TextDeltaEvent,
  ToolCallCompletedEvent,
  ToolCallStartedEvent,
  ToolProgressEvent,
  Usage,
} from '@agno/core';
import type { FlowGraph, FlowGraphNode } from '../flow-graph.js';
import type { WireRunResult, WireToolCall } from '../wire.js';

export type { FlowGraph, FlowGraphNode, WireRunResult, WireToolCall };

/** An error as events and run info carry it (never a stack, a cause or a secret). */
export interface WireError {
  name?: string;
  code: string;
  message: string;
}

/** A tool call waiting for a person's decision. */
export interface WirePendingCall {
  toolCallId: string;
  toolName: string;
  args: unknown;
}

/** An agent's event as the wire shows it (the model request and the full results are left out). */
export type WireAgentEvent =
  | RunStartedEvent
  | TextDeltaEvent
  | { type: 'model-call-started'; runId: string; round: number }
  | ToolCallStartedEvent
  | Omit<ToolCallCompletedEvent, 'raw'>
  | ModelCallCompletedEvent
  | LoopDetectedEvent
  | { type: 'run-paused'; runId: string; pending: WirePendingCall[]; result: WireRunResult }
  | { type: 'run-completed'; runId: string; result: WireRunResult }
  | { type: 'run-error'; runId: string; error: WireError; partial: WireRunResult }
  | CallAbandonedEvent
  | ToolProgressEvent
  | { type: 'background-error'; runId: string; task: string; error: WireError }
  | { type: 'agent-event'; runId: string; agent: string; toolCallId: string; event: WireAgentEvent }
  | HandoffEvent;

/** A workflow's or team's result as the wire shows it (agent runs inside are trimmed). */
export interface WireWorkflowResult {
  runId: string;
  workflow: string;
  status: 'running' | 'paused' | 'completed' | 'failed' | 'cancelled';
  output: unknown;
  outputs: Record<string, unknown>;
  steps: Array<{ path: string; status: string; [key: string]: unknown }>;
  state: Record<string, unknown>;
  usage: Usage;
  pauses: Array<{ id: string; kind: 'confirmation' | 'input'; [key: string]: unknown }>;
  /** Team runs: the answer's text. */
  text?: string;
  [key: string]: unknown;
}

interface StepEvent {
  runId: string;
  path: string;
  name: string;
  kind: string;
}

/** A workflow's or team's event as the wire shows it. */
export type WireWorkflowEvent =
  | { type: 'workflow-started'; runId: string; workflow: string; resumed: boolean }
  | (StepEvent & { type: 'step-started'; attempt: number })
  | (StepEvent & { type: 'step-completed'; output: unknown; durationMs: number; usage?: Usage })
  | (StepEvent & { type: 'step-skipped'; reason: string })
  | (StepEvent & { type: 'step-error'; error: WireError; attempt: number; willRetry: boolean })
  | (StepEvent & { type: 'step-paused'; pause: { id: string; kind: string; [key: string]: unknown } })
  | { type: 'agent-event'; runId: string; path: string; agent: string; event: WireAgentEvent }
  | {
      type: 'workflow-paused';
      runId: string;
      pauses: WireWorkflowResult['pauses'];
      result: WireWorkflowResult;
    }
  | { type: 'workflow-completed'; runId: string; result: WireWorkflowResult }
  | { type: 'workflow-error'; runId: string; error: WireError; partial?: WireWorkflowResult };

/** The last event of every run's stream. */
export interface DoneEvent {
  type: 'done';
  runId: string;
  status: 'completed' | 'paused' | 'error';
}

/** Events were dropped from the server's bounded log before this reader got them. */
export interface GapEvent {
  type: 'gap';
  /** How many events were missed. */
  missed: number;
}

/** What a stream yields: `E` (the run's events), then `done`; `gap` when events were missed. */
export type StreamEvent<E> = E | DoneEvent | GapEvent;

/** A run as `runs.get` shows it. */
export interface RunInfo {
  runId: string;
  kind: 'agent' | 'team' | 'workflow';
  name: string;
  status: 'running' | 'completed' | 'paused' | 'error';
  sessionId?: string;
  /** Id of the run's last event so far. */
  lastEventId: number;
  result?: unknown;
  error?: { code: string; message: string; retryable?: boolean };
}

/** An agent, team or workflow the server runs. */
export interface TargetInfo {
  name: string;
  description?: string;
}

/** A stored session. */
export interface SessionInfo {
  sessionId: string;
  userId?: string;
  agentName?: string;
  name?: string;
  [key: string]: unknown;
}

/** A session's state and its version (incremented by each write). */
export interface SessionStateInfo {
  state: Record<string, unknown>;
  version: number;
}

/** A stored run of a session (the store's `RunRecord`, as JSON). */
export interface StoredRun {
  runId: string;
  sessionId?: string;
  userId?: string;
  [key: string]: unknown;
}

/** A paused agent run of the caller. */
export interface PausedRunInfo {
  runId: string;
  agent: string;
  sessionId?: string;
  createdAt?: number;
  pending: WirePendingCall[];
}

/** A stored user memory. */
export interface MemoryInfo {
  memoryId: string;
  userId: string;
  [key: string]: unknown;
}

/** A decision on one pending tool call. */
export type Decision = { approved: true } | { approved: false; reason?: string };

/** Run options a request may set (the server may cap `timeoutMs`). */
export interface RunOptions {
  maxTokens?: number;
  temperature?: number;
  timeoutMs?: number;
  maxToolRounds?: number;
  historyLimit?: number;
  additionalInstructions?: string;
  metadata?: Record<string, unknown>;
  flushIntervalMs?: number;
}

/** Paging of list calls. */
export interface Page {
  limit?: number;
  offset?: number;
}
