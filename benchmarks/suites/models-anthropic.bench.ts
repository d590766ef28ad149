/**
 * @agno/models-anthropic: a whole agent run (one tool round, then the answer) through the
 * package against a local server speaking the Messages API, side by side with the raw
 * `@anthropic-ai/sdk` client making the same two calls in the same process; and stream
 * parsing throughput (SSE → core events) from an in-memory response, against the raw client
 * iterating the same stream.
 */
import { Agent, type Tool } from '@agno/core';
import { type AnthropicModel, anthropic } from '@agno/models-anthropic';
import { FakeAnthropicServer, type FakeReply, type ReceivedRequest } from '@agno/models-anthropic/testing';
import { bench, do_not_optimize } from 'mitata';
import { type Budgets, type Figure, figure, median, type SuiteContext } from '../src/suite.js';

// The raw official client is the one the package wraps (`model.client`): the benchmarks
// package does not depend on @anthropic-ai/sdk itself, so its types come from there too.
type Client = AnthropicModel['client'];
type MessageParam = Parameters<Client['messages']['create']>[0]['messages'][number];

/** A raw `@anthropic-ai/sdk` client, built the way a user would (`new Anthropic(options)`). */
function rawClient(options: { apiKey: string; baseURL?: string; fetch?: typeof fetch }): Client {
  return anthropic(MODEL, options).client;
}

/** Targets of issue 3 (times in ns). */
export const budgets: Budgets = {
  'models-anthropic/agent-run': {
    maxNs: 5_000_000,
    note: 'agent.run: tool_use → tool → answer, 2 HTTP calls',
  },
  'models-anthropic/agent-stream': { maxNs: 5_000_000, note: 'agent.stream of the same run, SSE both turns' },
  'models-anthropic/agent-run/vs-raw-sdk': {
    max: 1.05,
    note: 'agent run over the raw client making the same calls',
  },
  'models-anthropic/agent-stream/vs-raw-sdk': {
    max: 1.05,
    note: 'streamed agent run over the raw client streaming',
  },
  'models-anthropic/agent-run/overhead': { maxNs: 100_000, note: 'median agent run − median raw client run' },
  'models-anthropic/agent-stream/overhead': {
    maxNs: 100_000,
    note: 'median streamed run − median raw stream',
  },
  'models-anthropic/stream-parse/events-per-second': {
    min: 200_000,
    note: 'model.stream over an in-memory SSE response of ~1,000 events',
  },
  'models-anthropic/stream-parse/vs-raw-sdk': {
    max: 1.15,
    note: 'model.stream over the raw client iterating it',
  },
  'models-anthropic/generate-memory/vs-raw-sdk': {
    max: 1.05,
    note: 'model.generate (request and reply mapping) over client.messages.create, in-memory fetch, no network',
  },
};

const KEY = 'bench-key';
const MODEL = 'claude-bench';
const SYSTEM = 'You add numbers with the add tool.';
const QUESTION = 'What is 2 + 3?';

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

// Constant replies, so the server renders each once.
const TOOL_TURN: FakeReply = {
  content: [
    { type: 'text', text: 'Let me add those.' },
    { type: 'tool_use', id: 'toolu_bench', name: 'add', input: { a: 2, b: 3 } },
  ],
  usage: { input_tokens: 120, output_tokens: 30 },
};
const ANSWER_TURN: FakeReply = {
  text: 'The sum of 2 and 3 is 5. Adding them together gives five, as expected.',
  usage: { input_tokens: 160, output_tokens: 20 },
};
const LONG_TEXT = 'x'.repeat(1000);
const LONG_STREAM: FakeReply = {
  text: LONG_TEXT,
  chunkSize: 1,
  usage: { input_tokens: 10, output_tokens: 1000 },
};

function respond(req: ReceivedRequest): FakeReply {
  const last = req.body.messages[req.body.messages.length - 1];
  if (last.content === 'long') return LONG_STREAM;
  return Array.isArray(last.content) && last.content[0]?.type === 'tool_result' ? ANSWER_TURN : TOOL_TURN;
}

