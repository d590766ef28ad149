import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { type JSONSchema, toJSONSchema } from '../index.js';
import { createNullRestorer } from './index.js';

const json = (schema: z.ZodType): JSONSchema => toJSONSchema(schema as never)!;

describe('createNullRestorer', () => {
  it('is undefined when no property is optional (arguments then pass untouched, at no cost)', () => {
    expect(
      createNullRestorer(json(z.object({ a: z.string(), b: z.array(z.object({ c: z.number() })) }))),
    ).toBeUndefined();
    expect(createNullRestorer(json(z.object({ a: z.string().nullable().optional() })))).toBeUndefined();
  });

  it('drops nulls of optional properties at any depth and keeps nulls that are allowed', () => {
    const schema = z.object({
      a: z.string().optional(),
      b: z.string().nullable(),
      c: z.string().nullable().optional(),
      nested: z.object({ d: z.number().optional(), e: z.array(z.object({ f: z.boolean().optional() })) }),
    });
    const restore = createNullRestorer(json(schema))!;
    const input = { a: null, b: null, c: null, nested: { d: null, e: [{ f: null }, { f: true }] } };
    const out = restore(input);
    expect(out).toEqual({ b: null, c: null, nested: { e: [{}, { f: true }] } });
    expect(schema.safeParse(out).success).toBe(true);
    expect(input.nested.e[0]).toEqual({ f: null }); // copy on write
  });

  it('returns the same object when there is nothing to change', () => {
    const restore = createNullRestorer(
      json(z.object({ a: z.string().optional(), n: z.object({ b: z.number().optional() }) })),
    )!;
    const input = { a: 'x', n: { b: 1 } };
    expect(restore(input)).toBe(input);
  });

  it('picks the branch of a discriminated union by its constant', () => {
    const schema = z.object({
      shape: z.discriminatedUnion('kind', [
        z.object({ kind: z.literal('circle'), r: z.number(), label: z.string().nullable() }),
        z.object({ kind: z.literal('box'), w: z.number(), label: z.string().optional() }),
      ]),
    });
    const restore = createNullRestorer(json(schema))!;
    expect(restore({ shape: { kind: 'box', w: 1, label: null } })).toEqual({ shape: { kind: 'box', w: 1 } });
    expect(restore({ shape: { kind: 'circle', r: 1, label: null } })).toEqual({
      shape: { kind: 'circle', r: 1, label: null },
    });
  });

  it('picks the branch of a plain union by its keys', () => {
    const schema = z.object({
      target: z.union([
        z.object({ id: z.string(), rev: z.number().optional() }),
        z.object({ path: z.string(), ref: z.string().optional() }),
      ]),
    });
    const restore = createNullRestorer(json(schema))!;
    expect(restore({ target: { path: 'a', ref: null } })).toEqual({ target: { path: 'a' } });
    expect(restore({ target: { id: 'a', rev: null } })).toEqual({ target: { id: 'a' } });
  });

  it('follows $ref, recursion included', () => {
    type Node = { name: string; note?: string; children: Node[] };
    const Node: z.ZodType<Node> = z.object({
      name: z.string(),
      note: z.string().optional(),
      get children() {
        return z.array(Node);
      },
    });
    const restore = createNullRestorer(json(Node as z.ZodType))!;
    expect(restore({ name: 'a', note: null, children: [{ name: 'b', note: null, children: [] }] })).toEqual({
      name: 'a',
      children: [{ name: 'b', children: [] }],
    });
  });

  it('copies a "__proto__" key as data, never as the prototype', () => {
    const restore = createNullRestorer(json(z.object({ a: z.string().optional() })))!;
    const input = JSON.parse('{"a": null, "__proto__": {"polluted": true}}');
    const out = restore(input) as Record<string, unknown>;
    expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
    expect((out as { polluted?: boolean }).polluted).toBeUndefined();
    expect(Object.keys(out)).toEqual(['__proto__']);
  });

  it('leaves values of the wrong shape for validation to report', () => {
    const restore = createNullRestorer(json(z.object({ a: z.object({ b: z.string().optional() }) })))!;
    expect(restore({ a: 'text' })).toEqual({ a: 'text' });
    expect(restore('nope')).toBe('nope');
    expect(restore([{ a: null }])).toEqual([{ a: null }]);
  });
});
