/**
 * The chat endpoint on a real loopback server, driven by the AI SDK's own `Chat` (what `useChat`
 * wraps) and its default transport: a conversation kept by the store, a tool approved and
 * continued into the same message, a replayed approval, another user's approval, bad bodies,
 * a failed run, and a client that disconnects mid-run.
 */
import { Agent, InMemorySessionStore, ModelError, type Tool } from '@agno/core';
import { ScriptedModel } from '@agno/models-mock';
import {
  DefaultChatTransport,
  lastAssistantMessageIsCompleteWithApprovalResponses,
  type UIMessage,
} from 'ai';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { NodeChat, serveLoopback } from '../fixtures/ui/client.js';
import { stuckTool } from '../fixtures/ui/tools.js';
import { handleChat } from './handler.js';
import { agentRuns } from './runs.js';

const transfer: Tool<{ amount: number }> = {
  name: 'transfer',
  description: 'Moves money',
  parameters: { type: 'object', properties: { amount: { type: 'number' } }, required: ['amount'] },
  requiresConfirmation: true,
  execute: ({ amount }) => ({ sent: amount }),
};

const servers: { close: () => Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

/** Serves `agent` at /chat; the caller's user id comes from the `x-user` header. */
async function serveAgent(agent: Agent): Promise<string> {
  const server = await serveLoopback((req) =>
    handleChat(req, { agent, runs: agentRuns(), userId: req.headers.get('x-user') ?? undefined }),
  );
  servers.push(server);
  return `${server.url}/chat`;
}

/** A chat whose requests are recorded (their JSON bodies). */
function chatFor(api: string, user: string, id = 'chat-1') {
  const bodies: any[] = [];
  const chat = new NodeChat({
    id,
    transport: new DefaultChatTransport({
      api,
      headers: { 'x-user': user },
      fetch: async (url, init) => {
        bodies.push(JSON.parse(String(init?.body)));
        return fetch(url, init);
      },
    }),
    sendAutomaticallyWhen: lastAssistantMessageIsCompleteWithApprovalResponses,
  });
  return { chat, bodies };
}

const post = (api: string, body: unknown, user = 'ann') =>
  fetch(api, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-user': user },
    body: JSON.stringify(body),
  });

function toolParts(message: UIMessage | undefined): any[] {
  return (message?.parts ?? []).filter((p) => p.type.startsWith('tool-'));
}

