import { Agent, type ModelStreamEvent } from '@agno/core';
import { describe, expect, it } from 'vitest';
import { ScriptedModel } from './index.js';

const ask = (text: string) => ({ messages: [{ role: 'user' as const, content: text }] });

async function collect(stream: AsyncIterable<ModelStreamEvent>): Promise<ModelStreamEvent[]> {
  const out: ModelStreamEvent[] = [];
  for await (const e of stream) out.push(e);
  return out;
}

describe('ScriptedModel', () => {
  it('plays `replies` in order across calls and fails clearly when they run out', async () => {
    const model = new ScriptedModel({
      replies: ['one', { text: 'two', usage: { inputTokens: 3, outputTokens: 2 } }],
    });
    expect((await model.generate(ask('a'))).text).toBe('one');
    const second = await model.generate(ask('b'));
    expect(second).toMatchObject({
      text: 'two',
      finishReason: 'stop',
      usage: { inputTokens: 3, outputTokens: 2, totalTokens: 5 },
    });
    await expect(model.generate(ask('c'))).rejects.toMatchObject({ code: 'model_error' });
    expect(model.requests.map((r) => r.messages[0]!.content)).toEqual(['a', 'b', 'c']);
  });

  it('loops `replies` when asked', async () => {
    const model = new ScriptedModel({ replies: ['x', 'y'], loop: true });
    const texts = [];
    for (let i = 0; i < 5; i++) texts.push((await model.generate(ask('q'))).text);
    expect(texts).toEqual(['x', 'y', 'x', 'y', 'x']);
  });

  it('plays `turns` per run, so concurrent runs each see the whole script', async () => {
    const model = new ScriptedModel({
      turns: [
        { toolCalls: [{ name: 'echo', args: { v: 1 } }] },
        (req) => `after ${req.messages.length} messages`,
      ],
    });
    const agent = new Agent({
      model,
      tools: [{ name: 'echo', description: '', parameters: { type: 'object' }, execute: (a) => a }],
    });
    const results = await Promise.all([agent.run('a'), agent.run('b'), agent.run('c')]);
    expect(results.map((r) => r.text)).toEqual(['after 3 messages', 'after 3 messages', 'after 3 messages']);
    expect(model.calls).toBe(6);
  });

  it('gives tool calls unique ids and reports tool_calls as the finish reason', async () => {
    const model = new ScriptedModel({ turns: [{ toolCalls: [{ name: 'a' }, { name: 'b', id: 'mine' }] }] });
    const r1 = await model.generate(ask('x'));
    const r2 = await model.generate(ask('x'));
    expect(r1.finishReason).toBe('tool_calls');
    expect(r1.toolCalls![1]!.id).toBe('mine');
    expect(r1.toolCalls![0]!.id).not.toBe(r2.toolCalls![0]!.id);
  });

  it('streams text in chunks, then tool calls (start, deltas, end), usage, and finish last', async () => {
    const model = new ScriptedModel({
      chunkSize: 3,
      turns: [{ text: 'abcdefg', toolCalls: [{ name: 't', args: { q: 'x' }, id: 'c1' }] }],
    });
    const events = await collect(model.stream(ask('x')));
    expect(events.map((e) => e.type)).toEqual([
      'text-delta',
      'text-delta',
      'text-delta',
      'tool-call-start',
      'tool-call-delta',
      'tool-call-delta',
      'tool-call-end',
      'usage',
      'finish',
    ]);
    const args = events.flatMap((e) => (e.type === 'tool-call-delta' ? [e.argsText] : [])).join('');
    expect(JSON.parse(args)).toEqual({ q: 'x' });
    expect(events.at(-1)).toEqual({ type: 'finish', finishReason: 'tool_calls' });
  });

  it('breaks a stream after N chunks with a stream_interrupted error', async () => {
    const model = new ScriptedModel({ turns: [{ text: 'abcdef', chunkSize: 2, breakAfterChunks: 2 }] });
    const seen: string[] = [];
    const error = await (async () => {
      for await (const e of model.stream(ask('x'))) if (e.type === 'text-delta') seen.push(e.text);
    })().catch((e) => e);
    expect(seen).toEqual(['ab', 'cd']);
    expect(error.code).toBe('stream_interrupted');
  });

  it('throws scripted errors, and honours the abort signal during delays', async () => {
    const model = new ScriptedModel({
      replies: [{ error: new Error('overloaded') }, { text: 'slow', delayMs: 1000 }],
    });
    await expect(model.generate(ask('x'))).rejects.toThrow('overloaded');
    const controller = new AbortController();
    const pending = model.generate({ ...ask('x'), signal: controller.signal });
    controller.abort();
    await expect(pending).rejects.toMatchObject({ code: 'aborted' });
  });

  it('passes malformed raw arguments on as invalidArgs', async () => {
    const model = new ScriptedModel({ turns: [{ toolCalls: [{ name: 't', rawArgs: '{oops' }] }] });
    const r = await model.generate(ask('x'));
    expect(r.toolCalls![0]).toMatchObject({ name: 't', invalidArgs: '{oops' });
  });

  it('records a snapshot of each request, or nothing when `record` is off', async () => {
    const model = new ScriptedModel({ turns: ['ok'] });
    const messages = [{ role: 'user' as const, content: 'a' }];
    await model.generate({ messages });
    messages.push({ role: 'user', content: 'b' });
    expect(model.lastRequest!.messages).toHaveLength(1);
    const quiet = new ScriptedModel({ turns: ['ok'], record: false });
    await quiet.generate(ask('x'));
    expect(quiet.requests).toHaveLength(0);
    expect(quiet.calls).toBe(1);
  });

  it('needs a script', () => {
    expect(() => new ScriptedModel({})).toThrow(/turns, replies or respond/);
  });
});
