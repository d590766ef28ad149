/**
 * One run of an agent. The loop: call the model, run the tools it asks for, repeat until it
 * answers, then check structured output and store the run. Every run that ends is recorded
 * (completed or failed), and a run that stops ends at once, whatever its model or tools do.
 */
import { hookFailure, MaxToolRoundsError, OutputValidationError } from './errors.js';
import { guardInput, guardToolCalls } from './guardrail-run.js';
import { detectLoop } from './loop-detection.js';
import type { AssistantMessage, Message, ToolCall } from './messages.js';
import type { ModelResponse } from './model.js';
import type { WholeResponse } from './model-response.js';
import { parseOutput } from './output.js';
import { RunBase, storeFailure } from './run-base.js';
import { failRun } from './run-fail.js';
import { callModel, modelDone, modelFailure, modelRequest, plainCall } from './run-model.js';
import { pauseRun } from './run-pause.js';
import { runRecord, runResult } from './run-result.js';
import { commitToolResults, decidedCalls, RUN_DEFAULTS, runTools, uniqueCallIds } from './run-tools.js';
import type { PausedRun, RunOptions, RunResult, ToolDecision } from './run-types.js';
import { handOver, restoreSpeaker } from './speaker.js';
import type { HistoryStore } from './store.js';
import { nestedPending } from './sub-run.js';

export { partialResultOf } from './run-result.js';
export { RUN_DEFAULTS } from './run-tools.js';

/** A model that answers without waiting on I/O starves timers; the loop yields this often. */
const YIELD_EVERY_MODEL_CALLS = 32;
const yieldToTimers: () => Promise<void> =
  typeof setImmediate === 'function'
    ? () => new Promise((resolve) => setImmediate(resolve))
    : () => new Promise((resolve) => setTimeout(resolve, 0));

/** The system prompt of a run: fixed, or built by the agent's instructions function. */
export type RunInstructions = string | undefined | ((run: RunBase<any>) => Promise<string | undefined>);

/** The per-run state and loop. */
export class Run<T> extends RunBase<T> {
  /** Takes the session and user of a paused run being continued. */
  adopt(options: RunOptions<T>): void {
    this.sessionId = options.sessionId;
    this.userId = options.userId;
  }

  /**
   * Runs from a fresh start: builds the conversation, then loops. A run with nothing to wait for
   * before its first model call and nothing that can stop it early (no signal, deadline or
   * stream) goes straight into the loop, which then ends the run itself (one async frame fewer).
   */
  start(input: string | Message | Message[], instructions: RunInstructions): Promise<RunResult<T>> {
    if (this.signal !== undefined || this.mustPrepare(instructions))
      return this.startGuarded(input, instructions);
    this.begin(input, instructions as string | undefined);
    // An agent without tools answers in one call: the reply is taken without the loop's frame.
    return this.compiled.specs === undefined && this.output === undefined && plainCall(this)
      ? this.firstCall()
      : this.loop(true);
  }

  /**
   * The first model call of a run that ends itself, with nothing around the call (see plainCall):
   * the reply is taken in a callback rather than in the loop's async frame, so a text answer ends
   * the run without one (about 300 bytes and a frame fewer per run). Tool calls (which a model
   * may still ask for) go on in the loop.
   */
  private firstCall(): Promise<RunResult<T>> {
    const start = performance.now();
    let reply: Promise<ModelResponse>;
    try {
      this.checkAbort();
      this.modelBusy = true;
      // The request shares the conversation's array: a text reply never adds to it, and a reply
      // with tool calls copies it first (firstReply), so the request never changes.
      reply = this.speaker.options.model.generate(modelRequest(this, true));
    } catch (error) {
      reply = Promise.reject(error);
    }
    // Bound methods rather than arrow functions: two bound functions cost about 150 bytes less
    // than two closures and the context they share.
    return reply.then(this.firstReply.bind(this, start), this.firstFailure.bind(this));
  }

  private firstFailure(error: unknown): Promise<never> {
    return this.failOwned(this.modelBusy ? this.modelError(error) : error);
  }

  private firstReply(start: number, reply: ModelResponse): RunResult<T> | Promise<RunResult<T>> {
    this.modelBusy = false;
    let result: RunResult<T>;
    try {
      const response = modelDone(this, reply, start);
      if (response.toolCalls.length > 0) {
        this.messages = this.messages.slice();
        return this.loop(true, response);
      }
      // The run ends here: its messages are its input and this reply, which is not pushed onto
      // the conversation (its array holds the input exactly). No store write on this path (a run
      // with a store and a session prepares first).
      const assistant = assistantMessage(response, response.toolCalls);
      result = this.completed(runResult(this, 'completed', response.text, undefined, assistant));
    } catch (error) {
      return this.failOwned(error);
    }
    this.dispose();
    return result;
  }

  /** The typed error for what a model call threw (the stop's error when the run stopped meanwhile). */
  private modelError(error: unknown): unknown {
    this.modelBusy = false;
    try {
      return modelFailure(this, error);
    } catch (stop) {
      return stop;
    }
  }

