/**
 * Typed run events, and a small event bus that hooks, tracing and metrics subscribe to.
 */
import type { AgnoError } from './errors.js';
import type { ToolCall, Usage } from './messages.js';
import type { FinishReason, ModelRequest } from './model.js';
import type { PendingToolCall, RunResult } from './run-types.js';

/** A run began. */
export interface RunStartedEvent {
  type: 'run-started';
  runId: string;
  sessionId: string | undefined;
  agentName: string;
}
/** A piece of the model's text (possibly several deltas coalesced). */
export interface TextDeltaEvent {
  type: 'text-delta';
  runId: string;
  text: string;
}
/** A piece of the model's reasoning (its thoughts or the provider's summary of them). */
export interface ReasoningDeltaEvent {
  type: 'reasoning-delta';
  runId: string;
  text: string;
}
/**
 * A model call failed with a retryable error (after the client's own retries) and the turn goes
 * to the next of the run's `fallbackModels`.
 */
export interface ModelFallbackEvent {
  type: 'model-fallback';
  runId: string;
  /** 0 for the first call of the run. */
  round: number;
  /** `provider:modelId` of the model that failed. */
  from: string;
  /** `provider:modelId` of the model that answers the turn instead. */
  to: string;
  /** Why the first model failed. */
  error: AgnoError;
}
/** A tool call is about to run. */
export interface ToolCallStartedEvent {
  type: 'tool-call-started';
  runId: string;
  toolCall: ToolCall;
}
/** A tool call finished, with its result or error. */
export interface ToolCallCompletedEvent {
  type: 'tool-call-completed';
  runId: string;
  toolCall: ToolCall;
  /** The result as the model will read it (the error message when `isError`). */
  result: string;
  isError: boolean;
  /** Error code when the call failed (`tool_error`, `validation_error`, `timeout`, `blocked`...). */
  errorCode?: string;
  durationMs: number;
  /** What the tool returned before it became `result` (a getter, not an own property; see `ToolCallRecord.raw`). */
  raw?: unknown;
}
/**
 * An event of a sub-agent's run (`agent.asTool`), nested under the parent's stream: tagged with
 * the sub-agent's name and the id of the parent's tool call that runs it. A sub-agent of a
 * sub-agent arrives as an `agent-event` inside an `agent-event`.
 */
export interface AgentToolEvent {
  type: 'agent-event';
  /** The parent run's id. */
  runId: string;
  /** Name of the sub-agent. */
  agent: string;
  /** Id of the parent's tool call running the sub-agent. */
  toolCallId: string;
  /** The sub-agent's event (its own `runId`). */
  event: AgentEvent;
}
/** A handoff: the run's conversation goes on with another agent (`AgentOptions.handoffs`). */
export interface HandoffEvent {
  type: 'handoff';
  runId: string;
  /** The agent that handed the conversation over. */
  from: string;
  /** The agent that answers from now on. */
  to: string;
}
/** A model call is about to be made (after the before-hooks let it through). */
export interface ModelCallStartedEvent {
  type: 'model-call-started';
  runId: string;
  /** 0 for the first call of the run. */
  round: number;
  /** The request (its `messages` are a copy for this call: the run never changes them). */
  request: ModelRequest;
}
/** One model call finished. */
export interface ModelCallCompletedEvent {
  type: 'model-call-completed';
  runId: string;
  /** 0 for the first call of the run. */
  round: number;
  usage: Usage | undefined;
  finishReason: FinishReason;
  durationMs: number;
  /** `provider:modelId` of the model that answered (a fallback model's when one took over). */
  model: string;
  /** True when a cache served the reply (its tokens were not spent again). */
  cached?: boolean;
}
/** The run repeated one tool call too often and is being stopped. */
export interface LoopDetectedEvent {
  type: 'loop-detected';
  runId: string;
  toolName: string;
  repeats: number;
}
/** The run paused for tool calls that need a person's confirmation. */
export interface RunPausedEvent {
  type: 'run-paused';
  runId: string;
  pending: PendingToolCall[];
  result: RunResult<unknown>;
}
/** The run finished. */
export interface RunCompletedEvent {
  type: 'run-completed';
  runId: string;
  result: RunResult<unknown>;
}
/** The run failed; `error` says why and `partial` keeps what it had produced. */
export interface RunErrorEvent {
  type: 'run-error';
  runId: string;
  error: AgnoError;
  partial: RunResult<unknown>;
}
/**
 * A run stopped (deadline, cancellation, closing agent) while a model or tool call was in flight:
 * the run ended without waiting for it, and whatever it returns later is dropped.
 */
