/**
 * The Agent: a model, instructions, tools and a store, and the runs made with them.
 * Construction keeps a reference to the options and nothing else; the tool tables are
 * built once, lazily, on the first run. One agent serves any number of concurrent runs.
 */

import { closeResources, toolkitsOf } from './agent-resources.js';
import { type AgentToolOptions, agentTool } from './agent-tool.js';
import { Channel } from './channel.js';
import { type AgentLike, type AgentOptions, type Compiled, compile } from './compiled.js';
import { AbortedError, AgnoError, ConfigError, errorMessage } from './errors.js';
import { type AgentEvent, EventBus } from './events.js';
import { composeHooks } from './hooks.js';
import { checkLimits, timerDelay } from './limits.js';
import type { Message } from './messages.js';
import type { Model } from './model.js';
import { claimPause } from './pause-claim.js';
import { Run, type RunInstructions } from './run.js';
import { type RunBase, RunList } from './run-base.js';
import { randomRunId } from './run-id.js';
import type { RunState } from './run-state.js';
import type { Hooks, PausedRun, RunOptions, RunResult, StreamOptions, ToolDecision } from './run-types.js';
import { promptBuilder } from './speaker.js';
import { pausedRunsOf } from './store.js';
import type { Tool } from './tool.js';

/** What a run takes as input: text, one message, or several messages. */
export type RunInput = string | Message | Message[];

/** A running stream: iterate it for events, or await `result`. */
export interface RunStream<E, T> extends AsyncIterable<E> {
  /** The run's result; rejects with the run's error. */
  readonly result: Promise<RunResult<T>>;
  /** Id of the run. */
  readonly runId: string;
  /** Cancels the run. */
  abort(): void;
}

/** The options of a run given none (shared: a run never changes its options object). */
const NO_OPTIONS: RunOptions<any> = Object.freeze({});

/** What an agent builds lazily. */
interface AgentInternals {
  compiled?: Compiled | Promise<Compiled>;
  /** Hooks added with `addHooks`, and the composition of all hooks (rebuilt on change). */
  added?: Hooks[];
  hooks?: Hooks;
  bus?: EventBus;
  background?: Set<Promise<void>>;
  /** Runs in flight (so that `close()` can wait for them, or stop them at its deadline). */
  active?: RunList;
  /** Set by `close()`: no new run starts. */
  closing?: boolean;
  /** Resolves `close()`'s wait once the last run in flight has ended. */
  drained?: () => void;
  /** Pauses continued by this agent without a store: `runId#round#pending ids`, the most recent kept. */
  claimed?: Set<string>;
}

/** Options of {@link Agent.close}. */
export interface CloseOptions {
  /**
   * How long to wait for runs in flight before stopping them; stopped runs end with an `aborted`
   * error and are still recorded. Default: wait for as long as they take.
   */
  timeoutMs?: number;
}

/**
 * An agent. See {@link AgentOptions}. `C` types the `context` value its runs pass to tools and
 * instructions (`agent.run(input, { context })`).
 */
export class Agent<C = any> implements AgentLike {
  /** The options given at construction (by reference). */
  declare readonly options: AgentOptions<C>;
  /** @internal Everything built lazily, in one slot so that construction stays two words. */
  declare private lazy: AgentInternals | undefined;

  constructor(options: AgentOptions<C>) {
    // Plain assignments rather than class fields (V8 runs field initializers through an extra
    // call); both slots are set so every agent keeps one shape.
    this.options = options;
    this.lazy = undefined;
  }

  /** The agent's name (`agent` when none was given). */
  get name(): string {
    return this.options.name ?? 'agent';
  }

  /** The agent's model. */
  get model(): Model {
    return this.options.model;
  }

  /** The typed event bus that every run of this agent emits to. */
  get events(): EventBus {
    const lazy = (this.lazy ??= {});
    return (lazy.bus ??= new EventBus());
  }

  /** The hooks every run calls: the agent's own, then those added with {@link addHooks}. */
  get hooks(): Hooks | undefined {
    const lazy = this.lazy;
    return lazy?.added === undefined ? this.options.hooks : lazy.hooks;
  }

  /**
   * Adds hooks (instrumentation, guardrails) after the agent's own, for runs that start from
   * now on. Returns a function that removes them.
   */
  addHooks(hooks: Hooks): () => void {
    const lazy = (this.lazy ??= {});
    const added = (lazy.added ??= []);
    added.push(hooks);
    const own = this.options.hooks;
    const recompose = () => {
      lazy.hooks = composeHooks(own === undefined ? added : [own, ...added]);
    };
    recompose();
    return () => {
      const i = added.indexOf(hooks);
      if (i < 0) return;
      added.splice(i, 1);
      recompose();
    };
  }

  /** @internal The event bus if anyone asked for it (runs skip events nobody can hear). */
  get bus(): EventBus | undefined {
    return this.lazy?.bus;
  }