  /** Ends a run that owns its end with what `error` says: typed, recorded, disposed of. */
  private async failOwned(error: unknown): Promise<never> {
    try {
      throw await failRun(this, error);
    } finally {
      this.dispose();
    }
  }

  private async startGuarded(
    input: string | Message | Message[],
    instructions: RunInstructions,
  ): Promise<RunResult<T>> {
    try {
      let work: Promise<RunResult<T>>;
      if (this.mustWait(instructions)) work = this.prepare(input, instructions);
      else {
        // Nothing to wait for but `run-started` reaching a full stream (a stream's usual case).
        this.begin(input, instructions as string | undefined);
        const started = this.started();
        work = started === undefined ? this.loop(false) : started.then(() => this.loop(false));
      }
      // A run with a signal, a deadline or a stream can be stopped at once; a run with none of them
      // costs no guard (agent.close() stops it at its next step).
      return await (this.signal === undefined ? work : this.guard(work));
    } catch (error) {
      throw await failRun(this, error);
    } finally {
      this.dispose();
    }
  }

  /** Whether the run waits for something before its first model call (instructions, history, events, guards). */
  private mustPrepare(instructions: RunInstructions): boolean {
    return this.observed || this.mustWait(instructions);
  }

  /** Whether the run has to wait before its first model call (instructions to build, history to load, guards). */
  private mustWait(instructions: RunInstructions): boolean {
    return (
      typeof instructions === 'function' ||
      (this.agent.options.store !== undefined && this.sessionId !== undefined) ||
      this.guards !== undefined
    );
  }

  /**
   * Starts the conversation with the system prompt and the input. A text input makes it one
   * literal with exactly that room (an empty array's first push reserves 17 slots); a run that
   * answers in one call never grows it (see firstReply).
   */
  private begin(input: string | Message | Message[], system: string | undefined): void {
    if (typeof input === 'string') {
      const user: Message = { role: 'user', content: input };
      this.messages = system ? [{ role: 'system', content: system }, user] : [user];
      this.runStart = this.messages.length - 1;
      return;
    }
    this.messages = system ? [{ role: 'system', content: system }] : [];
    this.addInput(input);
  }

  private addInput(input: string | Message | Message[]): void {
    const messages = this.messages;
    this.runStart = messages.length;
    if (typeof input === 'string') messages.push({ role: 'user', content: input });
    else if (Array.isArray(input)) for (const m of input) messages.push(m);
    else messages.push(input);
  }

  private async prepare(
    input: string | Message | Message[],
    instructions: RunInstructions,
  ): Promise<RunResult<T>> {
    let system: string | undefined;
    if (typeof instructions === 'function') {
      try {
        system = await instructions(this);
      } catch (error) {
        throw hookFailure('instructions', error);
      }
      this.checkAbort();
    } else system = instructions;
    const messages: Message[] = system ? [{ role: 'system', content: system }] : [];
    this.messages = messages;
    const store = this.agent.options.store;
    if (store !== undefined && this.sessionId !== undefined) {
      const limit = this.opt('historyLimit') ?? RUN_DEFAULTS.historyLimit;
      if (limit > 0) {
        let history: Message[];
        try {
          history = await store.loadHistory(this.sessionId, {
            limit: limit === Number.POSITIVE_INFINITY ? undefined : limit,
            unit: this.opt('historyUnit') ?? 'messages',
            includeFailed: this.opt('includeFailedRuns') === true,
          });
        } catch (error) {
          throw storeFailure(error, 'load the session history');
        }
        this.checkAbort();
        for (const m of history) messages.push(m);
      }
    }
    this.addInput(input);
    const started = this.started();
    if (started !== undefined) await started;
    // Input guardrails pass before the model is called (so before any tool can run).
    if (this.guards?.input !== undefined) await guardInput(this);
    return await this.loop(false);
  }

  /** Continues a paused run (already claimed) with a decision for each pending call. */
  async resume(paused: PausedRun, decisions: Record<string, ToolDecision>): Promise<RunResult<T>> {
    try {
      return await this.guard(this.proceed(paused, decisions));
    } catch (error) {
      throw await failRun(this, error);
    } finally {
      this.dispose();
    }
  }

  private async proceed(paused: PausedRun, decisions: Record<string, ToolDecision>): Promise<RunResult<T>> {
    this.messages = paused.messages;
    this.runStart = paused.runStart;
    this.round = paused.round;
    this.usage = paused.usage;
    this.toolCalls = paused.toolCalls;
    this.callCounts = new Map(Object.entries(paused.callCounts));
    const started = this.started();
    if (started !== undefined) await started;
    const assistant = this.messages[this.messages.length - 1] as AssistantMessage;
    const calls = assistant.toolCalls ?? [];
    if (paused.activeAgent !== undefined) await restoreSpeaker(this, paused.activeAgent);
    const done = new Map(paused.done.map((r) => [r.id, r]));
    const records = await Promise.all(decidedCalls(this, paused, calls, decisions));
    // A sub-agent that pauses again pauses this run again, in the same turn.
    const again = nestedPending(this, records, undefined);
    for (const r of records) done.set(r.id, r);
    if (again !== undefined) return pauseRun(this, again, [...done.values()]);
    commitToolResults(this, calls, done);
    if (this.extras?.handoffTo !== undefined) await handOver(this);
    return await this.loop(false);
  }

