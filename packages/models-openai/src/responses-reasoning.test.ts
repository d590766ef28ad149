/**
 * Reasoning on the Responses API, model by model call against the local wire-format server:
 * `request.reasoning` as the `reasoning` field, storage and encrypted reasoning, the reasoning
 * text of a reply whole and streamed, and reasoning tokens.
 */
import type { Message, ModelRequest, ReasoningOptions } from '@agno/core';
import { describe, expect, it } from 'vitest';
import { collect, TEST_KEY, useFakeServer } from './fixtures/helpers.js';
import { openai } from './index.js';
import type { FakeReply } from './testing/index.js';

const fake = useFakeServer();

function model(modelId = 'o4-mini') {
  return openai(modelId, { api: 'responses', baseURL: fake.server.baseURL, apiKey: TEST_KEY, maxRetries: 0 });
}

const ask = (reasoning?: ReasoningOptions): ModelRequest => {
  const request: ModelRequest = { messages: [{ role: 'user', content: 'Is 91 prime?' }] };
  if (reasoning !== undefined) request.reasoning = reasoning;
  return request;
};

/** A reply that reasoned in two summary parts, then answered. */
const REASONED: FakeReply = {
  reasoning: {
    id: 'rs_p',
    summary: ['**Checking factors**\n\n91 is odd.', '7 × 13 = 91, so it is not prime.'],
    encryptedContent: 'ENC-p',
  },
  text: 'No: 91 = 7 × 13.',
  usage: { input: 12, output: 90, reasoning: 64 },
  chunkSize: 5,
};
const REASONING_TEXT = '**Checking factors**\n\n91 is odd.\n\n7 × 13 = 91, so it is not prime.';

describe('request.reasoning as the reasoning field', () => {
  it.each([
    ['none', { effort: 'none' }],
    ['minimal', { effort: 'minimal', summary: 'auto' }],
    ['low', { effort: 'low', summary: 'auto' }],
    ['medium', { effort: 'medium', summary: 'auto' }],
    ['high', { effort: 'high', summary: 'auto' }],
  ] as const)('effort %s', async (effort, field) => {
    fake.server.reply({ text: 'ok' });
    await model().generate(ask({ effort }));
    const body = fake.server.lastRequest!.body;
    expect(body.reasoning).toEqual(field);
    // No reasoning, nothing to send back: no encrypted reasoning asked for.
    if (effort === 'none') expect(body).not.toHaveProperty('include');
    else expect(body.include).toEqual(['reasoning.encrypted_content']);
  });

  it.each([
    [0, 'none'],
    [500, 'minimal'],
    [1024, 'low'],
    [6000, 'medium'],
    [32_000, 'high'],
  ] as const)('budgetTokens %d takes the nearest effort (%s)', async (budgetTokens, effort) => {
    fake.server.reply({ text: 'ok' });
    await model().generate(ask({ budgetTokens }));
    expect(fake.server.lastRequest!.body.reasoning.effort).toBe(effort);
  });

  it('asks for no summary with includeText: false, and the provider options win', async () => {
    fake.server.reply({ text: 'ok' }, { text: 'ok' });
    await model().generate(ask({ effort: 'low', includeText: false }));
    expect(fake.server.lastRequest!.body.reasoning).toEqual({ effort: 'low' });
    await model().generate({
      ...ask({ effort: 'low' }),
      providerOptions: { openai: { reasoning: { effort: 'high', summary: 'detailed' } } },
    });
    expect(fake.server.lastRequest!.body.reasoning).toEqual({ effort: 'high', summary: 'detailed' });
  });
});

