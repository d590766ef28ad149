import { describe, expect, it } from 'vitest';
import { isStrictCompatible } from './index.js';

const obj = (properties: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
  type: 'object',
  properties,
  required: Object.keys(properties),
  additionalProperties: false,
  ...extra,
});

describe('isStrictCompatible', () => {
  it('accepts closed objects with every property required, at every depth', () => {
    expect(isStrictCompatible(obj({}))).toBe(true);
    expect(
      isStrictCompatible(
        obj(
          {
            name: { type: 'string' },
            tags: { type: 'array', items: { type: 'string' } },
            address: obj({ city: { type: 'string' }, geo: obj({ lat: { type: 'number' } }) }),
            items: { type: 'array', items: obj({ id: { type: 'integer' } }) },
            either: { anyOf: [{ type: 'string' }, obj({ n: { type: 'number' } })] },
            maybe: { type: ['string', 'null'] },
            node: { $ref: '#/$defs/node' },
          },
          { $defs: { node: obj({ value: { type: 'string' } }) } },
        ),
      ),
    ).toBe(true);
  });

  it('rejects an optional property or an open object, however deep', () => {
    expect(
      isStrictCompatible({
        type: 'object',
        properties: { a: { type: 'string' } },
        additionalProperties: false,
      }),
    ).toBe(false);
    expect(
      isStrictCompatible({ type: 'object', properties: { a: { type: 'string' } }, required: ['a'] }),
    ).toBe(false);
    expect(isStrictCompatible(obj({ a: obj({ b: { type: 'object', properties: {} } }) }))).toBe(false);
    expect(
      isStrictCompatible(
        obj({
          list: {
            type: 'array',
            items: { type: 'object', properties: { x: { type: 'string' } }, required: [] },
          },
        }),
      ),
    ).toBe(false);
    expect(isStrictCompatible(obj({ u: { anyOf: [{ type: 'object', properties: {} }] } }))).toBe(false);
    expect(isStrictCompatible(obj({ r: { $ref: '#/$defs/x' } }, { $defs: { x: { type: 'object' } } }))).toBe(
      false,
    );
  });

  it('rejects keywords strict mode does not support, and a root that is not an object', () => {
    expect(isStrictCompatible(obj({ a: { oneOf: [{ type: 'string' }, { type: 'number' }] } }))).toBe(false);
    expect(isStrictCompatible(obj({ a: { allOf: [{ type: 'string' }] } }))).toBe(false);
    expect(isStrictCompatible({ type: 'array', items: { type: 'string' } })).toBe(false);
    expect(isStrictCompatible({ anyOf: [obj({})] })).toBe(false);
  });

  it('caches per schema object (the same answer, computed once)', () => {
    const schema = obj({ a: { type: 'string' } });
    expect(isStrictCompatible(schema)).toBe(true);
    // Mutating after the first check does not change the cached answer: schemas are treated as immutable.
    (schema as { additionalProperties: unknown }).additionalProperties = true;
    expect(isStrictCompatible(schema)).toBe(true);
    expect(isStrictCompatible({ ...schema })).toBe(false);
  });
});
