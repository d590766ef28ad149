/**
 * Reasoning over Chat Completions: `RunOptions.reasoning` as each server's request field, the
 * reasoning text of replies (`reasoning_content` or `reasoning`) as `reasoning` and
 * `reasoning-delta`, reasoning tokens in usage, and what goes back on later turns.
 */
import { Agent, type AgentEvent, type Message, type Tool } from '@agno/core';
import { beforeEach, describe, expect, it } from 'vitest';
import { collect, TEST_KEY, textOf, useFakeServer, WEATHER } from './fixtures/helpers.js';
import { type ChatCompat, openai } from './index.js';
import type { FakeReply } from './testing/index.js';

const fake = useFakeServer();
beforeEach(() => {
  fake.server.chatQuirks = {};
});

const modelWith = (compat?: ChatCompat, provider?: string) =>
  openai('thinker', { baseURL: fake.server.baseURL, apiKey: TEST_KEY, maxRetries: 0, compat, provider });
const hi = (extra = {}) => ({ messages: [{ role: 'user' as const, content: 'hi' }], ...extra });

describe('the reasoning request', () => {
  const sent = async (compat: ChatCompat | undefined, reasoning: object, providerOptions?: object) => {
    fake.server.reply({ text: 'ok' });
    await modelWith(compat).generate(hi({ reasoning, providerOptions }));
    const body = fake.server.lastRequest!.body;
    return { reasoning_effort: body.reasoning_effort, reasoning: body.reasoning, thinking: body.thinking };
  };

  it('is reasoning_effort by default, a budget taking the nearest effort', async () => {
    expect(await sent(undefined, { effort: 'low' })).toEqual({ reasoning_effort: 'low' });
    expect(await sent(undefined, { budgetTokens: 3000 })).toEqual({ reasoning_effort: 'medium' });
    expect(await sent(undefined, { budgetTokens: 20_000 })).toEqual({ reasoning_effort: 'high' });
    expect(await sent(undefined, { includeText: true })).toEqual({});
    // The run's own provider options win over the mapping.
    expect(await sent(undefined, { effort: 'low' }, { openai: { reasoning_effort: 'high' } })).toEqual({
      reasoning_effort: 'high',
    });
  });

  it('is OpenRouter’s reasoning object with reasoningParam: reasoning', async () => {
    const compat: ChatCompat = { reasoningParam: 'reasoning' };
    expect(await sent(compat, { effort: 'high' })).toEqual({ reasoning: { effort: 'high' } });
    expect(await sent(compat, { budgetTokens: 2000, includeText: false })).toEqual({
      reasoning: { max_tokens: 2000, exclude: true },
    });
    expect(await sent(compat, {})).toEqual({ reasoning: { enabled: true } });
  });

  it('is DeepSeek’s thinking toggle with reasoningParam: thinking', async () => {
    const compat: ChatCompat = { reasoningParam: 'thinking' };
    expect(await sent(compat, { effort: 'none' })).toEqual({ thinking: { type: 'disabled' } });
    expect(await sent(compat, { effort: 'high' })).toEqual({
      thinking: { type: 'enabled' },
      reasoning_effort: 'high',
    });
    expect(await sent({ reasoningParam: 'none' }, { effort: 'high' })).toEqual({});
  });

  it('comes from an agent run’s reasoning option', async () => {
    fake.server.reply({ text: 'ok' });
    await new Agent({ model: modelWith() }).run('hi', { reasoning: { budgetTokens: 1000 } });
    expect(fake.server.lastRequest!.body.reasoning_effort).toBe('low');
  });
});

describe('reasoning in replies', () => {
  const THOUGHT: FakeReply = {
    reasoning: { text: 'The user greets me; greet back.' },
    text: 'Hello!',
    usage: { input: 5, output: 20, reasoning: 12 },
  };

  it.each(['reasoning_content', 'reasoning'] as const)('read from %s, whole and streamed', async (field) => {
    fake.server.chatQuirks = { reasoningField: field };
    fake.server.reply(THOUGHT, { ...THOUGHT, chunkSize: 6 });
    const model = modelWith();
    const whole = await model.generate(hi());
    expect(whole).toMatchObject({ text: 'Hello!', reasoning: 'The user greets me; greet back.' });
    expect(whole.usage?.reasoningTokens).toBe(12);
    const events = await collect(model.stream(hi()));
    const thoughts = events.flatMap((e) => (e.type === 'reasoning-delta' ? [e.text] : []));
    expect(thoughts.length).toBeGreaterThan(3);
    expect(thoughts.join('')).toBe('The user greets me; greet back.');
    expect(events.findIndex((e) => e.type === 'text-delta')).toBeGreaterThan(
      events.findLastIndex((e) => e.type === 'reasoning-delta'),
    );
    expect(textOf(events)).toBe('Hello!');
    expect(events.at(-1)).toMatchObject({ type: 'finish', usage: { reasoningTokens: 12 } });
  });

  it('reaches an agent run’s result, events and usage', async () => {
    fake.server.reply({ ...THOUGHT, chunkSize: 8 });
    const events: AgentEvent[] = [];
    const stream = new Agent({ model: modelWith() }).stream('hi');
    for await (const e of stream) events.push(e);
    const result = await stream.result;
    expect(result.reasoning).toBe('The user greets me; greet back.');
    expect(result.usage.reasoningTokens).toBe(12);
    const deltas = events.flatMap((e) => (e.type === 'reasoning-delta' ? [e.text] : []));
    expect(deltas.join('')).toBe('The user greets me; greet back.');
  });
});

