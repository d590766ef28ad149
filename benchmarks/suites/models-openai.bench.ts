/**
 * @agno/models-openai: a whole agent run (one tool round, then the answer) through the package
 * against a local server speaking the OpenAI wire format, side by side with the raw `openai`
 * client making the same two calls in the same process, for Chat Completions (plain and
 * streamed) and the Responses API (streamed); and stream parsing throughput (SSE → core
 * events) from an in-memory response, against the raw client iterating the same stream.
 */
import { Agent, type Message, type Tool, type ToolCall } from '@agno/core';
import { type OpenAIModel, openai } from '@agno/models-openai';
import { FakeOpenAIServer, type FakeReply, type ReceivedRequest } from '@agno/models-openai/testing';
import { bench, do_not_optimize } from 'mitata';
import { medianOverhead, paired } from '../src/paired.js';
import { type Budgets, figure, type SuiteContext } from '../src/suite.js';

// The raw official client is the one the package wraps (`model.client`, created the way a user
// would: `new OpenAI(options)`); the benchmarks package does not depend on `openai` itself.
type Client = OpenAIModel['client'];
type ChatMessage = Parameters<Client['chat']['completions']['create']>[0]['messages'][number];
type ResponsesInput = Exclude<Parameters<Client['responses']['create']>[0]['input'], string | undefined>;

/** Targets of issue 3 (times in ns). */
export const budgets: Budgets = {
  'models-openai/agent-run': {
    maxNs: 3_000_000,
    note: 'agent.run over Chat Completions: tool call → tool → answer',
  },
  'models-openai/agent-stream': { maxNs: 3_000_000, note: 'agent.stream of the same run, SSE both turns' },
  'models-openai/responses-agent-stream': {
    maxNs: 3_000_000,
    note: 'the streamed run over the Responses API',
  },
  'models-openai/agent-run/vs-raw-client': {
    max: 1.05,
    note: 'agent run over the raw client making the same calls (CPU time, paired)',
  },
  'models-openai/agent-stream/vs-raw-client': {
    max: 1.05,
    note: 'streamed agent run over the raw client streaming',
  },
  'models-openai/responses-agent-stream/vs-raw-client': { max: 1.05, note: 'the same, Responses API' },
  'models-openai/model-stream/vs-raw-client': {
    max: 1.05,
    note: 'the same two streamed turns through model.stream alone (no agent): the package’s own share',
  },
  'models-openai/agent-run/overhead': { maxNs: 100_000, note: 'median agent run − median raw client run' },
  'models-openai/agent-stream/overhead': { maxNs: 100_000, note: 'median streamed run − median raw stream' },
  'models-openai/responses-agent-stream/overhead': { maxNs: 100_000, note: 'the same, Responses API' },
  'models-openai/stream-parse/events-per-second': {
    min: 25_000,
    note: 'model.stream over an in-memory Chat Completions SSE body of ~1,000 events; bounded by the client’s own SSE decoder (~50k events/s on one core)',
  },
  'models-openai/stream-parse/vs-raw-client': {
    max: 1.15,
    note: 'model.stream over the raw client iterating the same body (CPU time, paired)',
  },
  'models-openai/responses-stream-parse/events-per-second': {
    min: 25_000,
    note: 'the same over a Responses SSE body; bounded by the client’s SSE decoder',
  },
  'models-openai/responses-stream-parse/vs-raw-client': { max: 1.15, note: 'the same, Responses API' },
};

const KEY = 'bench-key';
const MODEL = 'gpt-bench';
const SYSTEM = 'You add numbers with the add tool.';
const QUESTION = 'What is 2 + 3?';

const add: Tool<{ a: number; b: number }> = {
  name: 'add',
  description: 'Adds two numbers',
  parameters: {
    type: 'object',
    properties: { a: { type: 'number' }, b: { type: 'number' } },
    required: ['a', 'b'],
    additionalProperties: false,
  },
  execute: ({ a, b }) => ({ sum: a + b }),
};

// Constant replies; the server renders them per request, the same for both sides.
const TOOL_TURN: FakeReply = {
  text: 'Let me add those.',
  toolCalls: [{ id: 'call_bench', name: 'add', arguments: { a: 2, b: 3 } }],
  usage: { input: 120, output: 30 },
};
const ANSWER_TURN: FakeReply = {
  text: 'The sum of 2 and 3 is 5. Adding them together gives five, as expected.',
  usage: { input: 160, output: 20 },
};
const LONG_TEXT = 'x'.repeat(1000);
const LONG_STREAM: FakeReply = { text: LONG_TEXT, chunkSize: 1, usage: { input: 10, output: 1000 } };

