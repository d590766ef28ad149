/**
 * Reasoning on the Messages API, model call by model call against the local wire-format server
 * (which checks thinking settings as the API does): `request.reasoning` as `thinking`, the
 * thinking text whole and streamed, and thinking tokens counted once.
 */
import type { ModelRequest, ReasoningOptions } from '@agno/core';
import { describe, expect, it } from 'vitest';
import { drain, failure, TEST_KEY, textOf, useFakeServer } from './fixtures/helpers.js';
import { type AnthropicModelOptions, anthropic } from './index.js';
import type { FakeReply } from './testing/index.js';

const fake = useFakeServer();

function model(options: Omit<AnthropicModelOptions, 'modelId'> = {}) {
  return anthropic('claude-test-1', {
    apiKey: TEST_KEY,
    baseURL: fake.server.url,
    maxRetries: 0,
    ...options,
  });
}

function ask(reasoning: ReasoningOptions, extra: Partial<ModelRequest> = {}): ModelRequest {
  return { messages: [{ role: 'user', content: 'Is 91 prime?' }], reasoning, ...extra };
}

const body = () => fake.server.requests.at(-1)!.body;

/** Two thinking blocks (one redacted between), then the answer. */
const THOUGHT: FakeReply = {
  content: [
    { type: 'thinking', thinking: '91 is odd; try 7.', signature: 'sig-1' },
    { type: 'redacted_thinking', data: 'opaque' },
    { type: 'thinking', thinking: '7 × 13 = 91.', signature: 'sig-2' },
    { type: 'text', text: 'No: 91 = 7 × 13.' },
  ],
  usage: { input_tokens: 20, output_tokens: 150, thinking_tokens: 120 },
  chunkSize: 4,
};
const THOUGHT_TEXT = '91 is odd; try 7.\n\n7 × 13 = 91.';

describe('request.reasoning as thinking (budget mode)', () => {
  it.each([
    ['minimal', 1024, 4096],
    ['low', 1024, 4096],
    ['medium', 4096, 8192],
    ['high', 16384, 20480],
  ] as const)('effort %s: budget %d, max_tokens %d', async (effort, budget, maxTokens) => {
    fake.server.reply({ text: 'ok' });
    await model().generate(ask({ effort }));
    expect(body().thinking).toEqual({ type: 'enabled', budget_tokens: budget });
    // The default max_tokens (4096) is raised above the budget, keeping the answer's room.
    expect(body().max_tokens).toBe(maxTokens);
  });

  it('takes budgetTokens as given, clamped to the API minimum', async () => {
    fake.server.reply({ text: 'ok' }, { text: 'ok' });
    await model().generate(ask({ budgetTokens: 2500 }, { maxTokens: 8000 }));
    expect(body()).toMatchObject({ thinking: { type: 'enabled', budget_tokens: 2500 }, max_tokens: 8000 });
    await model().generate(ask({ budgetTokens: 100 }));
    expect(body().thinking).toEqual({ type: 'enabled', budget_tokens: 1024 });
  });

  it('turns thinking off for effort none, and omits its text for includeText: false', async () => {
    fake.server.reply({ text: 'ok' }, { text: 'ok' });
    await model().generate(ask({ effort: 'none' }));
    expect(body().thinking).toEqual({ type: 'disabled' });
    expect(body().max_tokens).toBe(4096);
    await model().generate(ask({ effort: 'low', includeText: false }));
    expect(body().thinking).toEqual({ type: 'enabled', budget_tokens: 1024, display: 'omitted' });
  });

  it('leaves a thinking set by hand alone', async () => {
    fake.server.reply({ text: 'ok' }, { text: 'ok' });
    await model({ params: { thinking: { type: 'adaptive' } } }).generate(ask({ effort: 'high' }));
    expect(body()).toMatchObject({ thinking: { type: 'adaptive' }, max_tokens: 4096 });
    await model().generate(
      ask({ effort: 'high' }, { providerOptions: { anthropic: { thinking: { type: 'disabled' } } } }),
    );
    expect(body().thinking).toEqual({ type: 'disabled' });
  });

  it('rejects thinking with a forced tool choice before sending anything', async () => {
    const error = await failure(
      model().generate(
        ask(
          { effort: 'low' },
          {
            responseFormat: {
              type: 'json_schema',
              name: 'answer',
              schema: { type: 'object', properties: {} },
            },
          },
        ),
      ),
    );
    expect(error).toMatchObject({ code: 'bad_request' });
    expect(error.message).toContain("structuredOutput: 'json'");
    expect(fake.server.requests).toHaveLength(0);
  });
});

