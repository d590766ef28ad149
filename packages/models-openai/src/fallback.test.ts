/**
 * Fallback models through the official client on the local wire-format server: the first model's
 * deployment is overloaded (its client's own retries spent), the next model answers the turn.
 */
import { Agent, type AgentEvent, isAgnoError, type Tool } from '@agno/core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { openai } from './index.js';
import { FakeOpenAIServer } from './testing/index.js';

let server: FakeOpenAIServer;
beforeAll(async () => {
  server = await FakeOpenAIServer.start();
});
afterAll(() => server.close());
beforeEach(() => server.reset());

const overloaded = { status: 503, headers: { 'retry-after': '0' }, error: { message: 'overloaded' } };

const lookup: Tool<{ id: string }> = {
  name: 'lookup',
  description: 'Finds an order',
  parameters: { type: 'object', properties: { id: { type: 'string' } }, required: ['id'] },
  execute: ({ id }) => ({ id, status: 'shipped' }),
};

function models() {
  const options = { apiKey: 'sk-test-fallback', baseURL: server.baseURL, maxRetries: 1 };
  return { primary: openai('gpt-primary', options), backup: openai('gpt-backup', options) };
}

describe('fallbackModels on the wire', () => {
  it('a run whose model is overloaded is answered by the fallback, tool round included', async () => {
    server.reply(
      overloaded,
      overloaded,
      { toolCalls: [{ id: 'call_1', name: 'lookup', arguments: { id: 'A7' } }] },
      overloaded,
      overloaded,
      { text: 'Order A7 has shipped.' },
    );
    const { primary, backup } = models();
    const agent = new Agent({ model: primary, tools: [lookup], fallbackModels: [backup] });
    const events: AgentEvent[] = [];
    agent.events.on('*', (e) => events.push(e));
    const result = await agent.run('Where is order A7?');
    expect(result.text).toBe('Order A7 has shipped.');
    expect(result.model).toBe('openai:gpt-backup');
    // Two tries of the primary (its client retried once) before each turn went to the backup.
    expect(server.requests.map((r) => r.body.model)).toEqual([
      'gpt-primary',
      'gpt-primary',
      'gpt-backup',
      'gpt-primary',
      'gpt-primary',
      'gpt-backup',
    ]);
    // The backup's second turn carries the tool result of its first.
    expect(JSON.stringify(server.requests[5]!.body.messages)).toContain('shipped');
    expect(events.filter((e) => e.type === 'model-fallback').map((e) => (e as { to: string }).to)).toEqual([
      'openai:gpt-backup',
      'openai:gpt-backup',
    ]);
    expect(Object.keys(result.usageByModel!)).toEqual(['openai:gpt-backup']);
  });

  it('a stream falls back when the first model fails before its first delta', async () => {
    server.reply(overloaded, overloaded, { text: 'Hello from the backup.', chunkSize: 5 });
    const { primary, backup } = models();
    const stream = new Agent({ model: primary }).stream('hi', { fallbackModels: [backup] });
    let text = '';
    for await (const event of stream) if (event.type === 'text-delta') text += event.text;
    expect(text).toBe('Hello from the backup.');
    expect((await stream.result).model).toBe('openai:gpt-backup');
    expect(server.requests.every((r) => r.stream)).toBe(true);
  });

  it('a bad request is not retried elsewhere', async () => {
    server.reply({ status: 400, error: { message: 'bad schema', type: 'invalid_request_error' } });
    const { primary, backup } = models();
    const error = await new Agent({ model: primary, fallbackModels: [backup] }).run('hi').catch((e) => e);
    expect(isAgnoError(error, 'bad_request')).toBe(true);
    expect(server.requests).toHaveLength(1);
  });
});