function respond(req: ReceivedRequest): FakeReply {
  const items: Array<{ role?: string; type?: string; content?: unknown }> =
    req.api === 'chat' ? req.body.messages : req.body.input;
  const last = items[items.length - 1]!;
  if (last.content === 'long') return LONG_STREAM;
  return last.role === 'tool' || last.type === 'function_call_output' ? ANSWER_TURN : TOOL_TURN;
}

/** Registers the benchmarks; returns the cleanup that stops the local server. */
export default async function register(ctx: SuiteContext): Promise<() => Promise<void>> {
  const server = await FakeOpenAIServer.start({ respond, record: false });
  const options = { apiKey: KEY, baseURL: server.baseURL };

  // The package: agents with one tool, over each API.
  const agent = new Agent({ instructions: SYSTEM, model: openai(MODEL, options), tools: [add] });
  const responsesAgent = new Agent({
    instructions: SYSTEM,
    model: openai(MODEL, { ...options, api: 'responses' }),
    tools: [add],
  });

  // The raw client making the same calls by hand, with the same request bodies.
  const client = openai(MODEL, options).client;
  const chatTools = [
    {
      type: 'function' as const,
      function: { name: add.name, description: add.description, parameters: add.parameters },
    },
  ];
  const runTool = async (argsText: string) =>
    JSON.stringify(await add.execute(JSON.parse(argsText) as { a: number; b: number }, undefined as never));

  const rawRun = async (): Promise<string> => {
    const messages: ChatMessage[] = [
      { role: 'system', content: SYSTEM },
      { role: 'user', content: QUESTION },
    ];
    const first = (await client.chat.completions.create({ model: MODEL, messages, tools: chatTools }))
      .choices[0]!;
    const calls = first.message.tool_calls ?? [];
    messages.push({ role: 'assistant', content: first.message.content, tool_calls: calls });
    for (const call of calls) {
      if (call.type !== 'function') continue;
      messages.push({ role: 'tool', tool_call_id: call.id, content: await runTool(call.function.arguments) });
    }
    const second = await client.chat.completions.create({ model: MODEL, messages, tools: chatTools });
    return second.choices[0]!.message.content ?? '';
  };

  const rawStreamTurn = async (messages: ChatMessage[]) => {
    const chunks = await client.chat.completions.create({
      model: MODEL,
      messages,
      tools: chatTools,
      stream: true,
      stream_options: { include_usage: true },
    });
    let text = '';
    const calls: Array<{ id: string; name: string; args: string }> = [];
    for await (const chunk of chunks) {
      const delta = chunk.choices[0]?.delta;
      if (delta === undefined) continue;
      if (delta.content) text += delta.content;
      for (const d of delta.tool_calls ?? []) {
        const call = (calls[d.index] ??= { id: d.id ?? '', name: d.function?.name ?? '', args: '' });
        call.args += d.function?.arguments ?? '';
      }
    }
    return { text, calls };
  };
  const rawStreamRun = async (): Promise<string> => {
    const messages: ChatMessage[] = [
      { role: 'system', content: SYSTEM },
      { role: 'user', content: QUESTION },
    ];
    const first = await rawStreamTurn(messages);
    messages.push({
      role: 'assistant',
      content: first.text,
      tool_calls: first.calls.map((c) => ({
        id: c.id,
        type: 'function',
        function: { name: c.name, arguments: c.args },
      })),
    });
    for (const call of first.calls) {
      messages.push({ role: 'tool', tool_call_id: call.id, content: await runTool(call.args) });
    }
    return (await rawStreamTurn(messages)).text;
  };

  // The same two streamed turns through the model alone (no agent, the tool run by hand).
  const model = openai(MODEL, options);
  const specs = [{ name: add.name, description: add.description, parameters: add.parameters }];
  const modelTurn = async (messages: Message[]) => {
    let text = '';
    const calls: ToolCall[] = [];
    for await (const e of model.stream({ messages, tools: specs })) {
      if (e.type === 'text-delta') text += e.text;
      else if (e.type === 'tool-call-end') calls.push(e.toolCall);
    }
    return { text, calls };
  };
  const modelStreamRun = async (): Promise<string> => {
    const messages: Message[] = [
      { role: 'system', content: SYSTEM },
      { role: 'user', content: QUESTION },
    ];
    const first = await modelTurn(messages);
    messages.push({ role: 'assistant', content: first.text, toolCalls: first.calls });
    for (const call of first.calls) {
      const content = JSON.stringify(
        await add.execute(call.args as { a: number; b: number }, undefined as never),
      );
      messages.push({ role: 'tool', toolCallId: call.id, toolName: call.name, content });
    }
    return (await modelTurn(messages)).text;
  };

  const responsesTools = [
    {
      type: 'function' as const,
      name: add.name,
      description: add.description,
      parameters: add.parameters,
      strict: false,
    },
  ];
  const rawResponsesTurn = async (input: ResponsesInput) => {
    const events = await client.responses.create({
      model: MODEL,
      input,
      tools: responsesTools,
      stream: true,
    });
    let text = '';
    const calls: Array<{ id: string; name: string; args: string }> = [];
    for await (const e of events) {
      if (e.type === 'response.output_text.delta') text += e.delta;
      else if (e.type === 'response.output_item.added' && e.item.type === 'function_call') {
        calls[e.output_index] = { id: e.item.call_id, name: e.item.name, args: '' };
      } else if (e.type === 'response.function_call_arguments.delta') {
        const call = calls[e.output_index];
        if (call !== undefined) call.args += e.delta;
      }
    }
    return { text, calls };
  };
  const rawResponsesRun = async (): Promise<string> => {
    const input: ResponsesInput = [
      { role: 'system', content: SYSTEM },
      { role: 'user', content: QUESTION },
    ];
    const first = await rawResponsesTurn(input);
    if (first.text.length > 0) input.push({ role: 'assistant', content: first.text });
    for (const call of first.calls) {
      if (call === undefined) continue;
      input.push({ type: 'function_call', call_id: call.id, name: call.name, arguments: call.args });
    }
    for (const call of first.calls) {
      if (call === undefined) continue;
      input.push({ type: 'function_call_output', call_id: call.id, output: await runTool(call.args) });
    }
    return (await rawResponsesTurn(input)).text;
  };

  // Stream parsing without a network: the same SSE body served from memory to both sides.
  const sseBody = async (path: string, body: Record<string, unknown>) =>
    (
      await fetch(`${server.baseURL}${path}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' },
        body: JSON.stringify({ model: MODEL, stream: true, ...body }),
      })
    ).text();
  const chatSSE = await sseBody('/chat/completions', {
    messages: [{ role: 'user', content: 'long' }],
    stream_options: { include_usage: true },
  });
  const responsesSSE = await sseBody('/responses', { input: [{ role: 'user', content: 'long' }] });
  const chatEvents = chatSSE.split('\n\n').filter((s) => s.startsWith('data:')).length;
  const responsesEvents = responsesSSE.split('\n\n').filter((s) => s.startsWith('event:')).length;
  const memory = (sse: string) => async () =>
    new Response(sse, { headers: { 'content-type': 'text/event-stream' } });
  const chatMemoryModel = openai(MODEL, { apiKey: KEY, fetch: memory(chatSSE) });
  const chatMemoryClient = openai(MODEL, { apiKey: KEY, fetch: memory(chatSSE) }).client;
  const responsesMemoryModel = openai(MODEL, { apiKey: KEY, fetch: memory(responsesSSE), api: 'responses' });
  const responsesMemoryClient = openai(MODEL, { apiKey: KEY, fetch: memory(responsesSSE) }).client;
  const longRequest = { messages: [{ role: 'user' as const, content: 'long' }] };

  const parseModel = async (model: OpenAIModel) => {
    let chars = 0;
    for await (const e of model.stream(longRequest)) if (e.type === 'text-delta') chars += e.text.length;
    if (chars !== LONG_TEXT.length) throw new Error(`parsed ${chars} characters`);
  };
  const parseRawChat = async () => {
    const chunks = await chatMemoryClient.chat.completions.create({
      model: MODEL,
      messages: longRequest.messages,
      stream: true,
      stream_options: { include_usage: true },
    });
    let chars = 0;
    for await (const chunk of chunks) chars += chunk.choices[0]?.delta.content?.length ?? 0;
    if (chars !== LONG_TEXT.length) throw new Error(`parsed ${chars} characters`);
  };
  const parseRawResponses = async () => {
    const events = await responsesMemoryClient.responses.create({
      model: MODEL,
      input: longRequest.messages,
      stream: true,
    });
    let chars = 0;
    for await (const e of events) if (e.type === 'response.output_text.delta') chars += e.delta.length;
    if (chars !== LONG_TEXT.length) throw new Error(`parsed ${chars} characters`);
  };

  // Warm up, and check that both sides get the same answers.
  const expected = ANSWER_TURN.text!;
  for (let i = 0; i < 20; i++) {
    const answers = [
      (await agent.run(QUESTION)).text,
      await rawRun(),
      (await agent.stream(QUESTION).result).text,
      await rawStreamRun(),
      await modelStreamRun(),
      (await responsesAgent.stream(QUESTION).result).text,
      await rawResponsesRun(),
    ];
    if (answers.some((a) => a !== expected))
      throw new Error(`unexpected answers: ${JSON.stringify(answers)}`);
    await parseModel(chatMemoryModel);
    await parseModel(responsesMemoryModel);
    await parseRawChat();
    await parseRawResponses();
  }

  const streamAgent = async (a: Agent) => {
    const stream = a.stream(QUESTION);
    for await (const e of stream) do_not_optimize(e);
    do_not_optimize(await stream.result);
  };
  bench('models-openai/agent-run', async () => do_not_optimize(await agent.run(QUESTION)));
  bench('models-openai/raw-client-run', async () => do_not_optimize(await rawRun()));
  bench('models-openai/agent-stream', () => streamAgent(agent));
  bench('models-openai/raw-client-stream', async () => do_not_optimize(await rawStreamRun()));
  bench('models-openai/model-stream', async () => do_not_optimize(await modelStreamRun()));
  bench('models-openai/responses-agent-stream', () => streamAgent(responsesAgent));
  bench('models-openai/raw-client-responses-stream', async () => do_not_optimize(await rawResponsesRun()));
  bench('models-openai/stream-parse-1k', () => parseModel(chatMemoryModel));
  bench('models-openai/raw-client-stream-parse-1k', parseRawChat);
  bench('models-openai/responses-stream-parse-1k', () => parseModel(responsesMemoryModel));
  bench('models-openai/raw-client-responses-stream-parse-1k', parseRawResponses);

  // The ratios are measured in back-to-back pairs (package, raw client, alternating which goes
  // first) of CPU time, so that both sides see the same machine: the separate mitata medians
  // drift apart on a busy machine. The overhead figures come from the mitata medians.
  const pairs: Array<[string, string, () => Promise<unknown>, () => Promise<unknown>]> = [
    ['agent-run', 'raw-client-run', () => agent.run(QUESTION), rawRun],
    ['agent-stream', 'raw-client-stream', () => streamAgent(agent), rawStreamRun],
    [
      'responses-agent-stream',
      'raw-client-responses-stream',
      () => streamAgent(responsesAgent),
      rawResponsesRun,
    ],
  ];
  const rounds = ctx.mode === 'full' ? 600 : 200;
  figure('models-openai/model-stream/vs-raw-client', () => paired(modelStreamRun, rawStreamRun, rounds));
  for (const [pkg, raw, runPkg, runRaw] of pairs) {
    figure(`models-openai/${pkg}/vs-raw-client`, () => paired(runPkg, runRaw, rounds));
    figure(`models-openai/${pkg}/overhead`, (f) =>
      medianOverhead(f, `models-openai/${pkg}`, `models-openai/${raw}`),
    );
  }
  figure('models-openai/stream-parse/events-per-second', (f) => ({
    ...f.throughput('models-openai/stream-parse-1k', chatEvents),
    note: `${chatEvents} SSE events per stream, parsed by the client and mapped to core events`,
  }));
  figure('models-openai/stream-parse/vs-raw-client', () =>
    paired(() => parseModel(chatMemoryModel), parseRawChat, rounds / 4),
  );
  figure('models-openai/responses-stream-parse/events-per-second', (f) => ({
    ...f.throughput('models-openai/responses-stream-parse-1k', responsesEvents),
    note: `${responsesEvents} SSE events per stream, parsed by the client and mapped to core events`,
  }));
  figure('models-openai/responses-stream-parse/vs-raw-client', () =>
    paired(() => parseModel(responsesMemoryModel), parseRawResponses, rounds / 4),
  );

  return () => server.close();
}
