import {
  Agent,
  type AgentEvent,
  InMemorySessionStore,
  isAgnoError,
  partialResultOf,
  type RunResult,
  type Tool,
} from '@agno/core';
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { TEST_KEY } from './fixtures/helpers.js';
import { type AnthropicModel, anthropic } from './index.js';
import { FakeAnthropicServer, type FakeReply, type ReceivedRequest } from './testing/index.js';

let server: FakeAnthropicServer;

beforeAll(async () => {
  server = await FakeAnthropicServer.start({ apiKey: TEST_KEY });
});
afterAll(() => server.close());
beforeEach(() => server.reset());

const addCalls: Array<{ a: number; b: number }> = [];
const add: Tool<{ a: number; b: number }> = {
  name: 'add',
  description: 'Adds two numbers',
  parameters: {
    type: 'object',
    properties: { a: { type: 'number' }, b: { type: 'number' } },
    required: ['a', 'b'],
  },
  execute(args) {
    addCalls.push(args);
    return { sum: args.a + args.b };
  },
};

function agentWith(options: Parameters<typeof anthropic>[1] = {}) {
  return new Agent({
    instructions: 'You add numbers with the add tool.',
    model: anthropic('claude-test-1', { apiKey: TEST_KEY, baseURL: server.url, ...options }),
    tools: [add],
  });
}

function lastUserBlocks(req: ReceivedRequest): any[] {
  const last = req.body.messages.at(-1);
  return typeof last.content === 'string' ? [{ type: 'text', text: last.content }] : last.content;
}

/** A tiny "model" on the server: call `add` first, then answer with the tool's result. */
function adder(req: ReceivedRequest): FakeReply {
  const results = lastUserBlocks(req).filter((b) => b.type === 'tool_result');
  if (results.length === 0) {
    return {
      content: [
        { type: 'text', text: 'Let me add.' },
        { type: 'tool_use', name: 'add', input: { a: 2, b: 3 } },
      ],
      chunkSize: 3,
    };
  }
  return { text: `The sum is ${JSON.parse(results[0].content).sum}.`, chunkSize: 4 };
}

describe('agent runs end to end', () => {
  let respondServer: FakeAnthropicServer;
  beforeAll(async () => {
    respondServer = await FakeAnthropicServer.start({ apiKey: TEST_KEY, respond: adder });
  });
  afterAll(() => respondServer.close());
  beforeEach(() => {
    respondServer.reset();
    addCalls.length = 0;
  });

  function agent() {
    return new Agent({
      instructions: 'You add numbers with the add tool.',
      model: anthropic('claude-test-1', { apiKey: TEST_KEY, baseURL: respondServer.url }),
      tools: [add],
    });
  }

  test('run(): the tool runs, its result goes back under the tool_use id, the answer comes out', async () => {
    const result = await agent().run('What is 2 + 3?');
    expect(result.text).toBe('The sum is 5.');
    expect(addCalls).toEqual([{ a: 2, b: 3 }]);
    expect(result.modelCalls).toBe(2);
    const [first, second] = respondServer.requests;
    expect(first!.body.system).toBe('You add numbers with the add tool.');
    expect(first!.body.max_tokens).toBe(4096);
    expect(first!.body.tools).toEqual([
      { name: 'add', description: 'Adds two numbers', input_schema: add.parameters },
    ]);
    const toolUse = second!.body.messages[1].content.find((b: any) => b.type === 'tool_use');
    expect(second!.body.messages[2]).toEqual({
      role: 'user',
      content: [{ type: 'tool_result', tool_use_id: toolUse.id, content: '{"sum":5}' }],
    });
    expect(result.toolCalls[0]!.id).toBe(toolUse.id);
    expect(result.usage.inputTokens).toBeGreaterThan(0);
    expect(result.usage.totalTokens).toBe(result.usage.inputTokens + result.usage.outputTokens);
  });

  test('stream(): text deltas, tool events and the result, over SSE both turns', async () => {
    const stream = agent().stream('What is 2 + 3?');
    const events: AgentEvent[] = [];
    for await (const e of stream) events.push(e);
    const result = await stream.result;
    expect(result.text).toBe('The sum is 5.');
    const kinds = events.map((e) => e.type);
    expect(kinds[0]).toBe('run-started');
    expect(kinds.at(-1)).toBe('run-completed');
    const started = kinds.indexOf('tool-call-started');
    const completed = kinds.indexOf('tool-call-completed');
    expect(started).toBeGreaterThan(kinds.indexOf('text-delta'));
    expect(completed).toBeGreaterThan(started);
    const answer = events
      .slice(completed)
      .filter((e): e is Extract<AgentEvent, { type: 'text-delta' }> => e.type === 'text-delta')
      .map((e) => e.text);
    expect(answer.length).toBeGreaterThan(1);
    expect(answer.join('')).toBe('The sum is 5.');
    expect(respondServer.requests.every((r) => r.body.stream === true)).toBe(true);
  });

  test('many concurrent runs of one agent (one model, one client) all finish', async () => {
    const a = agent();
    const results = await Promise.all(Array.from({ length: 8 }, (_, i) => a.run(`sum #${i}`)));
    expect(results.map((r) => r.text)).toEqual(Array(8).fill('The sum is 5.'));
    expect(respondServer.count).toBe(16);
    const client = (a.model as AnthropicModel).client;
    await a.run('once more');
    expect((a.model as AnthropicModel).client).toBe(client);
  });
});

