/**
 * The state of one run and the mechanisms every part of the loop shares: options with agent
 * defaults, events, and how a run stops (the caller's signal, its deadline, a stream consumer
 * that left, an agent that closes). All per-run state lives here, never on the agent.
 */
import { NONE } from './append.js';
import type { Channel } from './channel.js';
import type { AgentLike, Compiled } from './compiled.js';
import { AbortedError, AgnoError, StoreError, TimeoutError } from './errors.js';
import type { AgentEvent, ToolProgressEvent } from './events.js';
import { type FallbackState, fallbackState } from './fallback-config.js';
import { type RunGuards, runGuards } from './guardrail.js';
import { checkLimits, timerDelay } from './limits.js';
import { emptyUsage, type Message, type ToolCall, type Usage } from './messages.js';
import type { Model, ModelRequest } from './model.js';
import { type ResolvedOutput, resolveOutput } from './output.js';
import { SessionStateHandle } from './run-context.js';
import { RunFlags } from './run-flags.js';
import { randomRunId } from './run-id.js';
import type { Hooks, NestedPause, RunOptions, ToolCallRecord, ToolDecision } from './run-types.js';
import { linkSignal } from './signals.js';
import type { ToolProgress } from './tool.js';

let neverAborted: AbortSignal | undefined;
/** A signal that never aborts, for tools of runs without one (made on first use: AbortController is costly to load). */
function never(): AbortSignal {
  return (neverAborted ??= new AbortController().signal);
}

/** Wraps what a store threw as a {@link StoreError} (an {@link AgnoError} is kept as it is). */
export function storeFailure(error: unknown, what: string): AgnoError {
  if (error instanceof AgnoError) return error;
  return new StoreError(`the store failed to ${what}`, { cause: error });
}

/** A call a run made, and how many times (see loop-detection.ts). */
export interface SeenCall {
  name: string;
  args: unknown;
  count: number;
}

/** What a run builds only when its tools or instructions use it (one slot while they do not). */
export interface RunExtras {
  /** The session state handle of `ToolContext.state` and `InstructionContext.state`. */
  state?: SessionStateHandle;
  /** Sub-agent runs (`asTool`) that paused in this turn, by the id of the call running them. */
  nested?: Map<string, NestedPause>;
  /** Sub-agent runs to continue in this turn, by call id, with their decisions. */
  resuming?: Map<string, { paused: NestedPause['paused']; decisions: Record<string, ToolDecision> }>;
  /** The agent a `transfer_to_…` call of this turn hands the conversation to. */
  handoffTo?: AgentLike;
}

/** What a run that can stop early keeps (one slot on runs that cannot). */
interface Stopper {
  readonly controller: AbortController;
  readonly timeoutMs: number | undefined;
  /** `performance.now()` past which the run has timed out (checked even when timers are starved). */
  readonly deadline: number | undefined;
  timer: ReturnType<typeof setTimeout> | undefined;
  /** Removes the listener on the caller's signal when the run ends. */
  unlink: (() => void) | undefined;
  timedOut: boolean;
}

/** The per-run state, and how the run stops. */
export class RunBase<T> extends RunFlags {
  declare readonly runId: string;
  declare sessionId: string | undefined;
  declare userId: string | undefined;
  declare readonly hooks: Hooks | undefined;
  declare readonly startedAt: number;
  declare firstTokenAt: number | undefined;
  declare messages: Message[];
  /** Index in `messages` where this run's own messages begin; -1 before its input is added. */
  declare runStart: number;
  declare toolCalls: ToolCallRecord[];
  declare usage: Usage;
  declare modelCallsMs: number[];
  declare toolCallsMs: number[];
  declare round: number;
  declare modelCalls: number;
  /** Counts of the calls made before a pause, by key (a continued run; see loop-detection.ts). */
  declare callCounts: Map<string, number> | undefined;
  /** The calls made so far (a run not continued from a pause). */
  declare callsSeen: SeenCall[] | undefined;
  /** Text of the model call in progress (kept if a stream breaks). */
  declare pendingText: string;
  /** The signal handed to the model and tools (undefined for a run nothing can stop early). */
  declare signal: AbortSignal | undefined;
  /** Neighbours in the agent's list of runs in flight (see {@link RunList}). */
  declare prevRun: RunBase<unknown> | undefined;
  declare nextRun: RunBase<unknown> | undefined;
  /** Tool calls in flight (reported as abandoned if the run stops during them). */
  declare busyTools: ToolCall[] | undefined;
  /** The run's model request, built on its first model call and reused. */
  declare req: ModelRequest | undefined;
  /** The run's guardrails by stage (the agent's and its own); undefined when it has none. */
  declare readonly guards: RunGuards | undefined;
  /** The structured output the run must produce, when it has a schema. */
  declare readonly output: ResolvedOutput | undefined;
  /** The model's reasoning text over the run's calls, when a provider gave any. */
  declare reasoning: string | undefined;
  /** Fallback models, usage per model and who answered (see model-fallback.ts); undefined without them. */
  declare readonly fallback: FallbackState | undefined;
  /** How the run stops early: made only for a run with a signal, a deadline or a stream. */
  declare private readonly stopper: Stopper | undefined;
  /** Why the run stopped. */
  declare private reason: unknown;
  /** Rejects the run's outcome at once when it stops (see `guard`). */
  declare private settle: ((reason: unknown) => void) | undefined;

