import { describe, expect, it } from 'vitest';
import { addTool, ScriptedModel } from './fixtures/index.js';
import { Agent, type AgentEvent, ConfigError, isAgnoError, type Model, ModelError } from './index.js';

const rateLimited = () =>
  new ModelError('rate limited', { code: 'rate_limited', status: 429, retryable: true });

describe('fallbackModels', () => {
  it('answers a turn with the next model when the first is rate limited, and says so', async () => {
    const primary = new ScriptedModel({ modelId: 'primary', respond: { error: rateLimited() } });
    const backup = new ScriptedModel({
      modelId: 'backup',
      turns: [{ toolCalls: [{ name: 'add', args: { a: 2, b: 3 } }] }, '5'],
    });
    const agent = new Agent({ model: primary, tools: [addTool], fallbackModels: [backup] });
    const events: AgentEvent[] = [];
    agent.events.on('*', (e) => events.push(e));
    const result = await agent.run('2+3?');
    expect(result.text).toBe('5');
    expect(result.model).toBe('mock:backup');
    // Each turn tried the primary first (no sticky state on a shared agent), then the backup.
    expect(primary.calls).toBe(2);
    expect(backup.calls).toBe(2);
    const fallbacks = events.filter((e) => e.type === 'model-fallback');
    expect(fallbacks).toHaveLength(2);
    expect(fallbacks[0]).toMatchObject({ from: 'mock:primary', to: 'mock:backup', round: 0 });
    expect(isAgnoError((fallbacks[0] as { error: unknown }).error, 'rate_limited')).toBe(true);
    const completed = events.filter((e) => e.type === 'model-call-completed');
    expect(completed.map((e) => (e as { model: string }).model)).toEqual(['mock:backup', 'mock:backup']);
    expect(Object.keys(result.usageByModel!)).toEqual(['mock:backup']);
    expect(result.usageByModel!['mock:backup']!.totalTokens).toBe(result.usage.totalTokens);
  });

  it('walks the list in order and fails with the last error when every model fails', async () => {
    const overloaded = new ModelError('overloaded', { code: 'overloaded', status: 529, retryable: true });
    const a = new ScriptedModel({ modelId: 'a', respond: { error: rateLimited() } });
    const b = new ScriptedModel({ modelId: 'b', respond: { error: overloaded } });
    const c = new ScriptedModel({ modelId: 'c', respond: { error: rateLimited() } });
    const agent = new Agent({ model: a });
    const error = await agent.run('hi', { fallbackModels: [b, c] }).catch((e: unknown) => e);
    expect(isAgnoError(error, 'rate_limited')).toBe(true);
    expect([a.calls, b.calls, c.calls]).toEqual([1, 1, 1]);
  });

  it('does not fall back on errors another model would repeat (bad request, auth)', async () => {
    const bad = new ModelError('bad request', { code: 'bad_request', status: 400 });
    const primary = new ScriptedModel({ respond: { error: bad } });
    const backup = new ScriptedModel({ respond: 'never' });
    const error = await new Agent({ model: primary, fallbackModels: [backup] }).run('hi').catch((e) => e);
    expect(isAgnoError(error, 'bad_request')).toBe(true);
    expect(backup.calls).toBe(0);
  });

  it('falls back in a stream that broke before anything reached the consumer, not after', async () => {
    const early = new ScriptedModel({ modelId: 'early', respond: { text: 'lost', breakAfterChunks: 0 } });
    const backup = new ScriptedModel({ modelId: 'backup', respond: 'from backup' });
    const stream = new Agent({ model: early, fallbackModels: [backup] }).stream('hi');
    let text = '';
    for await (const event of stream) if (event.type === 'text-delta') text += event.text;
    expect(text).toBe('from backup');
    expect((await stream.result).model).toBe('mock:backup');

    const late = new ScriptedModel({
      respond: { text: 'half of an answer', chunkSize: 4, breakAfterChunks: 2 },
    });
    const unused = new ScriptedModel({ respond: 'no' });
    const broken = new Agent({ model: late, fallbackModels: [unused] }).stream('hi');
    const seen: string[] = [];
    for await (const event of broken) if (event.type === 'text-delta') seen.push(event.text);
    const error = await broken.result.catch((e: unknown) => e);
    expect(seen.join('')).toBe('half of ');
    expect(isAgnoError(error, 'stream_interrupted')).toBe(true);
    expect(unused.calls).toBe(0);
  });

  it('rejects fallbacks that are not model instances with a clear error', async () => {
    const model = new ScriptedModel({ respond: 'x' });
    const factory = (() => model) as unknown as Model;
    const error = await new Agent({ model })
      .run('hi', { fallbackModels: [factory] })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toMatch(/model instances/);
  });

  it('leaves runs without fallbacks as they were: no usageByModel, the model named', async () => {
    const result = await new Agent({ model: new ScriptedModel({ respond: 'x' }) }).run('hi');
    expect(result.usageByModel).toBeUndefined();
    expect(result.model).toBe('mock:scripted');
  });
});