describe('agent runs with scripted turns', () => {
  test('parallel tool calls: both results go back in ONE user turn, in call order', async () => {
    server.reply(
      {
        content: [
          { type: 'tool_use', id: 'toolu_one', name: 'add', input: { a: 1, b: 1 } },
          { type: 'tool_use', id: 'toolu_two', name: 'add', input: { a: 10, b: 20 } },
        ],
      },
      { text: '2 and 30' },
    );
    const result = await agentWith().run('two sums');
    expect(result.text).toBe('2 and 30');
    expect(server.requests[1]!.body.messages.at(-1)).toEqual({
      role: 'user',
      content: [
        { type: 'tool_result', tool_use_id: 'toolu_one', content: '{"sum":2}' },
        { type: 'tool_result', tool_use_id: 'toolu_two', content: '{"sum":30}' },
      ],
    });
  });

  test('malformed tool JSON from the model goes back as an error tool_result, and the run goes on', async () => {
    server.reply(
      { content: [{ type: 'tool_use', id: 'toolu_broken', name: 'add', rawInput: '{"a": 1, "b": ' }] },
      { text: 'Sorry, fixed.' },
    );
    addCalls.length = 0;
    const stream = agentWith().stream('add');
    for await (const _ of stream) {
      // drain
    }
    const result = await stream.result;
    expect(result.text).toBe('Sorry, fixed.');
    expect(addCalls).toEqual([]);
    const sent = server.requests[1]!.body.messages;
    expect(sent[1].content).toEqual([{ type: 'tool_use', id: 'toolu_broken', name: 'add', input: {} }]);
    expect(sent[2].content[0]).toMatchObject({
      type: 'tool_result',
      tool_use_id: 'toolu_broken',
      is_error: true,
    });
    expect(sent[2].content[0].content).toContain('not valid JSON');
  });

  test('a tool that throws is reported to the model with is_error', async () => {
    const boom: Tool = {
      name: 'boom',
      description: 'Always fails',
      parameters: { type: 'object', properties: {} },
      execute() {
        throw new Error('kaput');
      },
    };
    server.reply(
      { content: [{ type: 'tool_use', id: 'toolu_boom', name: 'boom', input: {} }] },
      { text: 'It failed.' },
    );
    const agent = new Agent({
      model: anthropic('claude-test-1', { apiKey: TEST_KEY, baseURL: server.url }),
      tools: [boom],
    });
    await agent.run('try');
    const result = server.requests[1]!.body.messages[2].content[0];
    expect(result).toMatchObject({ type: 'tool_result', tool_use_id: 'toolu_boom', is_error: true });
    expect(result.content).toContain('kaput');
  });

  test('a stream cut mid-way ends the run with stream_interrupted, and the partial text is kept', async () => {
    server.reply({ text: 'The answer is forty', chunkSize: 5, cutAfterEvents: 6 });
    const stream = agentWith({ maxRetries: 0 }).stream('question', { textOnly: true });
    let seen = '';
    let thrown: unknown;
    try {
      for await (const t of stream) seen += t;
    } catch (e) {
      thrown = e;
    }
    const error = await stream.result.catch((e: unknown) => e);
    expect(isAgnoError(error, 'stream_interrupted')).toBe(true);
    expect(thrown).toBe(error);
    expect(seen).toBe('The answer is f');
    expect(partialResultOf(error)?.text).toBe('The answer is f');
  });

  test('an API error ends run() with the typed error', async () => {
    server.reply({ status: 529, error: { type: 'overloaded_error', message: 'Overloaded' } });
    const error = await agentWith({ maxRetries: 0 })
      .run('x')
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'overloaded', status: 529, retryable: true });
  });
});

