/**
 * Through `Agent`, against the local Gemini API server (which checks requests as the API does,
 * thought signatures of Gemini 3 included): tool loops, parallel calls, thought signatures sent
 * back on their parts (also after a paused run is stored and continued), reasoning, structured
 * output.
 */
import { Agent, type AgentEvent, InMemorySessionStore, type RunResult, type Tool } from '@agno/core';
import { describe, expect, test } from 'vitest';
import { modelOn, useFakeServer } from './fixtures/helpers.js';
import type { FakeReply } from './testing/index.js';

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

/** Runs `agent` on `input`, streaming or not; returns the result and the events of a stream. */
async function runOn(
  agent: Agent,
  input: string,
  streaming: boolean,
): Promise<{ result: RunResult; events: AgentEvent[] }> {
  if (!streaming) return { result: await agent.run(input), events: [] };
  const stream = agent.stream(input);
  const events: AgentEvent[] = [];
  for await (const e of stream) events.push(e);
  return { result: await stream.result, events };
}

const modes = [
  ['run', false],
  ['stream', true],
] as const;

describe('tools', () => {
  test.each(modes)(
    '%s: a tool round, then the answer; the result goes back as a functionResponse',
    async (_n, streaming) => {
      const { server } = fake;
      server.reply(
        { parts: [{ functionCall: { name: 'add', args: { a: 2, b: 3 } } }] },
        { text: 'It is 5.' },
      );
      const agent = new Agent({ model: modelOn(server), tools: [add], instructions: 'Use tools.' });
      const { result } = await runOn(agent, '2+3?', streaming);
      expect(result.text).toBe('It is 5.');
      expect(result.toolCalls[0]).toMatchObject({ name: 'add', result: '{"sum":5}' });
      const second = server.requests[1]!.body;
      expect(second.systemInstruction).toEqual({ parts: [{ text: 'Use tools.' }] });
      expect(second.contents).toEqual([
        { role: 'user', parts: [{ text: '2+3?' }] },
        { role: 'model', parts: [{ functionCall: { name: 'add', args: { a: 2, b: 3 } } }] },
        { role: 'user', parts: [{ functionResponse: { name: 'add', response: { output: { sum: 5 } } } }] },
      ]);
      expect(second.tools).toEqual([
        {
          functionDeclarations: [
            { name: 'add', description: 'Adds two numbers', parametersJsonSchema: add.parameters },
          ],
        },
      ]);
    },
  );

  test.each(modes)(
    '%s: parallel calls get distinct ids; their results go back in one turn, in order',
    async (_n, streaming) => {
      const { server } = fake;
      const order: number[] = [];
      const slowAdd: Tool<{ a: number; b: number }> = {
        ...add,
        execute: async ({ a, b }) => {
          // The first call finishes last: results must still go back in the order of the calls.
          await new Promise((r) => setTimeout(r, a === 1 ? 30 : 0));
          order.push(a);
          return { sum: a + b };
        },
      };
      server.reply(
        {
          parts: [
            { functionCall: { name: 'add', args: { a: 1, b: 1 } } },
            { functionCall: { name: 'add', args: { a: 2, b: 2 } } },
          ],
        },
        { text: '2 and 4.' },
      );
      const { result } = await runOn(
        new Agent({ model: modelOn(server), tools: [slowAdd] }),
        'two sums',
        streaming,
      );
      expect(result.text).toBe('2 and 4.');
      expect(order).toEqual([2, 1]);
      const ids = result.toolCalls.map((c) => c.id);
      expect(new Set(ids).size).toBe(2);
      expect(server.requests[1]!.body.contents[2]).toEqual({
        role: 'user',
        parts: [
          { functionResponse: { name: 'add', response: { output: { sum: 2 } } } },
          { functionResponse: { name: 'add', response: { output: { sum: 4 } } } },
        ],
      });
    },
  );

  test('call ids the API gives are kept and sent back with the call and its result', async () => {
    const { server } = fake;
    server.reply(
      { parts: [{ functionCall: { id: 'fc_abc', name: 'add', args: { a: 1, b: 2 } } }] },
      { text: '3' },
    );
    const result = await new Agent({ model: modelOn(server), tools: [add] }).run('1+2');
    expect(result.toolCalls[0]!.id).toBe('fc_abc');
    const contents = server.requests[1]!.body.contents;
    expect(contents[1].parts[0].functionCall.id).toBe('fc_abc');
    expect(contents[2].parts[0].functionResponse.id).toBe('fc_abc');
  });

  test('a failed tool goes back as `error`', async () => {
    const { server } = fake;
    const broken: Tool<{ a: number; b: number }> = {
      ...add,
      execute: () => {
        throw new Error('adder broke');
      },
    };
    server.reply({ parts: [{ functionCall: { name: 'add', args: { a: 1, b: 2 } } }] }, { text: 'Sorry.' });
    await new Agent({ model: modelOn(server), tools: [broken] }).run('1+2');
    const response = server.requests[1]!.body.contents[2].parts[0].functionResponse;
    expect(response.name).toBe('add');
    expect(response.response.error).toContain('adder broke');
  });
});

