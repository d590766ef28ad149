/**
 * One model call of a run: before/after hooks, events, streaming text to the consumer
 * (coalesced when asked), assembling the reply, usage and timing.
 */
import { AgnoError, BlockedError, errorMessage, hookFailure, ModelError } from './errors.js';
import { addUsage, type ToolCall, type Usage } from './messages.js';
import type { ModelRequest, ModelResponse } from './model.js';
import type { RunBase } from './run-base.js';
import type { HookDecision, ModelHookContext } from './run-types.js';

/**
 * The run's model request: built once and reused for every call of the run (its `messages` is
 * the run's growing conversation), so a tool round allocates no new request.
 */
export function modelRequest(run: RunBase<unknown>): ModelRequest {
  let req = run.req;
  if (req !== undefined) {
    if (req.toolChoice !== undefined && run.modelCalls > 0) delete req.toolChoice;
    return req;
  }
  req = { messages: run.messages };
  const specs = run.compiled.specs;
  if (specs !== undefined) {
    req.tools = specs;
    const choice = run.opt('toolChoice');
    if (choice !== undefined && run.modelCalls === 0) req.toolChoice = choice;
  }
  const maxTokens = run.opt('maxTokens');
  if (maxTokens !== undefined) req.maxTokens = maxTokens;
  const temperature = run.opt('temperature');
  if (temperature !== undefined) req.temperature = temperature;
  const stop = run.opt('stop');
  if (stop !== undefined) req.stop = stop;
  if (run.output !== undefined) req.responseFormat = run.output.format;
  if (run.signal !== undefined) req.signal = run.signal;
  const providerOptions = run.opt('providerOptions');
  if (providerOptions !== undefined) req.providerOptions = providerOptions;
  run.req = req;
  return req;
}

/** Calls the model once (streaming when the run streams) and records usage and timing. */
export async function callModel(run: RunBase<unknown>, request: ModelRequest): Promise<ModelResponse> {
  run.checkAbort();
  const hooks = run.hooks;
  const round = run.modelCalls;
  const hookCtx: ModelHookContext | undefined =
    hooks === undefined
      ? undefined
      : { runId: run.runId, sessionId: run.sessionId, agentName: run.agent.name, round, request };
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
  if (run.observed) {
    const p = run.emit({ type: 'model-call-started', runId: run.runId, round, request });
    if (p !== undefined) await p;
  }
  const start = performance.now();
  let response: ModelResponse;
  run.modelBusy = true;
  try {
    response =
      run.sink === undefined
        ? await run.agent.options.model.generate(request)
        : await streamModel(run, request);
  } catch (error) {
    if (run.stopped) run.checkAbort();
    throw error instanceof AgnoError ? error : new ModelError(errorMessage(error), { cause: error });
  } finally {
    run.modelBusy = false;
  }
  run.checkAbort();
  const end = performance.now();
  if (run.firstTokenAt === undefined) run.firstTokenAt = end;
  run.modelCallsMs.push(end - start);
  run.modelCalls++;
  addUsage(run.usage, response.usage);
  if (hooks?.afterModelCall !== undefined) {
    try {
      const done = hooks.afterModelCall({ ...hookCtx!, response });
      if (done instanceof Promise) await done;
    } catch (error) {
      throw hookFailure('afterModelCall', error);
    }
  }
  if (run.observed) {
    const p = run.emit({
      type: 'model-call-completed',
      runId: run.runId,
      round,
      usage: response.usage,
      finishReason: response.finishReason,
      durationMs: end - start,
    });
    if (p !== undefined) await p;
  }
  run.checkAbort();
  return response;
}

/** Consumes a model stream, forwarding text deltas (coalesced when asked) and assembling the reply. */
async function streamModel(run: RunBase<unknown>, request: ModelRequest): Promise<ModelResponse> {
  const toolCalls: ToolCall[] = [];
  let finishReason: ModelResponse['finishReason'] = 'other';
  let usage: Usage | undefined;
  let sawFinish = false;
  let providerData: Record<string, unknown> | undefined;
  const flushMs = run.flushMs;
  let held = '';
  let lastFlush = performance.now();
  let events = 0;
  run.pendingText = '';
  for await (const event of run.agent.options.model.stream(request)) {
    switch (event.type) {
      case 'text-delta': {
        if (event.text.length === 0) break;
        if (run.firstTokenAt === undefined) run.firstTokenAt = performance.now();
        run.pendingText += event.text;
        if (flushMs > 0) {
          held += event.text;
          const now = performance.now();
          if (now - lastFlush < flushMs) break;
          lastFlush = now;
          const p = pushText(run, held);
          held = '';
          if (p !== undefined) await p;
        } else {
          const p = pushText(run, event.text);
          if (p !== undefined) await p;
        }
        break;
      }
      case 'tool-call-end':
        toolCalls.push(event.toolCall);
        break;
      case 'usage':
        usage = event.usage;
        break;
      case 'finish':
        finishReason = event.finishReason;
        if (event.usage !== undefined) usage = event.usage;
        if (event.providerData !== undefined) providerData = event.providerData;
        sawFinish = true;
        break;
    }
    // A stream that never waits on I/O starves timers: its deadline is checked here as well.
    if ((++events & 63) === 0) run.checkAbort();
    if (run.stopped) break;
  }
  if (held.length > 0) {
    const p = pushText(run, held);
    if (p !== undefined) await p;
  }
  run.checkAbort();
  if (!sawFinish) {
    throw new ModelError('the model stream ended before its finish event', { code: 'stream_interrupted' });
  }
  const text = run.pendingText;
  run.pendingText = '';
  const response: ModelResponse = { text, toolCalls, finishReason, usage };
  if (providerData !== undefined) response.providerData = providerData;
  return response;
}

function pushText(run: RunBase<unknown>, text: string): Promise<void> | undefined {
  if (run.textOnly) {
    const bus = run.agent.bus;
    if (bus !== undefined && bus.size > 0) bus.emit({ type: 'text-delta', runId: run.runId, text });
    return run.sink!.push(text);
  }
  return run.emit({ type: 'text-delta', runId: run.runId, text });
}
