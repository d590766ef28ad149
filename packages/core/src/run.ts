/**
 * One run of an agent. The loop: call the model, run the tools it asks for, repeat until it
 * answers, then check structured output and store the run. Every run that ends is recorded
 * (completed or failed), and a run that stops ends at once, whatever its model or tools do.
 */
import { AgnoError, errorMessage, hookFailure, MaxToolRoundsError, OutputValidationError } from './errors.js';
import { guardInput, guardToolCalls } from './guardrail-run.js';
import type { AssistantMessage, Message } from './messages.js';
import { parseOutput } from './output.js';
import { RunBase, storeFailure } from './run-base.js';
import { callModel, modelRequest } from './run-model.js';
import { RUN_STATE_VERSION } from './run-state.js';
import {
  commitToolResults,
  decidedCalls,
  detectLoop,
  RUN_DEFAULTS,
  runTools,
  uniqueCallIds,
} from './run-tools.js';
import type {
  PausedRun,
  PendingToolCall,
  RunOptions,
  RunResult,
  ToolCallRecord,
  ToolDecision,
} from './run-types.js';
import { handOver, restoreSpeaker } from './speaker.js';
import { pausedRunsOf, type RunRecord } from './store.js';
import { nestedPending, takeNested } from './sub-run.js';

export { RUN_DEFAULTS } from './run-tools.js';

/** The partial result attached to an error that ended a run. */
const partials = new WeakMap<object, RunResult<unknown>>();