export interface CallAbandonedEvent {
  type: 'call-abandoned';
  runId: string;
  kind: 'model' | 'tool';
  /** The model id, or the tool's name. */
  name: string;
  /** The tool call's id, for a tool. */
  toolCallId?: string;
}
/** Progress a tool reported while it runs (`ToolContext.reportProgress`), for example an MCP server's. */
export interface ToolProgressEvent {
  type: 'tool-progress';
  runId: string;
  toolCallId: string;
  toolName: string;
  /** Progress so far, in the tool's own unit; increases with each report. */
  progress: number;
  /** The total when known. */
  total?: number;
  /** A short human-readable status. */
  message?: string;
}
/** Background work after a run (memory extraction, summaries) reported a failure. */
export interface BackgroundErrorEvent {
  type: 'background-error';
  runId: string;
  task: string;
  error: AgnoError;
}

/** Every event a run emits. */
export type AgentEvent =
  | RunStartedEvent
  | TextDeltaEvent
  | ReasoningDeltaEvent
  | ModelFallbackEvent
  | ModelCallStartedEvent
  | ToolCallStartedEvent
  | ToolCallCompletedEvent
  | ModelCallCompletedEvent
  | LoopDetectedEvent
  | RunPausedEvent
  | RunCompletedEvent
  | RunErrorEvent
  | CallAbandonedEvent
  | ToolProgressEvent
  | BackgroundErrorEvent
  | AgentToolEvent
  | HandoffEvent;

/** The `type` of an {@link AgentEvent}. */
export type AgentEventType = AgentEvent['type'];

/** A listener for one event type. */
export type Listener<E> = (event: E) => void;

/**
 * A typed, low-overhead event bus. `emit` with no listeners costs one comparison;
 * a listener that throws does not break the run (its error goes to `onListenerError`).
 */
export class EventBus<E extends { type: string } = AgentEvent> {
  /** Number of listeners attached, all types together. */
  size = 0;
  /** Receives errors thrown by listeners. */
  onListenerError: (error: unknown, event: E) => void = () => {};
  private readonly byType = new Map<string, Listener<E>[]>();

  /** Listens to one event type, or `*` for all. Returns a function that stops listening. */
  on<T extends E['type'] | '*'>(
    type: T,
    listener: Listener<T extends '*' ? E : Extract<E, { type: T }>>,
  ): () => void {
    const list = this.byType.get(type);
    const fn = listener as Listener<E>;
    // Lists are replaced, never changed in place: a delivery in progress keeps the list it started with.
    this.byType.set(type, list ? [...list, fn] : [fn]);
    this.size++;
    return () => this.off(type, fn);
  }

  /** Removes a listener added with {@link on}. */
  off(type: E['type'] | '*', listener: Listener<any>): void {
    const list = this.byType.get(type);
    if (!list) return;
    const i = list.indexOf(listener);
    if (i < 0) return;
    this.size--;
    if (list.length === 1) this.byType.delete(type);
    else
      this.byType.set(
        type,
        list.filter((_, j) => j !== i),
      );
  }

  /** Delivers an event to its type's listeners, then to `*` listeners. */
  emit(event: E): void {
    if (this.size === 0) return;
    const list = this.byType.get(event.type);
    if (list !== undefined) this.deliver(list, event);
    const all = this.byType.get('*');
    if (all !== undefined) this.deliver(all, event);
  }

  private deliver(list: Listener<E>[], event: E): void {
    for (let i = 0; i < list.length; i++) {
      try {
        list[i]!(event);
      } catch (error) {
        this.onListenerError(error, event);
      }
    }
  }
}
