import { describe, expect, it } from 'vitest';
import { addTool, ScriptedModel, sleep } from './fixtures/index.js';
import {
  AbortedError,
  Agent,
  type AgentEvent,
  type Model,
  type ModelRequest,
  type ModelStreamEvent,
  partialResultOf,
  type Tool,
} from './index.js';

describe('Agent.stream', () => {
  it('yields typed events in order, and resolves the result', async () => {
    const model = new ScriptedModel({
      chunkSize: 4,
      turns: [{ toolCalls: [{ name: 'add', args: { a: 1, b: 1 }, id: 't1' }] }, 'one plus one is two'],
    });
    const agent = new Agent({ model, tools: [addTool] });
    const stream = agent.stream('1+1?');
    const events: AgentEvent[] = [];
    for await (const event of stream) events.push(event);
    const types = events.map((e) => e.type);
    expect(types[0]).toBe('run-started');
    expect(types.slice(1, 5)).toEqual([
      'model-call-started',
      'model-call-completed',
      'tool-call-started',
      'tool-call-completed',
    ]);
    expect(types[5]).toBe('model-call-started');
    expect(types.filter((t) => t === 'text-delta').length).toBe(5);
    expect(types.slice(-2)).toEqual(['model-call-completed', 'run-completed']);
    const text = events.flatMap((e) => (e.type === 'text-delta' ? [e.text] : [])).join('');
    expect(text).toBe('one plus one is two');
    const completed = events.find((e) => e.type === 'tool-call-completed');
    expect(completed).toMatchObject({ result: '2', isError: false, toolCall: { id: 't1' } });
    expect(events.every((e) => e.runId === stream.runId)).toBe(true);
    const result = await stream.result;
    expect(result.text).toBe('one plus one is two');
    expect(result.runId).toBe(stream.runId);
    expect(result.timings.firstTokenMs).toBeGreaterThanOrEqual(0);
  });

  it('yields only strings in text-only mode', async () => {
    const model = new ScriptedModel({ chunkSize: 3, turns: ['abcdefgh'] });
    const chunks: string[] = [];
    for await (const chunk of new Agent({ model }).stream('x', { textOnly: true })) chunks.push(chunk);
    expect(chunks).toEqual(['abc', 'def', 'gh']);
  });

  it('coalesces deltas within the flush interval without losing text', async () => {
    const model = new ScriptedModel({ turns: [{ text: 'abcdefghij', chunkSize: 1, chunkDelayMs: 2 }] });
    const chunks: string[] = [];
    for await (const c of new Agent({ model }).stream('x', { textOnly: true, flushIntervalMs: 1000 }))
      chunks.push(c);
    expect(chunks.join('')).toBe('abcdefghij');
    expect(chunks.length).toBeLessThan(10);
  });

  it('applies backpressure: a slow consumer holds the model stream back', async () => {
    let produced = 0;
    const model: Model = {
      provider: 'test',
      modelId: 'counter',
      generate: () => Promise.reject(new Error('unused')),
      async *stream(): AsyncGenerator<ModelStreamEvent> {
        for (let i = 0; i < 100; i++) {
          produced++;
          yield { type: 'text-delta', text: 'x' };
        }
        yield { type: 'finish', finishReason: 'stop' };
      },
    };
    const iterator = new Agent({ model })
      .stream('x', { textOnly: true, bufferSize: 4 })
      [Symbol.asyncIterator]();
    await iterator.next();
    await sleep(20);
    // The run may only be a buffer's length (plus the item in flight) ahead of the consumer.
    expect(produced).toBeLessThanOrEqual(7);
    let consumed = 1;
    for (;;) {
      const r = await iterator.next();
      if (r.done) break;
      consumed++;
    }
    expect(consumed).toBe(100);
    expect(produced).toBe(100);
  });

  it('cancels the run when the consumer breaks out of the loop', async () => {
    let signal: AbortSignal | undefined;
    const model: Model = {
      provider: 'test',
      modelId: 'endless',
      generate: () => Promise.reject(new Error('unused')),
      async *stream(request: ModelRequest): AsyncGenerator<ModelStreamEvent> {
        signal = request.signal;
        for (;;) {
          await sleep(1);
          yield { type: 'text-delta', text: 'x' };
        }
      },
    };
    const stream = new Agent({ model }).stream('x');
    let deltas = 0;
    for await (const event of stream) {
      if (event.type === 'text-delta' && ++deltas === 3) break;
    }
    const error = await stream.result.catch((e) => e);
    expect(error).toBeInstanceOf(AbortedError);
    expect(signal?.aborted).toBe(true);
  });

  it('reports an error as a run-error event with the partial text, and rejects the result', async () => {
    const model = new ScriptedModel({
      turns: [{ text: 'partial answer that breaks', chunkSize: 8, breakAfterChunks: 2 }],
    });
    const stream = new Agent({ model }).stream('x');
    const events: AgentEvent[] = [];
    for await (const e of stream) events.push(e);
    const last = events[events.length - 1]!;
    expect(last.type).toBe('run-error');
    if (last.type !== 'run-error') return;
    expect(last.error.code).toBe('stream_interrupted');
    expect(last.partial.text).toBe('partial answer t');
    const error = await stream.result.catch((e) => e);
    expect(error.code).toBe('stream_interrupted');
    expect(partialResultOf(error)!.text).toBe('partial answer t');
  });

  it('throws the run error from a text-only stream', async () => {
    const model = new ScriptedModel({ turns: [{ text: 'abcdef', chunkSize: 2, breakAfterChunks: 1 }] });
    const chunks: string[] = [];
    const error = await (async () => {
      for await (const c of new Agent({ model }).stream('x', { textOnly: true })) chunks.push(c);
    })().catch((e) => e);
    expect(chunks).toEqual(['ab']);
    expect(error.code).toBe('stream_interrupted');
  });

  it('keeps what arrived when a non-streaming run fails at a later turn', async () => {
    const model = new ScriptedModel({
      replies: [
        { toolCalls: [{ name: 'add', args: { a: 1, b: 2 } }] },
        { error: new Error('socket hang up') },
      ],
    });
    const error = await new Agent({ model, tools: [addTool] }).run('x').catch((e) => e);
    expect(error.code).toBe('model_error');
    expect(error.message).toBe('socket hang up');
    const partial = partialResultOf(error)!;
    expect(partial.toolCalls.map((t) => t.result)).toEqual(['3']);
    expect(partial.messages.map((m) => m.role)).toEqual(['user', 'assistant', 'tool']);
  });

  it('streams tool events through the agent bus to subscribers too', async () => {
    const model = new ScriptedModel({
      turns: [{ toolCalls: [{ name: 'add', args: { a: 2, b: 2 } }] }, 'four'],
    });
    const agent = new Agent({ model, tools: [addTool] });
    const seen: string[] = [];
    const off = agent.events.on('*', (e) => seen.push(e.type));
    await agent.run('x');
    off();
    await agent.run('x');
    expect(seen).toEqual([
      'run-started',
      'model-call-started',
      'model-call-completed',
      'tool-call-started',
      'tool-call-completed',
      'model-call-started',
      'model-call-completed',
      'run-completed',
    ]);
  });

  it('a tool sees the stream cancel through its signal', async () => {
    let toolSignal: AbortSignal | undefined;
    const wait: Tool = {
      name: 'wait',
      description: '',
      parameters: { type: 'object' },
      execute: (_a, ctx) => {
        toolSignal = ctx.signal;
        return new Promise((resolve) => ctx.signal.addEventListener('abort', () => resolve('stopped')));
      },
    };
    const model = new ScriptedModel({ turns: [{ toolCalls: [{ name: 'wait' }] }, 'never'] });
    const stream = new Agent({ model, tools: [wait] }).stream('x');
    for await (const e of stream) if (e.type === 'tool-call-started') break;
    await expect(stream.result).rejects.toMatchObject({ code: 'aborted' });
    expect(toolSignal?.aborted).toBe(true);
  });
});