describe('request.reasoning in adaptive mode', () => {
  it.each([
    ['minimal', 'low'],
    ['low', 'low'],
    ['medium', 'medium'],
    ['high', 'high'],
  ] as const)('effort %s: adaptive thinking, output_config.effort %s', async (effort, sent) => {
    fake.server.reply({ text: 'ok' });
    await model({ reasoningMode: 'adaptive' }).generate(ask({ effort }));
    expect(body()).toMatchObject({ thinking: { type: 'adaptive' }, output_config: { effort: sent } });
    expect(body().max_tokens).toBe(4096);
  });

  it('maps a budget to the nearest effort, beside a JSON output format', async () => {
    fake.server.reply({ text: '{}' });
    const schema = { type: 'object', properties: {} };
    await model({ reasoningMode: 'adaptive', structuredOutput: 'json' }).generate(
      ask({ budgetTokens: 20_000 }, { responseFormat: { type: 'json_schema', name: 'answer', schema } }),
    );
    expect(body().output_config).toEqual({ format: { type: 'json_schema', schema }, effort: 'high' });
  });
});

describe('thinking text', () => {
  it('generate: thinking blocks as reply.reasoning; thinking tokens are not added again', async () => {
    fake.server.reply(THOUGHT);
    const reply = await model().generate(ask({ effort: 'medium' }));
    expect(reply.text).toBe('No: 91 = 7 × 13.');
    expect(reply.reasoning).toBe(THOUGHT_TEXT);
    // output_tokens already counts thinking: 150 out, of which 120 reasoning.
    expect(reply.usage).toMatchObject({ inputTokens: 20, outputTokens: 150, reasoningTokens: 120 });
    expect(reply.usage!.totalTokens).toBe(170);
  });

  it('stream: thinking_delta as reasoning-delta, before the text, joining to the same text', async () => {
    fake.server.reply(THOUGHT);
    const { events, error } = await drain(model().stream(ask({ effort: 'medium' })));
    expect(error).toBeUndefined();
    const kinds = events.map((e) => e.type);
    expect(kinds.filter((k) => k === 'reasoning-delta').length).toBeGreaterThan(4);
    expect(kinds.lastIndexOf('reasoning-delta')).toBeLessThan(kinds.indexOf('text-delta'));
    let reasoning = '';
    for (const e of events) if (e.type === 'reasoning-delta') reasoning += e.text;
    expect(reasoning).toBe(THOUGHT_TEXT);
    expect(textOf(events)).toBe('No: 91 = 7 × 13.');
    expect(events.at(-1)).toMatchObject({
      type: 'finish',
      usage: { outputTokens: 150, reasoningTokens: 120 },
    });
  });

  it('redacted thinking alone shows no reasoning', async () => {
    const redacted: FakeReply = {
      content: [
        { type: 'redacted_thinking', data: 'x' },
        { type: 'text', text: 'Hi' },
      ],
    };
    fake.server.reply(redacted, redacted);
    expect((await model().generate(ask({ effort: 'low' }))).reasoning).toBeUndefined();
    const { events } = await drain(model().stream(ask({ effort: 'low' })));
    expect(events.some((e) => e.type === 'reasoning-delta')).toBe(false);
  });

  it('a long budget (generate gathered from a stream) keeps reasoning and the thinking blocks', async () => {
    fake.server.reply({
      content: [
        { type: 'thinking', thinking: 'Need the tool.', signature: 'sig-long' },
        { type: 'tool_use', id: 'toolu_1', name: 'add', input: { a: 1, b: 2 } },
      ],
    });
    const tools = [{ name: 'add', description: 'Adds', parameters: { type: 'object', properties: {} } }];
    const reply = await model().generate(ask({ budgetTokens: 30_000 }, { tools }));
    expect(fake.server.requests[0]!.body).toMatchObject({ stream: true, max_tokens: 34_096 });
    expect(reply.reasoning).toBe('Need the tool.');
    expect(reply.providerData).toEqual({
      anthropic: { thinking: [{ type: 'thinking', thinking: 'Need the tool.', signature: 'sig-long' }] },
    });
  });
});
