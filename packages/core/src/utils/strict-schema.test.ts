import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { isAgnoError, type JSONSchema, toJSONSchema } from '../index.js';
import { createNullRestorer, strictIncompatibilities, toStrictJSONSchema } from './index.js';

const ajv = new Ajv({ strict: false });

/** The JSON Schema zod gives for the model (input side), as tool() uses it. */
function plain(schema: z.ZodType): JSONSchema {
  return toJSONSchema(schema as never)!;
}

/** Checks the rules of OpenAI strict mode on every node, and returns the nodes seen. */
function assertStrictShape(node: unknown, path = '#'): void {
  if (typeof node !== 'object' || node === null) throw new Error(`${path}: not a schema`);
  const n = node as Record<string, unknown>;
  for (const key of [
    'oneOf',
    'allOf',
    'not',
    'if',
    'patternProperties',
    'propertyNames',
    'default',
    'minLength',
  ]) {
    expect(n, `${path} has ${key}`).not.toHaveProperty(key);
  }
  const types = Array.isArray(n.type) ? n.type : [n.type];
  if (types.includes('object')) {
    expect(n.additionalProperties, `${path}.additionalProperties`).toBe(false);
    expect(n.required, `${path}.required`).toEqual(Object.keys(n.properties as object));
    for (const [k, v] of Object.entries(n.properties as object)) assertStrictShape(v, `${path}.${k}`);
  }
  if (n.items !== undefined) assertStrictShape(n.items, `${path}[]`);
  if (Array.isArray(n.anyOf)) {
    for (let i = 0; i < n.anyOf.length; i++) assertStrictShape(n.anyOf[i], `${path}|${i}`);
  }
  for (const defs of [n.$defs, n.definitions]) {
    if (defs) for (const [k, v] of Object.entries(defs)) assertStrictShape(v, `${path}/${k}`);
  }
}

