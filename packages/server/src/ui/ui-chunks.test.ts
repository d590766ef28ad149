/**
 * Agent and team runs on the scripted model, streamed as UI message chunks, encoded as SSE and
 * read back by the `ai` package's own client-side reader: what a `useChat` page would show.
 */
import { Agent, InMemorySessionStore, ModelError, registerSecret, type Tool } from '@agno/core';
import { ScriptedModel } from '@agno/models-mock';
import { Team } from '@agno/workflow';
import type { UIMessage, UIMessageChunk } from 'ai';
import { describe, expect, it } from 'vitest';
import { readMessage, sseData } from '../fixtures/ui/client.js';
import { parseApprovalId } from './approval-id.js';
import { encodeUIStream } from './encode.js';
import type { UIChunk } from './types.js';
import { uiChunks } from './ui-chunks.js';

const weather: Tool<{ city: string }> = {
  name: 'weather',
  description: 'The weather in a city',
  parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
  execute: ({ city }) => ({ city, sky: 'sunny', celsius: 21 }),
};

const transfer: Tool<{ amount: number }> = {
  name: 'transfer',
  description: 'Moves money',
  parameters: { type: 'object', properties: { amount: { type: 'number' } }, required: ['amount'] },
  requiresConfirmation: true,
  execute: ({ amount }) => `sent ${amount}`,
};

function toolPart(message: UIMessage, name: string): any {
  return message.parts.find((p) => p.type === `tool-${name}`);
}

function texts(message: UIMessage): string[] {
  return message.parts.filter((p) => p.type === 'text').map((p) => (p as { text: string }).text);
}

