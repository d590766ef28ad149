/**
 * The contract every `Model` must keep, as a vitest suite that plugin authors run against their
 * provider (pointed at a scripted or local server) — and that agno-ts's own providers run too.
 */
import { describe, expect, it } from 'vitest';
import {
  Agent,
  AgnoError,
  type Model,
  type ModelRequest,
  type ModelResponse,
  type ModelStreamEvent,
  type Tool,
  type ToolCall,
  type ToolSpec,
  toolCallFromText,
} from '../index.js';

/** The behaviours the suite asks a model for; the factory scripts the model (or its server) for each. */
export type ModelScenario =
  /** Reply with {@link CONFORMANCE}.text, finish `stop`. */
  | 'text'
  /** Call {@link CONFORMANCE}.toolName once with `args[0]`. */
  | 'tool-call'
  /** Call the tool twice in one turn, with `args[0]` then `args[1]`, distinct ids. */
  | 'parallel-tool-calls'
  /** First call: the tool call of `tool-call`; second call: the text of `text`. */
  | 'tool-loop'
  /** Take at least 2 seconds before answering (the suite aborts it). */
  | 'slow'
  /** Fail with HTTP 429 (with retries off). */
  | 'rate-limit'
  /** Fail with HTTP 401; the model was configured with {@link CONFORMANCE}.apiKey. */
  | 'auth'
  /** Stream the first part of the text, then cut the connection. */
  | 'stream-cut';

/** The fixed data of the scenarios, for scripting a fake server. */
export const CONFORMANCE = {
  text: 'Hello from the conformance suite.',
  toolName: 'get_weather',
  toolDescription: 'Gets the weather for a city',
  toolParameters: {
    type: 'object',
    properties: { city: { type: 'string' } },
    required: ['city'],
    additionalProperties: false,
  },
  args: [{ city: 'Paris' }, { city: 'Rome' }] as const,
  /** The API key to configure the model with: it must never appear in an error. */
  apiKey: 'sk-conformance-0123456789abcdefSECRET',
} as const;

/** Options of {@link describeModelConformance}. */
export interface ModelConformanceOptions {
  /** Returns a model scripted to behave as `scenario` on its next call(s). */
  model(scenario: ModelScenario): Model | Promise<Model>;
  /** Scenarios the provider cannot produce (say why in your README). */
  skip?: ModelScenario[];
}

const weatherSpec: ToolSpec = {
  name: CONFORMANCE.toolName,
  description: CONFORMANCE.toolDescription,
  parameters: CONFORMANCE.toolParameters as unknown as Record<string, unknown>,
};

function request(extra: Partial<ModelRequest> = {}): ModelRequest {
  return { messages: [{ role: 'user', content: 'Run the conformance scenario.' }], ...extra };
}

async function collect(stream: AsyncIterable<ModelStreamEvent>): Promise<ModelStreamEvent[]> {
  const events: ModelStreamEvent[] = [];
  for await (const event of stream) events.push(event);
  return events;
}

/** Checks the order rules of a model stream; returns the concatenated text. */
export function checkStreamOrder(events: readonly ModelStreamEvent[]): string {
  expect(events.length).toBeGreaterThan(0);
  expect(events[events.length - 1]!.type).toBe('finish');
  expect(events.filter((e) => e.type === 'finish')).toHaveLength(1);
  expect(events.filter((e) => e.type === 'usage').length).toBeLessThanOrEqual(1);
  const open = new Set<string>();
  const ended = new Set<string>();
  let text = '';
  for (const event of events) {
    if (event.type === 'text-delta') text += event.text;
    if (event.type === 'tool-call-start') {
      expect(open.has(event.id) || ended.has(event.id)).toBe(false);
      open.add(event.id);
    }
    if (event.type === 'tool-call-delta') expect(open.has(event.id)).toBe(true);
    if (event.type === 'tool-call-end') {
      expect(open.has(event.toolCall.id)).toBe(true);
      open.delete(event.toolCall.id);
      ended.add(event.toolCall.id);
    }
  }
  expect(open.size).toBe(0);
  return text;
}

