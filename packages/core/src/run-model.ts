/**
 * One model call of a run: before/after hooks, events, streaming text to the consumer
 * (coalesced when asked), assembling the reply, usage and timing.
 */

import { append } from './append.js';
import { AgnoError, BlockedError, errorMessage, hookFailure, ModelError } from './errors.js';
import type { ModelCallCompletedEvent } from './events.js';
import { guardModelCall, guardModelDone, guardReply } from './guardrail-run.js';
import { addUsage, type Message } from './messages.js';
import type { Model, ModelRequest, ModelResponse } from './model.js';
import { nextModel, recordModelUsage } from './model-fallback.js';
import { type WholeResponse, wholeResponse } from './model-response.js';
import { pushText, streamModel } from './model-stream.js';
import type { RunBase } from './run-base.js';
import type { HookDecision, ModelHookContext, RunOptions } from './run-types.js';

/**
 * The request for the run's next model call: a new object per call whose `messages` is a copy of
 * the conversation so far, so what a model, middleware or hook keeps of it never changes after
 * the call. `shared`: the conversation itself, for a caller that replaces the run's array before
 * it adds to it (copy on write; see `Run.firstCall`). The options part (tools, limits, format, signal) is built once per run and shared;
 * a run that sets none of them shares its agent's.
 */
export function modelRequest(run: RunBase<unknown>, shared = false): ModelRequest {
  const base = (run.req ??= requestOptions(run));
  const req: ModelRequest = { ...base, messages: shared ? run.messages : run.messages.slice() };
  // A forced tool choice applies to the first call only (else the model could never answer).
  if (run.modelCalls === 0 && base.tools !== undefined) {
    const choice = run.opt('toolChoice');
    if (choice !== undefined) req.toolChoice = choice;
  }
  return req;
}

/** The options part of the run's requests (see {@link modelRequest}). */
function requestOptions(run: RunBase<unknown>): ModelRequest {
  // Named reads rather than `run.opt(key)`: four keyed lookups per run add up.
  const own = run.options;
  const defaults = run.agent.options.defaults ?? NO_DEFAULTS;
  const maxTokens = own.maxTokens !== undefined ? own.maxTokens : defaults.maxTokens;
  const temperature = own.temperature !== undefined ? own.temperature : defaults.temperature;
  const stop = own.stop !== undefined ? own.stop : defaults.stop;
  const providerOptions = own.providerOptions !== undefined ? own.providerOptions : defaults.providerOptions;
  const reasoning = own.reasoning !== undefined ? own.reasoning : defaults.reasoning;
  if (
    reasoning === undefined &&
    maxTokens === undefined &&
    temperature === undefined &&
    stop === undefined &&
    providerOptions === undefined &&
    run.output === undefined &&
    run.signal === undefined
  ) {
    return run.compiled.request;
  }
  const base: ModelRequest = { messages: EMPTY };
  const specs = run.compiled.specs;
  if (specs !== undefined) base.tools = specs;
  if (maxTokens !== undefined) base.maxTokens = maxTokens;
  if (temperature !== undefined) base.temperature = temperature;
  if (stop !== undefined) base.stop = stop;
  if (run.output !== undefined) base.responseFormat = run.output.format;
  if (run.signal !== undefined) base.signal = run.signal;
  if (providerOptions !== undefined) base.providerOptions = providerOptions;
  if (reasoning !== undefined) base.reasoning = reasoning;
  return base;
}

const EMPTY: readonly Message[] = Object.freeze([]);
const NO_DEFAULTS: RunOptions<unknown> = Object.freeze({});

