/**
 * @agno/models-google: a whole agent run (one tool round, then the answer) through the package
 * against a local server speaking the Gemini API wire format, side by side with the raw
 * `@google/genai` client making the same two calls in the same process, plain and streamed; the
 * same streamed turns through `model.stream` alone; and stream parsing throughput (SSE → core
 * events) from an in-memory response, against the raw client iterating the same stream.
 */
import { Agent, type Message, type Tool, type ToolCall } from '@agno/core';
import { type GoogleModel, google } from '@agno/models-google';
import { FakeGoogleServer, type FakeReply, type ReceivedRequest } from '@agno/models-google/testing';
import { bench, do_not_optimize } from 'mitata';
import { medianOverhead, paired } from '../src/paired.js';
import { type Budgets, figure, type SuiteContext } from '../src/suite.js';

// The raw official client (`@google/genai`'s `GoogleGenAI`), reached through the model: the
// benchmarks package does not depend on `@google/genai` itself.
type Client = GoogleModel['client'];
type Params = Parameters<Client['models']['generateContent']>[0];
type Content = { role: string; parts: Array<Record<string, unknown>> };
type Chunk = Awaited<ReturnType<Client['models']['generateContent']>>;

/** A raw client built the way a user would (`new GoogleGenAI(options)`), without the package's fetch. */
function rawClient(options: { apiKey: string; httpOptions: Record<string, unknown> }): Client {
  const GoogleGenAI = google(MODEL, { apiKey: KEY }).client.constructor as new (o: object) => Client;
  return new GoogleGenAI(options);
}

/** Targets of issue 18 (times in ns). */
export const budgets: Budgets = {
  'models-google/agent-run': {
    maxNs: 10_000_000,
    note: 'agent.run over generateContent: function call → tool → answer, 2 HTTP calls',
  },
  'models-google/agent-stream': { maxNs: 10_000_000, note: 'agent.stream of the same run, SSE both turns' },
  'models-google/agent-run/vs-raw-client': {
    max: 1.05,
    note: 'agent run over the raw client making the same calls (CPU time, paired)',
  },
  'models-google/agent-stream/vs-raw-client': {
    max: 1.05,
    note: 'streamed agent run over the raw client streaming',
  },
  'models-google/model-stream/vs-raw-client': {
    max: 1.05,
    note: 'the same two streamed turns through model.stream alone (no agent): the package’s own share',
  },
  'models-google/agent-run/overhead': { maxNs: 100_000, note: 'median agent run − median raw client run' },
  'models-google/agent-stream/overhead': { maxNs: 100_000, note: 'median streamed run − median raw stream' },
  'models-google/stream-parse/events-per-second': {
    min: 2_500,
    note: 'model.stream over an in-memory SSE body of ~1,000 chunks; bounded by the client, which decodes each chunk through a new Response (~5k chunks/s on a busy core)',
  },
  'models-google/stream-parse/vs-raw-client': {
    max: 1.15,
    note: 'model.stream over the raw client iterating the same body (CPU time, paired)',
  },
};

const KEY = 'bench-key';
const MODEL = 'gemini-bench';
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

// Constant replies with fixed ids, so the server renders each once, the same for both sides.
const TOOL_TURN: FakeReply = {
  responseId: 'bench-tool',
  parts: [
    { text: 'Let me add those.' },
    { functionCall: { name: 'add', args: { a: 2, b: 3 } }, thoughtSignature: 'c2lnbmF0dXJl' },
  ],
  usage: { promptTokenCount: 120, candidatesTokenCount: 30 },
};
const ANSWER_TURN: FakeReply = {
  responseId: 'bench-answer',
  text: 'The sum of 2 and 3 is 5. Adding them together gives five, as expected.',
  usage: { promptTokenCount: 160, candidatesTokenCount: 20 },
};
const LONG_TEXT = 'x'.repeat(1000);
const LONG_STREAM: FakeReply = {
  responseId: 'bench-long',
  text: LONG_TEXT,
  chunkSize: 1,
  usage: { promptTokenCount: 10, candidatesTokenCount: 1000 },
};

