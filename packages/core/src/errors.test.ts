import { describe, expect, it } from 'vitest';
import { ScriptedModel } from './fixtures/index.js';
import {
  Agent,
  AgnoError,
  canonicalJSON,
  errorMessage,
  isAgnoError,
  ModelError,
  redactSecrets,
} from './index.js';

describe('errors', () => {
  it('have stable codes, names and a JSON view without stack', () => {
    const e = new ModelError('rate limited', { code: 'rate_limited', status: 429, retryable: true });
    expect(e).toBeInstanceOf(AgnoError);
    expect(e.name).toBe('ModelError');
    expect(isAgnoError(e, 'rate_limited')).toBe(true);
    expect(JSON.parse(JSON.stringify(e))).toEqual({
      name: 'ModelError',
      code: 'rate_limited',
      message: 'rate limited',
      status: 429,
      retryable: true,
    });
  });

  it('never carry API keys or bearer tokens in their messages', () => {
    const e = new ModelError(
      '401: invalid key sk-proj-abcdefghijklmnop1234 sent with Authorization: Bearer abc.def.ghijklmnop',
    );
    expect(e.message).not.toContain('abcdefghijklmnop1234');
    expect(e.message).not.toContain('abc.def.ghijklmnop');
    expect(redactSecrets('x-api-key: sk-ant-api03-AAAABBBBCCCC')).not.toContain('AAAABBBBCCCC');
    expect(redactSecrets('short')).toBe('short');
  });

  it('wrap anything a model throws (even a string) into a typed error', async () => {
    const model = new ScriptedModel({ turns: ['x'] });
    model.generate = () => Promise.reject('boom with key sk-live-1234567890abcdef');
    const error = await new Agent({ model }).run('x').catch((e) => e);
    expect(error).toBeInstanceOf(ModelError);
    expect(error.message).not.toContain('1234567890abcdef');
    expect(errorMessage({ a: 1 })).toBe('{"a":1}');
  });
});

describe('canonicalJSON', () => {
  it('sorts keys at every depth and handles odd values without throwing', () => {
    expect(canonicalJSON({ b: 1, a: { d: [1, { z: 1, y: 2 }], c: 'x' } })).toBe(
      '{"a":{"c":"x","d":[1,{"y":2,"z":1}]},"b":1}',
    );
    expect(canonicalJSON({ a: undefined, b: 2n, c: Number.NaN })).toBe('{"b":"2n","c":null}');
    const cyclic: Record<string, unknown> = { a: 1 };
    cyclic.self = cyclic;
    const json = canonicalJSON(cyclic);
    expect(json.startsWith('{"a":1,"self":{"a":1,"self":')).toBe(true);
    expect(json).toContain('"[circular]"');
    // Branching cycles stay bounded too.
    const wide: Record<string, unknown> = {};
    wide.x = wide;
    wide.y = wide;
    wide.z = wide;
    expect(canonicalJSON(wide).length).toBeLessThan(1_000_000);
    expect(canonicalJSON(new Date(0))).toBe('"1970-01-01T00:00:00.000Z"');
  });
});