/** Registers the benchmarks; returns the cleanup that stops the local server. */
export default async function register(ctx: SuiteContext): Promise<() => Promise<void>> {
  const server = await FakeAnthropicServer.start({ apiKey: KEY, respond, record: false, validate: false });

  // The package: an agent with one tool.
  const agent = new Agent({
    instructions: SYSTEM,
    model: anthropic(MODEL, { apiKey: KEY, baseURL: server.url }),
    tools: [add],
  });

  // The raw client making the same two calls by hand.
  const client = rawClient({ apiKey: KEY, baseURL: server.url });
  const tools = [{ name: add.name, description: add.description, input_schema: add.parameters as never }];
  const rawRun = async (): Promise<string> => {
    const messages: MessageParam[] = [{ role: 'user', content: QUESTION }];
    const first = await client.messages.create({
      model: MODEL,
      max_tokens: 4096,
      system: SYSTEM,
      messages,
      tools,
    });
    const use = first.content.find((b) => b.type === 'tool_use')!;
    const result = JSON.stringify(
      await add.execute(use.input as { a: number; b: number }, undefined as never),
    );
    messages.push(
      { role: 'assistant', content: first.content as MessageParam['content'] },
      { role: 'user', content: [{ type: 'tool_result', tool_use_id: use.id, content: result }] },
    );
    const second = await client.messages.create({
      model: MODEL,
      max_tokens: 4096,
      system: SYSTEM,
      messages,
      tools,
    });
    const block = second.content[0]!;
    return block.type === 'text' ? block.text : '';
  };
  const rawStreamTurn = async (messages: MessageParam[]) => {
    const events = await client.messages.create({
      model: MODEL,
      max_tokens: 4096,
      system: SYSTEM,
      messages,
      tools,
      stream: true,
    });
    let text = '';
    let id = '';
    let json = '';
    for await (const e of events) {
      if (e.type === 'content_block_start' && e.content_block.type === 'tool_use') id = e.content_block.id;
      else if (e.type === 'content_block_delta') {
        if (e.delta.type === 'text_delta') text += e.delta.text;
        else if (e.delta.type === 'input_json_delta') json += e.delta.partial_json;
      }
    }
    return { text, id, json };
  };
  const rawStreamRun = async (): Promise<string> => {
    const messages: MessageParam[] = [{ role: 'user', content: QUESTION }];
    const first = await rawStreamTurn(messages);
    const input = JSON.parse(first.json) as { a: number; b: number };
    const result = JSON.stringify(await add.execute(input, undefined as never));
    messages.push(
      {
        role: 'assistant',
        content: [
          { type: 'text', text: first.text },
          { type: 'tool_use', id: first.id, name: 'add', input },
        ],
      },
      { role: 'user', content: [{ type: 'tool_result', tool_use_id: first.id, content: result }] },
    );
    return (await rawStreamTurn(messages)).text;
  };

  // Stream parsing without a network: the same SSE body served from memory to both.
  const sse = await (
    await fetch(`${server.url}/v1/messages`, {
      method: 'POST',
      headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        model: MODEL,
        max_tokens: 4096,
        stream: true,
        messages: [{ role: 'user', content: 'long' }],
      }),
    })
  ).text();
  const sseEvents = sse.split('\n\n').filter((s) => s.startsWith('event:')).length;
  const memoryFetch = async () => new Response(sse, { headers: { 'content-type': 'text/event-stream' } });
  // A tool-round reply as JSON, for generate without a network.
  const json = await (
    await fetch(`${server.url}/v1/messages`, {
      method: 'POST',
      headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        model: MODEL,
        max_tokens: 4096,
        messages: [{ role: 'user', content: QUESTION }],
      }),
    })
  ).text();
  const jsonFetch = async () => new Response(json, { headers: { 'content-type': 'application/json' } });
  const jsonModel = anthropic(MODEL, { apiKey: KEY, fetch: jsonFetch });
  const jsonClient = rawClient({ apiKey: KEY, fetch: jsonFetch });
  // The second call of a tool round: system, question, the tool call and its result.
  const generateRequest = {
    messages: [
      { role: 'system' as const, content: SYSTEM },
      { role: 'user' as const, content: QUESTION },
      {
        role: 'assistant' as const,
        content: 'Let me add those.',
        toolCalls: [{ id: 'toolu_bench', name: 'add', args: { a: 2, b: 3 } }],
      },
      { role: 'tool' as const, toolCallId: 'toolu_bench', toolName: 'add', content: '{"sum":5}' },
    ],
    tools: [{ name: add.name, description: add.description, parameters: add.parameters }],
  };
  const generateWithModel = async () => do_not_optimize(await jsonModel.generate(generateRequest));
  const createWithRawClient = async () =>
    do_not_optimize(
      await jsonClient.messages.create({
        model: MODEL,
        max_tokens: 4096,
        system: SYSTEM,
        tools,
        messages: [
          { role: 'user', content: QUESTION },
          {
            role: 'assistant',
            content: [
              { type: 'text', text: 'Let me add those.' },
              { type: 'tool_use', id: 'toolu_bench', name: 'add', input: { a: 2, b: 3 } },
            ],
          },
          {
            role: 'user',
            content: [{ type: 'tool_result', tool_use_id: 'toolu_bench', content: '{"sum":5}' }],
          },
        ],
      }),
    );
  const memoryModel = anthropic(MODEL, { apiKey: KEY, fetch: memoryFetch });
  const memoryClient = rawClient({ apiKey: KEY, fetch: memoryFetch });
  const longRequest = { messages: [{ role: 'user' as const, content: 'long' }] };
  const parseWithModel = async () => {
    let chars = 0;
    for await (const e of memoryModel.stream(longRequest))
      if (e.type === 'text-delta') chars += e.text.length;
    if (chars !== LONG_TEXT.length) throw new Error(`parsed ${chars} characters`);
  };
  const parseWithRawClient = async () => {
    const events = await memoryClient.messages.create({
      model: MODEL,
      max_tokens: 4096,
      messages: longRequest.messages,
      stream: true,
    });
    let chars = 0;
    for await (const e of events) {
      if (e.type === 'content_block_delta' && e.delta.type === 'text_delta') chars += e.delta.text.length;
    }
    if (chars !== LONG_TEXT.length) throw new Error(`parsed ${chars} characters`);
  };

  // Warm up, and check that both sides get the same answers.
  const expected = ANSWER_TURN.text!;
  for (let i = 0; i < 20; i++) {
    const [a, b, c, d] = [
      (await agent.run(QUESTION)).text,
      await rawRun(),
      (await agent.stream(QUESTION).result).text,
      await rawStreamRun(),
    ];
    if (a !== expected || b !== expected || c !== expected || d !== expected) {
      throw new Error(`unexpected answers: ${JSON.stringify([a, b, c, d])}`);
    }
  }

  bench('models-anthropic/agent-run', async () => do_not_optimize(await agent.run(QUESTION)));
  bench('models-anthropic/raw-sdk-run', async () => do_not_optimize(await rawRun()));
  bench('models-anthropic/agent-stream', async () => {
    const stream = agent.stream(QUESTION);
    for await (const e of stream) do_not_optimize(e);
    do_not_optimize(await stream.result);
  });
  bench('models-anthropic/raw-sdk-stream', async () => do_not_optimize(await rawStreamRun()));

  bench('models-anthropic/generate-memory', generateWithModel);
  bench('models-anthropic/raw-sdk-create-memory', createWithRawClient);
  bench('models-anthropic/stream-parse-1k', parseWithModel);
  bench('models-anthropic/raw-sdk-stream-parse-1k', parseWithRawClient);

  // The ratios are measured interleaved (package and raw client take turns, order swapped each
  // round), so load on a shared machine falls on both sides alike.
  const rounds = ctx.mode === 'full' ? 120 : 40;
  const agentRun = async () => do_not_optimize(await agent.run(QUESTION));
  const agentStream = async () => do_not_optimize(await agent.stream(QUESTION).result);
  const runPair = lazy(() => interleave(agentRun, rawRun, rounds, 5));
  const streamPair = lazy(() => interleave(agentStream, rawStreamRun, rounds, 5));
  const parsePair = lazy(() => interleave(parseWithModel, parseWithRawClient, rounds, 5));
  const generatePair = lazy(() => interleave(generateWithModel, createWithRawClient, rounds, 20));
  figure('models-anthropic/agent-run/vs-raw-sdk', async () =>
    ratioFigure(await runPair(), 'agent.run / raw client'),
  );
  figure('models-anthropic/agent-stream/vs-raw-sdk', async () =>
    ratioFigure(await streamPair(), 'agent.stream / raw client streaming'),
  );
  figure('models-anthropic/agent-run/overhead', async () => overheadFigure(await runPair()));
  figure('models-anthropic/agent-stream/overhead', async () => overheadFigure(await streamPair()));
  figure('models-anthropic/stream-parse/events-per-second', (f) => ({
    ...f.throughput('models-anthropic/stream-parse-1k', sseEvents),
    note: `${sseEvents} SSE events per stream, parsed by the client and mapped to core events`,
  }));
  figure('models-anthropic/stream-parse/vs-raw-sdk', async () =>
    ratioFigure(await parsePair(), 'model.stream / raw client iterating the same SSE'),
  );

  figure('models-anthropic/generate-memory/vs-raw-sdk', async () =>
    ratioFigure(await generatePair(), 'model.generate / client.messages.create, in-memory fetch'),
  );

  return () => server.close();
}