/** The partial result of the run that `error` ended, when there is one. */
export function partialResultOf(error: unknown): RunResult<unknown> | undefined {
  return typeof error === 'object' && error !== null ? partials.get(error) : undefined;
}

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

  /** Runs from a fresh start: builds the conversation, then loops. */
  async start(input: string | Message | Message[], instructions: RunInstructions): Promise<RunResult<T>> {
    try {
      const work = this.begin(input, instructions);
      // A run with a signal, a deadline or a stream can be stopped at once; a run with none of them
      // costs no guard (agent.close() stops it at its next step).
      return await (this.signal === undefined ? work : this.guard(work));
    } catch (error) {
      throw await this.fail(error);
    } finally {
      this.dispose();
    }
  }

  /** Builds the conversation and loops; without anything to wait for first, with no extra await. */
  private begin(input: string | Message | Message[], instructions: RunInstructions): Promise<RunResult<T>> {
    if (
      typeof instructions === 'function' ||
      (this.agent.options.store !== undefined && this.sessionId !== undefined) ||
      this.observed ||
      this.guards !== undefined
    ) {
      return this.prepare(input, instructions);
    }
    if (instructions) this.messages.push({ role: 'system', content: instructions });
    this.addInput(input);
    return this.loop();
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
    const messages = this.messages;
    if (system) messages.push({ role: 'system', content: system });
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
    return await this.loop();
  }

  /** Continues a paused run (already claimed) with a decision for each pending call. */
  async resume(paused: PausedRun, decisions: Record<string, ToolDecision>): Promise<RunResult<T>> {
    try {
      return await this.guard(this.proceed(paused, decisions));
    } catch (error) {
      throw await this.fail(error);
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
    if (again !== undefined) return this.pause(again, [...done.values()]);
    commitToolResults(this, calls, done);
    if (this.extras?.handoffTo !== undefined) await handOver(this);
    return await this.loop();
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
   * Turns what ended the run into its typed error: reports the calls it abandoned, records the
   * failed run in the store (when it has a session) and emits `run-error` without waiting for
   * a slow consumer.
   */
  private async fail(error: unknown): Promise<AgnoError> {
    let err: AgnoError;
    if (this.stopped) err = this.abortError(error === undefined ? undefined : error);
    else if (error instanceof AgnoError) err = error;
    else
      err = new AgnoError('internal_error', `the run failed unexpectedly: ${errorMessage(error)}`, {
        cause: error,
      });
    if (this.stopped && this.observed) this.reportAbandoned();
    // From here on nothing the abandoned work does reaches the stream, and stopping changes nothing.
    this.finished = true;
    // Text of a reply that output guardrails had not passed yet is left out of what is recorded.
    const partial = this.result(
      'error',
      this.guards?.output === undefined ? this.pendingText : '',
      undefined,
    );
    partials.set(err, partial as RunResult<unknown>);
    const store = this.agent.options.store;
    if (store !== undefined && this.sessionId !== undefined && this.runStart >= 0) {
      try {
        await store.appendRun(this.record(partial, 'error', err.code));
      } catch {
        // The run's own error says what went wrong; a store that cannot record it adds nothing.
      }
    }
    if (this.observed) {
      this.emitLast({
        type: 'run-error',
        runId: this.runId,
        error: err,
        partial: partial as RunResult<unknown>,
      });
    }
    return err;
  }

  /** Emits `call-abandoned` for each model or tool call the stopped run no longer waits for. */
  private reportAbandoned(): void {
    if (this.modelBusy) {
      const model = this.speaker.options.model;
      this.emit({ type: 'call-abandoned', runId: this.runId, kind: 'model', name: model.modelId });
    }
    if (this.busyTools !== undefined) {
      for (const call of this.busyTools) {
        this.emit({
          type: 'call-abandoned',
          runId: this.runId,
          kind: 'tool',
          name: call.name,
          toolCallId: call.id,
        });
      }
    }
  }

  /** The loop proper, from the model call of the current round on. */
  private async loop(): Promise<RunResult<T>> {
    const maxRounds = this.opt('maxToolRounds') ?? RUN_DEFAULTS.maxToolRounds;
    let repaired = false;
    for (;;) {
      if (this.modelCalls > 0 && this.modelCalls % YIELD_EVERY_MODEL_CALLS === 0) await yieldToTimers();
      const response = await callModel(this, modelRequest(this));
      let calls =
        response.toolCalls.length === 0 ? response.toolCalls : uniqueCallIds(response.toolCalls, this.round);
      // Every call of the turn is checked before any runs; a blocked turn is not recorded.
      if (calls.length > 0 && this.guards?.beforeTool !== undefined)
        calls = await guardToolCalls(this, calls);
      const assistant: AssistantMessage = { role: 'assistant', content: response.text };
      if (calls.length > 0) assistant.toolCalls = calls;
      if (response.providerData !== undefined) assistant.providerData = response.providerData;
      this.messages.push(assistant);
      if (calls.length === 0) {
        if (this.output === undefined) return this.complete(response.text, response.text as T);
        const parsed = await parseOutput(response.text, this.output);
        if (parsed.ok) return this.complete(response.text, parsed.value as T);
        if (repaired) throw new OutputValidationError(response.text, parsed.issues);
        repaired = true;
        this.messages.push({
          role: 'user',
          content: `Your reply did not match the required JSON schema: ${parsed.issues.join('; ')}. Reply again with only JSON that matches the schema.`,
        });
        continue;
      }
      if (this.round >= maxRounds) throw new MaxToolRoundsError(maxRounds);
      this.round++;
      detectLoop(this, calls);
      const paused = await runTools(this, calls);
      if (paused !== undefined) return this.pause(paused.pending, paused.done);
      if (this.extras?.handoffTo !== undefined) await handOver(this);
    }
  }

  private async pause(pending: PendingToolCall[], done: ToolCallRecord[]): Promise<RunResult<T>> {
    const counts: Record<string, number> = {};
    if (this.callCounts !== undefined) for (const [k, v] of this.callCounts) counts[k] = v;
    const paused: PausedRun = {
      schemaVersion: RUN_STATE_VERSION,
      runId: this.runId,
      sessionId: this.sessionId,
      userId: this.userId,
      agentName: this.agent.name,
      messages: this.messages,
      runStart: this.runStart,
      pending,
      done,
      round: this.round,
      usage: this.usage,
      toolCalls: this.toolCalls,
      callCounts: counts,
      createdAt: Date.now(),
    };
    const nested = takeNested(this);
    if (nested !== undefined) paused.nested = nested;
    if (this.speaker !== this.agent) paused.activeAgent = this.speaker.name;
    const store = pausedRunsOf(this.agent.options.store);
    if (store !== undefined) {
      this.committing = true;
      try {
        await store.savePausedRun(paused);
      } catch (error) {
        throw storeFailure(error, 'save the paused run');
      } finally {
        this.committing = false;
      }
    }
    const result = this.result('paused', '', undefined);
    result.pending = pending;
    result.paused = paused;
    this.finished = true;
    if (this.observed) {
      this.emitLast({ type: 'run-paused', runId: this.runId, pending, result: result as RunResult<unknown> });
    }
    return result;
  }

  private result(status: RunResult['status'], text: string, output: T | undefined): RunResult<T> {
    return {
      runId: this.runId,
      sessionId: this.sessionId,
      userId: this.userId,
      status,
      agentName: this.speaker.name,
      text,
      output: (output === undefined ? text : output) as T,
      messages: this.runStart < 0 ? [] : this.messages.slice(this.runStart),
      toolCalls: this.toolCalls,
      usage: this.usage,
      timings: {
        totalMs: performance.now() - this.startedAt,
        firstTokenMs: this.firstTokenAt === undefined ? undefined : this.firstTokenAt - this.startedAt,
        modelCallsMs: this.modelCallsMs,
        toolCallsMs: this.toolCallsMs,
      },
      modelCalls: this.modelCalls,
    };
  }

  private record(result: RunResult<T>, status: RunRecord['status'], errorCode?: string): RunRecord {
    const record: RunRecord = {
      runId: this.runId,
      sessionId: this.sessionId!,
      userId: this.userId,
      agentName: this.agent.name,
      status,
      messages: result.messages,
      text: result.text,
      toolCalls: result.toolCalls,
      usage: result.usage,
      timings: result.timings,
      createdAt: Date.now(),
    };
    if (errorCode !== undefined) record.errorCode = errorCode;
    return record;
  }

  private async complete(text: string, output: T): Promise<RunResult<T>> {
    const result = this.result('completed', text, output);
    const store = this.agent.options.store;
    if (store !== undefined && this.sessionId !== undefined) {
      this.committing = true;
      try {
        await store.appendRun(this.record(result, 'completed'));
      } catch (error) {
        throw storeFailure(error, 'store the run');
      } finally {
        this.committing = false;
      }
    }
    this.finished = true;
    if (this.observed)
      this.emitLast({ type: 'run-completed', runId: this.runId, result: result as RunResult<unknown> });
    return result;
  }
}
