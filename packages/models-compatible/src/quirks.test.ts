/**
 * Each preset against the wire-format server playing its service, quirks included: a whole agent
 * run (reasoning, a tool round, the answer), streamed and not, that would fail had the preset not
 * handled them.
 */
import { Agent, type Tool } from '@agno/core';
import type { OpenAIModel } from '@agno/models-openai';
import type { FakeChatQuirks, FakeReply } from '@agno/models-openai/testing';
import { beforeEach, describe, expect, it } from 'vitest';
import { useServer } from './fixtures/server.js';
import { deepseek, groq, lmStudio, openrouter, together, vllm } from './index.js';

const fake = useServer();

const weather: Tool = {
  name: 'get_weather',
  description: 'Weather in a city',
  parameters: {
    type: 'object',
    properties: { city: { type: 'string' } },
    required: ['city'],
    additionalProperties: false,
  },
  strict: true,
  execute: ({ city }) => `sunny in ${city as string}`,
};

/** Reasoning, a call of the weather tool, then the answer. */
const round = (ids?: string): FakeReply[] => [
  {
    reasoning: { text: 'I should look the weather up.' },
    toolCalls: [{ id: ids, name: 'get_weather', arguments: { city: 'Paris' } }],
    chunkSize: 6,
    usage: { input: 30, output: 6 },
  },
  {
    reasoning: { text: 'Now I can answer.' },
    text: 'It is sunny in Paris.',
    usage: { input: 40, output: 9, reasoning: 5 },
  },
];

interface Service {
  name: string;
  model: () => OpenAIModel;
  /** The service's behaviour, as the server plays it. */
  quirks: FakeChatQuirks;
}

const opts = () => ({ baseURL: fake.server.baseURL, apiKey: 'svc-test-key-0a1b2c3d', maxRetries: 0 });
const services: Service[] = [
  {
    name: 'groq',
    model: () => groq('openai/gpt-oss-20b', opts()),
    quirks: { reasoningField: 'reasoning', rejectStrict: true },
  },
  {
    name: 'openrouter',
    model: () => openrouter('anthropic/claude-sonnet-4', opts()),
    quirks: { reasoningField: 'reasoning', reasoningDetails: true, streamOptions: 'ignored' },
  },
  {
    name: 'deepseek',
    model: () => deepseek('deepseek-reasoner', opts()),
    quirks: { reasoningReplay: 'tool-loop', rejectStrict: true },
  },
  {
    name: 'together',
    model: () => together('deepseek-ai/DeepSeek-R1', opts()),
    quirks: { reasoningField: 'reasoning', rejectStrict: true },
  },
  {
    name: 'vllm',
    model: () => vllm('Qwen/Qwen3-8B', opts()),
    quirks: { toolCallIds: 'missing', noToolCallIndex: true },
  },
  {
    name: 'lmstudio',
    model: () => lmStudio('qwen/qwen3-8b', opts()),
    quirks: { toolCallIds: 'empty', streamOptions: 'ignored' },
  },
];

describe.each(services)('$name on a server with its quirks', ({ model, quirks }) => {
  beforeEach(() => {
    fake.server.chatQuirks = quirks;
  });

  it.each(['run', 'stream'] as const)('runs a tool round with reasoning (%s)', async (mode) => {
    fake.server.reply(...round('call_weather_1'));
    const agent = new Agent({ model: model(), tools: [weather] });
    const result =
      mode === 'run'
        ? await agent.run('Weather in Paris?')
        : await (async () => {
            const s = agent.stream('Weather in Paris?');
            for await (const _ of s);
            return s.result;
          })();
    expect(result.text).toBe('It is sunny in Paris.');
    expect(result.toolCalls).toMatchObject([
      { name: 'get_weather', args: { city: 'Paris' }, result: 'sunny in Paris' },
    ]);
    expect(result.reasoning).toBe('I should look the weather up.\n\nNow I can answer.');
    // Usage is the server's, when it sends any: never invented.
    if (quirks.streamOptions === 'ignored' && mode === 'stream') expect(result.usage.outputTokens).toBe(0);
    else expect(result.usage).toMatchObject({ inputTokens: 70, outputTokens: 15, reasoningTokens: 5 });
    const [, assistant, tool] = fake.server.lastRequest!.body.messages;
    expect(assistant.tool_calls[0].id.length).toBeGreaterThan(0);
    expect(tool.tool_call_id).toBe(assistant.tool_calls[0].id);
    // DeepSeek's thinking mode needs the reasoning of the current question's tool-call turns back.
    if (quirks.reasoningReplay === 'tool-loop') {
      expect(assistant.reasoning_content).toBe('I should look the weather up.');
    } else expect(assistant).not.toHaveProperty('reasoning_content');
  });

  it('asks for reasoning the way the service reads it', async () => {
    fake.server.reply({ text: 'ok' });
    await new Agent({ model: model() }).run('hi', { reasoning: { effort: 'high' } });
    const body = fake.server.lastRequest!.body;
    const asked = {
      reasoning_effort: body.reasoning_effort,
      reasoning: body.reasoning,
      thinking: body.thinking,
    };
    expect(Object.fromEntries(Object.entries(asked).filter(([, v]) => v !== undefined))).toEqual(
      model().provider === 'openrouter'
        ? { reasoning: { effort: 'high' } }
        : model().provider === 'deepseek'
          ? { thinking: { type: 'enabled' }, reasoning_effort: 'high' }
          : { reasoning_effort: 'high' },
    );
  });
});

describe('deepseek', () => {
  it('never sends an earlier question’s reasoning back', async () => {
    fake.server.chatQuirks = { reasoningReplay: 'tool-loop' };
    const agent = new Agent({ model: deepseek('deepseek-chat', opts()), tools: [weather] });
    fake.server.reply(...round());
    const first = await agent.run('Weather in Paris?');
    fake.server.reply({ reasoning: { text: 'Same again.' }, text: 'Also sunny.' });
    const second = await agent.run([...first.messages, { role: 'user', content: 'And tomorrow?' }]);
    expect(second.text).toBe('Also sunny.');
    const sent = fake.server.lastRequest!.body.messages as Array<Record<string, unknown>>;
    expect(sent.filter((m) => m.reasoning_content !== undefined)).toEqual([]);
  });
});

describe('openrouter', () => {
  it('sends reasoning_details back with the turn they came with', async () => {
    fake.server.chatQuirks = { reasoningField: 'reasoning', reasoningDetails: true };
    fake.server.reply(...round('call_or'));
    await new Agent({ model: openrouter('google/gemini-2.5-pro', opts()), tools: [weather] }).run('Weather?');
    expect(fake.server.lastRequest!.body.messages[1].reasoning_details).toEqual([
      { type: 'reasoning.text', text: 'I should look the weather up.', format: 'fake', index: 0 },
    ]);
  });
});