describe('thought signatures (Gemini 3: the server rejects a function-call step without one)', () => {
  const signedTurn: FakeReply = {
    parts: [
      { text: 'The user wants a sum; the add tool does that.', thought: true },
      { text: '', thought: true, thoughtSignature: 'sig-thought-0' },
      { text: 'Adding.' },
      { functionCall: { name: 'add', args: { a: 2, b: 3 } }, thoughtSignature: 'sig-call-1' },
      { functionCall: { name: 'add', args: { a: 4, b: 5 } } },
    ],
    chunkSize: 6,
  };
  const expectedModelTurn = {
    role: 'model',
    parts: [
      {
        text: 'The user wants a sum; the add tool does that.',
        thought: true,
        thoughtSignature: 'sig-thought-0',
      },
      { text: 'Adding.' },
      { functionCall: { name: 'add', args: { a: 2, b: 3 } }, thoughtSignature: 'sig-call-1' },
      { functionCall: { name: 'add', args: { a: 4, b: 5 } } },
    ],
  };

  test.each(modes)(
    '%s: signatures go back on their parts; thoughts are reasoning, not text',
    async (_n, streaming) => {
      const { server } = fake;
      server.reply(signedTurn, { parts: [{ text: '5 and 9.', thoughtSignature: 'sig-text-2' }] });
      const agent = new Agent({ model: modelOn(server, 'gemini-3-flash-preview'), tools: [add] });
      const { result, events } = await runOn(agent, 'sums?', streaming);
      expect(result.text).toBe('5 and 9.');
      expect(result.reasoning).toBe('The user wants a sum; the add tool does that.');
      expect(server.requests[1]!.body.contents[1]).toEqual(expectedModelTurn);
      if (streaming) {
        const reasoning = events.flatMap((e) => (e.type === 'reasoning-delta' ? [e.text] : []));
        expect(reasoning.length).toBeGreaterThan(1);
        const text = events.flatMap((e) => (e.type === 'text-delta' ? [e.text] : [])).join('');
        expect(text).toBe('Adding.5 and 9.');
      }
      // A later turn of the session sends the answer's text signature back too.
      const last = result.messages.at(-1)!;
      expect(last).toMatchObject({
        role: 'assistant',
        providerData: { google: { textSignature: 'sig-text-2' } },
      });
    },
  );

  test('without the signatures the server answers as the API does: 400', async () => {
    const { server } = fake;
    const bad = await fetch(`${server.url}/v1beta/models/gemini-3-flash-preview:generateContent`, {
      method: 'POST',
      headers: { 'x-goog-api-key': 'local-test-key-7Hq2Zp9Lm4', 'content-type': 'application/json' },
      body: JSON.stringify({
        contents: [
          { role: 'user', parts: [{ text: 'sums?' }] },
          { role: 'model', parts: [{ functionCall: { name: 'add', args: {} } }] },
          { role: 'user', parts: [{ functionResponse: { name: 'add', response: { output: 1 } } }] },
        ],
      }),
    });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain('thought_signature');
  });

  test.each(modes)(
    '%s: signatures survive a paused run stored as JSON and continued by a new agent',
    async (_n, streaming) => {
      const { server } = fake;
      server.reply(signedTurn, { text: 'Done.' });
      const store = new InMemorySessionStore();
      const confirmAdd: Tool<{ a: number; b: number }> = { ...add, requiresConfirmation: true };
      const make = () =>
        new Agent({ model: modelOn(server, 'gemini-3-flash-preview'), tools: [confirmAdd], store });
      const { result: paused } = await runOn(make(), 'sums?', streaming);
      expect(paused.status).toBe('paused');
      expect(server.requests).toHaveLength(1);
      const decisions = Object.fromEntries(paused.pending!.map((p) => [p.toolCall.id, { approved: true }]));
      const done = await make().continueRun(paused.runId, decisions);
      expect(done.text).toBe('Done.');
      expect(server.requests[1]!.body.contents[1]).toEqual(expectedModelTurn);
    },
  );

  test('a tool turn another provider made gets the documented skip signature on Gemini 3', async () => {
    const { server } = fake;
    server.reply({ text: 'ok' });
    await modelOn(server, 'gemini-3-pro-preview').generate({
      messages: [
        { role: 'user', content: 'sums?' },
        {
          role: 'assistant',
          content: '',
          toolCalls: [{ id: 'call_openai_1', name: 'add', args: { a: 1, b: 1 } }],
        },
        { role: 'tool', toolCallId: 'call_openai_1', toolName: 'add', content: '{"sum":2}' },
      ],
      tools: [add],
    });
    expect(server.lastRequest!.body.contents[1].parts[0]).toEqual({
      functionCall: { name: 'add', args: { a: 1, b: 1 } },
      thoughtSignature: 'skip_thought_signature_validator',
    });
  });
});