  declare readonly agent: AgentLike;
  /** The agent holding the conversation: `agent`, or the one a handoff passed it to. */
  declare speaker: AgentLike;
  /** The tables of `speaker`. */
  declare compiled: Compiled;
  /** Built on demand (session state, sub-agent pauses, handoffs). */
  declare extras: RunExtras | undefined;
  declare readonly options: RunOptions<T>;
  declare readonly sink: Channel<unknown> | undefined;

  constructor(
    agent: AgentLike,
    compiled: Compiled,
    options: RunOptions<T>,
    sink: Channel<unknown> | undefined,
    textOnly: boolean,
    runId?: string,
  ) {
    super();
    // Plain assignments rather than class fields (V8 runs field initializers through an extra
    // call), every field set so that every run has one shape.
    this.agent = agent;
    this.speaker = agent;
    this.compiled = compiled;
    this.extras = undefined;
    this.options = options;
    this.sink = sink;
    if (textOnly) this.textOnly = true;
    this.runStart = -1;
    this.round = 0;
    this.modelCalls = 0;
    this.pendingText = '';
    this.signal = undefined;
    this.startedAt = performance.now();
    this.firstTokenAt = undefined;
    // Shared empty lists until the run has something to put in them (see append.ts): the
    // conversation is made when the run starts.
    this.messages = NONE;
    this.toolCalls = NONE;
    this.usage = emptyUsage();
    this.modelCallsMs = NONE;
    this.toolCallsMs = NONE;
    this.callCounts = undefined;
    this.callsSeen = undefined;
    this.prevRun = undefined;
    this.nextRun = undefined;
    this.busyTools = undefined;
    this.reason = undefined;
    this.settle = undefined;
    this.req = undefined;
    this.reasoning = undefined;
    checkLimits(options, 'run options');
    this.runId = runId ?? options.runId ?? randomRunId();
    const defaults = agent.options.defaults;
    this.sessionId = options.sessionId ?? defaults?.sessionId;
    this.userId = options.userId ?? defaults?.userId;
    this.hooks = agent.hooks;
    this.guards = runGuards(compiled.guards, options.guardrails);
    const parent = options.signal ?? defaults?.signal;
    const timeoutMs = timerDelay(options.timeoutMs ?? defaults?.timeoutMs);
    if (timeoutMs !== undefined || sink !== undefined || parent !== undefined) {
      const controller = new AbortController();
      const stopper: Stopper = {
        controller,
        timeoutMs,
        deadline: timeoutMs === undefined ? undefined : this.startedAt + timeoutMs,
        timer: undefined,
        unlink: undefined,
        timedOut: false,
      };
      this.stopper = stopper;
      this.signal = controller.signal;
      if (parent !== undefined) stopper.unlink = linkSignal(parent, (reason) => this.stop(reason));
      if (timeoutMs !== undefined) stopper.timer = setTimeout(() => this.expire(), timeoutMs);
    } else this.stopper = undefined;
    this.fallback = fallbackState(options as RunOptions<unknown>, agent);
    const schema = options.outputSchema ?? (defaults?.outputSchema as RunOptions<T>['outputSchema']);
    this.output = schema === undefined ? undefined : resolveOutput(schema);
  }

  /** The signal tools see: the run's, or one that never aborts for a run nothing can stop early. */
  get toolSignal(): AbortSignal {
    return this.signal ?? never();
  }

  /** How long a stream coalesces text deltas (its `flushIntervalMs`; 0 for none). */
  get flushMs(): number {
    return (this.options as { flushIntervalMs?: number }).flushIntervalMs ?? 0;
  }

  /** The run's `context` value (its own, else the agent's default). */
  get context(): unknown {
    return this.opt('context');
  }

  /** The session state of the run, for tools and instructions (built on first use). */
  sessionState(): SessionStateHandle {
    const extras = (this.extras ??= {});
    return (extras.state ??= new SessionStateHandle(this.agent.options.store, this.sessionId));
  }

  /** Hands the conversation to `target` once this turn's calls are done (the first request wins). */
  requestHandoff(target: AgentLike): string {
    const extras = (this.extras ??= {});
    if (extras.handoffTo !== undefined && extras.handoffTo !== target) {
      return `not transferred: the conversation goes to ${extras.handoffTo.name} already`;
    }
    extras.handoffTo = target;
    return `Transferred to ${target.name}.`;
  }

  /** Records that the sub-agent run of call `callId` paused: this run pauses after the turn. */
  nestPause(callId: string, pause: NestedPause): void {
    ((this.extras ??= {}).nested ??= new Map()).set(callId, pause);
  }