describe('thinking', () => {
  const thinkingTurn: FakeReply = {
    content: [
      { type: 'thinking', thinking: 'The user wants 2+3; the add tool does that.', signature: 'sig-abc-123' },
      { type: 'redacted_thinking', data: 'opaque-redacted' },
      { type: 'text', text: 'Adding.' },
      { type: 'tool_use', id: 'toolu_think', name: 'add', input: { a: 2, b: 3 } },
    ],
    chunkSize: 6,
  };

  test.each([
    ['run', false],
    ['stream', true],
  ])(
    '%s: the thinking blocks of a tool turn go back unchanged, first in that turn',
    async (_name, streaming) => {
      server.reply(thinkingTurn, { text: 'It is 5.' });
      const agent = agentWith({ params: { thinking: { type: 'adaptive' } } });
      let text: string;
      if (streaming) {
        const stream = agent.stream('2+3?');
        const deltas: string[] = [];
        for await (const e of stream) if (e.type === 'text-delta') deltas.push(e.text);
        text = (await stream.result).text;
        // Thinking is not surfaced as text.
        expect(deltas.join('')).toBe('Adding.It is 5.');
      } else {
        text = (await agent.run('2+3?')).text;
      }
      expect(text).toBe('It is 5.');
      // The server checks, as the API does, that the answered tool turn starts with its thinking.
      expect(server.requests[1]!.body.messages[1].content).toEqual([
        {
          type: 'thinking',
          thinking: 'The user wants 2+3; the add tool does that.',
          signature: 'sig-abc-123',
        },
        { type: 'redacted_thinking', data: 'opaque-redacted' },
        { type: 'text', text: 'Adding.' },
        { type: 'tool_use', id: 'toolu_think', name: 'add', input: { a: 2, b: 3 } },
      ]);
    },
  );
  test.each([
    ['run', false],
    ['stream', true],
  ])(
    '%s: thinking survives a paused run stored as JSON and continued by a new agent',
    async (_name, streaming) => {
      server.reply(thinkingTurn, { text: 'It is 5.' });
      const store = new InMemorySessionStore();
      const confirmAdd: Tool<{ a: number; b: number }> = { ...add, requiresConfirmation: true };
      const make = () =>
        new Agent({
          model: anthropic('claude-test-1', {
            apiKey: TEST_KEY,
            baseURL: server.url,
            params: { thinking: { type: 'adaptive' } },
          }),
          tools: [confirmAdd],
          store,
        });
      let paused: RunResult;
      if (streaming) {
        const stream = make().stream('2+3?');
        for await (const _ of stream) {
        }
        paused = await stream.result;
      } else paused = await make().run('2+3?');
      expect(paused.status).toBe('paused');
      // The store keeps the paused run as JSON: a new agent (as after a restart) continues it.
      const done = await make().continueRun(paused.runId, { toolu_think: { approved: true } });
      expect(done.text).toBe('It is 5.');
      expect(server.requests[1]!.body.messages[1].content.slice(0, 2)).toEqual([
        {
          type: 'thinking',
          thinking: 'The user wants 2+3; the add tool does that.',
          signature: 'sig-abc-123',
        },
        { type: 'redacted_thinking', data: 'opaque-redacted' },
      ]);
    },
  );
});