/** Registers the model conformance suite with vitest. */
export function describeModelConformance(name: string, options: ModelConformanceOptions): void {
  const skip = new Set(options.skip ?? []);
  const test = (scenario: ModelScenario, title: string, fn: () => Promise<void>) => {
    const register = skip.has(scenario) ? it.skip : it;
    register(`${scenario}: ${title}`, fn);
  };

  describe(`Model conformance: ${name}`, () => {
    test('text', 'generate returns the text with finish reason stop and sane usage', async () => {
      const model = await options.model('text');
      expect(typeof model.provider).toBe('string');
      expect(typeof model.modelId).toBe('string');
      const response = await model.generate(request());
      expect(response.text).toBe(CONFORMANCE.text);
      expect(response.toolCalls).toEqual([]);
      expect(response.finishReason).toBe('stop');
      if (response.usage !== undefined) {
        expect(response.usage.inputTokens).toBeGreaterThanOrEqual(0);
        expect(response.usage.outputTokens).toBeGreaterThanOrEqual(0);
        expect(response.usage.totalTokens).toBeGreaterThanOrEqual(response.usage.outputTokens);
      }
    });

    test('text', 'stream yields text deltas that add up to the text, and finish last', async () => {
      const model = await options.model('text');
      const events = await collect(model.stream(request()));
      expect(checkStreamOrder(events)).toBe(CONFORMANCE.text);
      const finish = events[events.length - 1] as Extract<ModelStreamEvent, { type: 'finish' }>;
      expect(finish.finishReason).toBe('stop');
    });

    test('tool-call', 'generate returns the tool call with an id and parsed arguments', async () => {
      const model = await options.model('tool-call');
      const response = await model.generate(request({ tools: [weatherSpec] }));
      expect(response.finishReason).toBe('tool_calls');
      expect(callsOf(response)).toHaveLength(1);
      const call = callsOf(response)[0]!;
      expect(call.name).toBe(CONFORMANCE.toolName);
      expect(call.args).toEqual(CONFORMANCE.args[0]);
      expect(typeof call.id).toBe('string');
      expect(call.id.length).toBeGreaterThan(0);
    });

    test(
      'tool-call',
      'stream brackets each call with start and end, arguments parsed at the end',
      async () => {
        const model = await options.model('tool-call');
        const events = await collect(model.stream(request({ tools: [weatherSpec] })));
        checkStreamOrder(events);
        const ends = events.filter((e) => e.type === 'tool-call-end');
        expect(ends).toHaveLength(1);
        expect(ends[0]!.toolCall).toMatchObject({ name: CONFORMANCE.toolName, args: CONFORMANCE.args[0] });
        const finish = events[events.length - 1] as Extract<ModelStreamEvent, { type: 'finish' }>;
        expect(finish.finishReason).toBe('tool_calls');
      },
    );

    test('parallel-tool-calls', 'several calls of one turn keep their order and distinct ids', async () => {
      const model = await options.model('parallel-tool-calls');
      const response = await model.generate(request({ tools: [weatherSpec] }));
      expect(callsOf(response).map((c) => c.args)).toEqual([CONFORMANCE.args[0], CONFORMANCE.args[1]]);
      expect(new Set(callsOf(response).map((c) => c.id)).size).toBe(2);
      const streamed = await collect(
        (await options.model('parallel-tool-calls')).stream(request({ tools: [weatherSpec] })),
      );
      checkStreamOrder(streamed);
      const ends = streamed.flatMap((e) => (e.type === 'tool-call-end' ? [e.toolCall] : []));
      expect(ends.map((c) => c.args)).toEqual([CONFORMANCE.args[0], CONFORMANCE.args[1]]);
    });

    test('tool-loop', 'an agent runs the tool and gets the final answer, streaming and not', async () => {
      const seen: unknown[] = [];
      const weather: Tool = {
        ...weatherSpec,
        execute: (args) => {
          seen.push(args);
          return 'sunny, 21°C';
        },
      };
      const agent = new Agent({ model: await options.model('tool-loop'), tools: [weather] });
      const result = await agent.run('What is the weather in Paris?');
      expect(result.text).toBe(CONFORMANCE.text);
      expect(seen).toEqual([CONFORMANCE.args[0]]);
      expect(result.toolCalls[0]).toMatchObject({ name: CONFORMANCE.toolName, result: 'sunny, 21°C' });
      const streaming = new Agent({ model: await options.model('tool-loop'), tools: [weather] });
      let text = '';
      for await (const chunk of streaming.stream('Again?', { textOnly: true })) text += chunk;
      expect(text).toBe(CONFORMANCE.text);
    });

    test('slow', 'an aborted call rejects with code aborted, streaming and not', async () => {
      const model = await options.model('slow');
      const controller = new AbortController();
      const pending = model.generate(request({ signal: controller.signal }));
      setTimeout(() => controller.abort(), 50);
      const error = await pending.catch((e: unknown) => e);
      expect(error).toBeInstanceOf(AgnoError);
      expect((error as AgnoError).code).toBe('aborted');
      const streamController = new AbortController();
      const slow = await options.model('slow');
      setTimeout(() => streamController.abort(), 50);
      const streamError = await collect(slow.stream(request({ signal: streamController.signal }))).catch(
        (e: unknown) => e,
      );
      expect((streamError as AgnoError).code).toBe('aborted');
    });

    test('rate-limit', 'a 429 is a retryable rate_limited error with its status', async () => {
      const model = await options.model('rate-limit');
      const error = await model.generate(request()).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(AgnoError);
      expect(error).toMatchObject({ code: 'rate_limited', status: 429, retryable: true });
    });

    test('auth', 'a 401 is an auth_error that never shows the key', async () => {
      const model = await options.model('auth');
      const error = (await model.generate(request()).catch((e: unknown) => e)) as AgnoError;
      expect(error).toBeInstanceOf(AgnoError);
      expect(error).toMatchObject({ code: 'auth_error', status: 401, retryable: false });
      const everything = `${error.message} ${JSON.stringify(error)} ${String(error.stack)}`;
      expect(everything).not.toContain(CONFORMANCE.apiKey);
      expect(everything).not.toContain('0123456789abcdefSECRET');
    });

    test('stream-cut', 'a cut stream yields what arrived, then a stream_interrupted error', async () => {
      const model = await options.model('stream-cut');
      let text = '';
      const error = await (async () => {
        for await (const event of model.stream(request()))
          if (event.type === 'text-delta') text += event.text;
      })().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(AgnoError);
      expect((error as AgnoError).code).toBe('stream_interrupted');
      expect(text.length).toBeGreaterThan(0);
      expect(CONFORMANCE.text.startsWith(text)).toBe(true);
    });
  });
}

/** A reply's tool calls as core reads them (absent means none; JSON-text arguments parsed). */
function callsOf(response: ModelResponse): ToolCall[] {
  return (response.toolCalls ?? []).map((c) =>
    typeof c.args === 'string' ? toolCallFromText(c.id, c.name, c.args) : c,
  );
}