  /** @internal The tables derived from the options, built on the first call. */
  tables(): Compiled | Promise<Compiled> {
    const lazy = (this.lazy ??= {});
    const c = lazy.compiled;
    if (c !== undefined) return c;
    if (!this.options.model) throw new ConfigError('an agent needs a model');
    const building = compile(this.options).then(
      (compiled) => (lazy.compiled = compiled),
      (error) => {
        lazy.compiled = undefined;
        throw error;
      },
    );
    lazy.compiled = building;
    return building;
  }

  /**
   * Runs the agent to its final answer (or until tool calls need confirmation).
   * Rejects with an {@link AgnoError}; `partialResultOf(error)` gives what the run had produced.
   */
  run<T = string>(input: RunInput, options: RunOptions<T, C> = NO_OPTIONS): Promise<RunResult<T>> {
    // Not an async function: a run whose tables are built starts without one more promise and
    // frame; what throws before the run starts still arrives as a rejection.
    try {
      const compiled = this.tables();
      if (compiled instanceof Promise) return this.runWhenCompiled(compiled, input, options);
      const run = this.track(new Run<T>(this, compiled, options, undefined, false));
      return run.start(input, this.instructions(compiled, options, input));
    } catch (error) {
      return Promise.reject(error);
    }
  }

  private async runWhenCompiled<T>(
    tables: Promise<Compiled>,
    input: RunInput,
    options: RunOptions<T, C>,
  ): Promise<RunResult<T>> {
    const compiled = await tables;
    const run = this.track(new Run<T>(this, compiled, options, undefined, false));
    return run.start(input, this.instructions(compiled, options, input));
  }

  /** The system prompt of a run, or the function that builds it when the run starts. */
  private instructions(compiled: Compiled, options: RunOptions<any>, input: RunInput): RunInstructions {
    return typeof this.options.instructions === 'function' || options.additionalInstructions !== undefined
      ? promptBuilder(this, compiled, input)
      : compiled.system;
  }

  /** Counts a run in flight; refuses it once the agent is closing. */
  private track<R extends Run<any>>(run: R): R {
    const lazy = this.lazy!;
    if (lazy.closing === true) {
      run.dispose();
      throw new AgnoError('closed', `agent "${this.name}" is closed: it starts no new runs`);
    }
    (lazy.active ??= new RunList()).add(run);
    return run;
  }

  /** @internal Called by each run when it has ended. */
  runEnded(run: object): void {
    const lazy = this.lazy;
    if (lazy?.active === undefined) return;
    lazy.active.delete(run as RunBase<unknown>);
    if (lazy.active.size === 0) lazy.drained?.();
  }

  /** Streams the run's text only: yields strings; the iterator throws the run's error. */
  stream<T = string>(
    input: RunInput,
    options: StreamOptions<T, C> & { textOnly: true },
  ): RunStream<string, T>;
  /** Streams the run's events; errors arrive as a `run-error` event, and `result` rejects. */
  stream<T = string>(
    input: RunInput,
    options?: StreamOptions<T, C> & { textOnly?: false },
  ): RunStream<AgentEvent, T>;
  stream<T = string>(
    input: RunInput,
    options: StreamOptions<T, C> & { textOnly?: boolean } = {},
  ): RunStream<AgentEvent | string, T> {
    return this.openStream(options, options.runId ?? randomRunId(), (run, compiled) =>
      run.start(input, this.instructions(compiled, options, input)),
    );
  }

  /** Starts a run that writes to a stream; `start` drives it once the tables are ready. */
  private openStream<T>(
    options: StreamOptions<T> & { textOnly?: boolean },
    runId: string,
    start: (run: Run<T>, compiled: Compiled) => Promise<RunResult<T>>,
  ): RunStream<AgentEvent | string, T> {
    checkLimits(options, 'stream options');
    const textOnly = options.textOnly === true;
    let run: Run<T> | undefined;
    let cancelled = false;
    const channel = new Channel<unknown>(options.bufferSize ?? 64, () => {
      cancelled = true;
      run?.stop(new AbortedError('the stream consumer stopped reading'));
    });
    const begin = (compiled: Compiled): Promise<RunResult<T>> => {
      run = this.track(new Run<T>(this, compiled, options, channel, textOnly, runId));
      if (cancelled) run.stop(new AbortedError('the stream consumer stopped reading'));
      return start(run, compiled);
    };
    // No async frame when the tables are built; a throw before the run starts rejects `result`.
    let result: Promise<RunResult<T>>;
    try {
      const compiled = this.tables();
      result = compiled instanceof Promise ? compiled.then(begin) : begin(compiled);
    } catch (error) {
      result = Promise.reject(error);
    }
    result.then(
      () => channel.end(),
      (error) => channel.end(textOnly ? error : undefined),
    );
    return {
      result,
      runId,
      abort: () => channel.return(),
      [Symbol.asyncIterator]: () => channel as AsyncIterator<AgentEvent | string>,
    };
  }

  /**
   * Continues a paused run: `paused` is the state a paused result carried, or its run id
   * when the agent's store keeps it. Give a decision for every pending call.
   */
  async continueRun<T = string>(
    paused: PausedRun | RunState | string,
    decisions: Record<string, ToolDecision>,
    options: RunOptions<T, C> = {},
  ): Promise<RunResult<T>> {
    let compiled = this.tables();
    if (compiled instanceof Promise) compiled = await compiled;
    const runId = typeof paused === 'string' ? paused : paused.runId;
    const run = this.track(new Run<T>(this, compiled, options, undefined, false, runId));
    return this.resume(run, paused, decisions, options);
  }

