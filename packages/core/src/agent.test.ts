import { describe, expect, it } from 'vitest';
import { addTool, ScriptedModel } from './fixtures/index.js';
import { Agent, ConfigError, type Message, type Tool } from './index.js';

describe('Agent.run', () => {
  it('returns the text, the run messages, summed usage, timings and a run id', async () => {
    const model = new ScriptedModel({
      turns: [
        { toolCalls: [{ name: 'add', args: { a: 2, b: 3 } }], usage: { inputTokens: 10, outputTokens: 4 } },
        { text: 'It is 5.', usage: { inputTokens: 20, outputTokens: 3, cachedInputTokens: 8 } },
      ],
    });
    const agent = new Agent({ model, instructions: 'You add numbers.', tools: [addTool] });
    const result = await agent.run('What is 2+3?');

    expect(result.status).toBe('completed');
    expect(result.text).toBe('It is 5.');
    expect(result.output).toBe('It is 5.');
    expect(result.runId).toMatch(/^[0-9a-f-]{36}$/);
    expect(result.userId).toBeUndefined();
    expect(result.messages.map((m) => m.role)).toEqual(['user', 'assistant', 'tool', 'assistant']);
    expect(result.toolCalls).toHaveLength(1);
    expect(result.toolCalls[0]).toMatchObject({
      name: 'add',
      args: { a: 2, b: 3 },
      result: '5',
      isError: false,
    });
    expect(result.usage).toEqual({ inputTokens: 30, outputTokens: 7, totalTokens: 37, cachedInputTokens: 8 });
    expect(result.modelCalls).toBe(2);
    expect(result.timings.modelCallsMs).toHaveLength(2);
    expect(result.timings.toolCallsMs).toHaveLength(1);
    expect(result.timings.totalMs).toBeGreaterThanOrEqual(0);
    expect(result.timings.firstTokenMs).toBeDefined();

    const first = model.requests[0]!;
    expect(first.messages[0]).toEqual({ role: 'system', content: 'You add numbers.' });
    expect(first.tools?.map((t) => t.name)).toEqual(['add']);
    expect(first.tools?.[0]?.parameters).toEqual(addTool.parameters);
    const second = model.requests[1]!;
    const toolMsg = second.messages[3] as Extract<Message, { role: 'tool' }>;
    const call = (second.messages[2] as Extract<Message, { role: 'assistant' }>).toolCalls![0]!;
    expect(toolMsg).toMatchObject({ role: 'tool', toolCallId: call.id, toolName: 'add', content: '5' });
  });

  it('accepts a message or a list of messages as input', async () => {
    const model = new ScriptedModel({ respond: (req) => `${req.messages.length} messages` });
    const agent = new Agent({ model });
    expect((await agent.run({ role: 'user', content: [{ type: 'text', text: 'hi' }] })).text).toBe(
      '1 messages',
    );
    const convo: Message[] = [
      { role: 'user', content: 'a' },
      { role: 'assistant', content: 'b' },
      { role: 'user', content: 'c' },
    ];
    expect((await agent.run(convo)).text).toBe('3 messages');
  });

  it('builds instructions per run from a function, and joins tool and run instructions', async () => {
    const model = new ScriptedModel({ turns: ['ok'] });
    const tool: Tool = { ...addTool, instructions: 'Use add for sums.' };
    const agent = new Agent({
      model,
      tools: [tool],
      instructions: (ctx) =>
        `Hello ${ctx.userId} in ${ctx.sessionId} (${ctx.metadata?.tone}) about ${ctx.input}`,
    });
    await agent.run('x', {
      userId: 'u1',
      sessionId: 's1',
      metadata: { tone: 'calm' },
      additionalInstructions: 'Be brief.',
    });
    expect(model.lastRequest!.messages[0]).toEqual({
      role: 'system',
      content: 'Hello u1 in s1 (calm) about x\n\nUse add for sums.\n\nBe brief.',
    });
  });

  it('passes run options to the model, with agent defaults filling gaps', async () => {
    const model = new ScriptedModel({ turns: ['ok'] });
    const agent = new Agent({ model, defaults: { temperature: 0.2, maxTokens: 50 } });
    await agent.run('x', {
      maxTokens: 10,
      stop: ['END'],
      toolChoice: 'none',
      providerOptions: { scripted: { seed: 1 } },
    });
    const req = model.lastRequest!;
    expect(req.maxTokens).toBe(10);
    expect(req.temperature).toBe(0.2);
    expect(req.stop).toEqual(['END']);
    expect(req.providerOptions).toEqual({ scripted: { seed: 1 } });
    expect(req.tools).toBeUndefined();
  });

  it('does no work at construction: tools are resolved on the first run', async () => {
    let resolved = 0;
    const kit = {
      kind: 'toolkit' as const,
      name: 'kit',
      tools: () => {
        resolved++;
        return [addTool];
      },
    };
    const model = new ScriptedModel({ turns: ['ok'] });
    const agent = new Agent({ model, tools: [kit] });
    expect(resolved).toBe(0);
    await Promise.all([agent.run('a'), agent.run('b')]);
    await agent.run('c');
    expect(resolved).toBe(1);
  });

  it('rejects duplicate and invalid tool names with a ConfigError', async () => {
    const model = new ScriptedModel({ turns: ['ok'] });
    await expect(new Agent({ model, tools: [addTool, addTool] }).run('x')).rejects.toBeInstanceOf(
      ConfigError,
    );
    await expect(
      new Agent({ model, tools: [{ ...addTool, name: 'bad name' }] }).run('x'),
    ).rejects.toMatchObject({
      code: 'config_error',
    });
  });

  it('rejects an agent without a model', async () => {
    await expect(new Agent({} as never).run('x')).rejects.toMatchObject({ code: 'config_error' });
  });
});
