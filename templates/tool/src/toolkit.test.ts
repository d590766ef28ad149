import { Agent } from '@agno/core';
import { ScriptedModel } from '@agno/models-mock';
import { assertToolSchemas } from '@agno/tools/testing';
import { describe, expect, it } from 'vitest';
import { __fn__Toolkit } from './index.js';

describe('__fn__Toolkit', () => {
  it('has schemas OpenAI strict mode and Anthropic accept', async () => {
    await assertToolSchemas(__fn__Toolkit());
  });

  it('runs in an agent', async () => {
    const model = new ScriptedModel({
      replies: [
        { toolCalls: [{ id: 'c1', name: 'greet', args: { name: 'Ada', excited: null } }] },
        { text: 'done' },
      ],
    });
    const tools = [__fn__Toolkit({ greeting: 'Hi' })];
    const result = await new Agent({ model, tools }).run('greet Ada');
    expect(result.text).toBe('done');
    const calls = result.toolCalls.map((c) => [c.name, c.result, c.isError]);
    expect(calls).toEqual([['greet', 'Hi, Ada.', false]]);
  });
});
