import { Agent, isAgnoError, type StandardSchemaV1 } from '@agno/core';
import { ScriptedModel } from '@agno/models-mock';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { z } from 'zod';
import { runCalls, toolContext } from './fixtures/agent.js';
import { DefinedTool, tool } from './index.js';

const ctx = toolContext();

/** A zod schema whose JSON Schema conversion counts its calls. */
function counted<S extends z.ZodType>(schema: S): { schema: S; calls: () => number } {
  let calls = 0;
  const std = schema['~standard'] as unknown as StandardSchemaV1.Props;
  const convert = std.jsonSchema!;
  const wrapped = Object.create(schema) as S;
  Object.defineProperty(wrapped, '~standard', {
    value: {
      ...std,
      jsonSchema: {
        input: (o: { target: string }) => {
          calls++;
          return convert.input(o);
        },
        output: convert.output,
      },
    },
  });
  return { schema: wrapped, calls: () => calls };
}

describe('tool()', () => {
  it('types execute from the schema', () => {
    const t = tool({
      name: 'weather',
      description: 'Weather of a city',
      parameters: z.object({
        city: z.string(),
        days: z.number().default(1),
        unit: z.enum(['C', 'F']).optional(),
      }),
      execute: (args) => {
        expectTypeOf(args).toEqualTypeOf<{ city: string; days: number; unit?: 'C' | 'F' | undefined }>();
        return { city: args.city };
      },
    });
    expectTypeOf(t).toEqualTypeOf<
      DefinedTool<{ city: string; days: number; unit?: 'C' | 'F' | undefined }, { city: string }>
    >();
    const none = tool({
      name: 'ping',
      description: 'Ping',
      execute: (args) => {
        expectTypeOf(args).toEqualTypeOf<Record<string, never>>();
        return 'pong';
      },
    });
    expectTypeOf(none.execute).returns.toEqualTypeOf<string | Promise<string>>();
  });

  it('builds the JSON Schema lazily, once, when an agent first needs it', async () => {
    const { schema, calls } = counted(z.object({ q: z.string() }));
    const t = tool({ name: 'search', description: 'Search', parameters: schema, execute: ({ q }) => q });
    expect(calls()).toBe(0);
    const model = new ScriptedModel({
      turns: [{ toolCalls: [{ name: 'search', args: { q: 'x' } }] }, 'done'],
    });
    const agent = new Agent({ model, tools: [t] });
    expect(calls()).toBe(0);
    await agent.run('a');
    await agent.run('b');
    expect(calls()).toBe(1);
    expect(model.requests[0]!.tools).toEqual([
      {
        name: 'search',
        description: 'Search',
        parameters: { type: 'object', properties: { q: { type: 'string' } }, required: ['q'] },
      },
    ]);
  });

  it('sends the strict form and strict: true when asked, and maps the nulls back before execute', async () => {
    const seen: unknown[] = [];
    const t = tool({
      name: 'find',
      description: 'Find',
      strict: true,
      parameters: z.object({ q: z.string(), limit: z.number().default(10), near: z.string().optional() }),
      execute: (args) => {
        seen.push(args);
        return 'ok';
      },
    });
    const { model, result } = await runCalls(
      [t],
      [{ name: 'find', args: { q: 'x', limit: null, near: null } }],
    );
    expect(model.requests[0]!.tools![0]).toEqual({
      name: 'find',
      description: 'Find',
      strict: true,
      parameters: {
        type: 'object',
        properties: {
          q: { type: 'string' },
          limit: { type: ['number', 'null'], description: '(default: 10)' },
          near: { type: ['string', 'null'] },
        },
        required: ['q', 'limit', 'near'],
        additionalProperties: false,
      },
    });
    expect(result.toolCalls[0]!.isError).toBe(false);
    expect(seen).toEqual([{ q: 'x', limit: 10 }]);
  });

  it('also maps nulls back without strict mode (models send null for "not given")', async () => {
    const t = tool({
      name: 'opt',
      description: 'Optional',
      parameters: z.object({ a: z.string().optional(), b: z.string().nullable() }),
      execute: (args) => args,
    });
    const { seen } = await runCalls([t], [{ name: 'opt', args: { a: null, b: null } }]);
    expect(JSON.parse(seen[0]!.content)).toEqual({ b: null });
  });

  it('fails the first run with a config_error naming what strict mode cannot express', async () => {
    const t = tool({
      name: 'tag',
      description: 'Tag',
      strict: true,
      parameters: z.object({ labels: z.record(z.string(), z.string()) }),
      execute: () => 'ok',
    });
    const agent = new Agent({ model: new ScriptedModel({ turns: ['done'] }), tools: [t] });
    const error = await agent.run('x').catch((e: unknown) => e);
    expect(isAgnoError(error, 'config_error')).toBe(true);
    expect((error as Error).message).toBe(
      'tool "tag" asks for strict mode, but the schema cannot be expressed in strict mode: labels: records (objects with free-form keys, e.g. z.record) cannot be expressed in strict mode',
    );
  });

  it('refuses parameters that are not an object schema, or that JSON Schema cannot express', () => {
    const str = tool({ name: 's', description: 'd', parameters: z.string(), execute: () => 1 });
    expect(() => str.parameters).toThrow(/must be an object schema/);
    const date = tool({
      name: 'd',
      description: 'd',
      parameters: z.object({ at: z.date() }),
      execute: () => 1,
    });
    let error: unknown;
    try {
      void date.parameters;
    } catch (e) {
      error = e;
    }
    expect(isAgnoError(error, 'config_error')).toBe(true);
    expect((error as Error).message).toMatch(
      /tool "d" cannot be expressed as JSON Schema: Date cannot be represented/,
    );
  });

  it('checks its definition at once', () => {
    const execute = () => 1;
    expect(() => tool({ name: 'has space', description: 'd', execute })).toThrow(/invalid tool name/);
    // The providers' limit is 64 characters: a longer name fails here, not at the first model call.
    expect(() => tool({ name: 'n'.repeat(64), description: 'd', execute })).not.toThrow();
    expect(() => tool({ name: 'n'.repeat(65), description: 'd', execute })).toThrow(/1-64 letters/);
    expect(() => tool({ name: 'x', description: 'd', execute, timeoutMs: -1 })).toThrow(/timeoutMs/);
    expect(() => tool({ name: 'x', description: 'd', execute, maxResultChars: 0 })).toThrow(/maxResultChars/);
    expect(() => tool({ name: 'x', description: 'd' } as never)).toThrow(/execute/);
  });

  it('takes a hand-written JSON Schema for schema libraries without a conversion', async () => {
    const onlyValidates: StandardSchemaV1<unknown, { n: number }> = {
      '~standard': {
        version: 1,
        vendor: 'hand',
        validate: (v) =>
          typeof (v as { n?: unknown })?.n === 'number'
            ? { value: v as { n: number } }
            : { issues: [{ message: 'n must be a number', path: ['n'] }] },
      },
    };
    const t = tool({
      name: 'double',
      description: 'Doubles n',
      parameters: onlyValidates,
      jsonSchema: { type: 'object', properties: { n: { type: 'number' } }, required: ['n'] },
      execute: ({ n }) => n * 2,
    });
    const { seen } = await runCalls(
      [t],
      [
        { name: 'double', args: { n: 4 } },
        { name: 'double', args: { n: 'x' } },
      ],
    );
    expect(seen[0]!.content).toBe('8');
    expect(seen[1]).toMatchObject({
      isError: true,
      content: 'invalid arguments for "double": n: n must be a number',
    });
    const without = tool({ name: 'bad', description: 'd', parameters: onlyValidates, execute: () => 1 });
    expect(() => without.parameters).toThrow(/has no JSON Schema conversion; pass `jsonSchema`/);
  });

  it('defines tools without parameters', async () => {
    const t = tool({ name: 'now', description: 'Now', execute: () => 'noon' });
    expect(t.parameters).toEqual({ type: 'object', properties: {}, additionalProperties: false });
    expect(await t.execute({}, ctx)).toBe('noon');
  });

  it('with() changes options and shares the schema work', () => {
    const { schema, calls } = counted(z.object({ q: z.string() }));
    const t = tool({ name: 'q', description: 'd', parameters: schema, execute: () => 1 });
    void t.parameters;
    const slow = t.with({ timeoutMs: 50, requiresConfirmation: true });
    expect(slow).toBeInstanceOf(DefinedTool);
    expect(slow.timeoutMs).toBe(50);
    expect(slow.requiresConfirmation).toBe(true);
    expect(t.timeoutMs).toBeUndefined();
    expect(slow.parameters).toBe(t.parameters);
    expect(calls()).toBe(1);
    const strict = t.with({ strict: true });
    expect(strict.parameters).toHaveProperty('additionalProperties', false);
  });

  it('adds its instructions to the system prompt', async () => {
    const t = tool({
      name: 'x',
      description: 'd',
      instructions: 'Call x before answering.',
      execute: () => 1,
    });
    const { model } = await runCalls([t], []);
    expect(model.requests[0]!.messages[0]).toEqual({ role: 'system', content: 'Call x before answering.' });
  });
});
