import { describe, expect, it } from 'vitest';
import { deferred, ScriptedModel, sleep } from './fixtures/index.js';
import {
  Agent,
  type AgentEvent,
  ConfigError,
  InMemorySessionStore,
  type Model,
  type ModelResponse,
  TimeoutError,
  type Tool,
} from './index.js';

/** A tool that never settles and ignores its signal; `late` resolves it after the run ended. */
function stuckTool(name = 'stuck') {
  const gate = deferred<string>();
  let calls = 0;
  const tool: Tool = {
    name,
    description: 'never returns',
    parameters: { type: 'object', properties: {} },
    execute: () => {
      calls++;
      return gate.promise;
    },
  };
  return { tool, late: gate.resolve, calls: () => calls };
}

const callsStuck = { turns: [{ toolCalls: [{ name: 'stuck', args: {} }] }, 'done'] };

describe('deadlines end runs whatever their tools and models do', () => {
  it('ends a run whose tool ignores its signal at timeoutMs, reports the tool, and drops its late result', async () => {
    const { tool, late } = stuckTool();
    const store = new InMemorySessionStore();
    const agent = new Agent({ model: new ScriptedModel(callsStuck), tools: [tool], store });
    const events: AgentEvent[] = [];
    agent.events.on('*', (e) => events.push(e));
    const started = performance.now();
    // 300 ms: long enough for the tool to start on a loaded machine, far shorter than the liveness bound.
    const error = await agent.run('go', { timeoutMs: 300, sessionId: 's' }).catch((e) => e);
    expect(performance.now() - started).toBeLessThan(5_000);
    expect(error).toBeInstanceOf(TimeoutError);
    expect(events).toContainEqual(
      expect.objectContaining({ type: 'call-abandoned', kind: 'tool', name: 'stuck' }),
    );
    const count = events.length;
    late('too late');
    await sleep(20);
    // Nothing after the run's end: no tool-call-completed, no second model call, no completed record.
    expect(events.length).toBe(count);
    const runs = await store.listRuns('s');
    expect(runs.map((r) => [r.status, r.errorCode])).toEqual([['error', 'timeout']]);
  });

  it('ends a run whose model never answers when the caller aborts, and names the model', async () => {
    const model: Model = {
      provider: 'test',
      modelId: 'frozen-model',
      generate: () => new Promise<ModelResponse>(() => {}),
      stream: () => ({ [Symbol.asyncIterator]: () => ({ next: () => new Promise(() => {}) }) }),
    };
    const agent = new Agent({ model });
    const abandoned: AgentEvent[] = [];
    agent.events.on('call-abandoned', (e) => abandoned.push(e));
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 20);
    const error = await agent.run('x', { signal: controller.signal }).catch((e) => e);
    expect(error.code).toBe('aborted');
    expect(abandoned).toEqual([
      { type: 'call-abandoned', runId: expect.any(String), kind: 'model', name: 'frozen-model' },
    ]);
    // The same through a stream whose model never sends its first event.
    const stream = agent.stream('x', { timeoutMs: 20 });
    const seen: string[] = [];
    for await (const e of stream) seen.push(e.type);
    await expect(stream.result).rejects.toBeInstanceOf(TimeoutError);
    expect(seen.slice(-2)).toEqual(['call-abandoned', 'run-error']);
  });

  it('times out a stream whose consumer stopped reading', async () => {
    const model = new ScriptedModel({ turns: ['a long answer '.repeat(50)], chunkSize: 1 });
    const stream = new Agent({ model }).stream('x', { timeoutMs: 30, bufferSize: 2 });
    const iterator = stream[Symbol.asyncIterator]();
    await iterator.next(); // then the consumer stalls
    const error = await stream.result.catch((e) => e);
    expect(error).toBeInstanceOf(TimeoutError);
    // Once it reads again it gets what was buffered, then the run-error, then the end.
    const rest: string[] = [];
    for (let r = await iterator.next(); !r.done; r = await iterator.next()) rest.push(r.value.type);
    expect(rest.at(-1)).toBe('run-error');
  });

  it('lets timers fire when the model answers without waiting on I/O', async () => {
    let n = 0;
    const model = new ScriptedModel({
      respond: () => ({ toolCalls: [{ name: 'add', args: { a: n++, b: 1 } }] }),
      record: false,
    });
    const add: Tool = {
      name: 'add',
      description: 'adds',
      parameters: { type: 'object', properties: {} },
      execute: () => 1,
    };
    const agent = new Agent({ model, tools: [add] });
    const unbounded = { maxToolRounds: Number.POSITIVE_INFINITY, maxRepeatedToolCalls: 0 };
    await expect(agent.run('x', { ...unbounded, timeoutMs: 50 })).rejects.toBeInstanceOf(TimeoutError);
    // A caller's timer-based signal fires too: the loop yields to the event loop.
    const error = await agent.run('x', { ...unbounded, signal: AbortSignal.timeout(50) }).catch((e) => e);
    expect(error.code).toBe('aborted');
  });

  it('treats timeouts of 2^31 ms or more, and Infinity, as no timeout', async () => {
    const model = new ScriptedModel({ turns: [{ text: 'fine', delayMs: 20 }] });
    const agent = new Agent({ model });
    for (const timeoutMs of [2 ** 31, 2 ** 40, Number.POSITIVE_INFINITY]) {
      const result = await agent.run('x', { timeoutMs });
      expect(result.text).toBe('fine');
    }
    const slowTool: Tool = {
      name: 'slow',
      description: 'slow',
      parameters: { type: 'object', properties: {} },
      timeoutMs: 2 ** 31,
      execute: async () => {
        await sleep(20);
        return 'ok';
      },
    };
    const withTool = new Agent({
      model: new ScriptedModel({ turns: [{ toolCalls: [{ name: 'slow', args: {} }] }, 'done'] }),
      tools: [slowTool],
    });
    const result = await withTool.run('x');
    expect(result.toolCalls[0]).toMatchObject({ result: 'ok', isError: false });
  });

  it('refuses NaN, negative and fractional limits with a ConfigError before anything runs', async () => {
    const model = new ScriptedModel({ turns: ['x'] });
    const agent = new Agent({ model });
    const bad: Record<string, unknown>[] = [
      { maxToolRounds: Number.NaN },
      { maxToolRounds: -1 },
      { maxToolRounds: 1.5 },
      { maxParallelToolCalls: 0 },
      { maxRepeatedToolCalls: Number.NaN },
      { timeoutMs: -5 },
      { timeoutMs: Number.NaN },
      { timeoutMs: 10.5 },
      { historyLimit: -1 },
    ];
    for (const options of bad) {
      const error = await agent.run('x', options).catch((e) => e);
      expect(error, JSON.stringify(options)).toBeInstanceOf(ConfigError);
      expect(error.message).toContain(Object.keys(options)[0]);
    }
    expect(() => agent.stream('x', { bufferSize: 0 })).toThrow(ConfigError);
    expect(() => agent.stream('x', { bufferSize: 2.5 })).toThrow(ConfigError);
    expect(() => agent.stream('x', { timeoutMs: Number.NaN })).toThrow(ConfigError);
    const byDefault = new Agent({ model, defaults: { maxToolRounds: Number.NaN } });
    await expect(byDefault.run('x')).rejects.toBeInstanceOf(ConfigError);
    const badTool: Tool = {
      name: 't',
      description: 't',
      parameters: { type: 'object', properties: {} },
      timeoutMs: -1,
      execute: () => 'x',
    };
    await expect(new Agent({ model, tools: [badTool] }).run('x')).rejects.toBeInstanceOf(ConfigError);
    expect(model.calls).toBe(0);
  });
});
