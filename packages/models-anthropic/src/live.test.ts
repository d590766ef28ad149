/**
 * Against the real API: runs only when ANTHROPIC_API_KEY is set (ANTHROPIC_LIVE_MODEL picks the model).
 * Never run in CI without a key; the local server covers the wire format everywhere else.
 */
import { Agent, type Tool } from '@agno/core';
import { describe, expect, test } from 'vitest';
import { drain, textOf } from './fixtures/helpers.js';
import { anthropic } from './index.js';

const key = process.env.ANTHROPIC_API_KEY;
const modelId = process.env.ANTHROPIC_LIVE_MODEL ?? 'claude-haiku-5-5';

describe.skipIf(key === undefined || key === '')('live Anthropic API', () => {
  const model = anthropic(modelId, { maxTokens: 200 });

  test('generate and stream a short answer', async () => {
    const res = await model.generate({
      messages: [{ role: 'user', content: 'Reply with the single word: pong' }],
    });
    expect(res.text.toLowerCase()).toContain('pong');
    expect(res.usage?.inputTokens).toBeGreaterThan(0);
    const { events, error } = await drain(
      model.stream({ messages: [{ role: 'user', content: 'Reply with the single word: pong' }] }),
    );
    expect(error).toBeUndefined();
    expect(textOf(events).toLowerCase()).toContain('pong');
    expect(events.at(-1)?.type).toBe('finish');
  });

  test('an agent calls a tool and uses its result', async () => {
    const secret: Tool<{ name: string }> = {
      name: 'lookup_code',
      description: 'Returns the secret code for a name',
      parameters: { type: 'object', properties: { name: { type: 'string' } }, required: ['name'] },
      execute: () => 'ZEBRA-42',
    };
    const agent = new Agent({ model, tools: [secret] });
    const result = await agent.run(
      'What is the secret code for "alice"? Use the tool, then answer with the code.',
    );
    expect(result.toolCalls.length).toBeGreaterThan(0);
    expect(result.text).toContain('ZEBRA-42');
  });

  test('a wrong key is an auth_error without the key', async () => {
    const bad = 'sk-ant-api03-not-a-real-key-000000000000';
    const error = await anthropic(modelId, { apiKey: bad, maxRetries: 0 })
      .generate({ messages: [{ role: 'user', content: 'hi' }] })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'auth_error', status: 401 });
    expect(String((error as Error).message)).not.toContain(bad);
  });
});
