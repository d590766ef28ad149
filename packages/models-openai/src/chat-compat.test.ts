/**
 * Chat Completions against servers that depart from OpenAI's API, each quirk reproduced by the
 * wire-format server: tool-call ids that are empty, missing or repeated, streamed calls without
 * an index, no usage, `stream_options` or `strict` refused.
 */
import { Agent, type ModelStreamEvent, type Tool, type ToolCall } from '@agno/core';
import { beforeEach, describe, expect, it } from 'vitest';
import { collect, failure, TEST_KEY, textOf, useFakeServer, WEATHER } from './fixtures/helpers.js';
import { type ChatCompat, openai } from './index.js';
import type { FakeReply } from './testing/index.js';

const fake = useFakeServer();
beforeEach(() => {
  fake.server.chatQuirks = {};
});

const modelWith = (compat?: ChatCompat) =>
  openai('compat-model', { baseURL: fake.server.baseURL, apiKey: TEST_KEY, maxRetries: 0, compat });

const ask = {
  messages: [{ role: 'user' as const, content: 'Weather in Paris and Rome?' }],
  tools: [WEATHER],
};
const TWO_CALLS: FakeReply = {
  toolCalls: [
    { name: 'get_weather', arguments: { city: 'Paris', unit: 'c' } },
    { name: 'get_weather', arguments: { city: 'Rome', unit: 'c' } },
  ],
};
const ends = (events: ModelStreamEvent[]): ToolCall[] =>
  events.flatMap((e) => (e.type === 'tool-call-end' ? [e.toolCall] : []));

describe.each(['empty', 'missing', 'repeated'] as const)('tool-call ids the server sends %s', (ids) => {
  it('become unique, non-empty ids, the same in every event of a call', async () => {
    fake.server.chatQuirks = { toolCallIds: ids };
    const model = modelWith();
    fake.server.reply(TWO_CALLS, TWO_CALLS);
    const whole = (await model.generate(ask)).toolCalls!;
    expect(whole.map((c) => c.args)).toEqual([
      { city: 'Paris', unit: 'c' },
      { city: 'Rome', unit: 'c' },
    ]);
    const events = await collect(model.stream(ask));
    const streamed = ends(events);
    for (const calls of [whole, streamed]) {
      expect(calls.every((c) => c.id.length > 0)).toBe(true);
      expect(new Set(calls.map((c) => c.id)).size).toBe(2);
    }
    const starts = events.flatMap((e) => (e.type === 'tool-call-start' ? [e.id] : []));
    const deltas = new Set(events.flatMap((e) => (e.type === 'tool-call-delta' ? [e.id] : [])));
    expect(starts).toEqual(streamed.map((c) => c.id));
    expect([...deltas]).toEqual(starts);
    // A repaired id never repeats one of an earlier reply.
    fake.server.reply(TWO_CALLS);
    const again = (await model.generate(ask)).toolCalls!;
    const repaired = (calls: ToolCall[]) => calls.map((c) => c.id).filter((id) => id !== 'call_0');
    expect(repaired(again).some((id) => repaired(whole).includes(id))).toBe(false);
  });

  it('let an agent answer each call with its own result, the ids sent back matching', async () => {
    fake.server.chatQuirks = { toolCallIds: ids };
    const weather: Tool = { ...WEATHER, execute: ({ city }) => `sunny in ${city as string}` };
    const agent = new Agent({ model: modelWith(), tools: [weather] });
    fake.server.reply(TWO_CALLS, { text: 'Both sunny.' });
    const result = await agent.run('Weather in Paris and Rome?');
    expect(result.text).toBe('Both sunny.');
    const sent = fake.server.lastRequest!.body.messages as Array<Record<string, any>>;
    const callIds = sent[1]!.tool_calls.map((c: { id: string }) => c.id);
    expect(new Set(callIds).size).toBe(2);
    expect(sent.slice(2).map((m) => [m.tool_call_id, m.content])).toEqual([
      [callIds[0], 'sunny in Paris'],
      [callIds[1], 'sunny in Rome'],
    ]);
  });
});