describe('structured output', () => {
  const personSchema = {
    type: 'object',
    properties: { name: { type: 'string' }, age: { type: 'number' } },
    required: ['name', 'age'],
    additionalProperties: false,
  };

  test('tool mode: a forced output tool; its input comes back as the parsed output (run and stream)', async () => {
    const reply: FakeReply = {
      content: [{ type: 'tool_use', name: 'person', input: { name: 'Ada', age: 36 } }],
      chunkSize: 5,
    };
    server.reply(reply, reply);
    const agent = new Agent({ model: anthropic('claude-test-1', { apiKey: TEST_KEY, baseURL: server.url }) });
    const result = await agent.run<{ name: string; age: number }>('Who?', {
      outputSchema: { jsonSchema: personSchema, name: 'person' },
    });
    expect(result.output).toEqual({ name: 'Ada', age: 36 });
    expect(result.text).toBe('{"name":"Ada","age":36}');
    const body = server.requests[0]!.body;
    expect(body.tools).toEqual([
      {
        name: 'person',
        description: 'Give your final answer by calling this tool; its input is the answer.',
        input_schema: personSchema,
      },
    ]);
    expect(body.tool_choice).toEqual({ type: 'tool', name: 'person' });

    const stream = agent.stream<{ name: string; age: number }>('Who?', {
      outputSchema: { jsonSchema: personSchema, name: 'person' },
    });
    const deltas: string[] = [];
    for await (const e of stream) if (e.type === 'text-delta') deltas.push(e.text);
    const streamed = await stream.result;
    expect(streamed.output).toEqual({ name: 'Ada', age: 36 });
    expect(deltas.length).toBeGreaterThan(1);
    expect(deltas.join('')).toBe('{"name":"Ada","age":36}');
  });

  test('tool mode with real tools: tool_choice any, the tools still work, then the output tool answers', async () => {
    server.reply(
      { content: [{ type: 'tool_use', id: 'toolu_add', name: 'add', input: { a: 20, b: 16 } }] },
      { content: [{ type: 'tool_use', name: 'person', input: { name: 'Ada', age: 36 } }] },
    );
    const result = await agentWith().run<{ name: string; age: number }>('Ada is 20+16', {
      outputSchema: { jsonSchema: personSchema, name: 'person' },
    });
    expect(result.output).toEqual({ name: 'Ada', age: 36 });
    const first = server.requests[0]!.body;
    expect(first.tools.map((t: any) => t.name)).toEqual(['add', 'person']);
    expect(first.tool_choice).toEqual({ type: 'any' });
  });

  test('a non-object schema is wrapped in { value } and unwrapped again', async () => {
    const listSchema = { type: 'array', items: { type: 'string' } };
    server.reply({ content: [{ type: 'tool_use', name: 'output', input: { value: ['a', 'b'] } }] });
    const agent = new Agent({ model: anthropic('claude-test-1', { apiKey: TEST_KEY, baseURL: server.url }) });
    const result = await agent.run<string[]>('list', { outputSchema: { jsonSchema: listSchema } });
    expect(result.output).toEqual(['a', 'b']);
    expect(server.requests[0]!.body.tools[0].input_schema).toEqual({
      type: 'object',
      properties: { value: listSchema },
      required: ['value'],
    });
  });

  test('json mode: output_config.format carries the schema and the text is parsed', async () => {
    server.reply({ text: '{"name":"Grace","age":85}' });
    const agent = new Agent({
      model: anthropic('claude-test-1', { apiKey: TEST_KEY, baseURL: server.url, structuredOutput: 'json' }),
    });
    const result = await agent.run<{ name: string; age: number }>('Who?', {
      outputSchema: { jsonSchema: personSchema },
    });
    expect(result.output).toEqual({ name: 'Grace', age: 85 });
    const body = server.requests[0]!.body;
    expect(body.output_config).toEqual({ format: { type: 'json_schema', schema: personSchema } });
    expect(body.tools).toBeUndefined();
  });
});
