/**
 * Responses API: reasoning items go back to the API with the turn they led to (encrypted when
 * `store: false`), and the response id is on the reply, as the assistant message's providerData.
 */
import { Agent, type Tool } from '@agno/core';
import { describe, expect, it } from 'vitest';
import { TEST_KEY, useFakeServer } from './fixtures/helpers.js';
import { openai } from './index.js';

const fake = useFakeServer();

/** A forecast tool (what it returns does not matter here: the wire exchange does). */
const forecast: Tool<{ city: string; days: number }> = {
  name: 'get_forecast',
  description: 'Forecast for a city',
  parameters: {
    type: 'object',
    properties: { city: { type: 'string' }, days: { type: 'integer' } },
    required: ['city', 'days'],
    additionalProperties: false,
  },
  execute: ({ city, days }) => ({ city, days, sky: 'clear' }),
};

function agent() {
  return new Agent({
    model: openai('o4-mini', { api: 'responses', baseURL: fake.server.baseURL, apiKey: TEST_KEY }),
    tools: [forecast],
  });
}

/** A tool round led by reasoning, then the answer. */
function script() {
  fake.server.reply(
    {
      reasoning: { id: 'rs_a', summary: 'Need the weather first.', encryptedContent: 'ENC-a' },
      toolCalls: [{ id: 'call_1', name: 'get_forecast', arguments: { city: 'Paris', days: 2 } }],
    },
    { text: 'It is 21°C in Paris.' },
  );
}

const modes = ['run', 'stream'] as const;

async function ask(mode: (typeof modes)[number], store?: boolean) {
  const options = store === undefined ? {} : { providerOptions: { openai: { store } } };
  if (mode === 'run') return agent().run('Weather in Paris?', options);
  const stream = agent().stream('Weather in Paris?', options);
  for await (const _ of stream);
  return stream.result;
}

describe.each(modes)('reasoning round trip (%s)', (mode) => {
  it('with store: false asks for encrypted reasoning and sends it back before the call it led to', async () => {
    script();
    const result = await ask(mode, false);
    expect(result.text).toBe('It is 21°C in Paris.');
    const [first, second] = fake.server.requests;
    expect(first!.body).toMatchObject({ store: false, include: ['reasoning.encrypted_content'] });
    const input = second!.body.input as Array<{ type?: string }>;
    const at = input.findIndex((item) => item.type === 'reasoning');
    expect(input[at]).toEqual({
      type: 'reasoning',
      id: 'rs_a',
      summary: [{ type: 'summary_text', text: 'Need the weather first.' }],
      encrypted_content: 'ENC-a',
    });
    expect(input[at + 1]).toMatchObject({ type: 'function_call', call_id: 'call_1' });
    // The turn keeps it (stores keep providerData as JSON), with the response id.
    const turn = result.messages.find((m) => m.role === 'assistant' && m.toolCalls !== undefined);
    const responseId = expect.stringMatching(/^resp_\d+$/);
    expect(turn).toMatchObject({
      providerData: { openai: { responseId, reasoning: [{ id: 'rs_a', encrypted_content: 'ENC-a' }] } },
    });
    const answer = result.messages.at(-1)!;
    expect(answer).toMatchObject({ role: 'assistant', providerData: { openai: { responseId } } });
    expect(answer.role === 'assistant' && answer.providerData).not.toEqual(
      turn?.role === 'assistant' && turn.providerData,
    );
  });

  it('with storage (the default) sends no include and refers to the reasoning by id', async () => {
    script();
    await ask(mode);
    const [first, second] = fake.server.requests;
    expect(first!.body).not.toHaveProperty('include');
    const reasoning = (second!.body.input as Array<{ type?: string }>).find((i) => i.type === 'reasoning');
    expect(reasoning).toEqual({
      type: 'reasoning',
      id: 'rs_a',
      summary: [{ type: 'summary_text', text: 'Need the weather first.' }],
    });
  });
});

describe('the response id', () => {
  it('is on a generated reply as providerData.openai.responseId (and raw.id)', async () => {
    fake.server.reply({ text: 'hi' });
    const m = openai('o4-mini', { api: 'responses', baseURL: fake.server.baseURL, apiKey: TEST_KEY });
    const reply = await m.generate({
      messages: [{ role: 'user', content: 'hi' }],
      providerOptions: { openai: { include: ['file_search_call.results'], store: false } },
    });
    const id = (reply.raw as { id: string }).id;
    expect(id).toMatch(/^resp_\d+$/);
    expect(reply.providerData).toEqual({ openai: { responseId: id } });
    // The caller's include list is kept, with encrypted reasoning added.
    expect(fake.server.lastRequest!.body.include).toEqual([
      'file_search_call.results',
      'reasoning.encrypted_content',
    ]);
  });
});