/** Calls the model once (streaming when the run streams) and records usage and timing. */
export async function callModel(run: RunBase<unknown>, request: ModelRequest): Promise<WholeResponse> {
  run.checkAbort();
  const hooks = run.hooks;
  const round = run.modelCalls;
  const hookCtx: ModelHookContext | undefined =
    hooks === undefined
      ? undefined
      : { runId: run.runId, sessionId: run.sessionId, agentName: run.agent.name, round, request };
  if (hooks?.prepareRequest !== undefined) {
    let prepared: ModelRequest | Promise<ModelRequest>;
    try {
      prepared = hooks.prepareRequest(hookCtx!);
      if (prepared instanceof Promise) prepared = await prepared;
    } catch (error) {
      throw hookFailure('prepareRequest', error);
    }
    if (prepared === null || typeof prepared !== 'object' || !Array.isArray(prepared.messages)) {
      throw hookFailure('prepareRequest', new TypeError('it must return a request with a messages array'));
    }
    request = prepared;
    hookCtx!.request = request;
    run.checkAbort();
  }
  if (hooks?.beforeModelCall !== undefined) {
    let decision: HookDecision | Promise<HookDecision>;
    try {
      decision = hooks.beforeModelCall(hookCtx!);
      if (decision instanceof Promise) decision = await decision;
    } catch (error) {
      throw hookFailure('beforeModelCall', error);
    }
    if (decision && typeof decision === 'object' && 'block' in decision)
      throw new BlockedError(decision.block);
    run.checkAbort();
  }
  const guards = run.guards;
  if (guards?.beforeModel !== undefined) {
    await guardModelCall(run, request, round);
    run.checkAbort();
  }
  if (run.observed) {
    const p = run.emit({ type: 'model-call-started', runId: run.runId, round, request });
    if (p !== undefined) await p;
  }
  const start = performance.now();
  let reply: ModelResponse;
  let model = run.speaker.options.model;
  run.modelBusy = true;
  try {
    // The speaker's model, then each fallback model in turn while failures are worth it.
    for (let attempt = 0; ; attempt++) {
      try {
        reply =
          run.sink === undefined ? await model.generate(request) : await streamModel(run, request, model);
        break;
      } catch (error) {
        model = await nextModel(run, model, modelFailure(run, error), attempt, round);
      }
    }
  } finally {
    run.modelBusy = false;
  }
  let response = modelDone(run, reply, start, model);
  const durationMs = run.modelCallsMs[run.modelCallsMs.length - 1]!;
  if (guards !== undefined) {
    if (guards.afterModel !== undefined) await guardModelDone(run, response.usage, round);
    // A reply is checked whole unless it streamed through a pass-through gate; a held stream's
    // text reaches the consumer only now, once it passed (redacted when a check rewrote it).
    if (guards.output !== undefined && (run.sink === undefined || guards.hold)) {
      response = await guardReply(run, response);
      if (run.sink !== undefined && response.text.length > 0) {
        const p = pushText(run, response.text);
        if (p !== undefined) await p;
      }
    }
  }
  if (hooks?.afterModelCall !== undefined) {
    try {
      const done = hooks.afterModelCall({ ...hookCtx!, response });
      if (done instanceof Promise) await done;
    } catch (error) {
      throw hookFailure('afterModelCall', error);
    }
  }
  if (run.observed) {
    const event: ModelCallCompletedEvent = {
      type: 'model-call-completed',
      runId: run.runId,
      round,
      usage: response.usage,
      finishReason: response.finishReason,
      durationMs,
      model: run.fallback?.answeredBy ?? run.compiled.modelLabel,
    };
    if (response.cached === true) event.cached = true;
    const p = run.emit(event);
    if (p !== undefined) await p;
  }
  run.checkAbort();
  return response;
}

/**
 * Whether the run's next model call needs nothing around it: no hooks, guardrails, stream or
 * listener. The loop then awaits the model itself, with {@link modelFailure} and {@link modelDone}
 * (one async frame, one promise and no event object fewer per call).
 */
export function plainCall(run: RunBase<unknown>): boolean {
  return (
    run.sink === undefined &&
    run.fallback === undefined &&
    run.hooks === undefined &&
    run.guards === undefined &&
    (run.agent.bus === undefined || run.agent.bus.size === 0)
  );
}

/** The typed error for what a model call threw (the stop's error when the run was stopped meanwhile). */
export function modelFailure(run: RunBase<unknown>, error: unknown): AgnoError {
  if (run.stopped) run.checkAbort();
  return error instanceof AgnoError ? error : new ModelError(errorMessage(error), { cause: error });
}

/**
 * Records a finished model call (started at `start`, answered by `model`): its timing, usage and
 * reasoning; the reply made whole.
 */
export function modelDone(
  run: RunBase<unknown>,
  reply: ModelResponse,
  start: number,
  model?: Model,
): WholeResponse {
  const response = wholeResponse(reply);
  run.checkAbort();
  const end = performance.now();
  if (run.firstTokenAt === undefined) run.firstTokenAt = end;
  run.modelCallsMs = append(run.modelCallsMs, end - start);
  run.modelCalls++;
  addUsage(run.usage, response.usage);
  if (model !== undefined) recordModelUsage(run, model, response.usage);
  const reasoning = response.reasoning;
  if (reasoning !== undefined && reasoning.length > 0)
    run.reasoning = run.reasoning === undefined ? reasoning : `${run.reasoning}\n\n${reasoning}`;
  return response;
}