describe('handleChat with the AI SDK Chat and its default transport', () => {
  it('keeps the conversation in the store: the second message is answered with the first in view', async () => {
    const model = new ScriptedModel({
      respond: (req) => `I have seen ${req.messages.filter((m) => m.role === 'user').length} question(s).`,
    });
    const api = await serveAgent(new Agent({ model, store: new InMemorySessionStore() }));
    const { chat } = chatFor(api, 'ann');
    await chat.sendMessage({ text: 'first?' });
    await chat.sendMessage({ text: 'second?' });
    const answers = chat.messages
      .filter((m) => m.role === 'assistant')
      .map((m) => (m.parts.at(-1) as any).text);
    expect(answers).toEqual(['I have seen 1 question(s).', 'I have seen 2 question(s).']);
    expect(chat.messages[1]!.metadata).toMatchObject({ sessionId: 'chat-1', status: 'completed' });
  });

  it('approving a tool continues the run into the same assistant message; a replayed approval is a 409', async () => {
    const agent = new Agent({
      model: new ScriptedModel({
        turns: [
          { text: 'Sending.', toolCalls: [{ name: 'transfer', args: { amount: 5 } }] },
          'Sent 5 to Bob.',
        ],
      }),
      tools: [transfer],
      store: new InMemorySessionStore(),
    });
    const api = await serveAgent(agent);
    const { chat, bodies } = chatFor(api, 'ann');
    await chat.sendMessage({ text: 'Pay Bob 5' });
    const asked = toolParts(chat.lastMessage)[0];
    expect(asked).toMatchObject({ state: 'approval-requested', input: { amount: 5 } });

    await chat.addToolApprovalResponse({ id: asked.approval.id, approved: true });
    await vi.waitFor(
      () => {
        expect(chat.status).toBe('ready');
        expect(toolParts(chat.lastMessage)[0]?.state).toBe('output-available');
      },
      { timeout: 10_000 },
    );
    expect(chat.messages.map((m) => m.role)).toEqual(['user', 'assistant']);
    const message = chat.lastMessage!;
    expect(toolParts(message)[0]).toMatchObject({ output: { sent: 5 }, approval: { approved: true } });
    expect(message.parts.filter((p) => p.type === 'text').map((p: any) => p.text)).toEqual([
      'Sending.',
      'Sent 5 to Bob.',
    ]);
    expect(message.metadata).toMatchObject({ status: 'completed' });

    // The same approval again (a double click, a replay): the run is not waiting any more.
    const replay = await post(api, bodies.at(-1));
    expect(replay.status).toBe(409);
    expect(await replay.json()).toEqual({ error: { code: 'conflict', message: expect.any(String) } });
  });

  it('another user or chat cannot answer the approval (409, as for any run not waiting), and the owner still can', async () => {
    let executed = 0;
    const counted: Tool<{ amount: number }> = {
      ...transfer,
      execute: ({ amount }) => {
        executed++;
        return { sent: amount };
      },
    };
    const agent = new Agent({
      model: new ScriptedModel({
        turns: [{ toolCalls: [{ name: 'transfer', args: { amount: 5 } }] }, 'Done.'],
      }),
      tools: [counted],
      store: new InMemorySessionStore(),
    });
    const api = await serveAgent(agent);
    const { chat } = chatFor(api, 'ann');
    await chat.sendMessage({ text: 'Pay Bob 5' });
    const asked = toolParts(chat.lastMessage)[0];
    const answered = {
      id: 'chat-1',
      trigger: 'submit-message',
      messageId: chat.lastMessage!.id,
      messages: [
        chat.messages[0],
        {
          ...chat.lastMessage,
          parts: chat.lastMessage!.parts.map((p: any) =>
            p === asked || p.toolCallId === asked.toolCallId
              ? { ...p, state: 'approval-responded', approval: { id: asked.approval.id, approved: true } }
              : p,
          ),
        },
      ],
    };
    const mallory = await post(api, answered, 'mallory');
    const refused = {
      error: { code: 'conflict', message: expect.stringMatching(/not waiting for your decision/) },
    };
    expect(mallory.status).toBe(409);
    expect(await mallory.json()).toEqual(refused);
    const other = await post(api, { ...answered, id: 'chat-2' }, 'ann');
    expect(other.status).toBe(409);
    expect(await other.json()).toEqual(refused);
    // The owner answers twice at once (two tabs): exactly one continues the run, the tool runs once.
    const [a, b] = await Promise.all([post(api, answered, 'ann'), post(api, answered, 'ann')]);
    const [won, lost] = a.status === 200 ? [a, b] : [b, a];
    expect([won.status, lost.status]).toEqual([200, 409]);
    expect(won.headers.get('x-vercel-ai-ui-message-stream')).toBe('v1');
    expect(await won.text()).toContain('"output":{"sent":5}');
    expect(executed).toBe(1);
  });

  it('answers bad bodies with a 400 and a typed JSON error naming the field', async () => {
    const api = await serveAgent(new Agent({ model: new ScriptedModel({ turns: ['hi'] }) }));
    const notJSON = await fetch(api, { method: 'POST', body: '{oops' });
    expect(notJSON.status).toBe(400);
    expect((await notJSON.json()).error.code).toBe('validation_error');
    const noId = await post(api, {
      messages: [{ id: 'u', role: 'user', parts: [{ type: 'text', text: 'x' }] }],
    });
    expect(noId.status).toBe(400);
    expect((await noId.json()).error.message).toMatch(/\bid: /);
  });

  it('a failed run shows as the chat’s error, with the code and message only', async () => {
    const agent = new Agent({
      model: new ScriptedModel({
        turns: [{ error: new ModelError('the provider is down', { status: 503 }) }],
      }),
    });
    const api = await serveAgent(agent);
    const { chat } = chatFor(api, 'ann');
    await chat.sendMessage({ text: 'hello' });
    expect(chat.status).toBe('error');
    expect(chat.error?.message).toBe('model_error: the provider is down');
  });

  it('a client that disconnects mid-run stops the run', async () => {
    const { tool: stuck, aborted: toolAborted } = stuckTool();
    const agent = new Agent({
      model: new ScriptedModel({ turns: [{ toolCalls: [{ name: 'stuck', args: {} }] }, 'never'] }),
      tools: [stuck],
    });
    const api = await serveAgent(agent);
    const controller = new AbortController();
    const res = await fetch(api, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        id: 'c',
        messages: [{ id: 'u', role: 'user', parts: [{ type: 'text', text: 'go' }] }],
      }),
      signal: controller.signal,
    });
    const reader = res.body!.getReader();
    let seen = '';
    while (!seen.includes('tool-input-available')) {
      const r = await reader.read();
      expect(r.done).toBe(false);
      seen += new TextDecoder().decode(r.value);
    }
    controller.abort();
    await toolAborted;
  });
});