/** Times of `a` and `b` (ns per call) measured in alternating blocks of `perRound` calls. */
interface Pair {
  a: number[];
  b: number[];
}

async function interleave(
  a: () => Promise<unknown>,
  b: () => Promise<unknown>,
  rounds: number,
  perRound: number,
): Promise<Pair> {
  const out: Pair = { a: [], b: [] };
  const block = async (fn: () => Promise<unknown>) => {
    const start = performance.now();
    for (let i = 0; i < perRound; i++) await fn();
    return ((performance.now() - start) * 1e6) / perRound;
  };
  for (let r = 0; r < rounds; r++) {
    if (r % 2 === 0) {
      out.a.push(await block(a));
      out.b.push(await block(b));
    } else {
      out.b.push(await block(b));
      out.a.push(await block(a));
    }
  }
  return out;
}

function ratioFigure(pair: Pair, what: string): Figure {
  const samples = pair.a.map((t, i) => t / pair.b[i]!);
  return {
    value: median(pair.a) / median(pair.b),
    unit: 'x',
    samples,
    note: `${what}, ${pair.a.length} interleaved rounds (median over median)`,
  };
}

function overheadFigure(pair: Pair): Figure {
  const samples = pair.a.map((t, i) => t - pair.b[i]!);
  return {
    value: median(pair.a) - median(pair.b),
    unit: 'ns',
    samples,
    note: `per run: median with the package − median with the raw client (raw median ${Math.round(median(pair.b) / 1000)} µs)`,
  };
}

function lazy<T>(make: () => Promise<T>): () => Promise<T> {
  let p: Promise<T> | undefined;
  return () => (p ??= make());
}