  /** Emits `run-started` (for a fresh run and for a continued one); a promise only under backpressure. */
  private started(): Promise<void> | undefined {
    if (!this.observed) return undefined;
    return this.emit({
      type: 'run-started',
      runId: this.runId,
      sessionId: this.sessionId,
      agentName: this.agent.name,
    });
  }

  /**
   * The loop proper, from the model call of the current round on. When `owns` (a run started
   * without a guard), it also ends the run: a failure becomes the run's typed error, and the run
   * is disposed of.
   */
  private async loop(owns: boolean, first?: WholeResponse): Promise<RunResult<T>> {
    try {
      let repaired = false;
      for (;;) {
        let response: WholeResponse;
        if (first !== undefined) {
          response = first;
          first = undefined;
        } else {
          if (this.modelCalls % YIELD_EVERY_MODEL_CALLS === 0 && this.modelCalls > 0) await yieldToTimers();
          if (plainCall(this)) {
            // Nothing around the call (see plainCall): the model is awaited here.
            this.checkAbort();
            const start = performance.now();
            let reply: ModelResponse;
            this.modelBusy = true;
            try {
              reply = await this.speaker.options.model.generate(modelRequest(this));
            } catch (error) {
              throw modelFailure(this, error);
            } finally {
              this.modelBusy = false;
            }
            response = modelDone(this, reply, start);
          } else response = await callModel(this, modelRequest(this));
        }
        let calls =
          response.toolCalls.length === 0
            ? response.toolCalls
            : uniqueCallIds(response.toolCalls, this.round);
        // Every call of the turn is checked before any runs; a blocked turn is not recorded.
        if (calls.length > 0 && this.guards?.beforeTool !== undefined)
          calls = await guardToolCalls(this, calls);
        this.messages.push(assistantMessage(response, calls));
        if (calls.length === 0) {
          let output = response.text as T;
          if (this.output !== undefined) {
            const parsed = await parseOutput(response.text, this.output);
            if (!parsed.ok) {
              if (repaired) throw new OutputValidationError(response.text, parsed.issues);
              repaired = true;
              this.messages.push({
                role: 'user',
                content: `Your reply did not match the required JSON schema: ${parsed.issues.join('; ')}. Reply again with only JSON that matches the schema.`,
              });
              continue;
            }
            output = parsed.value as T;
          }
          const done = this.complete(response.text, output);
          return done instanceof Promise ? await done : done;
        }
        const maxRounds =
          this.options.maxToolRounds ??
          this.agent.options.defaults?.maxToolRounds ??
          RUN_DEFAULTS.maxToolRounds;
        if (this.round >= maxRounds) throw new MaxToolRoundsError(maxRounds);
        this.round++;
        detectLoop(this, calls);
        let paused = runTools(this, calls);
        if (paused instanceof Promise) paused = await paused;
        if (paused !== undefined) return await pauseRun(this, paused.pending, paused.done);
        if (this.extras?.handoffTo !== undefined) await handOver(this);
      }
    } catch (error) {
      if (owns) throw await failRun(this, error);
      throw error;
    } finally {
      if (owns) this.dispose();
    }
  }

  /** Ends the run with its result; a promise only when the run is written to a store first. */
  private complete(text: string, output: T): RunResult<T> | Promise<RunResult<T>> {
    const result = runResult(this, 'completed', text, output);
    const store = this.agent.options.store;
    if (store !== undefined && this.sessionId !== undefined) return this.commit(store, result);
    return this.completed(result);
  }

  private async commit(store: HistoryStore, result: RunResult<T>): Promise<RunResult<T>> {
    this.committing = true;
    try {
      await store.appendRun(runRecord(this, result, 'completed'));
    } catch (error) {
      throw storeFailure(error, 'store the run');
    } finally {
      this.committing = false;
    }
    return this.completed(result);
  }

  private completed(result: RunResult<T>): RunResult<T> {
    this.finished = true;
    if (this.observed)
      this.emitLast({ type: 'run-completed', runId: this.runId, result: result as RunResult<unknown> });
    return result;
  }
}

/** The assistant message of a model reply whose tool calls are `calls`. */
function assistantMessage(response: WholeResponse, calls: ToolCall[]): AssistantMessage {
  const assistant: AssistantMessage = { role: 'assistant', content: response.text };
  if (calls.length > 0) assistant.toolCalls = calls;
  if (response.reasoning !== undefined) assistant.reasoning = response.reasoning;
  if (response.providerData !== undefined) assistant.providerData = response.providerData;
  return assistant;
}