describe('reasoning and structured output', () => {
  test('run options reasoning becomes thinkingConfig; the thoughts come back as result.reasoning', async () => {
    const { server } = fake;
    server.reply({
      parts: [{ text: 'Counting letters.', thought: true }, { text: '3' }],
      usage: { promptTokenCount: 10, candidatesTokenCount: 1, thoughtsTokenCount: 40 },
    });
    const agent = new Agent({ model: modelOn(server, 'gemini-2.5-flash') });
    const result = await agent.run('How many r in strawberry?', { reasoning: { effort: 'low' } });
    expect(result.text).toBe('3');
    expect(result.reasoning).toBe('Counting letters.');
    expect(result.usage).toMatchObject({ inputTokens: 10, outputTokens: 41, reasoningTokens: 40 });
    expect(server.lastRequest!.body.generationConfig.thinkingConfig).toEqual({
      thinkingBudget: 1024,
      includeThoughts: true,
    });
  });

  test.each(modes)(
    '%s: an output schema becomes responseJsonSchema, the JSON text the parsed output',
    async (_n, streaming) => {
      const { server } = fake;
      const schema = {
        type: 'object',
        properties: { name: { type: 'string' }, age: { type: 'number' } },
        required: ['name', 'age'],
      };
      server.reply({ text: '{"name":"Ada","age":36}', chunkSize: 5 });
      const agent = new Agent({ model: modelOn(server) });
      const options = { outputSchema: { jsonSchema: schema, name: 'person' } };
      const result = streaming
        ? await agent.stream<{ name: string; age: number }>('Who?', options).result
        : await agent.run<{ name: string; age: number }>('Who?', options);
      expect(result.output).toEqual({ name: 'Ada', age: 36 });
      const config = server.lastRequest!.body.generationConfig;
      expect(config.responseMimeType).toBe('application/json');
      expect(config.responseJsonSchema).toEqual(schema);
    },
  );
});
