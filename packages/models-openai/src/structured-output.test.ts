/**
 * Structured output is strict by default: the response schema goes out through core's strict
 * transform (optional properties required and nullable), and the model's nulls for left-out
 * optional properties are removed before the agent validates the answer.
 */
import { Agent, type StandardSchemaV1 } from '@agno/core';
import { describe, expect, it } from 'vitest';
import { TEST_KEY, useFakeServer } from './fixtures/helpers.js';
import { type OpenAIApi, openai } from './index.js';

const fake = useFakeServer();

interface Weather {
  city: string;
  note?: string;
}

/** The JSON Schema zod 4 emits for `z.object({ city: z.string(), note: z.string().optional() })`. */
const WEATHER_JSON = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  type: 'object',
  properties: { city: { type: 'string' }, note: { type: 'string' } },
  required: ['city'],
  additionalProperties: false,
};

/** A validator with zod's semantics for that object: `note` absent or a string, never null. */
const weatherValidator: StandardSchemaV1<unknown, Weather> = {
  '~standard': {
    version: 1,
    vendor: 'test',
    validate(value) {
      const v = value as Record<string, unknown> | null;
      if (v === null || typeof v !== 'object' || typeof v.city !== 'string')
        return { issues: [{ message: 'city: expected a string' }] };
      if ('note' in v && typeof v.note !== 'string')
        return { issues: [{ message: `note: expected a string, got ${JSON.stringify(v.note)}` }] };
      return { value: v as unknown as Weather };
    },
  },
};

const OUTPUT = { jsonSchema: WEATHER_JSON, schema: weatherValidator, name: 'weather' };

/** The schema the server received, whichever API. */
function sentFormat(api: OpenAIApi): { schema: Record<string, unknown>; strict: boolean } {
  const body = fake.server.lastRequest!.body;
  return api === 'chat' ? body.response_format.json_schema : body.text.format;
}

describe.each(['chat', 'responses'] as OpenAIApi[])('strict structured output (%s)', (api) => {
  const agent = () =>
    new Agent({
      model: openai('gpt-4o-mini', { api, baseURL: fake.server.baseURL, apiKey: TEST_KEY, maxRetries: 0 }),
    });

  it('sends an object with an optional field strict, the field required and nullable', async () => {
    fake.server.reply({ text: '{"city":"Paris","note":"sunny"}' });
    const result = await agent().run<Weather>('weather?', { outputSchema: OUTPUT });
    expect(result.output).toEqual({ city: 'Paris', note: 'sunny' });
    const sent = sentFormat(api);
    expect(sent.strict).toBe(true);
    expect(sent.schema).toMatchObject({
      type: 'object',
      required: ['city', 'note'],
      additionalProperties: false,
    });
    expect((sent.schema.properties as Record<string, unknown>).note).toEqual({ type: ['string', 'null'] });
    expect(sent.schema.$schema).toBeUndefined();
  });

  it('maps the null of a left-out optional field back before validation (run and stream)', async () => {
    fake.server.reply(
      { text: '{"city":"Oslo","note":null}' },
      { text: '{"city":"Oslo","note":null}', chunkSize: 3 },
    );
    const ran = await agent().run<Weather>('weather?', { outputSchema: OUTPUT });
    expect(ran.output).toEqual({ city: 'Oslo' });
    expect(ran.output).not.toHaveProperty('note');
    const stream = agent().stream<Weather>('weather?', { outputSchema: OUTPUT });
    let streamed = '';
    for await (const event of stream) if (event.type === 'text-delta') streamed += event.text;
    const result = await stream.result;
    expect(result.output).toEqual({ city: 'Oslo' });
    // What the consumer read is the answer it gets: restored JSON, sent in one piece.
    expect(JSON.parse(streamed)).toEqual({ city: 'Oslo' });
    // No repair turn was needed: one request per run.
    expect(fake.server.requests).toHaveLength(2);
  });

  it('keeps a null the schema allows, and sends a schema strict mode cannot express as it is', async () => {
    const nullable = {
      jsonSchema: {
        type: 'object',
        properties: { city: { type: 'string' }, note: { type: ['string', 'null'] } },
        required: ['city'],
      },
      name: 'n',
    };
    fake.server.reply({ text: '{"city":"Rome","note":null}' });
    const kept = await agent().run('x', { outputSchema: nullable });
    expect(kept.output).toEqual({ city: 'Rome', note: null });
    const record = { jsonSchema: { type: 'object', additionalProperties: { type: 'number' } }, name: 'r' };
    fake.server.reply({ text: '{"a":1}' });
    expect((await agent().run('x', { outputSchema: record })).output).toEqual({ a: 1 });
    expect(sentFormat(api)).toMatchObject({ schema: record.jsonSchema, strict: false });
  });

  it('sends the schema as it is, not strict, when the run asks for strict: false', async () => {
    fake.server.reply({ text: '{"city":"Lima"}' });
    const loose = { ...OUTPUT, strict: false };
    expect((await agent().run<Weather>('x', { outputSchema: loose })).output).toEqual({ city: 'Lima' });
    expect(sentFormat(api)).toMatchObject({ schema: WEATHER_JSON, strict: false });
  });
});
