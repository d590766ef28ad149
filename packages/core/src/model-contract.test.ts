import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import {
  Agent,
  ConfigError,
  type HistoryStore,
  HookError,
  type Message,
  type Model,
  type ModelRequest,
  type ModelResponse,
  type ModelStreamEvent,
  type RunRecord,
  type Tool,
  wrapModel,
} from './index.js';

/** A plugin model as an author writes it: a list of replies, every request kept by reference. */
function pluginModel(replies: ModelResponse[]): Model & { requests: ModelRequest[] } {
  const requests: ModelRequest[] = [];
  let i = 0;
  return {
    provider: 'plugin',
    modelId: 'p-1',
    requests,
    async generate(request) {
      requests.push(request);
      return replies[i++]!;
    },
    async *stream(request) {
      requests.push(request);
      const r = replies[i++]!;
      if (r.text) yield { type: 'text-delta', text: r.text };
      for (const call of r.toolCalls ?? []) yield { type: 'tool-call-end', toolCall: call };
      yield { type: 'finish', finishReason: r.finishReason, usage: r.usage };
    },
  };
}

function addTool(calls: unknown[]): Tool<{ a: number; b: number }> {
  return {
    name: 'add',
    description: 'adds',
    parameters: { type: 'object', properties: { a: { type: 'number' }, b: { type: 'number' } } },
    execute: (args) => {
      calls.push(args);
      return args.a + args.b;
    },
  };
}

describe('ModelResponse is forgiving where plugin authors stumble', () => {
  it('takes a reply without toolCalls and usage without totalTokens', async () => {
    const model = pluginModel([
      { text: 'hi', finishReason: 'stop', usage: { inputTokens: 3, outputTokens: 4 } } as ModelResponse,
    ]);
    const result = await new Agent({ model }).run('x');
    expect(result.text).toBe('hi');
    expect(result.usage).toMatchObject({ inputTokens: 3, outputTokens: 4, totalTokens: 7 });
  });

  it('parses tool-call arguments given as JSON text, once, in runs and streams', async () => {
    for (const mode of ['run', 'stream'] as const) {
      const calls: unknown[] = [];
      const model = pluginModel([
        {
          text: '',
          finishReason: 'tool_calls',
          toolCalls: [{ id: 'c1', name: 'add', args: '{"a":2,"b":3}' }],
        },
        { text: 'five', finishReason: 'stop' },
      ]);
      const agent = new Agent({ model, tools: [addTool(calls)] });
      const result = mode === 'run' ? await agent.run('2+3?') : await agent.stream('2+3?').result;
      expect(calls).toEqual([{ a: 2, b: 3 }]);
      expect(result.toolCalls[0]).toMatchObject({ name: 'add', args: { a: 2, b: 3 }, result: '5' });
      const stored = result.messages.find((m) => m.role === 'assistant' && m.toolCalls !== undefined);
      expect(stored).toMatchObject({ toolCalls: [{ id: 'c1', args: { a: 2, b: 3 } }] });
    }
  });

  it('sends text that is not JSON back to the model as a tool error, without calling the tool', async () => {
    const calls: unknown[] = [];
    const model = pluginModel([
      { text: '', finishReason: 'tool_calls', toolCalls: [{ id: 'c1', name: 'add', args: '{"a":2,' }] },
      { text: 'sorry', finishReason: 'stop' },
    ]);
    const result = await new Agent({ model, tools: [addTool(calls)] }).run('x');
    expect(calls).toEqual([]);
    expect(result.toolCalls[0]).toMatchObject({ name: 'add', isError: true, errorCode: 'validation_error' });
    const toolMessage = model.requests[1]!.messages.find((m) => m.role === 'tool');
    expect(JSON.stringify(toolMessage)).toContain('not valid JSON');
  });
});

describe('the request a model sees is its own', () => {
  it('is not changed after the call: messages do not grow, toolChoice is not deleted', async () => {
    const calls: unknown[] = [];
    const model = pluginModel([
      { text: '', finishReason: 'tool_calls', toolCalls: [{ id: 'c1', name: 'add', args: { a: 1, b: 1 } }] },
      { text: 'two', finishReason: 'stop' },
    ]);
    await new Agent({ model, tools: [addTool(calls)] }).run('1+1?', { toolChoice: 'required' });
    const [first, second] = model.requests;
    expect(first).not.toBe(second);
    expect(first!.messages).toHaveLength(1);
    expect(first!.toolChoice).toBe('required');
    expect(second!.toolChoice).toBeUndefined();
    expect(second!.messages.map((m) => m.role)).toEqual(['user', 'assistant', 'tool']);
  });
});