function respond(req: ReceivedRequest): FakeReply {
  const contents: Content[] = req.body.contents;
  const last = contents[contents.length - 1]!;
  if (last.parts[0]?.text === 'long') return LONG_STREAM;
  return last.parts[0]?.functionResponse !== undefined ? ANSWER_TURN : TOOL_TURN;
}

/** Registers the benchmarks; returns the cleanup that stops the local server. */
export default async function register(ctx: SuiteContext): Promise<() => Promise<void>> {
  const server = await FakeGoogleServer.start({ apiKey: KEY, respond, record: false, validate: false });
  const options = { apiKey: KEY, baseURL: server.url };

  // The package: an agent with one tool.
  const agent = new Agent({ instructions: SYSTEM, model: google(MODEL, options), tools: [add] });

  // The raw client making the same two calls by hand, with the same request bodies.
  const client = rawClient({ apiKey: KEY, httpOptions: { baseUrl: server.url } });
  const config = {
    systemInstruction: { parts: [{ text: SYSTEM }] },
    tools: [
      {
        functionDeclarations: [
          { name: add.name, description: add.description, parametersJsonSchema: add.parameters },
        ],
      },
    ],
  };
  const request = (contents: Content[]): Params => ({
    model: MODEL,
    contents: contents as Params['contents'],
    config,
  });
  const answerOf = async (parts: Array<Record<string, unknown>>): Promise<Content> => {
    const responses: Array<Record<string, unknown>> = [];
    for (const part of parts) {
      const call = part.functionCall as { name: string; args: { a: number; b: number } } | undefined;
      if (call === undefined) continue;
      const output = await add.execute(call.args, undefined as never);
      responses.push({ functionResponse: { name: call.name, response: { output } } });
    }
    return { role: 'user', parts: responses };
  };
  const textOf = (parts: Array<Record<string, unknown>>) => {
    let text = '';
    for (const p of parts) if (typeof p.text === 'string' && p.thought !== true) text += p.text;
    return text;
  };
  const partsOf = (response: Chunk) =>
    (response.candidates?.[0]?.content?.parts ?? []) as Array<Record<string, unknown>>;

  const rawRun = async (): Promise<string> => {
    const contents: Content[] = [{ role: 'user', parts: [{ text: QUESTION }] }];
    const first = partsOf(await client.models.generateContent(request(contents)));
    contents.push({ role: 'model', parts: first }, await answerOf(first));
    return textOf(partsOf(await client.models.generateContent(request(contents))));
  };

  const rawStreamTurn = async (contents: Content[]) => {
    const parts: Array<Record<string, unknown>> = [];
    for await (const chunk of await client.models.generateContentStream(request(contents)))
      for (const part of partsOf(chunk)) parts.push(part);
    return parts;
  };
  const rawStreamRun = async (): Promise<string> => {
    const contents: Content[] = [{ role: 'user', parts: [{ text: QUESTION }] }];
    const first = await rawStreamTurn(contents);
    contents.push({ role: 'model', parts: first }, await answerOf(first));
    return textOf(await rawStreamTurn(contents));
  };

  // The same two streamed turns through the model alone (no agent, the tool run by hand).
  const model = google(MODEL, options);
  const specs = [{ name: add.name, description: add.description, parameters: add.parameters }];
  const modelTurn = async (messages: Message[]) => {
    let text = '';
    const calls: ToolCall[] = [];
    let providerData: Record<string, unknown> | undefined;
    for await (const e of model.stream({ messages, tools: specs })) {
      if (e.type === 'text-delta') text += e.text;
      else if (e.type === 'tool-call-end') calls.push(e.toolCall);
      else if (e.type === 'finish') providerData = e.providerData;
    }
    return { text, calls, providerData };
  };
  const modelStreamRun = async (): Promise<string> => {
    const messages: Message[] = [
      { role: 'system', content: SYSTEM },
      { role: 'user', content: QUESTION },
    ];
    const first = await modelTurn(messages);
    messages.push({
      role: 'assistant',
      content: first.text,
      toolCalls: first.calls,
      providerData: first.providerData,
    });
    for (const call of first.calls) {
      const content = JSON.stringify(
        await add.execute(call.args as { a: number; b: number }, undefined as never),
      );
      messages.push({ role: 'tool', toolCallId: call.id, toolName: call.name, content });
    }
    return (await modelTurn(messages)).text;
  };

  // Stream parsing without a network: the same SSE body served from memory to both sides.
  const longSSE = await (
    await fetch(`${server.url}/v1beta/models/${MODEL}:streamGenerateContent?alt=sse`, {
      method: 'POST',
      headers: { 'x-goog-api-key': KEY, 'content-type': 'application/json' },
      body: JSON.stringify({ contents: [{ role: 'user', parts: [{ text: 'long' }] }] }),
    })
  ).text();
  const longChunks = longSSE.split('\r\n\r\n').filter((s) => s.startsWith('data:')).length;
  const memory = async () => new Response(longSSE, { headers: { 'content-type': 'text/event-stream' } });
  const memoryModel = google(MODEL, { apiKey: KEY, fetch: memory });
  const memoryClient = rawClient({ apiKey: KEY, httpOptions: { fetch: memory } });
  const longRequest = { messages: [{ role: 'user' as const, content: 'long' }] };
  const parseModel = async () => {
    let chars = 0;
    for await (const e of memoryModel.stream(longRequest))
      if (e.type === 'text-delta') chars += e.text.length;
    if (chars !== LONG_TEXT.length) throw new Error(`parsed ${chars} characters`);
  };
  const parseRaw = async () => {
    let chars = 0;
    const chunks = await memoryClient.models.generateContentStream(
      request([{ role: 'user', parts: [{ text: 'long' }] }]),
    );
    for await (const chunk of chunks)
      for (const part of partsOf(chunk)) chars += (part.text as string).length;
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
    ];
    if (answers.some((a) => a !== expected))
      throw new Error(`unexpected answers: ${JSON.stringify(answers)}`);
    await parseModel();
    await parseRaw();
  }

  const streamAgent = async () => {
    const stream = agent.stream(QUESTION);
    for await (const e of stream) do_not_optimize(e);
    do_not_optimize(await stream.result);
  };
  bench('models-google/agent-run', async () => do_not_optimize(await agent.run(QUESTION)));
  bench('models-google/raw-client-run', async () => do_not_optimize(await rawRun()));
  bench('models-google/agent-stream', streamAgent);
  bench('models-google/raw-client-stream', async () => do_not_optimize(await rawStreamRun()));
  bench('models-google/model-stream', async () => do_not_optimize(await modelStreamRun()));
  bench('models-google/stream-parse-1k', parseModel);
  bench('models-google/raw-client-stream-parse-1k', parseRaw);

  // Ratios from back-to-back pairs of CPU time (the order alternating), so that both sides see
  // the same machine; the overhead figures come from the mitata medians.
  const rounds = ctx.mode === 'full' ? 600 : 200;
  figure('models-google/agent-run/vs-raw-client', () => paired(() => agent.run(QUESTION), rawRun, rounds));
  figure('models-google/agent-stream/vs-raw-client', () => paired(streamAgent, rawStreamRun, rounds));
  figure('models-google/model-stream/vs-raw-client', () => paired(modelStreamRun, rawStreamRun, rounds));
  figure('models-google/agent-run/overhead', (f) =>
    medianOverhead(f, 'models-google/agent-run', 'models-google/raw-client-run'),
  );
  figure('models-google/agent-stream/overhead', (f) =>
    medianOverhead(f, 'models-google/agent-stream', 'models-google/raw-client-stream'),
  );
  figure('models-google/stream-parse/events-per-second', (f) => ({
    ...f.throughput('models-google/stream-parse-1k', longChunks),
    note: `${longChunks} SSE chunks per stream, parsed by the client and mapped to core events`,
  }));
  figure('models-google/stream-parse/vs-raw-client', () => paired(parseModel, parseRaw, rounds / 4));

  return () => server.close();
}
