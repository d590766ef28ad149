import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ScriptedModel } from './fixtures/index.js';
import { Agent, OutputValidationError } from './index.js';

const Person = z.object({ name: z.string(), age: z.number().int() });

describe('structured output', () => {
  it('sends the JSON schema as the response format and returns the parsed value', async () => {
    const model = new ScriptedModel({ turns: ['```json\n{"name":"Ada","age":36}\n```'] });
    const result = await new Agent({ model }).run('who?', { outputSchema: Person });
    expect(result.output).toEqual({ name: 'Ada', age: 36 });
    const format = model.lastRequest!.responseFormat!;
    expect(format.type).toBe('json_schema');
    expect(format.schema).toMatchObject({ type: 'object', required: ['name', 'age'] });
    expect(format.schema.$schema).toBeUndefined();
  });

  it('gives the model one repair turn with the validation error', async () => {
    const model = new ScriptedModel({ replies: ['{"name":"Ada","age":"old"}', '{"name":"Ada","age":36}'] });
    const result = await new Agent({ model }).run('who?', { outputSchema: Person });
    expect(result.output).toEqual({ name: 'Ada', age: 36 });
    const repair = model.requests[1]!.messages.at(-1)!;
    expect(repair.role).toBe('user');
    expect(repair.content).toMatch(/age/);
    expect(result.modelCalls).toBe(2);
  });

  it('fails with a typed error when the repair turn fails too', async () => {
    const model = new ScriptedModel({ replies: ['not json', '{"name":1}'] });
    const error = await new Agent({ model }).run('who?', { outputSchema: Person }).catch((e) => e);
    expect(error).toBeInstanceOf(OutputValidationError);
    expect(error.code).toBe('output_validation_error');
    expect(error.text).toBe('{"name":1}');
    expect(error.issues.length).toBeGreaterThan(0);
    expect(model.calls).toBe(2);
  });

  it('accepts a plain JSON schema with an optional validator', async () => {
    const model = new ScriptedModel({ turns: ['{"ok":true}'] });
    const result = await new Agent({ model }).run<{ ok: boolean }>('x', {
      outputSchema: { name: 'flag', jsonSchema: { type: 'object', properties: { ok: { type: 'boolean' } } } },
    });
    expect(result.output).toEqual({ ok: true });
    expect(model.lastRequest!.responseFormat!.name).toBe('flag');
  });
});