describe('prepareRequest', () => {
  it('changes what the model gets, not the run conversation, and composes in order', async () => {
    const model = pluginModel([{ text: 'ok', finishReason: 'stop' }]);
    const seen: number[] = [];
    const agent = new Agent({
      model,
      instructions: 'be brief',
      hooks: {
        prepareRequest: ({ request }) => ({
          ...request,
          messages: [...request.messages, { role: 'user', content: 'first hook' } as Message],
        }),
      },
    });
    agent.addHooks({
      prepareRequest: ({ request }) => {
        seen.push(request.messages.length);
        return { ...request, messages: request.messages.filter((m) => m.role !== 'system') };
      },
      beforeModelCall: ({ request }) => {
        seen.push(request.messages.length);
      },
    });
    const result = await agent.run('hello');
    expect(seen).toEqual([3, 2]);
    expect(model.requests[0]!.messages.map((m) => m.content)).toEqual(['hello', 'first hook']);
    expect(result.messages.map((m) => m.content)).toEqual(['hello', 'ok']);
  });

  it('a hook that throws or returns no request fails the run with a HookError', async () => {
    for (const prepareRequest of [
      () => {
        throw new Error('boom');
      },
      () => undefined as unknown as ModelRequest,
    ]) {
      const agent = new Agent({
        model: pluginModel([{ text: 'ok', finishReason: 'stop' }]),
        hooks: { prepareRequest },
      });
      await expect(agent.run('x')).rejects.toBeInstanceOf(HookError);
    }
  });
});

describe('wrapModel', () => {
  it('runs middleware outermost first, on runs and streams', async () => {
    const order: string[] = [];
    const tag = (name: string) => ({
      name,
      transformRequest: ({ request }: { request: ModelRequest }) => {
        order.push(`${name}:request`);
        return { ...request, maxTokens: (request.maxTokens ?? 0) + 1 };
      },
      async wrapGenerate({
        generate,
        request,
      }: {
        generate: (r: ModelRequest) => Promise<ModelResponse>;
        request: ModelRequest;
      }) {
        order.push(`${name}:before`);
        const r = await generate(request);
        order.push(`${name}:after`);
        return { ...r, text: `${name}(${r.text})` };
      },
      async *wrapStream({
        stream,
        request,
      }: {
        stream: (r: ModelRequest) => AsyncIterable<ModelStreamEvent>;
        request: ModelRequest;
      }) {
        for await (const e of stream(request))
          yield e.type === 'text-delta' ? { ...e, text: e.text.toUpperCase() } : e;
      },
    });
    const inner = pluginModel([
      { text: 'hi', finishReason: 'stop' },
      { text: 'there', finishReason: 'stop' },
    ]);
    const model = wrapModel(inner, [tag('a'), tag('b')]);
    expect([model.provider, model.modelId]).toEqual(['plugin', 'p-1']);
    const result = await new Agent({ model }).run('x');
    expect(result.text).toBe('a(b(hi))');
    expect(order).toEqual(['a:request', 'a:before', 'b:request', 'b:before', 'b:after', 'a:after']);
    expect(inner.requests[0]!.maxTokens).toBe(2);
    const streamed = await new Agent({ model }).stream('x').result;
    expect(streamed.text).toBe('THERE');
    expect(inspect(model)).toBe('WrappedModel a(plugin:p-1)');
  });
});

describe('a store with history only', () => {
  function historyStore(): HistoryStore & { runs: RunRecord[] } {
    const runs: RunRecord[] = [];
    return {
      runs,
      async loadHistory(sessionId) {
        return runs.filter((r) => r.sessionId === sessionId).flatMap((r) => r.messages);
      },
      async appendRun(run) {
        runs.push(run);
      },
    };
  }

  it('keeps history; a paused run is continued from its state, not by id', async () => {
    const store = historyStore();
    const gated: Tool = {
      name: 'rm',
      description: 'removes',
      parameters: { type: 'object' },
      requiresConfirmation: true,
      execute: () => 'removed',
    };
    const model = pluginModel([
      { text: 'first', finishReason: 'stop' },
      { text: '', finishReason: 'tool_calls', toolCalls: [{ id: 'r1', name: 'rm', args: {} }] },
      { text: 'done', finishReason: 'stop' },
    ]);
    const agent = new Agent({ model, store, tools: [gated] });
    await agent.run('one', { sessionId: 's' });
    const paused = await agent.run('two', { sessionId: 's' });
    expect(paused.status).toBe('paused');
    expect(model.requests[1]!.messages.map((m) => m.content)).toEqual(['one', 'first', 'two']);
    await expect(agent.continueRun(paused.runId, { r1: { approved: true } })).rejects.toBeInstanceOf(
      ConfigError,
    );
    const done = await agent.continueRun(paused.paused!, { r1: { approved: true } });
    expect(done.text).toBe('done');
    expect(done.toolCalls).toMatchObject([{ name: 'rm', result: 'removed', isError: false }]);
    expect(store.runs.map((r) => r.text)).toEqual(['first', 'done']);
  });
});
