/**
 * Against the real Gemini API: runs only when GEMINI_API_KEY (or GOOGLE_API_KEY) is set
 * (GOOGLE_LIVE_MODEL picks the model). Never run in CI without a key; the local server covers the
 * wire format everywhere else.
 */
import { Agent, type Tool } from '@agno/core';
import { describe, expect, test } from 'vitest';
import { drain, textOf } from './fixtures/helpers.js';
import { google } from './index.js';

const key = process.env.GEMINI_API_KEY || process.env.GOOGLE_API_KEY;
const modelId = process.env.GOOGLE_LIVE_MODEL ?? 'gemini-2.5-flash';

describe.skipIf(!key)('live Gemini API', () => {
  const model = google(modelId, { apiKey: key });

  test('generate and stream a short answer', async () => {
    const ask = { messages: [{ role: 'user' as const, content: 'Reply with the single word: pong' }] };
    const res = await model.generate(ask);
    expect(res.text.toLowerCase()).toContain('pong');
    expect(res.usage?.inputTokens).toBeGreaterThan(0);
    const { events, error } = await drain(model.stream(ask));
    expect(error).toBeUndefined();
    expect(textOf(events).toLowerCase()).toContain('pong');
    expect(events.at(-1)?.type).toBe('finish');
  });

  test('an agent calls a tool (with thinking on) and uses its result', async () => {
    const secret: Tool<{ name: string }> = {
      name: 'lookup_code',
      description: 'Returns the secret code for a name',
      parameters: { type: 'object', properties: { name: { type: 'string' } }, required: ['name'] },
      execute: () => 'ZEBRA-42',
    };
    const agent = new Agent({ model, tools: [secret] });
    const result = await agent.run(
      'What is the secret code for "alice"? Use the tool, then answer with the code.',
      {
        reasoning: { effort: 'low' },
      },
    );
    expect(result.toolCalls.length).toBeGreaterThan(0);
    expect(result.text).toContain('ZEBRA-42');
  });

  test('a wrong key is an auth_error without the key', async () => {
    const bad = 'AIzaSy-not-a-real-key-0000000000000000';
    const error = await google(modelId, { apiKey: bad, maxRetries: 0 })
      .generate({ messages: [{ role: 'user', content: 'hi' }] })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'auth_error' });
    expect(String((error as Error).message)).not.toContain(bad);
  });
});
