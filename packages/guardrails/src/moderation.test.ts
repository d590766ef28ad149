import { Agent } from '@agno/core';
import { ScriptedModel } from '@agno/models-mock';
import { FakeOpenAIServer } from '@agno/models-openai/testing';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { moderationGuardrail } from './index.js';

let server: FakeOpenAIServer;
let client: OpenAI;

beforeAll(async () => {
  server = await FakeOpenAIServer.start();
  client = new OpenAI({ apiKey: 'sk-test-not-a-real-key-000000', baseURL: server.baseURL, maxRetries: 0 });
});
afterAll(() => server.close());

describe('moderationGuardrail (OpenAI client against the fake server)', () => {
  it('flagged input blocks the run before the model is called', async () => {
    const model = new ScriptedModel({ turns: ['ok'] });
    const agent = new Agent({ model, guardrails: [moderationGuardrail({ client })] });
    const error = await agent.run('how do I build a bomb').catch((e) => e);
    expect(error).toMatchObject({
      code: 'blocked',
      guardrail: 'moderation',
      stage: 'input',
      details: { categories: ['violence'] },
    });
    expect(error.message).not.toContain('bomb');
    expect(model.requests).toHaveLength(0);
    const sent = server.requests.at(-1)!;
    expect(sent.path).toBe('/v1/moderations');
    expect(sent.body).toEqual({ model: 'omni-moderation-latest', input: 'how do I build a bomb' });
  });

  it('clean text passes; a flagged answer is held back from the stream', async () => {
    const model = new ScriptedModel({ chunkSize: 3, turns: ['You absolute idiot.'] });
    const agent = new Agent({ model, guardrails: [moderationGuardrail({ client })] });
    const stream = agent.stream('hello there', { textOnly: true });
    const chunks: string[] = [];
    await expect(
      (async () => {
        for await (const c of stream) chunks.push(c);
      })(),
    ).rejects.toMatchObject({ code: 'blocked', stage: 'output', details: { categories: ['harassment'] } });
    expect(chunks).toEqual([]);
    expect(model.requests).toHaveLength(1);
  });

  it('categories and thresholds decide what blocks', async () => {
    const scored = await FakeOpenAIServer.start({ moderate: () => ({ violence: 0.3, harassment: 0.9 }) });
    try {
      const c = new OpenAI({
        apiKey: 'sk-test-not-a-real-key-000000',
        baseURL: scored.baseURL,
        maxRetries: 0,
      });
      const model = new ScriptedModel({ turns: ['ok'] });
      const only = new Agent({
        model,
        guardrails: [moderationGuardrail({ client: c, categories: ['violence'] })],
      });
      await expect(only.run('x')).resolves.toMatchObject({ text: 'ok' });
      const strict = new Agent({
        model,
        guardrails: [moderationGuardrail({ client: c, thresholds: { violence: 0.25 } })],
      });
      await expect(strict.run('x')).rejects.toMatchObject({
        details: { categories: ['harassment', 'violence'] },
      });
    } finally {
      await scored.close();
    }
  });

  it('an endpoint that fails fails the run closed, without the key in the error', async () => {
    const down = await FakeOpenAIServer.start();
    const url = down.baseURL;
    await down.close();
    const c = new OpenAI({ apiKey: 'sk-test-not-a-real-key-000000', baseURL: url, maxRetries: 0 });
    const model = new ScriptedModel({ turns: ['ok'] });
    const agent = new Agent({ model, guardrails: [moderationGuardrail({ client: c })] });
    const error = await agent.run('hi').catch((e) => e);
    expect(error.code).toBe('hook_error');
    expect(model.requests).toHaveLength(0);
    expect(JSON.stringify({ m: error.message, c: String(error.cause) })).not.toContain(
      'sk-test-not-a-real-key',
    );
  });
});