describe('storage and encrypted reasoning', () => {
  it('stores nothing by default, and asks reasoning models (only) for encrypted reasoning', async () => {
    fake.server.reply({ text: 'ok' }, { text: 'ok' }, { text: 'ok' });
    await model('gpt-5-mini').generate(ask());
    expect(fake.server.lastRequest!.body).toMatchObject({
      store: false,
      include: ['reasoning.encrypted_content'],
    });
    // GPT-4 models do not reason and reject the `include` (the server answers 400 as the API does).
    await model('gpt-4.1').generate(ask());
    expect(fake.server.lastRequest!.body.store).toBe(false);
    expect(fake.server.lastRequest!.body).not.toHaveProperty('include');
    // Asking for reasoning says the model reasons, whatever its id (a deployment name, say).
    await model('my-deployment').generate(ask({ effort: 'low' }));
    expect(fake.server.lastRequest!.body.include).toEqual(['reasoning.encrypted_content']);
  });

  it('keeps the caller’s include list and store: true (then reasoning goes back by id)', async () => {
    fake.server.reply({ text: 'ok' }, { text: 'ok' });
    await model().generate({
      ...ask(),
      providerOptions: { openai: { include: ['file_search_call.results'] } },
    });
    expect(fake.server.lastRequest!.body.include).toEqual([
      'file_search_call.results',
      'reasoning.encrypted_content',
    ]);
    const stored = model();
    await stored.generate({ ...ask(), providerOptions: { openai: { store: true } } });
    expect(fake.server.lastRequest!.body.store).toBe(true);
    expect(fake.server.lastRequest!.body).not.toHaveProperty('include');
  });

  it('leaves out reasoning that has no encrypted content when nothing is stored', async () => {
    // A turn kept while the requests were stored (no encrypted content): the API could not look
    // its reasoning up without storage (the server answers 404 as the API does), so it stays out.
    const history: Message[] = [
      { role: 'user', content: 'Is 91 prime?' },
      {
        role: 'assistant',
        content: 'No.',
        providerData: { openai: { reasoning: [{ id: 'rs_old', type: 'reasoning', summary: [] }] } },
      },
      { role: 'user', content: 'And 97?' },
    ];
    fake.server.reply({ text: 'Yes.' }, { text: 'Yes.' });
    await model().generate({ messages: history });
    const input = fake.server.lastRequest!.body.input as Array<{ type?: string }>;
    expect(input.some((item) => item.type === 'reasoning')).toBe(false);
    // Stored, it goes back by id.
    await model().generate({ messages: history, providerOptions: { openai: { store: true } } });
    expect(fake.server.lastRequest!.body.input[1]).toEqual({ id: 'rs_old', type: 'reasoning', summary: [] });
  });
});

describe('reasoning text', () => {
  it('generate: the summary parts as reply.reasoning, reasoning tokens in usage', async () => {
    fake.server.reply(REASONED);
    const reply = await model().generate(ask({ effort: 'medium' }));
    expect(reply.text).toBe('No: 91 = 7 × 13.');
    expect(reply.reasoning).toBe(REASONING_TEXT);
    expect(reply.usage).toMatchObject({ outputTokens: 90, reasoningTokens: 64, totalTokens: 102 });
    expect(reply.providerData).toMatchObject({
      openai: { reasoning: [{ id: 'rs_p', encrypted_content: 'ENC-p' }] },
    });
  });

  it('stream: reasoning-delta events, all before the text, joining to the same text', async () => {
    fake.server.reply(REASONED);
    const events = await collect(model().stream(ask({ effort: 'medium' })));
    const kinds = events.map((e) => e.type);
    const lastReasoning = kinds.lastIndexOf('reasoning-delta');
    expect(kinds.filter((k) => k === 'reasoning-delta').length).toBeGreaterThan(2);
    expect(lastReasoning).toBeLessThan(kinds.indexOf('text-delta'));
    let reasoning = '';
    for (const e of events) if (e.type === 'reasoning-delta') reasoning += e.text;
    expect(reasoning).toBe(REASONING_TEXT);
    expect(events.at(-1)).toMatchObject({ type: 'finish', usage: { reasoningTokens: 64 } });
  });

  it('without a summary asked for, the reply has no reasoning text', async () => {
    fake.server.reply(REASONED, REASONED);
    const reply = await model().generate(ask({ effort: 'low', includeText: false }));
    expect(reply.reasoning).toBeUndefined();
    const events = await collect(model().stream(ask()));
    expect(events.some((e) => e.type === 'reasoning-delta')).toBe(false);
  });

  it('raw reasoning text (open-weight models) is reasoning too, whole and streamed', async () => {
    const raw: FakeReply = { reasoning: { text: 'User greets; reply briefly.' }, text: 'Hi!', chunkSize: 4 };
    fake.server.reply(raw, raw);
    const m = model('gpt-oss-20b');
    expect((await m.generate(ask())).reasoning).toBe('User greets; reply briefly.');
    let streamed = '';
    for (const e of await collect(m.stream(ask()))) if (e.type === 'reasoning-delta') streamed += e.text;
    expect(streamed).toBe('User greets; reply briefly.');
  });
});