  /** Like {@link continueRun}, streaming the rest of the run as text only. */
  continueStream<T = string>(
    paused: PausedRun | RunState | string,
    decisions: Record<string, ToolDecision>,
    options: StreamOptions<T, C> & { textOnly: true },
  ): RunStream<string, T>;
  /** Like {@link continueRun}, streaming the rest of the run's events (see {@link stream}). */
  continueStream<T = string>(
    paused: PausedRun | RunState | string,
    decisions: Record<string, ToolDecision>,
    options?: StreamOptions<T, C> & { textOnly?: false },
  ): RunStream<AgentEvent, T>;
  continueStream<T = string>(
    paused: PausedRun | RunState | string,
    decisions: Record<string, ToolDecision>,
    options: StreamOptions<T, C> & { textOnly?: boolean } = {},
  ): RunStream<AgentEvent | string, T> {
    const runId = typeof paused === 'string' ? paused : paused.runId;
    return this.openStream(options, runId, (run) => this.resume(run, paused, decisions, options));
  }

  /** Claims the paused run for `run` (a tracked run with the paused run's id), then resumes it. */
  private async resume<T>(
    run: Run<T>,
    paused: PausedRun | RunState | string,
    decisions: Record<string, ToolDecision>,
    options: RunOptions<T>,
  ): Promise<RunResult<T>> {
    let state: PausedRun;
    try {
      state = await claimPause(
        pausedRunsOf(this.options.store),
        (this.lazy!.claimed ??= new Set()),
        paused,
        decisions,
      );
    } catch (error) {
      run.dispose();
      throw error;
    }
    run.adopt({ ...options, sessionId: state.sessionId, userId: state.userId });
    return run.resume(state, decisions);
  }

  /**
   * This agent as a tool another agent can call: the model's request runs this agent, its events
   * stream nested under the caller's (`agent-event`), its usage adds to the caller's, the caller's
   * signal and deadline stop it, and its pauses pause the caller (see the README).
   */
  asTool<Args = { input: string }>(options: AgentToolOptions<Args> = {}): Tool<Args, unknown, C> {
    return agentTool(this, options);
  }

  /**
   * Runs work after a run without holding its end (memory extraction, summaries).
   * Failures become `background-error` events; `close()` waits for all of it.
   */
  runInBackground(runId: string, task: string, work: () => Promise<unknown>): void {
    const lazy = (this.lazy ??= {});
    const set = (lazy.background ??= new Set());
    const p: Promise<void> = Promise.resolve()
      .then(work)
      .then(
        () => {},
        (error) => {
          const err = error instanceof AgnoError ? error : new AgnoError('tool_error', errorMessage(error));
          lazy.bus?.emit({ type: 'background-error', runId, task, error: err });
        },
      )
      .finally(() => set.delete(p));
    set.add(p);
  }

  /**
   * Shuts the agent down: starts no new run, waits for the runs in flight and their store writes
   * (with `timeoutMs`, stops those still running then: they end with an `aborted` error and are
   * recorded; a run without a signal, a timeout or a stream ends at its next step, which close
   * does not wait for), waits for background work, then closes toolkits and the store.
   */
  async close(options: CloseOptions = {}): Promise<void> {
    const lazy = (this.lazy ??= {});
    // Runs called before close() that wait for the tables are let in first (their continuations
    // were queued on the same promise before this one).
    if (lazy.compiled instanceof Promise) await lazy.compiled.catch(() => undefined);
    lazy.closing = true;
    const active = lazy.active;
    if (active !== undefined && active.size > 0) {
      const delay = timerDelay(options.timeoutMs);
      await new Promise<void>((resolve) => {
        let timer: ReturnType<typeof setTimeout> | undefined;
        lazy.drained = () => {
          if (timer !== undefined) clearTimeout(timer);
          resolve();
        };
        if (delay !== undefined) {
          timer = setTimeout(() => {
            const reason = new AbortedError(`agent "${this.name}" closed before the run ended`);
            const runs = active.snapshot();
            for (const run of runs) run.stop(reason);
            // Runs with a signal or deadline end at once; one with neither ends at its next step,
            // which close() does not wait for.
            if (runs.every((run) => run.signal === undefined)) lazy.drained?.();
          }, delay);
        }
      });
      lazy.drained = undefined;
    }
    while (lazy.background !== undefined && lazy.background.size > 0) {
      await Promise.all([...lazy.background]);
    }
    const compiled =
      lazy?.compiled instanceof Promise ? await lazy.compiled.catch(() => undefined) : lazy?.compiled;
    await closeResources(compiled?.toolkits ?? toolkitsOf(this.options.tools), this.options.store);
  }

  /** Same as {@link close} (waiting for runs in flight), for `await using agent = new Agent(...)`. */
  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }
}
