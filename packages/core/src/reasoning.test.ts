import { describe, expect, it } from 'vitest';
import { addTool, ScriptedModel } from './fixtures/index.js';
import {
  Agent,
  type AgentEvent,
  type AssistantMessage,
  type Guardrail,
  InMemorySessionStore,
  type Tool,
} from './index.js';

const thinking = { signature: 'sig-1', blocks: [{ type: 'thinking', thinking: 'add them' }] };

describe('reasoning', () => {
  it('streams reasoning before the text and puts it on the result and the assistant message', async () => {
    const model = new ScriptedModel({
      turns: [{ reasoning: 'The user wants a greeting. ', text: 'Hello there', providerData: thinking }],
      chunkSize: 5,
    });
    const agent = new Agent({ model });
    const events: AgentEvent[] = [];
    const stream = agent.stream('hi');
    for await (const event of stream) events.push(event);
    const result = await stream.result;
    const kinds = events
      .filter((e) => e.type === 'reasoning-delta' || e.type === 'text-delta')
      .map((e) => e.type);
    expect(kinds.indexOf('text-delta')).toBeGreaterThan(kinds.lastIndexOf('reasoning-delta'));
    const reasoning = events
      .filter((e) => e.type === 'reasoning-delta')
      .map((e) => (e as { text: string }).text)
      .join('');
    expect(reasoning).toBe('The user wants a greeting. ');
    expect(result.reasoning).toBe('The user wants a greeting. ');
    expect(result.text).toBe('Hello there');
    const assistant = result.messages.at(-1) as AssistantMessage;
    expect(assistant.reasoning).toBe('The user wants a greeting. ');
    expect(assistant.providerData).toEqual(thinking);
  });

  it('joins the reasoning of every model call of a run (plain runs too)', async () => {
    const model = new ScriptedModel({
      turns: [
        { reasoning: 'I should add.', toolCalls: [{ name: 'add', args: { a: 1, b: 2 } }] },
        { reasoning: 'The tool said 3.', text: '3' },
      ],
    });
    const result = await new Agent({ model, tools: [addTool] }).run('1+2?');
    expect(result.reasoning).toBe('I should add.\n\nThe tool said 3.');
    expect(result.model).toBe('mock:scripted');
  });

  it('sends the reasoning option and the opaque state back on the next turn, across a pause', async () => {
    const model = new ScriptedModel({
      turns: [
        {
          reasoning: 'needs approval',
          toolCalls: [{ name: 'wire', args: { amount: 5 } }],
          providerData: thinking,
        },
        'sent',
      ],
    });
    const wire: Tool<{ amount: number }, string> = {
      name: 'wire',
      description: 'Sends money',
      parameters: { type: 'object', properties: { amount: { type: 'number' } }, required: ['amount'] },
      requiresConfirmation: true,
      execute: () => 'ok',
    };
    const store = new InMemorySessionStore();
    const agent = new Agent({ model, tools: [wire], store, defaults: { reasoning: { effort: 'high' } } });
    const paused = await agent.run('send 5', { sessionId: 's' });
    expect(paused.status).toBe('paused');
    expect(model.requests[0]!.reasoning).toEqual({ effort: 'high' });
    const done = await agent.continueRun(paused.runId, {
      [paused.pending![0]!.toolCall.id]: { approved: true },
    });
    expect(done.text).toBe('sent');
    const second = model.requests[1]!;
    expect(second.reasoning).toEqual({ effort: 'high' });
    const assistant = second.messages.find((m) => m.role === 'assistant') as AssistantMessage;
    expect(assistant.providerData).toEqual(thinking);
  });

  it('keeps reasoning off the stream of a run with output guardrails (it is still on the result)', async () => {
    const model = new ScriptedModel({ turns: [{ reasoning: 'the secret is 42', text: 'fine' }] });
    const guard: Guardrail = { name: 'noop', output: () => undefined };
    const stream = new Agent({ model, guardrails: [guard] }).stream('hi');
    const types: string[] = [];
    for await (const event of stream) types.push(event.type);
    expect(types).not.toContain('reasoning-delta');
    expect((await stream.result).reasoning).toBe('the secret is 42');
  });
});