describe('uiChunks read by the ai client reader', () => {
  it('a text and tool round gives the text parts and a tool part with its input and output; usage is metadata', async () => {
    const agent = new Agent({
      name: 'forecaster',
      model: new ScriptedModel({
        chunkSize: 3,
        turns: [
          { text: 'Checking.', toolCalls: [{ name: 'weather', args: { city: 'Oslo' } }] },
          'Oslo is sunny, 21°C.',
        ],
      }),
      tools: [weather],
    });
    const stream = agent.stream('Weather in Oslo?', { sessionId: 'chat-1' });
    const { message, errors } = await readMessage(encodeUIStream(uiChunks(stream)));
    const result = await stream.result;

    expect(errors).toEqual([]);
    expect(texts(message)).toEqual(['Checking.', 'Oslo is sunny, 21°C.']);
    expect(message.parts.filter((p) => p.type === 'step-start')).toHaveLength(2);
    expect(toolPart(message, 'weather')).toMatchObject({
      state: 'output-available',
      input: { city: 'Oslo' },
      output: { city: 'Oslo', sky: 'sunny', celsius: 21 },
    });
    expect(message.metadata).toEqual({
      runId: stream.runId,
      sessionId: 'chat-1',
      agent: 'forecaster',
      status: 'completed',
      usage: {
        inputTokens: result.usage.inputTokens,
        outputTokens: result.usage.outputTokens,
        totalTokens: result.usage.totalTokens,
      },
    });
    expect(result.usage.totalTokens).toBeGreaterThan(0);
  });

  it('a failing tool gives a part in output-error with the error text', async () => {
    const broken: Tool = { ...weather, execute: () => Promise.reject(new Error('station offline')) };
    const agent = new Agent({
      model: new ScriptedModel({
        turns: [{ toolCalls: [{ name: 'weather', args: { city: 'Rome' } }] }, 'Sorry.'],
      }),
      tools: [broken],
    });
    const { message } = await readMessage(encodeUIStream(uiChunks(agent.stream('Rome?'))));
    const part = toolPart(message, 'weather');
    expect(part.state).toBe('output-error');
    expect(part.errorText).toContain('station offline');
    expect(texts(message)).toEqual(['Sorry.']);
  });

  it('a tool that needs confirmation is a part in approval-requested whose id leads back to the run', async () => {
    const agent = new Agent({
      model: new ScriptedModel({
        turns: [{ toolCalls: [{ name: 'transfer', args: { amount: 5 } }] }, 'Done.'],
      }),
      tools: [transfer],
      store: new InMemorySessionStore(),
    });
    const stream = agent.stream('Pay Bob 5', { sessionId: 's' });
    const { message } = await readMessage(encodeUIStream(uiChunks(stream)));
    const part = toolPart(message, 'transfer');
    expect(part).toMatchObject({ state: 'approval-requested', input: { amount: 5 } });
    expect(parseApprovalId(part.approval.id)).toEqual({ runId: stream.runId, toolCallId: part.toolCallId });
    expect(message.metadata).toMatchObject({ runId: stream.runId, status: 'paused' });
  });

  it('continuing after the approval streams the tool result and the answer into the same message', async () => {
    const agent = new Agent({
      model: new ScriptedModel({
        turns: [
          {
            toolCalls: [
              { name: 'transfer', args: { amount: 5 } },
              { name: 'transfer', args: { amount: 9 } },
            ],
          },
          'One sent, one refused.',
        ],
      }),
      tools: [transfer],
      store: new InMemorySessionStore(),
    });
    const first = agent.stream('Pay Bob 5 and Eve 9', { sessionId: 's' });
    const paused = (await readMessage(encodeUIStream(uiChunks(first)))).message;
    const [yes, no] = paused.parts.filter((p) => p.type === 'tool-transfer') as any[];
    // What addToolApprovalResponse does in the browser:
    const answered: UIMessage = {
      ...paused,
      parts: paused.parts.map((p: any) =>
        p === yes
          ? { ...p, state: 'approval-responded', approval: { id: p.approval.id, approved: true } }
          : p === no
            ? {
                ...p,
                state: 'approval-responded',
                approval: { id: p.approval.id, approved: false, reason: 'too much' },
              }
            : p,
      ),
    };
    const decisions = {
      [yes.toolCallId]: { approved: true as const },
      [no.toolCallId]: { approved: false as const },
    };
    const rest = agent.continueStream(first.runId, decisions);
    const { message, errors } = await readMessage(
      encodeUIStream(uiChunks(rest, { messageId: paused.id, decisions })),
      answered,
    );
    expect(errors).toEqual([]);
    expect(message.id).toBe(paused.id);
    const parts = message.parts.filter((p) => p.type === 'tool-transfer') as any[];
    expect(parts.map((p) => [p.toolCallId, p.state])).toEqual([
      [yes.toolCallId, 'output-available'],
      [no.toolCallId, 'output-denied'],
    ]);
    expect(parts[0].output).toBe('sent 5');
    expect(texts(message)).toEqual(['One sent, one refused.']);
    expect(message.metadata).toMatchObject({ runId: first.runId, status: 'completed' });
  });

  it('a failed run gives the error the client reports, with its code and no secret or stack', async () => {
    registerSecret('sk-ui-test-0123456789abcdef');
    const failing = new Agent({
      model: new ScriptedModel({
        turns: [
          { error: new ModelError('upstream said no to key sk-ui-test-0123456789abcdef', { status: 500 }) },
        ],
      }),
    });
    const body = encodeUIStream(uiChunks(failing.stream('hi')));
    const [forReader, forText] = body.tee();
    const { message, errors } = await readMessage(forReader);
    const raw = (await sseData(forText)).join('\n');
    expect(errors.map((e) => e.message)).toEqual([expect.stringMatching(/^model_error: upstream said no/)]);
    expect(raw).not.toContain('sk-ui-test-0123456789abcdef');
    expect(raw).not.toMatch(/\bat .*\.ts:\d+/);
    expect(message.metadata).toMatchObject({ status: 'error' });
  });

  it('a team streams each member’s text in its own part, tagged with the member’s name', async () => {
    const member = (name: string, text: string) =>
      new Agent({
        name,
        model: new ScriptedModel({
          chunkSize: 2,
          respond: () => ({ text, chunkDelayMs: 2, usage: { inputTokens: 3, outputTokens: 2 } }),
        }),
      });
    const team = new Team({
      name: 'panel',
      mode: 'collaborate',
      leader: new Agent({ name: 'chair', model: new ScriptedModel({ turns: ['Both agree.'] }) }),
      members: [member('alice', 'Alice thinks yes.'), member('bob', 'Bob thinks yes too.')],
    });
    const stream = team.stream('Should we ship?');
    const [body, copy] = encodeUIStream(uiChunks(stream)).tee();
    const [{ message, errors }, data] = await Promise.all([readMessage(body), sseData(copy)]);
    const result = await stream.result;
    expect(errors).toEqual([]);
    // The members streamed at once: their deltas interleave, each in its own text part.
    const deltaIds = data
      .filter((d) => d.includes('"text-delta"'))
      .map((d) => JSON.parse(d).id as string)
      .filter((id, i, all) => i === 0 || all[i - 1] !== id);
    expect(deltaIds.length).toBeGreaterThan(3);
    expect(message.parts.filter((p) => p.type === 'text')).toHaveLength(3);
    const byMember = new Map<string, string>();
    for (const p of message.parts) {
      if (p.type !== 'text') continue;
      const agno = (p.providerMetadata as any)?.agno;
      byMember.set(agno.member, (byMember.get(agno.member) ?? '') + p.text);
    }
    expect(Object.fromEntries(byMember)).toEqual({
      alice: 'Alice thinks yes.',
      bob: 'Bob thinks yes too.',
      chair: 'Both agree.',
    });
    expect(message.metadata).toMatchObject({
      runId: stream.runId,
      agent: 'panel',
      status: 'completed',
      usage: { totalTokens: result.usage.totalTokens },
    });
  });

  it("the model's reasoning streams as reasoning parts before each turn's text", async () => {
    const agent = new Agent({
      name: 'thinker',
      model: new ScriptedModel({
        chunkSize: 4,
        turns: [
          { reasoning: 'Weighing options.', toolCalls: [{ name: 'weather', args: { city: 'Oslo' } }] },
          { reasoning: 'It is sunny.', text: 'Answer.' },
        ],
      }),
      tools: [weather],
    });
    const { message } = await readMessage(encodeUIStream(uiChunks(agent.stream('Go out?'))));
    const parts = message.parts.filter((p) => p.type === 'reasoning' || p.type === 'text');
    expect(parts).toEqual([
      expect.objectContaining({ type: 'reasoning', text: 'Weighing options.', state: 'done' }),
      expect.objectContaining({ type: 'reasoning', text: 'It is sunny.', state: 'done' }),
      expect.objectContaining({ type: 'text', text: 'Answer.', state: 'done' }),
    ]);
  });

  it('writes only chunks the ai package’s types accept', () => {
    // A compile-time check: every chunk this package writes is a UIMessageChunk of ai 7.
    const check = (chunk: UIChunk): UIMessageChunk => chunk;
    expect(check({ type: 'start-step' })).toEqual({ type: 'start-step' });
  });
});
