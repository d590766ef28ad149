/**
 * Against the real OpenAI API: runs only when OPENAI_API_KEY is set (and OPENAI_LIVE_MODEL
 * optionally names the model, default gpt-4o-mini). Kept small: a few cheap calls.
 */
import { Agent, type Tool } from '@agno/core';
import { describe, expect, it } from 'vitest';
import { type OpenAIApi, openai } from './index.js';

const key = process.env.OPENAI_API_KEY;
const modelId = process.env.OPENAI_LIVE_MODEL ?? 'gpt-4o-mini';

const add: Tool<{ a: number; b: number }> = {
  name: 'add',
  description: 'Adds two numbers',
  parameters: {
    type: 'object',
    properties: { a: { type: 'number' }, b: { type: 'number' } },
    required: ['a', 'b'],
    additionalProperties: false,
  },
  strict: true,
  execute: ({ a, b }) => a + b,
};

describe.skipIf(!key).each<OpenAIApi>(['chat', 'responses'])('live OpenAI (%s)', (api) => {
  it('answers, calls a tool, and reports usage', async () => {
    const agent = new Agent({
      model: openai(modelId, { api }),
      instructions: 'Use the add tool for arithmetic. Answer with the number only.',
      tools: [add],
    });
    const result = await agent.run('What is 1234 + 4321?', { maxTokens: 50 });
    expect(result.text).toContain('5555');
    expect(result.toolCalls[0]).toMatchObject({ name: 'add', isError: false });
    expect(result.usage.inputTokens).toBeGreaterThan(0);
  });

  it('streams text', async () => {
    const agent = new Agent({ model: openai(modelId, { api }) });
    let text = '';
    for await (const piece of agent.stream('Count from 1 to 5, separated by spaces.', { textOnly: true }))
      text += piece;
    expect(text).toMatch(/1\D+2\D+3\D+4\D+5/);
  });

  it('maps a wrong key to auth_error without showing it', async () => {
    const bad = 'sk-live-test-wrong-key-000000000000';
    const error = await openai(modelId, { api, apiKey: bad, maxRetries: 0 })
      .generate({ messages: [{ role: 'user', content: 'hi' }] })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'auth_error', status: 401 });
    expect(JSON.stringify(error) + String(error)).not.toContain(bad);
  });
});