  /** An option of the run, else the agent's default. */
  opt<K extends keyof RunOptions<T>>(key: K): RunOptions<T>[K] | undefined {
    const v = this.options[key];
    return v !== undefined ? v : (this.agent.options.defaults?.[key] as RunOptions<T>[K] | undefined);
  }

  /** Stops the run: model and tools see the signal, and the run's outcome is decided at once. */
  stop(reason: unknown): void {
    if (this.stopped || this.finished) return;
    this.stopped = true;
    this.reason = reason;
    this.stopper?.controller.abort(reason);
    if (!this.committing) this.settle?.(reason);
  }

  /** The run passed its deadline. */
  private expire(): void {
    const stopper = this.stopper!;
    stopper.timedOut = true;
    this.stop(new TimeoutError(`the run took longer than ${stopper.timeoutMs} ms`));
  }

  /**
   * The outcome of `work`, decided early when the run stops: a model or tool that never settles
   * (and ignores its signal) cannot hold the run. The abandoned work goes on in the background;
   * it finds the run stopped at its next step and its late results are dropped.
   */
  guard<R>(work: Promise<R>): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.settle = reject;
      if (this.stopped) reject(this.reason);
      work.then(resolve, reject);
    });
  }

  /** Throws when the run was stopped or passed its deadline. */
  checkAbort(): void {
    const deadline = this.stopper?.deadline;
    if (deadline !== undefined && !this.stopped && performance.now() >= deadline) this.expire();
    if (this.stopped) throw this.abortError(this.reason);
  }

  /** The typed error for a stop with `reason`. */
  abortError(reason: unknown): AgnoError {
    if (this.stopper?.timedOut === true)
      return reason instanceof TimeoutError ? reason : new TimeoutError('the run timed out');
    if (reason instanceof AgnoError) return reason;
    return new AbortedError('the run was aborted', { cause: reason });
  }

  /** Releases the timer and the listener on the caller's signal. */
  dispose(): void {
    const stopper = this.stopper;
    if (stopper !== undefined) {
      if (stopper.timer !== undefined) clearTimeout(stopper.timer);
      if (stopper.unlink !== undefined) stopper.unlink();
    }
    this.settle = undefined;
    this.agent.runEnded?.(this);
  }

  /** Delivers an event to the stream and the agent's bus (nothing once the run has ended). */
  emit(event: AgentEvent): Promise<void> | undefined {
    if (this.finished) return undefined;
    const bus = this.agent.bus;
    if (bus !== undefined) bus.emit(event);
    if (this.sink !== undefined && !this.textOnly) return this.sink.push(event);
    return undefined;
  }

  /** A tool's progress report, as a `tool-progress` event; a slow consumer never blocks the tool. */
  toolProgress(call: ToolCall, update: ToolProgress): void {
    if (this.finished || this.stopped || !this.observed) return;
    const event: ToolProgressEvent = {
      type: 'tool-progress',
      runId: this.runId,
      toolCallId: call.id,
      toolName: call.name,
      progress: update.progress,
    };
    if (update.total !== undefined) event.total = update.total;
    if (update.message !== undefined) event.message = update.message;
    void this.emit(event);
  }

  /**
   * Delivers the run's last event (`run-completed`, `run-paused`, `run-error`) without waiting
   * for a slow consumer (it is queued past the buffer's bound); no event follows it.
   */
  emitLast(event: AgentEvent): void {
    this.finished = true;
    const bus = this.agent.bus;
    if (bus !== undefined) bus.emit(event);
    if (this.sink !== undefined && !this.textOnly) this.sink.push(event);
  }

  /** True when someone listens to events (so they are worth building). */
  get observed(): boolean {
    return (this.sink !== undefined && !this.textOnly) || (this.agent.bus?.size ?? 0) > 0;
  }
}

/**
 * The runs in flight of one agent, as an intrusive list: adding and removing a run costs two
 * pointer writes and no allocation (a Set would hash every run object).
 */
export class RunList {
  private head: RunBase<unknown> | undefined = undefined;
  /** How many runs are in the list. */
  size = 0;

  /** Adds a run. */
  add(run: RunBase<unknown>): void {
    run.nextRun = this.head;
    if (this.head !== undefined) this.head.prevRun = run;
    this.head = run;
    this.size++;
  }

  /** Removes a run (no-op when it is not in the list). */
  delete(run: RunBase<unknown>): void {
    if (run.prevRun === undefined && this.head !== run) return;
    if (run.prevRun !== undefined) run.prevRun.nextRun = run.nextRun;
    else this.head = run.nextRun;
    if (run.nextRun !== undefined) run.nextRun.prevRun = run.prevRun;
    run.prevRun = undefined;
    run.nextRun = undefined;
    this.size--;
  }

  /** The runs now in the list. */
  snapshot(): RunBase<unknown>[] {
    const out: RunBase<unknown>[] = [];
    for (let r = this.head; r !== undefined; r = r.nextRun) out.push(r);
    return out;
  }
}
