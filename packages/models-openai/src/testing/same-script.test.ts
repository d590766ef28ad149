/**
 * The scripted model and the wire-format server take the same script (tool calls with `args`,
 * usage in core's names, an error as its message): a test written against one runs on the other.
 */
import { Agent, isAgnoError, type RunResult, type Tool } from '@agno/core';
import { ScriptedModel } from '@agno/models-mock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openai } from '../index.js';
import { FakeOpenAIServer } from './index.js';

const add: Tool<{ a: number; b: number }> = {
  name: 'add',
  description: 'Adds two numbers',
  parameters: {
    type: 'object',
    properties: { a: { type: 'number' }, b: { type: 'number' } },
    required: ['a', 'b'],
  },
  execute: ({ a, b }) => a + b,
};

const script = [
  {
    toolCalls: [{ id: 'call_1', name: 'add', args: { a: 2, b: 3 } }],
    usage: { inputTokens: 11, outputTokens: 7 },
  },
  { text: '2 + 3 = 5', usage: { inputTokens: 20, outputTokens: 5 } },
];

let server: FakeOpenAIServer;
beforeAll(async () => {
  server = await FakeOpenAIServer.start();
});
afterAll(() => server.close());

function summary(result: RunResult) {
  return {
    text: result.text,
    calls: result.toolCalls.map((c) => [c.name, c.args, c.result]),
    usage: [result.usage.inputTokens, result.usage.outputTokens],
  };
}

describe('one script for the scripted model and the wire server', () => {
  it('gives the same run', async () => {
    const scripted = await new Agent({ model: new ScriptedModel({ replies: script }), tools: [add] }).run(
      '2+3?',
    );
    server.reset();
    server.reply(...script);
    const model = openai('gpt-test', { apiKey: 'sk-same-script', baseURL: server.baseURL, maxRetries: 0 });
    const wired = await new Agent({ model, tools: [add] }).run('2+3?');
    expect(summary(wired)).toEqual(summary(scripted));
    expect(summary(wired)).toEqual({
      text: '2 + 3 = 5',
      calls: [['add', { a: 2, b: 3 }, '5']],
      usage: [31, 12],
    });
  });

  it('takes an error as its message on both', async () => {
    const failing = { status: 400, error: 'the request was refused' };
    const scripted = await new Agent({ model: new ScriptedModel({ replies: [{ error: failing.error }] }) })
      .run('hi')
      .catch((e: unknown) => e);
    server.reset();
    server.reply(failing);
    const model = openai('gpt-test', { apiKey: 'sk-same-script', baseURL: server.baseURL, maxRetries: 0 });
    const wired = await new Agent({ model }).run('hi').catch((e: unknown) => e);
    expect(isAgnoError(scripted)).toBe(true);
    expect(isAgnoError(wired)).toBe(true);
    expect((scripted as Error).message).toContain('the request was refused');
    expect((wired as Error).message).toContain('the request was refused');
  });
});
