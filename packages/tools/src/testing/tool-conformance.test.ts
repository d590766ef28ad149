import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, type JSONSchema, type Tool } from '@agno/core';
import { Ajv } from 'ajv';
import { afterAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { calculatorToolkit, filesToolkit, httpToolkit } from '../builtins/index.js';
import { Toolkit, tool } from '../index.js';
import { assertToolSchemas, checkToolSchemas, resolveTools } from './index.js';

const root = mkdtempSync(join(tmpdir(), 'agno-tool-conformance-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const builtins = () => [
  calculatorToolkit(),
  filesToolkit({ root }),
  httpToolkit({ allowedHosts: ['example.com'] }),
];

/** A hand-written tool (as a plugin might ship one without `tool()`). */
const raw = (name: string, parameters: unknown, strict?: boolean): Tool => ({
  name,
  description: `the ${name} tool`,
  parameters: parameters as JSONSchema,
  ...(strict === undefined ? {} : { strict }),
  execute: () => null,
});

describe('the built-in toolkits', () => {
  it('are accepted by OpenAI strict mode and as Anthropic input schemas', async () => {
    const tools = await resolveTools(builtins());
    expect(tools.map((t) => t.name).sort()).toEqual(
      ['calculate', 'http_get', 'http_post', 'list_files', 'read_file', 'search_files', 'write_file'].sort(),
    );
    expect(tools.every((t) => t.strict === true)).toBe(true);
    expect(await checkToolSchemas(builtins())).toEqual([]);
    await expect(assertToolSchemas(builtins())).resolves.toBeUndefined();
  });

  it('send schemas that are valid JSON Schema', async () => {
    const ajv = new Ajv({ strict: false });
    for (const t of await resolveTools(builtins())) expect(ajv.validateSchema(t.parameters)).toBe(true);
  });
});

describe('checkToolSchemas', () => {
  it('passes zod tools: strict ones after the transform, others as given', async () => {
    const search = tool({
      name: 'search',
      description: 'Searches',
      parameters: z.object({ q: z.string(), limit: z.number().int().optional(), tags: z.array(z.string()) }),
      strict: true,
      execute: () => [],
    });
    const loose = tool({
      name: 'loose',
      description: 'Loose',
      parameters: z.object({ q: z.string().optional(), meta: z.record(z.string(), z.string()) }),
      execute: () => null,
    });
    expect(await checkToolSchemas([search, new Toolkit({ name: 'kit', tools: [loose] })])).toEqual([]);
  });

  it('reports what strict mode refuses, with the path', async () => {
    const issues = await checkToolSchemas(
      raw(
        'find',
        {
          type: 'object',
          properties: {
            q: { type: 'string', default: 'x' },
            opts: { type: 'object', properties: { deep: { type: 'boolean' } }, required: ['deep'] },
            pair: { type: 'array', items: [{ type: 'string' }, { type: 'number' }] },
            either: { oneOf: [{ type: 'string' }, { type: 'number' }] },
          },
          required: ['opts', 'pair', 'either'],
          additionalProperties: false,
        },
        true,
      ),
    );
    expect(issues.map((i) => `${i.target} ${i.path}: ${i.message}`)).toEqual([
      'openai-strict (root): property "q" must be required (make it nullable instead)',
      'openai-strict (root).q: strict mode does not accept "default"',
      'openai-strict (root).opts: objects need additionalProperties: false',
      'openai-strict (root).pair: tuples (array "items") are not accepted',
      'openai-strict (root).either: strict mode does not accept "oneOf"',
    ]);
  });

  it('reports what Anthropic refuses: no object at the top, composition at the top, bad required', async () => {
    const issues = await checkToolSchemas([
      raw('scalar', { type: 'string' }),
      raw('union', { type: 'object', anyOf: [{ properties: { a: { type: 'string' } } }] }),
      raw('missing', { type: 'object', properties: { a: { type: 'string' } }, required: ['b'] }),
    ]);
    expect(issues.map((i) => `${i.tool} ${i.target}: ${i.message}`)).toEqual([
      'scalar anthropic: input_schema must have type "object" at the top',
      'union anthropic: input_schema cannot use anyOf at the top level',
      'missing anthropic: "required" names "b", which is not a property',
    ]);
  });

  it('reports names both providers refuse, duplicates and missing descriptions', async () => {
    const ok = { type: 'object', properties: {} };
    const issues = await checkToolSchemas([
      raw('get weather', ok),
      raw('dup', ok),
      raw('dup', ok),
      { ...raw('quiet', ok), description: ' ' },
    ]);
    expect(issues.map((i) => `${i.tool} ${i.path}: ${i.message}`)).toEqual([
      'get weather (name): tool names must match ^[a-zA-Z0-9_-]{1,64}$',
      'dup (name): two tools have this name',
      'quiet (description): the model needs a description to choose the tool',
    ]);
  });

  it('with requireStrictCompatible, reports non-strict tools strict mode could never express', async () => {
    const meta = tool({
      name: 'meta',
      description: 'Meta',
      parameters: z.object({ meta: z.record(z.string(), z.string()) }),
      execute: () => null,
    });
    expect(await checkToolSchemas(meta)).toEqual([]);
    const issues = await checkToolSchemas(meta, { requireStrictCompatible: true });
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ tool: 'meta', target: 'openai-strict', path: '(root).meta' });
  });

  it('reports a strict tool whose schema cannot be transformed, instead of throwing', async () => {
    const bad = tool({
      name: 'bad',
      description: 'Bad',
      parameters: z.object({ meta: z.record(z.string(), z.string()) }),
      strict: true,
      execute: () => null,
    });
    const issues = await checkToolSchemas(bad);
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ tool: 'bad', target: 'any', path: '(root)' });
    expect(issues[0]!.message).toContain('record');
  });
});

describe('assertToolSchemas', () => {
  it('throws a config_error listing every issue', async () => {
    const error = await assertToolSchemas(raw('scalar', { type: 'string' }), {}).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).code).toBe('config_error');
    expect((error as ConfigError).message).toContain(
      'scalar [anthropic] (root): input_schema must have type',
    );
  });
});
