/**
 * Reasoning round trips through an Agent, against the local Messages API server (which, as the
 * API does, wants the answered tool turn to start with its thinking blocks, and rejects a block
 * whose text no longer matches its signature): the run's `reasoning` option turns thinking on,
 * the thinking blocks go back exactly, across a paused run kept by a store too, and streamed runs
 * show the thinking as `reasoning-delta` events before the text.
 */
import { Agent, type AgentEvent, InMemorySessionStore, type RunResult, type Tool } from '@agno/core';
import { describe, expect, it } from 'vitest';
import { TEST_KEY, useFakeServer } from './fixtures/helpers.js';
import { anthropic } from './index.js';
import type { FakeBlock, FakeReply } from './testing/index.js';

const fake = useFakeServer();

const add: Tool<{ a: number; b: number }> = {
  name: 'add',
  description: 'Adds two numbers',
  parameters: {
    type: 'object',
    properties: { a: { type: 'number' }, b: { type: 'number' } },
    required: ['a', 'b'],
  },
  execute: ({ a, b }) => ({ sum: a + b }),
};

const THINKING: FakeBlock = {
  type: 'thinking',
  thinking: 'They want 2+3: use the add tool.',
  signature: 'EqQBCkYIARgC-sig',
};
const REDACTED: FakeBlock = { type: 'redacted_thinking', data: 'EmwKAhgBEgy-redacted' };

/** Turn 1: thinking (one block redacted), then the call. Turn 2: the answer. */
const TOOL_TURN: FakeReply = {
  content: [THINKING, REDACTED, { type: 'tool_use', id: 'toolu_add', name: 'add', input: { a: 2, b: 3 } }],
  usage: { input_tokens: 50, output_tokens: 40, thinking_tokens: 25 },
  chunkSize: 5,
};
const ANSWER: FakeReply = { text: 'It is 5.', usage: { input_tokens: 90, output_tokens: 5 } };

/** The assistant turn as the second request must carry it: thinking first, unchanged. */
const SENT_BACK = [
  THINKING,
  REDACTED,
  { type: 'tool_use', id: 'toolu_add', name: 'add', input: { a: 2, b: 3 } },
];

function agent(options: { confirm?: boolean; store?: InMemorySessionStore } = {}) {
  return new Agent({
    model: anthropic('claude-test-1', { apiKey: TEST_KEY, baseURL: fake.server.url }),
    tools: [options.confirm === true ? { ...add, requiresConfirmation: true } : add],
    defaults: { reasoning: { effort: 'medium' } },
    ...(options.store === undefined ? {} : { store: options.store }),
  });
}

async function go(a: Agent, mode: 'run' | 'stream'): Promise<{ result: RunResult; events: AgentEvent[] }> {
  if (mode === 'run') return { result: await a.run('2+3?'), events: [] };
  const stream = a.stream('2+3?');
  const events: AgentEvent[] = [];
  for await (const e of stream) events.push(e);
  return { result: await stream.result, events };
}

describe.each(['run', 'stream'] as const)('%s: thinking round trip', (mode) => {
  it('turns thinking on and sends the thinking blocks back exactly, first in their turn', async () => {
    fake.server.reply(TOOL_TURN, ANSWER);
    const { result, events } = await go(agent(), mode);
    expect(result.text).toBe('It is 5.');
    const [first, second] = fake.server.requests;
    expect(first!.body).toMatchObject({
      thinking: { type: 'enabled', budget_tokens: 4096 },
      max_tokens: 8192,
    });
    expect(second!.body.messages[1]).toEqual({ role: 'assistant', content: SENT_BACK });
    expect(result.reasoning).toBe('They want 2+3: use the add tool.');
    // Thinking tokens are within the output tokens: 40 + 5 out, 25 of them thinking.
    expect(result.usage).toMatchObject({ outputTokens: 45, reasoningTokens: 25 });
    if (mode === 'stream') {
      const kinds = events.map((e) => e.type);
      expect(kinds.lastIndexOf('reasoning-delta')).toBeLessThan(kinds.indexOf('tool-call-started'));
      let streamed = '';
      for (const e of events) if (e.type === 'reasoning-delta') streamed += e.text;
      expect(streamed).toBe('They want 2+3: use the add tool.');
    }
  });

  it('carries the thinking blocks across a pause, from the stored paused run to the next request', async () => {
    fake.server.reply(TOOL_TURN, ANSWER);
    const store = new InMemorySessionStore();
    const { result: paused } = await go(agent({ confirm: true, store }), mode);
    expect(paused.status).toBe('paused');
    expect(fake.server.requests).toHaveLength(1);
    const done = await agent({ confirm: true, store }).continueRun(paused.runId, {
      toolu_add: { approved: true },
    });
    expect(done.text).toBe('It is 5.');
    expect(fake.server.requests[1]!.body.thinking).toEqual({ type: 'enabled', budget_tokens: 4096 });
    expect(fake.server.requests[1]!.body.messages[1]).toEqual({ role: 'assistant', content: SENT_BACK });
  });
});

it('streams the thinking before the answer text, and keeps it on the final turn for display', async () => {
  fake.server.reply({
    content: [
      { type: 'thinking', thinking: 'A greeting. Be warm.', signature: 'sig-hi' },
      { type: 'text', text: 'Hello there!' },
    ],
    chunkSize: 3,
  });
  const stream = agent().stream('Hi');
  const events: AgentEvent[] = [];
  for await (const e of stream) events.push(e);
  const kinds = events.map((e) => e.type);
  expect(kinds.indexOf('reasoning-delta')).toBeGreaterThanOrEqual(0);
  expect(kinds.lastIndexOf('reasoning-delta')).toBeLessThan(kinds.indexOf('text-delta'));
  const result = await stream.result;
  expect(result.reasoning).toBe('A greeting. Be warm.');
  expect(result.messages.at(-1)).toMatchObject({ role: 'assistant', reasoning: 'A greeting. Be warm.' });
});