/** A tool round led by reasoning, then the answer (also reasoned). */
const ROUND: FakeReply[] = [
  {
    reasoning: { text: 'Need the weather first.' },
    toolCalls: [{ id: 'call_a', name: 'get_weather', arguments: { city: 'Paris', unit: 'c' } }],
  },
  { reasoning: { text: 'It is sunny.' }, text: 'Sunny in Paris.' },
];
const weather: Tool = { ...WEATHER, execute: () => 'sunny' };

describe('reasoning sent back', () => {
  it('never, by default: a server that forbids it takes the whole tool loop', async () => {
    fake.server.chatQuirks = { reasoningReplay: 'forbid' };
    fake.server.reply(...ROUND);
    const result = await new Agent({ model: modelWith(), tools: [weather] }).run('Weather in Paris?');
    expect(result.text).toBe('Sunny in Paris.');
    const assistant = fake.server.lastRequest!.body.messages[1];
    expect(assistant).not.toHaveProperty('reasoning_content');
    expect(result.reasoning).toBe('Need the weather first.\n\nIt is sunny.');
  });

  it('tool-loop: on the turns of the current question only, as DeepSeek’s thinking mode wants', async () => {
    fake.server.chatQuirks = { reasoningReplay: 'tool-loop' };
    const model = modelWith({ reasoningReplay: 'tool-loop' });
    fake.server.reply(...ROUND);
    const result = await new Agent({ model, tools: [weather] }).run('Weather in Paris?');
    expect(result.text).toBe('Sunny in Paris.');
    expect(fake.server.lastRequest!.body.messages[1]).toMatchObject({
      role: 'assistant',
      reasoning_content: 'Need the weather first.',
    });
    // The next question: the earlier turns' reasoning stays behind.
    const history: Message[] = [...result.messages, { role: 'user', content: 'And Rome?' }];
    expect(history.filter((m) => m.role === 'assistant' && m.reasoning !== undefined)).toHaveLength(2);
    fake.server.reply({ text: 'Rainy.' });
    expect((await model.generate({ messages: history })).text).toBe('Rainy.');
    const sent = fake.server.lastRequest!.body.messages as Array<Record<string, unknown>>;
    expect(sent.filter((m) => 'reasoning_content' in m)).toEqual([]);
  });

  it.each(['generate', 'stream'])(
    'reasoning_details go back to the provider that gave them (%s)',
    async (mode) => {
      fake.server.chatQuirks = { reasoningField: 'reasoning', reasoningDetails: true };
      fake.server.reply(
        {
          ...ROUND[0]!,
          reasoning: { text: 'Need the weather first.', encryptedContent: 'ENC-1' },
          chunkSize: 5,
        },
        ROUND[1]!,
      );
      const agent = new Agent({ model: modelWith(undefined, 'openrouter'), tools: [weather] });
      const result =
        mode === 'stream'
          ? await (async () => {
              const s = agent.stream('Weather in Paris?');
              for await (const _ of s);
              return s.result;
            })()
          : await agent.run('Weather in Paris?');
      expect(result.text).toBe('Sunny in Paris.');
      const details = [
        { type: 'reasoning.text', text: 'Need the weather first.', format: 'fake', index: 0 },
        { type: 'reasoning.encrypted', data: 'ENC-1', format: 'fake', index: 1 },
      ];
      expect(fake.server.lastRequest!.body.messages[1].reasoning_details).toEqual(details);
      expect(result.messages[1]).toMatchObject({
        providerData: { openrouter: { reasoningDetails: details } },
      });
      // Kept for openrouter: another provider's model is not sent them.
      fake.server.reply({ text: 'ok' });
      await modelWith().generate({ messages: result.messages });
      expect(fake.server.lastRequest!.body.messages[1]).not.toHaveProperty('reasoning_details');
    },
  );
});
