/**
 * The shapes of the AI SDK UI message stream (protocol v1) as this package writes them, and the
 * small interface through which the chat handler starts and continues runs. The chunk types are
 * a subset of the `ai` package's `UIMessageChunk` (a test checks that they stay assignable), so
 * the server needs no dependency on `ai`.
 */
import type { AgentEvent, RunInput, ToolDecision, Usage } from '@agno/core';
import type { WorkflowEvent } from '@agno/workflow';

/** Any event `uiChunks` reads: an agent's, or a workflow's or team's (member events included). */
export type AgnoEvent = AgentEvent | WorkflowEvent;

/** A JSON value, as provider and tool metadata hold them. */
export type JSONValue = null | string | number | boolean | JSONValue[] | { [key: string]: JSONValue };

/** Metadata on text, reasoning and tool chunks: agno's is `{ agno: { member, path } }` for team members. */
export type ProviderMetadata = Record<string, Record<string, JSONValue>>;

/** Why an assistant message ended, as the AI SDK names it. */
export type UIFinishReason = 'stop' | 'length' | 'content-filter' | 'tool-calls' | 'error' | 'other';

/** The message metadata agno sends: on `start` (run, session, agent) and on `finish` (usage, status). */
export interface AgnoMessageMetadata {
  /** The run that produced the message (the run to continue after an approval). */
  runId?: string;
  /** The chat's id, used as the agno session id. */
  sessionId?: string;
  /** The agent, team or workflow that answered. */
  agent?: string;
  /** How the run ended: `paused` when tool calls wait for approval. */
  status?: 'completed' | 'paused' | 'error';
  /** Tokens spent by the run (summed over every model call, members included). */
  usage?: Pick<Usage, 'inputTokens' | 'outputTokens' | 'totalTokens'>;
  /** Anything the caller added with the `metadata` option. */
  [key: string]: unknown;
}

/** One chunk of the UI message stream. */
export type UIChunk =
  | { type: 'start'; messageId?: string; messageMetadata?: AgnoMessageMetadata }
  | { type: 'start-step' }
  | { type: 'finish-step' }
  | {
      type: 'text-start' | 'text-end' | 'reasoning-start' | 'reasoning-end';
      id: string;
      providerMetadata?: ProviderMetadata;
    }
  | { type: 'text-delta' | 'reasoning-delta'; id: string; delta: string; providerMetadata?: ProviderMetadata }
  | {
      type: 'tool-input-start';
      toolCallId: string;
      toolName: string;
      toolMetadata?: { [key: string]: JSONValue };
    }
  | {
      type: 'tool-input-available';
      toolCallId: string;
      toolName: string;
      input: unknown;
      toolMetadata?: { [key: string]: JSONValue };
    }
  | { type: 'tool-approval-request'; approvalId: string; toolCallId: string }
  | {
      type: 'tool-output-available';
      toolCallId: string;
      output: unknown;
      toolMetadata?: { [key: string]: JSONValue };
    }
  | {
      type: 'tool-output-error';
      toolCallId: string;
      errorText: string;
      toolMetadata?: { [key: string]: JSONValue };
    }
  | { type: 'tool-output-denied'; toolCallId: string }
  | { type: `data-agno-${string}`; id?: string; data: unknown; transient?: boolean }
  | { type: 'error'; errorText: string }
  | { type: 'finish'; finishReason?: UIFinishReason; messageMetadata?: AgnoMessageMetadata };

/** An approval the browser answered, as the server needs it to continue the paused run. */
export interface ChatApproval {
  /** The paused run (an agent run, or a workflow or team run). */
  runId: string;
  /** A decision per pending tool-call id (for an agent run). */
  decisions: Record<string, ToolDecision>;
  /**
   * For a workflow or team run: the decisions grouped by the paused step's id (its path), the
   * shape `Workflow.resume()` takes. Absent for an agent run.
   */
  steps?: Record<string, Record<string, ToolDecision>>;
}

/** Options the handler gives to {@link ChatRuns.start} and {@link ChatRuns.continue}. */
export interface ChatRunOptions {
  /** The chat's id, as the agno session id. */
  sessionId: string;
  /** The authenticated caller; a run of another user must not be continued. */
  userId: string | undefined;
  /** Aborted when the browser goes away (or the server shuts down): the run must stop. */
  signal: AbortSignal | undefined;
}

/** A run in progress: its events, and its id. */
export interface ChatRun extends AsyncIterable<AgnoEvent> {
  readonly runId: string;
  /**
   * The run's outcome. When the events end without a terminal event (a continue refused before
   * the run began, for example), the handler reads the reason from here.
   */
  readonly result?: Promise<unknown>;
}

/**
 * How the chat handler starts and continues runs of a target (an agent, a team...). The server
 * adapts its run registry to this; `agentRuns()` is the direct version for a bare agent.
 */
export interface ChatRuns<T> {
  /** Starts a run of `target` on `input`. */
  start(target: T, input: RunInput, options: ChatRunOptions): ChatRun;
  /** Continues the paused run `approval.runId` with the browser's decisions. */
  continue(target: T, approval: ChatApproval, options: ChatRunOptions): ChatRun | Promise<ChatRun>;
}