describe('streamed tool calls without an index', () => {
  it('are told apart by their ids, each assembled on its own', async () => {
    fake.server.chatQuirks = { noToolCallIndex: true };
    fake.server.reply({
      toolCalls: [
        { id: 'call_p', name: 'get_weather', arguments: { city: 'Paris', unit: 'c' } },
        { id: 'call_r', name: 'get_weather', arguments: { city: 'Rome', unit: 'f' } },
      ],
    });
    const events = await collect(modelWith().stream(ask));
    expect(ends(events)).toEqual([
      { id: 'call_p', name: 'get_weather', args: { city: 'Paris', unit: 'c' } },
      { id: 'call_r', name: 'get_weather', args: { city: 'Rome', unit: 'f' } },
    ]);
  });
});

describe('usage', () => {
  it('is left out, not made up as zeros, when the server sends none', async () => {
    fake.server.reply({ text: 'no usage here', usage: false }, { text: 'nor here', usage: false });
    const model = modelWith();
    expect((await model.generate(ask)).usage).toBeUndefined();
    const events = await collect(model.stream(ask));
    expect(events.some((e) => e.type === 'usage')).toBe(false);
    expect(events.at(-1)).toEqual({ type: 'finish', finishReason: 'stop' });
  });

  it('from a server that ignores stream_options: a stream without usage, and an agent run with zero-free usage', async () => {
    fake.server.chatQuirks = { streamOptions: 'ignored' };
    fake.server.reply({ text: 'streamed without usage' });
    const stream = new Agent({ model: modelWith() }).stream('hi');
    for await (const _ of stream);
    const result = await stream.result;
    expect(result.text).toBe('streamed without usage');
    expect(result.usage).toMatchObject({ inputTokens: 0, outputTokens: 0 });
    expect(fake.server.lastRequest!.body.stream_options).toEqual({ include_usage: true });
  });

  it('a server that rejects stream_options is not sent it with streamOptions: false', async () => {
    fake.server.chatQuirks = { streamOptions: 'rejected' };
    // A refused request takes no reply from the queue.
    fake.server.reply({ text: 'accepted' });
    const error = await failure(collect(modelWith().stream(ask)));
    expect(error).toMatchObject({ code: 'bad_request', status: 400 });
    const events = await collect(modelWith({ streamOptions: false }).stream(ask));
    expect(textOf(events)).toBe('accepted');
    expect(fake.server.lastRequest!.body).not.toHaveProperty('stream_options');
    expect(fake.server.lastRequest!.body.stream).toBe(true);
  });
});

describe('strict: false', () => {
  const answer = { type: 'object', properties: { city: { type: 'string' }, note: { type: 'string' } } };
  const format = { type: 'json_schema' as const, name: 'answer', schema: answer };

  it('sends tools and the response format without strict, the schema as it is', async () => {
    fake.server.chatQuirks = { rejectStrict: true };
    fake.server.reply({ text: '{"city":"Paris"}' });
    const request = { ...ask, responseFormat: format };
    expect(await failure(modelWith().generate(request))).toMatchObject({ status: 400 });
    const response = await modelWith({ strict: false }).generate(request);
    // The optional field stays optional: no strict transform, so nothing to restore either.
    expect(response.text).toBe('{"city":"Paris"}');
    const body = fake.server.lastRequest!.body;
    expect(body.tools[0].function).toEqual({
      name: WEATHER.name,
      description: WEATHER.description,
      parameters: WEATHER.parameters,
    });
    expect(body.response_format).toEqual({
      type: 'json_schema',
      json_schema: { name: 'answer', schema: answer },
    });
  });

  it('gives an agent its structured output from such a server', async () => {
    fake.server.chatQuirks = { rejectStrict: true };
    fake.server.reply({ text: '{"city":"Rome","note":"warm"}' });
    const agent = new Agent({ model: modelWith({ strict: false }) });
    const result = await agent.run('Where?', {
      outputSchema: { jsonSchema: answer },
    });
    expect(result.output).toEqual({ city: 'Rome', note: 'warm' });
  });
});