describe('toStrictJSONSchema', () => {
  const schema = z.object({
    query: z.string().describe('What to look for'),
    limit: z.number().int().optional().describe('How many'),
    lang: z.string().nullable(),
    sort: z.enum(['asc', 'desc']).default('asc'),
    filters: z.object({ tag: z.string().optional(), since: z.string() }),
    items: z.array(z.object({ id: z.string(), note: z.string().optional() })).optional(),
    target: z.union([z.string(), z.number()]).optional(),
    shape: z.discriminatedUnion('kind', [
      z.object({ kind: z.literal('circle'), r: z.number() }),
      z.object({ kind: z.literal('box'), w: z.number(), h: z.number().optional() }),
    ]),
    name: z.string().min(2).max(40).optional(),
  });
  const strict = toStrictJSONSchema(plain(schema));

  it('makes every property required, optional ones nullable, and closes every object', () => {
    assertStrictShape(strict);
    expect(strict.type).toBe('object');
    const p = strict.properties as Record<string, Record<string, unknown>>;
    expect(p.query).toEqual({ type: 'string', description: 'What to look for' });
    expect(p.limit).toMatchObject({ type: ['integer', 'null'], description: 'How many' });
    expect(p.lang).toEqual({ type: ['string', 'null'] });
    // an optional enum: null joins through anyOf (an enum list would refuse null otherwise)
    expect(p.sort).toEqual({
      anyOf: [{ type: 'string', enum: ['asc', 'desc'] }, { type: 'null' }],
      description: '(default: "asc")',
    });
    expect(p.filters).toMatchObject({
      properties: { tag: { type: ['string', 'null'] }, since: { type: 'string' } },
      required: ['tag', 'since'],
      additionalProperties: false,
    });
    expect(p.items).toMatchObject({
      type: ['array', 'null'],
      items: { required: ['id', 'note'], additionalProperties: false },
    });
    expect(p.target).toEqual({ type: ['string', 'number', 'null'] });
    expect(p.shape!.anyOf).toHaveLength(2);
    expect(p.name).toEqual({ type: ['string', 'null'], description: '(minLength: 2; maxLength: 40)' });
  });

  it('produces a schema that accepts what a strict-mode model sends, and refuses extra fields', () => {
    const validate = ajv.compile(strict);
    const sent = {
      query: 'cats',
      limit: null,
      lang: null,
      sort: null,
      filters: { tag: null, since: '2024' },
      items: [{ id: 'a', note: null }],
      target: null,
      shape: { kind: 'box', w: 1, h: null },
      name: null,
    };
    expect(validate(sent)).toBe(true);
    expect(validate({ ...sent, extra: 1 })).toBe(false);
    expect(validate({ ...sent, filters: { since: '2024' } })).toBe(false);
  });

  it('round-trips: the nulls a strict model sends become "left out", and zod accepts them (defaults apply)', () => {
    const restore = createNullRestorer(plain(schema))!;
    const sent = {
      query: 'cats',
      limit: null,
      lang: null,
      sort: null,
      filters: { tag: null, since: '2024' },
      items: [{ id: 'a', note: null }],
      target: null,
      shape: { kind: 'box', w: 1, h: null },
      name: null,
    };
    const parsed = schema.parse(restore(sent));
    expect(parsed).toEqual({
      query: 'cats',
      lang: null,
      sort: 'asc',
      filters: { since: '2024' },
      items: [{ id: 'a' }],
      shape: { kind: 'box', w: 1 },
    });
    expect(sent.limit).toBeNull(); // the input object is not modified
  });

  it('is also a valid Anthropic input_schema: an object at the top, plain JSON Schema', () => {
    expect(strict.type).toBe('object');
    expect(() => ajv.compile(strict)).not.toThrow();
    expect(JSON.parse(JSON.stringify(strict))).toEqual(strict);
  });

  it('keeps nullable-and-optional fields nullable once, and leaves the input untouched', () => {
    const input = plain(z.object({ a: z.string().nullable().optional() }));
    const before = JSON.stringify(input);
    const out = toStrictJSONSchema(input);
    expect((out.properties as Record<string, unknown>).a).toEqual({ type: ['string', 'null'] });
    expect(JSON.stringify(input)).toBe(before);
  });

  it('handles recursive schemas through $ref', () => {
    const Node: z.ZodType<{ name: string; children?: unknown[] }> = z.object({
      name: z.string(),
      get children() {
        return z.array(Node).optional();
      },
    });
    const out = toStrictJSONSchema(plain(Node as z.ZodType));
    assertStrictShape(out);
    expect(ajv.compile(out)({ name: 'a', children: [{ name: 'b', children: null }] })).toBe(true);
  });

  it('reports records, tuples, intersections and "any" clearly', () => {
    const bad = plain(
      z.object({
        meta: z.record(z.string(), z.number()),
        pair: z.tuple([z.string(), z.number()]),
        both: z.intersection(z.string().min(2), z.string().regex(/a/)),
        anything: z.any(),
      }),
    );
    const issues = strictIncompatibilities(bad);
    expect(issues).toEqual([
      'meta: records (objects with free-form keys, e.g. z.record) cannot be expressed in strict mode',
      'pair: tuples (z.tuple) cannot be expressed in strict mode',
      'both: intersections (allOf, e.g. z.intersection or .and()) cannot be expressed in strict mode',
      'anything: accepts any value (z.any/z.unknown), which strict mode cannot express',
    ]);
    let error: unknown;
    try {
      toStrictJSONSchema(bad);
    } catch (e) {
      error = e;
    }
    expect(isAgnoError(error, 'config_error')).toBe(true);
    expect((error as Error).message).toContain('meta: records');
    expect((error as { details: { issues: string[] } }).details.issues).toEqual(issues);
  });

  it('refuses a schema whose top is not an object', () => {
    expect(strictIncompatibilities(plain(z.string()))).toEqual([
      '(root): the parameters must be an object schema (type "object" at the top)',
    ]);
    expect(
      strictIncompatibilities(plain(z.union([z.object({ a: z.string() }), z.object({ b: z.string() })]))),
    ).toContain('(root): the parameters must be an object schema (type "object" at the top)');
  });

  it('turns loose objects into closed ones (the model may not send extra keys anyway)', () => {
    const out = toStrictJSONSchema(plain(z.looseObject({ a: z.string() })));
    expect(out).toEqual({
      type: 'object',
      properties: { a: { type: 'string' } },
      required: ['a'],
      additionalProperties: false,
    });
  });

  it('keeps supported string formats and moves the others into the description', () => {
    const out = toStrictJSONSchema(plain(z.object({ when: z.iso.datetime(), site: z.url() })));
    const p = out.properties as Record<string, Record<string, unknown>>;
    expect(p.when!.format).toBe('date-time');
    expect(p.site).not.toHaveProperty('format');
    expect(p.site!.description).toMatch(/format: uri/);
  });
});
